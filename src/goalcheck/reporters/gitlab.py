"""GitLab Code Quality: the JSON array a ``codequality`` report artifact holds.

One issue per result that fails the run (severity ``major``) or warns (status ``warn``,
severity ``minor``); a pass, and a result that is only shown (no data, pending, waived, unless
the policy fails it), is no issue. Each is located at the line of the target's definition,
its path relative to the checkout (``CI_PROJECT_DIR``, else the current directory), under a
``check_name`` per kind of target (``goalcheck/threshold``...), with the same one-line
description as the JUnit failure. The fingerprint is the SHA-256 of the entity and the
result's id, so GitLab tracks one issue across pipelines as its figures change.

Text is made inert (``goalcheck.inert``); JSON escapes the rest.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from goalcheck.inert import inert
from goalcheck.model import Report, Result, Status
from goalcheck.reporters import Options
from goalcheck.reporters.github_paths import Paths
from goalcheck.reporters.json_text import for_stream
from goalcheck.reporters.junit import message

PROJECT_VARIABLE = "CI_PROJECT_DIR"

# GitLab's scale runs info, minor, major, critical, blocker. A missed target is a real problem
# but no outage: "major"; a warning is "minor". One level for all keeps the report honest
# about what goalcheck knows: whether the run fails, not how bad a miss is.
SEVERITY = {"error": "major", "warning": "minor"}


def fingerprint(result: Result) -> str:
    """The same for one entity's result in every run: SHA-256 of ``entity/result-id``."""
    key = f"{result.target.entity}/{result.id}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def level_of(result: Result, options: Options) -> str | None:
    if options.fails(result):
        return "error"
    if result.status is Status.WARN:
        return "warning"
    return None


def _issue(result: Result, level: str, paths: Paths) -> dict[str, Any]:
    target = result.target
    line = target.at_line()
    return {
        "description": inert(f"{result.id}: {message(result)}"),
        "check_name": f"goalcheck/{target.kind}",
        "fingerprint": fingerprint(result),
        "severity": SEVERITY[level],
        "location": {
            "path": inert(paths.shown(target.file)),
            # GitLab requires a line; a target whose line is unknown is shown at the top.
            "lines": {"begin": line if line is not None and line >= 1 else 1},
        },
    }


def issues(report: Report, options: Options, paths: Paths | None = None) -> list[dict[str, Any]]:
    paths = paths or Paths(variable=PROJECT_VARIABLE)
    return [
        _issue(result, level, paths)
        for result in report.results
        if (level := level_of(result, options)) is not None
    ]


def render(report: Report, options: Options) -> str:
    return json.dumps(issues(report, options), indent=2, ensure_ascii=False) + "\n"


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.writelines(for_stream([render(report, options)], stream))
