"""The command line: parse flags -> load -> evaluate -> render -> exit status."""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from goalcheck import __version__
from goalcheck.engine import evaluate
from goalcheck.errors import ExitCode, GoalcheckError
from goalcheck.loading import load
from goalcheck.model import Goals, Report, Status
from goalcheck.reporters import REPORTERS, get_reporter, words

# The --format choices, built from the one registry of reporters.
OutputFormat = Enum(  # type: ignore[misc]
    "OutputFormat", {name: name for name in REPORTERS}, type=str
)

EntityOption = Annotated[
    str | None,
    typer.Option("--entity", "-e", metavar="ID", help="Only this entity (organisation)."),
]

DEFAULT_FORMAT = OutputFormat(next(iter(REPORTERS)))

app = typer.Typer(
    name="goalcheck",
    help="Hold stated targets against reported figures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Plain usage errors: readable in CI logs, and no rich import on the JSON path.
    rich_markup_mode=None,
)

ConfigOption = Annotated[
    Path,
    typer.Option(
        "--config",
        "-c",
        help="The goals file; the data files it names are read relative to it.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"goalcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Hold stated targets against reported figures.

    Exit status: 0 when no target failed, 1 when one did, 2 on bad input or usage.
    """


def _load(config: Path) -> Goals:
    try:
        return load(config)
    except GoalcheckError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(ExitCode.USAGE) from None


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date; write YYYY-MM-DD", param_hint="'--as-of'"
        ) from None


def _select(goals: Goals, entity: str | None) -> Goals:
    if entity is None:
        return goals
    chosen = tuple(e for e in goals.entities if e.id == entity)
    if not chosen:
        known = ", ".join(e.id for e in goals.entities)
        raise typer.BadParameter(
            f"unknown entity {entity!r}; entities: {known}", param_hint="'--entity'"
        )
    return Goals(entities=chosen)


def exit_code(report: Report, *, strict: bool) -> ExitCode:
    failing = {Status.FAIL, Status.NO_DATA} if strict else {Status.FAIL}
    if any(result.status in failing for result in report.results):
        return ExitCode.FAILED
    return ExitCode.OK


@app.command()
def run(
    config: ConfigOption = Path("goals.toml"),
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = DEFAULT_FORMAT,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also fail (exit 1) when a target has no data.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Judge as of this day (YYYY-MM-DD): what was reported by then, what was due."
            "  [default: today]",
        ),
    ] = None,
    entity: EntityOption = None,
) -> None:
    """Judge every target and print the results.

    Exits 0 when no target failed, 1 when at least one did (with --strict, also when one
    had no data), 2 on bad input.
    """
    day = _as_of(as_of)
    goals = _select(_load(config), entity)
    report = evaluate(goals, day)
    get_reporter(output_format.value).write(report, sys.stdout)
    raise typer.Exit(exit_code(report, strict=strict))


@app.command()
def validate(config: ConfigOption = Path("goals.toml"), entity: EntityOption = None) -> None:
    """Check the goals and data files without judging the targets.

    Exits 0 when they are valid (consistency warnings go to stderr and do not change that),
    2 with one line saying what is wrong otherwise.
    """
    goals = _select(_load(config), entity)
    entities = goals.entities
    counts = [
        words.plural(len(entities), "entity", "entities"),
        words.plural(sum(len(e.targets) for e in entities), "target"),
        words.plural(sum(len(e.metrics) for e in entities), "metric"),
        words.plural(sum(len(m.figures) for e in entities for m in e.metrics.values()), "figure"),
        words.plural(sum(len(e.initiatives) for e in entities), "initiative"),
        words.plural(sum(len(e.warnings) for e in entities), "warning"),
    ]
    typer.echo(f"{config}: ok: " + ", ".join(counts))
    for item in entities:
        for warning in item.warnings:
            typer.echo(words.warning_line(warning), err=True)


def main() -> None:
    app()
