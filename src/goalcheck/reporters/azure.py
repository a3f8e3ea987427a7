"""Azure Pipelines logging commands: an issue per result that fails the run, and per warning.

Each result that fails the run is a ``##vso[task.logissue type=error;...]`` on the line of the
target's definition; a warn result, and each consistency warning, is a ``type=warning``. A
line of counts follows, then ``##vso[task.complete result=Failed;]`` when the run fails, or
``result=SucceededWithIssues`` when there are only warnings (nothing when all is well).

``sourcepath=`` is relative to the checkout, ``BUILD_SOURCESDIRECTORY`` (``github_paths``).
User text is made inert (``goalcheck.inert``), so a newline shows as ``\\n`` and can never
start a command line of its own, then escaped as Azure's task library (azure-pipelines-task-lib,
``taskcommand.ts``) does: ``%`` as ``%AZP25``, CR and LF as ``%0D`` and ``%0A``; in a property
also ``;`` and ``]``, which would end the property or the command.
"""

from __future__ import annotations

from typing import TextIO

from goalcheck.inert import inert
from goalcheck.model import ConsistencyWarning, Report, Result, Status
from goalcheck.reporters import Options, words
from goalcheck.reporters.github_paths import Paths
from goalcheck.reporters.junit import message

SOURCES_VARIABLE = "BUILD_SOURCESDIRECTORY"


def escape_data(text: str) -> str:
    return text.replace("%", "%AZP25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace("]", "%5D").replace(";", "%3B")


def command(name: str, properties: dict[str, str], text: str = "") -> str:
    """One logging command on one line, whatever the properties and text hold."""
    listed = "".join(f"{key}={escape_property(inert(value))};" for key, value in properties.items())
    return f"##vso[{name} {listed}]{escape_data(inert(text))}"


def issue(level: str, text: str, *, file: str, line: int | None) -> str:
    properties = {"type": level, "sourcepath": file}
    if line is not None:
        properties["linenumber"] = str(line)
    return command("task.logissue", properties, text)


def _result_issue(result: Result, level: str, paths: Paths) -> str:
    target = result.target
    text = f"goalcheck: {result.id}: {message(result)}"
    return issue(level, text, file=paths.shown(target.file), line=target.at_line())


def _warning(warning: ConsistencyWarning, paths: Paths) -> str:
    text = f"goalcheck: initiative {warning.subject}: {warning.message}"
    return issue("warning", text, file=paths.shown(warning.file), line=warning.line)


def annotate(report: Report, options: Options, paths: Paths | None = None) -> list[str]:
    """The issues: every error, then every warning, each group in report order."""
    paths = paths or Paths(variable=SOURCES_VARIABLE)
    failing = [result for result in report.results if options.fails(result)]
    warned = [
        result
        for result in report.results
        if result.status is Status.WARN and not options.fails(result)
    ]
    lines = [_result_issue(result, "error", paths) for result in failing]
    lines += [_result_issue(result, "warning", paths) for result in warned]
    lines += [_warning(warning, paths) for warning in report.warnings]
    return lines


def outcome(report: Report, options: Options) -> str | None:
    """The step's result: ``Failed``, ``SucceededWithIssues``, or ``None`` when all is well.
    With ``--exit-zero`` a failing target is an issue, not a failed step, as the exit is 0."""
    if any(options.fails(result) for result in report.results):
        return "SucceededWithIssues" if options.report_only else "Failed"
    if report.warnings or any(result.status is Status.WARN for result in report.results):
        return "SucceededWithIssues"
    return None


def render(report: Report, options: Options) -> str:
    lines = annotate(report, options)
    lines.append(words.counts_line(report))
    result = outcome(report, options)
    if result is not None:
        lines.append(command("task.complete", {"result": result}))
    return "\n".join(lines) + "\n"


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.write(render(report, options))
