"""GitHub Actions workflow commands: an annotation per result that fails the run, and per warning.

Each annotation points at the line of the target's definition, so GitHub shows it on the
goals file in a pull request. Values are made inert (``goalcheck.inert``), so a newline in a
label shows as ``\\n`` and can never start a ``::command`` line of its own, then escaped as
GitHub's toolkit does. The Markdown job summary (``GITHUB_STEP_SUMMARY``) is the markdown
reporter's; the CLI appends it.
"""

from __future__ import annotations

from typing import TextIO

from goalcheck.inert import inert
from goalcheck.model import Report, Result, Status
from goalcheck.reporters import Options, missing_explanation, words
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


def _annotation(result: Result, options: Options) -> str | None:
    target = result.target
    if options.fails(result):
        level = "error"
        title = f"goalcheck: {result.id} {words.STATUS_WORDS[result.status]}"
        if result.status not in options.fail_on and missing_explanation(result):
            title += " without an explanation"
    elif result.status is Status.WARN or result.waiver_expired:
        level, title = "warning", f"goalcheck: {result.id} {words.STATUS_WORDS[result.status]}"
    elif result.disputed:  # another source's figure would give another verdict
        level, title = "warning", f"goalcheck: {result.id} sources disagree"
    else:
        return None
    return command(level, message(result), file=target.file, line=target.at_line(), title=title)


def render(report: Report, options: Options) -> str:
    lines = [a for a in (_annotation(r, options) for r in report.results) if a is not None]
    lines += [
        command(
            "warning",
            warning.message,
            file=warning.file,
            line=warning.line,
            title=f"goalcheck: initiative {warning.subject}",
        )
        for warning in report.warnings
    ]
    counts = report.summary
    lines.append(
        "goalcheck: "
        + ", ".join(f"{counts[s]} {words.STATUS_WORDS[s]}" for s in Status)
        + f" (as of {report.as_of.isoformat()})"
    )
    return "\n".join(lines) + "\n"


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.write(render(report, options))
