"""What the commands share: loading the goals the user named, judging on the day given,
rendering each format in its language, and one line on stderr for what the user can fix."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer

from goalcheck import i18n, startup, streams
from goalcheck.config_discovery import find_goals
from goalcheck.errors import ExitCode, GoalcheckError
from goalcheck.formats import HUMAN_FORMATS, REPORTERS
from goalcheck.inert import inert

if TYPE_CHECKING:
    from goalcheck.explain import Explained
    from goalcheck.model import Goals, Report, Status
    from goalcheck.reporters import Options

# The model, loading and the reporters are imported by the functions that use them, so that
# `goalcheck --version`, `--help` and a usage error load neither pydantic nor a file model.


def _fail(exc: GoalcheckError) -> typer.Exit:
    """The one line a user's error gets on stderr, and the exit that ends the run.

    Under ``--format github``, bad input is also an ``::error`` annotation on stdout, on the
    file and line it is at, so GitHub shows it where the checks show."""
    from goalcheck.errors import InputError  # only a failing run needs these

    if isinstance(exc, InputError) and _format_chosen() == "github":
        import contextlib

        from goalcheck.reporters import github

        # A stdout that is closed or full: the line on stderr still says what is wrong.
        with contextlib.suppress(GoalcheckError):
            streams.write_stdout(github.input_error(exc) + "\n")
    typer.echo(inert(str(exc)), err=True)
    return typer.Exit(ExitCode.USAGE)


def _format_chosen() -> object:
    """The ``--format`` of the command running, from click's context (which newer typer
    vendors as ``typer._click``, and older typer imports as ``click``)."""
    import importlib

    for name in ("typer._click.globals", "click"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        context = module.get_current_context(silent=True)
        chosen = context.params.get("output_format") if context is not None else None
        return getattr(chosen, "value", chosen)
    return None


def _print(text: str | list[str]) -> None:
    """Write to stdout, where a full disk or a closed stdout is the user's error, not a bug."""
    try:
        streams.write_stdout(text)
    except GoalcheckError as exc:
        raise _fail(exc) from None


def _goals_file(config: Path | None) -> Path:
    """The goals file named by --config or GOALCHECK_CONFIG, else the nearest goals.toml."""
    if config is not None:
        return config
    try:
        return find_goals()
    except GoalcheckError as exc:
        raise _fail(exc) from None


def _load(config: Path) -> Goals:
    from goalcheck.loading import load
    from goalcheck.model.files import DataFile
    from goalcheck.model.goals_files import GoalsFile

    GoalsFile.model_rebuild()  # built now, before the collector is back on
    DataFile.model_rebuild()
    startup.resume()
    try:
        return load(config)
    except GoalcheckError as exc:
        raise _fail(exc) from None


def _colour(flag: bool | None) -> bool:
    """Whether the table on stdout is coloured: as --color/--no-color says, else no when
    NO_COLOR is set, yes when FORCE_COLOR is, else when stdout is a terminal."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR", ""):
        return False
    if os.environ.get("FORCE_COLOR", ""):
        return True
    return streams.is_terminal()


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
    from goalcheck.model import Goals

    chosen = tuple(e for e in goals.entities if e.id == entity)
    if not chosen:
        known = ", ".join(e.id for e in goals.entities)
        raise typer.BadParameter(
            f"unknown entity {entity!r}; entities: {known}", param_hint="'--entity'"
        )
    return Goals(entities=chosen, files=goals.files)


def _fail_on(value: str, *, strict: bool) -> frozenset[Status]:
    from goalcheck.model import Status

    names = [name.strip().replace("-", "_") for name in value.split(",") if name.strip()]
    known = {status.value: status for status in Status}
    unknown = [name for name in names if name not in known]
    if unknown or not names:
        choices = ", ".join(known)
        raise typer.BadParameter(
            f"{', '.join(map(repr, unknown)) or 'nothing'} is not a status; choose from {choices}",
            param_hint="'--fail-on'",
        )
    statuses = {known[name] for name in names}
    if strict:
        statuses.add(Status.NO_DATA)
    return frozenset(statuses)


def _outputs(values: list[str]) -> list[tuple[str, Path]]:
    outputs: list[tuple[str, Path]] = []
    for value in values:
        name, equals, path = value.partition("=")
        if not equals or not path or name not in REPORTERS:
            raise typer.BadParameter(
                f"{value!r}: write FORMAT=PATH with FORMAT one of {', '.join(REPORTERS)}",
                param_hint="'--output'",
            )
        if path.endswith("/"):  # Path() would drop the slash and write a file of that name
            raise typer.BadParameter(
                f"{value!r}: {path!r} names a directory; name a file", param_hint="'--output'"
            )
        outputs.append((name, Path(path)))
    return outputs


def _render_bytes(report: Report, name: str, options: Options) -> bytes:
    """A binary format's bytes: a workbook."""
    from goalcheck.reporters import xlsx  # only this format needs it (and XlsxWriter)

    assert name == "xlsx"
    return xlsx.render_bytes(report, options)


