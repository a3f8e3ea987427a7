"""The command line: parse flags -> load -> evaluate -> render -> exit status."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, cast

import typer

from goalcheck import __version__, history, i18n, outputs, streams
from goalcheck.config_discovery import ENVIRONMENT_VARIABLE, find_goals
from goalcheck.engine import evaluate
from goalcheck.errors import ExitCode, GoalcheckError
from goalcheck.inert import inert
from goalcheck.loading import load
from goalcheck.model import Goals, Report, Status
from goalcheck.outputs import Output
from goalcheck.reporters import REPORTERS, Buffer, Options, get_reporter, words

# The --format choices, built from the one registry of reporters.
OutputFormat = Enum(  # type: ignore[misc]
    "OutputFormat", {name: name for name in REPORTERS}, type=str
)

EntityOption = Annotated[
    str | None,
    typer.Option("--entity", "-e", metavar="ID", help="Only this entity (organisation)."),
]

Language = Enum(  # type: ignore[misc]
    "Language", {name: name for name in i18n.LANGUAGES}, type=str
)
ENGLISH = Language("en")
# The formats people read; the others (JSON, JUnit, GitHub, CSV) stay in English for tools.
HUMAN_FORMATS = frozenset({"table", "markdown", "html"})

SchemaName = Enum(  # type: ignore[misc]
    "SchemaName", {name: name for name in ("goals", "data", "results")}, type=str
)

DEFAULT_FORMAT = OutputFormat(next(iter(REPORTERS)))

app = typer.Typer(
    name="goalcheck",
    help="Hold stated targets against reported figures.\n\n"
    "Exit status: 0 when nothing fails the run, 1 when a target fails it, 2 on bad input,"
    " bad usage or an output that cannot be written, 3 on an internal error (a bug).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # Plain usage errors: readable in CI logs, and no rich import on the JSON path.
    rich_markup_mode=None,
)

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        envvar=ENVIRONMENT_VARIABLE,
        show_default=False,
        help="The goals file; the data files it names are read relative to it."
        "  [default: goals.toml in this directory or the nearest parent, up to the"
        " repository's root]",
    ),
]


def _version(value: bool) -> None:
    if value:
        _print(f"goalcheck {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Options that come before the command; the app's help text describes goalcheck."""


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
    chosen = tuple(e for e in goals.entities if e.id == entity)
    if not chosen:
        known = ", ".join(e.id for e in goals.entities)
        raise typer.BadParameter(
            f"unknown entity {entity!r}; entities: {known}", param_hint="'--entity'"
        )
    return Goals(entities=chosen, files=goals.files)


def _fail_on(value: str, *, strict: bool) -> frozenset[Status]:
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
    from goalcheck.reporters.json_text import ascii_only

    pieces = list(json_reporter.pieces(report, options))
    if not streams.utf(streams.encoding()) and not all(map(streams.can_encode, pieces)):
        pieces = [ascii_only(piece) for piece in pieces]  # exact still: JSON's \u escapes
    return pieces


def exit_code(report: Report, options: Options, *, exit_zero: bool = False) -> ExitCode:
    if not exit_zero and any(options.fails(result) for result in report.results):
        return ExitCode.FAILED
    return ExitCode.OK


