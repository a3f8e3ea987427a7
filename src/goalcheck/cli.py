"""The command line: parse flags -> load -> evaluate -> render -> exit status."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from goalcheck import __version__
from goalcheck.engine import evaluate
from goalcheck.errors import ExitCode, GoalcheckError
from goalcheck.loading import load
from goalcheck.model import Goals, Report, Status
from goalcheck.reporters import REPORTERS, get_reporter

# The --format choices, built from the one registry of reporters.
OutputFormat = Enum(  # type: ignore[misc]
    "OutputFormat", {name: name for name in REPORTERS}, type=str
)

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
) -> None:
    """Judge every target and print the results.

    Exits 0 when no target failed, 1 when at least one did (with --strict, also when one
    had no data), 2 on bad input.
    """
    goals = _load(config)
    report = evaluate(goals)
    get_reporter(output_format.value).write(report, sys.stdout)
    raise typer.Exit(exit_code(report, strict=strict))


@app.command()
def validate(config: ConfigOption = Path("goals.toml")) -> None:
    """Check the goals and data files without judging the targets.

    Exits 0 when they are valid, 2 with one line saying what is wrong otherwise.
    """
    goals = _load(config)
    targets = sum(len(entity.targets) for entity in goals.entities)
    metrics = sum(len(entity.metrics) for entity in goals.entities)
    figures = sum(
        len(metric.figures) for entity in goals.entities for metric in entity.metrics.values()
    )
    typer.echo(f"{config}: ok: {targets} targets, {metrics} metrics, {figures} figures")


def main() -> None:
    app()