def _render(
    report: Report,
    name: str,
    options: Options,
    *,
    encoding: str = "utf-8",
    terminal: bool = False,
    language: str = "en",
    quiet: bool = False,
    excel: bool = False,
) -> str:
    from goalcheck.reporters import Buffer, get_reporter

    buffer = Buffer(encoding, terminal=terminal)
    # How a format is drawn, which only that format's writer takes (Options is the run's
    # policy, which every format shows). A file is never coloured: terminal is False there.
    drawing: dict[str, dict[str, bool]] = {
        "table": {"quiet": quiet, "colour": terminal},
        "csv": {"excel": excel},
    }
    write = cast(Callable[..., None], get_reporter(name).write)
    with i18n.speaking(language if name in HUMAN_FORMATS else "en"):
        write(report, buffer, options, **drawing.get(name, {}))
    return buffer.getvalue()


def _json_pieces(report: Report, options: Options) -> list[str]:
    """The JSON document in pieces, as stdout can carry them: a document of hundreds of
    thousands of figures is never joined into one more copy of itself."""
    from goalcheck.reporters import json as json_reporter
    from goalcheck.reporters.json_text import for_stream

    return for_stream(list(json_reporter.pieces(report, options)))


def _validated(config: Path, goals: Goals) -> str:
    """validate's line: the goals file, ok, and what it and its data files hold, counted."""
    from goalcheck import history
    from goalcheck.reporters import words

    entities = goals.entities
    metrics = [m for e in entities for m in e.metrics.values()]
    figures = words.plural(sum(len(m.figures) for m in metrics), "figure")
    # Every value reported, restatements and other sources' included; derived ones are not.
    observations = words.plural(sum(len(history.observed(m)) for m in metrics), "observation")
    counts = [
        words.plural(len(entities), "entity", "entities"),
        words.plural(sum(len(e.targets) for e in entities), "target"),
        words.plural(len(metrics), "metric"),
        f"{figures} ({observations})",
        words.plural(sum(len(e.initiatives) for e in entities), "initiative"),
        words.plural(sum(len(e.warnings) for e in entities), "warning"),
    ]
    return inert(f"{config}: ok: " + ", ".join(counts)) + "\n"


def _explained(goals: Goals, target_id: str, day: date, options: Options) -> list[Explained]:
    """explain's findings: every result of the target (or the one result) the id names, judged
    as run judges it on ``day``; raises ``GoalcheckError`` for an id that names none."""
    from goalcheck import explain, history
    from goalcheck.engine import judge

    found: list[Explained] = []
    for asked in explain.find(goals, target_id):
        known = history.Known(asked.entity, day)
        results = explain.chosen(judge(asked.entity, asked.target, day, known), asked)
        found += [explain.explain(asked.entity, r, known, day, options) for r in results]
    return found


def exit_code(report: Report, options: Options, *, exit_zero: bool = False) -> ExitCode:
    if not exit_zero and any(options.fails(result) for result in report.results):
        return ExitCode.FAILED
    return ExitCode.OK