@app.command()
def run(
    config: ConfigOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format on stdout.")
    ] = DEFAULT_FORMAT,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FORMAT=PATH",
            help="Also write FORMAT to PATH (repeatable), e.g. junit=report.xml.",
        ),
    ] = None,
    fail_on: Annotated[
        str,
        typer.Option(
            "--fail-on",
            metavar="STATUSES",
            help="Comma-separated statuses that fail the run (exit 1): pass, warn, fail,"
            " waived, pending, no_data.",
        ),
    ] = "fail",
    strict: Annotated[
        bool, typer.Option("--strict", help="Also fail on no_data (adds it to --fail-on).")
    ] = False,
    require_explanations: Annotated[
        bool,
        typer.Option(
            "--require-explanations", help="Also fail when a missed target has no explanation."
        ),
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
    lang: Annotated[
        Language,
        typer.Option(
            "--lang",
            envvar="GOALCHECK_LANG",
            help="The language of the table, Markdown and HTML (JSON, JUnit, GitHub, CSV and"
            " SARIF stay English).",
        ),
    ] = ENGLISH,
    exit_zero: Annotated[
        bool,
        typer.Option(
            "--exit-zero",
            "--no-fail",
            help="Report only: exit 0 even when a target fails the run (bad input still exits"
            " 2, an internal error 3).",
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            help="Table only: show just the results that fail the run or warn, then the"
            " summary line and the warnings. Other formats are unaffected.",
        ),
    ] = False,
    colour: Annotated[
        bool | None,
        typer.Option(
            "--color/--no-color",
            show_default=False,
            help="Colour the table on stdout, or not, whatever NO_COLOR, FORCE_COLOR and the"
            " terminal say.  [default: none with NO_COLOR set; colour with FORCE_COLOR set;"
            " else colour in a terminal]",
        ),
    ] = None,
    csv_excel: Annotated[
        bool,
        typer.Option(
            "--csv-excel",
            help="Write CSV (--format csv, -o csv=PATH) for Danish Excel: UTF-8 with a byte"
            " order mark, ';' between cells and decimal commas (4,19).",
        ),
    ] = False,
) -> None:
    """Judge every target and print the results.

    Exits 0 when nothing fails the run, 1 when a result has a status in --fail-on (default:
    fail) or, with --require-explanations, a missed target has no explanation; 2 on bad input
    or an output that cannot be written; 3 on an internal error. With --exit-zero (--no-fail)
    a failing target still shows, but the exit is 0; bad input still exits 2.

    Without --config, the goals file is GOALCHECK_CONFIG, else goals.toml in this directory or
    the nearest parent, up to the repository's root (a folder with .git).

    --quiet (-q) shortens the table (on stdout and in -o table=PATH) to the results that fail
    the run or warn, the summary line and the warnings; other formats are unaffected.
    --color/--no-color wins over NO_COLOR and FORCE_COLOR; files are never coloured.
    --csv-excel writes every CSV for Danish Excel: a byte order mark, ';', decimal commas.
    """
    options = Options(
        fail_on=_fail_on(fail_on, strict=strict), require_explanations=require_explanations
    )
    files = _outputs(output or [])
    day = _as_of(as_of)
    config = _goals_file(config)
    goals = _select(_load(config), entity)
    report = evaluate(goals, day)
    # Render everything before writing anything, so a failure leaves no partial output.
    stdout: str | list[str]
    if output_format.value == "json":
        stdout = _json_pieces(report, options)
    else:
        stdout = _render(
            report,
            output_format.value,
            options,
            encoding=streams.encoding(),
            terminal=_colour(colour),
            language=lang.value,
            quiet=quiet,
            excel=csv_excel,
        )
    files_out = [
        Output(
            path,
            _render(report, name, options, language=lang.value, quiet=quiet, excel=csv_excel),
            f"--output {name}",
        )
        for name, path in files
    ]
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and "github" in (output_format.value, *(name for name, _ in files)):
        # GitHub's job summary collects every step's Markdown: it is appended to, by design.
        markdown = _render(report, "markdown", options, language=lang.value)
        files_out.append(Output(Path(summary_file), markdown, "GITHUB_STEP_SUMMARY", append=True))
    # Check the outputs, then stdout, then write the files: a stdout that is closed or full
    # ends the run with exit 2 before any file is written.
    try:
        plans = outputs.check(files_out, inputs=goals.files)
    except GoalcheckError as exc:
        raise _fail(exc) from None
    try:
        _print(stdout)
        outputs.write(plans)
    except GoalcheckError as exc:
        raise _fail(exc) from None
    finally:
        outputs.close(plans)
    raise typer.Exit(exit_code(report, options, exit_zero=exit_zero))


