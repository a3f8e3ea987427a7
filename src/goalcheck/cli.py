"""The command line: parse flags -> load -> evaluate -> render -> exit status."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from goalcheck import __version__, i18n, startup, streams
from goalcheck.cli_support import (
    _as_of,
    _colour,
    _explained,
    _fail,
    _fail_on,
    _goals_file,
    _json_pieces,
    _load,
    _outputs,
    _print,
    _render,
    _render_bytes,
    _select,
    _validated,
    exit_code,
)
from goalcheck.completion import complete_entity, complete_output, complete_statuses
from goalcheck.config_discovery import ENVIRONMENT_VARIABLE
from goalcheck.errors import ExitCode, GoalcheckError
from goalcheck.formats import BINARY_FORMATS, REPORTERS
from goalcheck.inert import inert

# The model, loading, the engine and the reporters are imported by the commands that use
# them: defining the command line loads none of them, so `--version` and `--help` start fast.

# The --format choices, built from the one registry of reporters.
OutputFormat = Enum(  # type: ignore[misc]
    "OutputFormat", {name: name for name in REPORTERS}, type=str
)

EntityOption = Annotated[
    str | None,
    typer.Option(
        "--entity",
        "-e",
        metavar="ID",
        help="Only this entity (organisation).",
        autocompletion=complete_entity,
    ),
]

FailOnOption = Annotated[
    str,
    typer.Option(
        "--fail-on",
        metavar="STATUSES",
        help="Comma-separated statuses that fail the run (exit 1): pass, warn, fail,"
        " waived, pending, no_data.",
        autocompletion=complete_statuses,
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Also fail on no_data (adds it to --fail-on).")
]

Language = Enum(  # type: ignore[misc]
    "Language", {name: name for name in i18n.LANGUAGES}, type=str
)
ENGLISH = Language("en")

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
            autocompletion=complete_output,
        ),
    ] = None,
    fail_on: FailOnOption = "fail",
    strict: StrictOption = False,
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
            help="The language of the table, Markdown and HTML (every other format stays English).",
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
    from goalcheck import outputs
    from goalcheck.engine import evaluate
    from goalcheck.reporters import Options

    options = Options(
        fail_on=_fail_on(fail_on, strict=strict),
        require_explanations=require_explanations,
        report_only=exit_zero,
    )
    files = _outputs(output or [])
    if output_format.value == "xlsx":
        raise typer.BadParameter(
            "a workbook is bytes, not text: write it to a file with -o xlsx=PATH",
            param_hint="'--format'",
        )
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
        outputs.Output(
            path,
            _render_bytes(report, name, options)
            if name in BINARY_FORMATS
            else _render(report, name, options, language=lang.value, quiet=quiet, excel=csv_excel),
            f"--output {name}",
        )
        for name, path in files
    ]
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file and "github" in (output_format.value, *(name for name, _ in files)):
        # GitHub's job summary collects every step's Markdown: it is appended to, by design.
        markdown = _render(report, "markdown", options, language=lang.value)
        files_out.append(
            outputs.Output(Path(summary_file), markdown, "GITHUB_STEP_SUMMARY", append=True)
        )
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
    from goalcheck.schemas import schema_text  # only this command needs it

    _print(schema_text(name.value))


@app.command()
def validate(config: ConfigOption = None, entity: EntityOption = None) -> None:
    """Check the goals and data files without judging the targets.

    Exits 0 when they are valid (consistency warnings go to stderr and do not change that),
    2 with one line saying what is wrong otherwise. The goals file is found as run finds it.
    """
    config = _goals_file(config)
    goals = _select(_load(config), entity)
    from goalcheck.reporters import words

    _print(_validated(config, goals))
    for warning in (w for item in goals.entities for w in item.warnings):
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
    fail_on: FailOnOption = "fail",
    strict: StrictOption = False,
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

    Exits 0 when what it explains would not fail the run, 1 when it would (by --fail-on and
    --strict, as run decides), 2 on bad input or an id that names no target.
    """
    # Only this command needs them; `run` stays as fast to start as it was.
    from goalcheck import explain_json, explain_text
    from goalcheck.reporters import Options
    from goalcheck.reporters.json_text import document, for_stream

    options = Options(fail_on=_fail_on(fail_on, strict=strict))
    day = _as_of(as_of)
    goals = _select(_load(_goals_file(config)), entity)
    try:
        found = _explained(goals, target_id, day, options)
    except GoalcheckError as exc:
        raise _fail(exc) from None
    stdout: str | list[str]
    if output_format is ExplainFormat.json:
        stdout = for_stream(list(document(explain_json.as_document(found, target_id, day))))
    else:
        with i18n.speaking(lang.value):
            stdout = explain_text.render(found)
    _print(stdout)
    failed = any(item.fails_run for item in found)
    raise typer.Exit(ExitCode.FAILED if failed else ExitCode.OK)


@app.command()
def init(
    folder: Annotated[
        Path,
        typer.Argument(
            help="The folder to write into, made if missing.", show_default="this folder"
        ),
    ] = Path(),
) -> None:
    """Write a starter goals repository that validates and runs: a goals file with three
    targets (a threshold, a change from a base year, a milestone), a data file with their
    figures, JSON Schemas for editors, a pre-commit hook and a GitHub Actions workflow.

    Every key in the files is explained in a comment. It asks nothing, and overwrites
    nothing: when any of the files exists, it writes none of them and exits 2.
    """
    from goalcheck import scaffold

    try:
        files = scaffold.write_starter(folder)
    except GoalcheckError as exc:
        raise _fail(exc) from None
    _print(scaffold.written(folder, files))


def main() -> None:
    """The ``goalcheck`` command: exit 0, 1 or 2 as documented, and 3 for a bug, never a
    traceback (set GOALCHECK_DEBUG=1 to see one)."""
    startup.pause()
    streams.prepare()
    # goalcheck uses no pydantic plugin, and looking for one scans every installed package's
    # metadata on the first model built. PYDANTIC_DISABLE_PLUGINS= (empty) turns them back on.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    streams.guarded(app)
