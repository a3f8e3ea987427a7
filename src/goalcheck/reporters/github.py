"""GitHub Actions workflow commands: an annotation per result that fails the run, and per warning.

Each annotation points at the line of the target's definition, so GitHub shows it on the
goals file in a pull request. Values are made inert (``goalcheck.inert``), so a newline in a
label shows as ``\\n`` and can never start a ``::command`` line of its own, then escaped as
GitHub's toolkit does. The Markdown job summary (``GITHUB_STEP_SUMMARY``) is the markdown
reporter's; the CLI appends it.

GitHub shows at most ten errors and ten warnings of a step and drops the rest silently, so at
most ten of each are written, the most important first, and a notice says how many were left
out. ``file=`` is relative to the repository's root (``github_paths``). Bad input gets an
annotation too (``input_error``), on the file and line it is at.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TextIO

from goalcheck.errors import InputError
from goalcheck.inert import abridged, inert
from goalcheck.model import ConsistencyWarning, Report, Result, Status
from goalcheck.reporters import Options, missing_explanation, words
from goalcheck.reporters.github_paths import Paths
from goalcheck.reporters.junit import message


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, text: str, *, file: str, line: int | None, title: str) -> str:
    """One workflow command on one line, whatever the text, file and title hold."""
    properties = [f"file={escape_property(inert(file))}"]
    if line is not None:
        properties.append(f"line={line}")
    properties.append(f"title={escape_property(inert(title))}")
    return f"::{level} {','.join(properties)}::{escape_data(inert(text))}"


# GitHub shows at most this many errors, and as many warnings, of a step; it drops the rest
# without a word. goalcheck writes the most important ones and says how many it left out.
MAX_ANNOTATIONS = 10

# The order annotations are written in: what fails outright first, then no data, and so on.
_STATUS_ORDER = (
    Status.FAIL,
    Status.NO_DATA,
    Status.WARN,
    Status.PENDING,
    Status.WAIVED,
    Status.PASS,
)
_SEVERITY_ORDER = ("error", "warn", "info")


def _importance(result: Result) -> tuple[int, int, int, Decimal]:
    """Sorts the most important first: by status (fail first), by the target's severity, then
    by margin, the most negative first; a result without a margin after those with one."""
    severity = result.target.severity
    rank = _SEVERITY_ORDER.index(severity) if severity in _SEVERITY_ORDER else len(_SEVERITY_ORDER)
    margin = result.margin
    return (
        _STATUS_ORDER.index(result.status),
        rank,
        margin is None,
        margin if margin is not None else Decimal(0),
    )


def _level(result: Result, options: Options) -> tuple[str, str] | None:
    """The annotation's level and title for a result, or ``None`` for a result without one."""
    label = f"goalcheck: {result.id} {words.STATUS_WORDS[result.status]}"
    if options.fails(result):
        if result.status not in options.fail_on and missing_explanation(result):
            label += " without an explanation"
        return "error", label
    if result.status is Status.WARN or result.waiver_expired:
        return "warning", label
    if result.disputed:  # another source's figure would give another verdict
        return "warning", f"goalcheck: {result.id} sources disagree"
    return None


def _annotation(result: Result, level: str, title: str, paths: Paths) -> str:
    target = result.target
    file = paths.shown(target.file)
    return command(level, message(result), file=file, line=target.at_line(), title=title)


def _warning(warning: ConsistencyWarning, paths: Paths) -> str:
    return command(
        "warning",
        warning.message,
        file=paths.shown(warning.file),
        line=warning.line,
        title=f"goalcheck: initiative {warning.subject}",
    )


def annotate(report: Report, options: Options, paths: Paths | None = None) -> list[str]:
    """At most ``MAX_ANNOTATIONS`` errors, then as many warnings, the most important first,
    then a notice of how many were left out, if any."""
    paths = paths or Paths()
    errors: list[tuple[Result, str]] = []
    warned: list[tuple[Result, str]] = []
    for result in report.results:
        chosen = _level(result, options)
        if chosen is not None:
            level, title = chosen
            (errors if level == "error" else warned).append((result, title))
    # The sort is stable: results alike stay in report order. Consistency warnings have no
    # margin, so they come after the results' warnings.
    errors.sort(key=lambda pair: _importance(pair[0]))
    warned.sort(key=lambda pair: _importance(pair[0]))
    lines = [_annotation(r, "error", title, paths) for r, title in errors[:MAX_ANNOTATIONS]]
    lines += [_annotation(r, "warning", title, paths) for r, title in warned[:MAX_ANNOTATIONS]]
    room = MAX_ANNOTATIONS - min(len(warned), MAX_ANNOTATIONS)
    consistency = report.warnings
    lines += [_warning(warning, paths) for warning in consistency[:room]]
    hidden_errors = max(len(errors) - MAX_ANNOTATIONS, 0)
    hidden_warnings = max(len(warned) + len(consistency) - MAX_ANNOTATIONS, 0)
    if hidden_errors or hidden_warnings:
        lines.append(f"::notice::{escape_data(_left_out(hidden_errors, hidden_warnings))}")
    return lines


def _left_out(errors: int, warnings: int) -> str:
    pairs = ((errors, "error"), (warnings, "warning"))
    counts = [words.plural(count, kind) for count, kind in pairs if count]
    verb = "is" if errors + warnings == 1 else "are"
    return (
        f"goalcheck: {' and '.join(counts)} {verb} not shown as annotations: GitHub shows at most"
        f" {MAX_ANNOTATIONS} errors and {MAX_ANNOTATIONS} warnings of a step. The job summary"
        " (GITHUB_STEP_SUMMARY) lists them all."
    )


def input_error(exc: InputError, paths: Paths | None = None) -> str:
    """The annotation of bad input, on the file and line it is at."""
    what = f"{exc.key}: {exc.message}" if exc.key else exc.message
    if exc.cell is not None:
        what = f"{exc.cell}: {what}"
    file = (paths or Paths()).shown(str(exc.file))
    return command("error", abridged(inert(what)), file=file, line=exc.line, title="goalcheck")


def render(report: Report, options: Options) -> str:
    lines = annotate(report, options)
    lines.append(words.counts_line(report))
    return "\n".join(lines) + "\n"


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.write(render(report, options))