@app.command()
def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema.", show_default=False)],
) -> None:
    """Print a JSON Schema: of goals files, of data files, or of the --format json results.

    Copies are committed under schemas/; a goals file that begins with
    "#:schema ./schemas/goals.schema.json" gets completion and checks in editors with a TOML
    language server.
    """
    from goalcheck.schemas import json_schema  # only this command needs it

    _print(json.dumps(json_schema(name.value), indent=2, ensure_ascii=False) + "\n")


@app.command()
def validate(config: ConfigOption = None, entity: EntityOption = None) -> None:
    """Check the goals and data files without judging the targets.

    Exits 0 when they are valid (consistency warnings go to stderr and do not change that),
    2 with one line saying what is wrong otherwise. The goals file is found as run finds it.
    """
    config = _goals_file(config)
    goals = _select(_load(config), entity)
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
    _print(inert(f"{config}: ok: " + ", ".join(counts)) + "\n")
    for item in entities:
        for warning in item.warnings:
            typer.echo(inert(words.warning_line(warning)), err=True)


class ExplainFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def explain(
    target_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A target's id (all its results), or one result's:"
            " satisfied[unit=Oncology], initiatives-per-objective/1.",
            show_default=False,
        ),
    ],
    config: ConfigOption = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="Judge as of this day (YYYY-MM-DD), as run does.  [default: today]",
        ),
    ] = None,
    entity: EntityOption = None,
    output_format: Annotated[
        ExplainFormat, typer.Option("--format", "-f", help="text, or one JSON object.")
    ] = ExplainFormat.text,
    lang: Annotated[
        Language,
        typer.Option(
            "--lang", envvar="GOALCHECK_LANG", help="The language of the text (JSON stays English)."
        ),
    ] = ENGLISH,
) -> None:
    """Explain one target, judged as run judges it: its statement and source, the rule, the
    verdict and why, the figures used with their sources, a derived figure's formula worked
    out, and what was restated, revised, waived or explained.

    Exits 0 when what it explains would not fail the run, 1 when it would (a fail), 2 on bad
    input or an id that names no target.
    """
    # Only this command needs them; `run` stays as fast to start as it was.
    from goalcheck import explain as explaining
    from goalcheck import explain_json, explain_text
    from goalcheck.engine import judge
    from goalcheck.reporters.json_text import ascii_only, document

    day = _as_of(as_of)
    goals = _select(_load(_goals_file(config)), entity)
    options = Options()
    found: list[explaining.Explained] = []
    try:
        for asked in explaining.find(goals, target_id):
            known = history.Known(asked.entity, day)
            results = explaining.chosen(judge(asked.entity, asked.target, day, known), asked)
            found += [explaining.explain(asked.entity, r, known, day, options) for r in results]
    except GoalcheckError as exc:
        raise _fail(exc) from None
    stdout: str | list[str]
    if output_format is ExplainFormat.json:
        stdout = list(document(explain_json.as_document(found, target_id, day)))
        if not streams.utf(streams.encoding()) and not all(map(streams.can_encode, stdout)):
            stdout = [ascii_only(piece) for piece in stdout]  # exact still: JSON's \u escapes
    else:
        with i18n.speaking(lang.value):
            stdout = explain_text.render(found)
    _print(stdout)
    failed = any(item.fails_run for item in found)
    raise typer.Exit(ExitCode.FAILED if failed else ExitCode.OK)


# What writing to stdout or stderr can fail with: no space, a closed descriptor, an I/O error.
_STREAM_ERRORS = frozenset({errno.ENOSPC, errno.EBADF, errno.EIO, errno.EPIPE})


def main() -> None:
    """The ``goalcheck`` command: exit 0, 1 or 2 as documented, and 3 for a bug, never a
    traceback (set GOALCHECK_DEBUG=1 to see one)."""
    streams.prepare()
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:  # outside a command; inside one, typer exits 130 itself
        raise SystemExit(130) from None
    except OSError as exc:
        if exc.errno not in _STREAM_ERRORS:
            streams.internal_error(exc)
        # Click writing help or a usage error onto a full disk or a closed stream.
        streams.stream_error(exc)
    except Exception as exc:
        streams.internal_error(exc)
