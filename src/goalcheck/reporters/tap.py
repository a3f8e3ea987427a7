"""TAP version 13, as TAP consumers (prove, tap.py, node-tap, Jenkins' TAP plugin) read it.

One test point per result, in report order: ``ok N - <result id> <target>``. A result that
fails the run is ``not ok``, with a YAML block of its status, figure, margin, and the file
(relative to the current directory when it lies under it) and line of the target's
definition. One that is pending, waived or has no data (and does not fail the run) is
``ok ... # SKIP <why>``; a fail that does not fail the run (severity ``info``) is
``not ok ... # TODO``, a known failure TAP does not count. A pass or a warn is ``ok``.

Text is made inert (``goalcheck.inert``), so it stays on its line. ``#`` starts a directive
in TAP, and some consumers split a description at the first one whatever escapes it, so a
``#`` in a description or reason is shown as ``\\x23``, as ``inert`` shows characters that
cannot be printed as they are. The YAML block's values are double-quoted JSON strings.
"""

from __future__ import annotations

import json
from typing import TextIO

from goalcheck.inert import inert
from goalcheck.model import Report, Result, Status
from goalcheck.reporters import Options, words
from goalcheck.reporters.github_paths import Paths
from goalcheck.reporters.junit import message

VERSION = "TAP version 13"

_SKIPPED = (Status.PENDING, Status.NO_DATA, Status.WAIVED)


def _text(text: str) -> str:
    """User text, or words around it, as a description or directive on its one line."""
    return inert(text).replace("#", "\\x23")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: JSON's, with the two characters YAML cannot carry raw."""
    return (
        json.dumps(inert(text), ensure_ascii=False)
        .replace("\ufffe", "\\ufffe")
        .replace("\uffff", "\\uffff")
    )


def _diagnostics(result: Result, paths: Paths) -> list[str]:
    target = result.target
    fields = {
        "message": message(result),
        "status": result.status.value,
        "figure": words.figure_text(result),
        "target": words.target_text(result),
    }
    if result.margin is not None:
        fields["margin"] = words.margin_text(result)
    fields["file"] = paths.shown(target.file)
    lines = ["  ---", *(f"  {key}: {_quoted(value)}" for key, value in fields.items())]
    if (line := target.at_line()) is not None:
        lines.append(f"  line: {line}")
    lines.append("  ...")
    return lines


def test_point(number: int, result: Result, options: Options, paths: Paths) -> list[str]:
    """The lines of one result: its test point, and a YAML block when it fails the run."""
    description = _text(f"{result.id} {words.target_text(result)}")
    status = words.STATUS_WORDS[result.status]
    if options.fails(result):
        return [f"not ok {number} - {description}", *_diagnostics(result, paths)]
    if result.status in _SKIPPED:
        why = "; ".join([status, *words.notes(result)])
        return [f"ok {number} - {description} # SKIP {_text(why)}"]
    if result.status is Status.FAIL:  # a target only shown: a known failure
        return [
            f"not ok {number} - {description} # TODO {status}, severity {result.target.severity}"
        ]
    return [f"ok {number} - {description}"]


def render(report: Report, options: Options) -> str:
    paths = Paths(environ={})  # files relative to the current directory, in any CI or none
    lines = [VERSION, f"1..{len(report.results)}"]
    for number, result in enumerate(report.results, 1):
        lines += test_point(number, result, options, paths)
    return "\n".join(lines) + "\n"


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.write(render(report, options))
