"""SARIF 2.1.0, as GitHub code scanning and other static-analysis viewers read it.

One SARIF result per goalcheck result that fails the run (level ``error``) or is a warning
(status ``warn``, level ``warning``); a pass, and a result that is only shown (no data,
pending, waived, unless the policy fails it), is no finding. Each points at the line of the
target's definition in its goals file, under a rule per kind of target, and carries the same
one-line message as the JUnit failure. ``partialFingerprints`` names the entity and the
result, so a viewer tracks one finding across runs as its figures change.

User text is made inert (``goalcheck.inert``); file names become URIs, percent-encoded, so they
are plain ASCII too. The document validates against the SARIF 2.1.0 schema (a copy is in
``tests/schemas``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, TextIO
from urllib.parse import quote

from goalcheck import __version__
from goalcheck.inert import inert
from goalcheck.model import Report, Result, Status, TargetKind
from goalcheck.reporters import Options, missing_explanation
from goalcheck.reporters.github_paths import forward, real, under
from goalcheck.reporters.json_text import for_stream
from goalcheck.reporters.junit import message

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
VERSION = "2.1.0"

HOME = "https://example.invalid/goalcheck"
"""Where goalcheck and its documentation site live. The project has no published home yet:
this is a placeholder under the reserved .invalid domain, like the one in the workflow that
``goalcheck init`` writes."""

FINGERPRINT = "goalcheckResult/v1"
"""The key of a result's fingerprint: a new way of naming results would be ``v2``."""


@dataclass(frozen=True)
class Rule:
    """What a SARIF rule says about one kind of target."""

    kind: TargetKind
    name: str
    description: str
    page: str
    """The documentation page (and section) that explains the kind, as the site names it."""

    @property
    def id(self) -> str:
        return f"goalcheck/{self.kind}"

    def as_sarif(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "shortDescription": {"text": self.description},
            "helpUri": f"{HOME}/{self.page}",
            "defaultConfiguration": {"level": "error"},
        }


RULES: tuple[Rule, ...] = (
    Rule(
        "threshold",
        "ThresholdTarget",
        "A metric's figure for the due period meets the target's threshold.",
        "reference/goals-file.html#targets",
    ),
    Rule(
        "milestone",
        "MilestoneTarget",
        "Something is done by the due date, on the evidence of a report.",
        "how-to/plans.html",
    ),
    Rule(
        "progress",
        "ProgressTarget",
        "A count reaches its goal by the end of the due period.",
        "how-to/plans.html",
    ),
    Rule(
        "portfolio",
        "PortfolioTarget",
        "Every objective has at least the number of initiatives the target asks for.",
        "how-to/plans.html",
    ),
)
_RULE_INDEX: dict[str, int] = {rule.kind: index for index, rule in enumerate(RULES)}


def level_of(result: Result, options: Options) -> str | None:
    """``error`` for a result that fails the run, ``warning`` for a warn, else ``None``."""
    if options.fails(result):
        return "error"
    if result.status is Status.WARN:
        return "warning"
    return None


# --- where a target is defined, as a URI ----------------------------------------------------


def _percent(path: str, safe: str = "/") -> str:
    """``path`` percent-encoded as its bytes on disk: plain ASCII, whatever it holds."""
    try:
        raw = path.encode("utf-8", "surrogateescape")  # a byte that was not UTF-8 stays that byte
    except UnicodeEncodeError:  # a lone surrogate no byte stands for: shown escaped
        raw = inert(path).encode("utf-8")
    return quote(raw, safe=safe)


def _current_directory() -> str | None:
    try:
        return os.path.realpath(Path.cwd())
    except (OSError, ValueError):  # the current directory was removed
        return None


def artifact_uri(file: str) -> str:
    """A goals file as SARIF names it: relative to the current directory, with forward
    slashes (``goals/acme.toml``); a ``file://`` URI when it lies elsewhere."""
    if not PurePath(file).is_absolute():  # as the user named it: relative to here already
        return _percent(forward(os.path.normpath(file)))
    base, resolved = _current_directory(), real(file)
    relative = under(resolved, base) if base is not None and resolved is not None else None
    if relative is not None:
        return _percent(forward(relative))
    absolute = forward(file)
    if not absolute.startswith("/"):  # C:/goals on Windows
        absolute = "/" + absolute
    return "file://" + _percent(absolute, safe="/:")


# --- the document ---------------------------------------------------------------------------


def _location(result: Result, uris: dict[str, str]) -> dict[str, Any]:
    target = result.target
    if target.file not in uris:
        uris[target.file] = artifact_uri(target.file)
    physical: dict[str, Any] = {"artifactLocation": {"uri": uris[target.file]}}
    line = target.at_line()
    if line is not None and line >= 1:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical}


def _result(result: Result, level: str, options: Options, uris: dict[str, str]) -> dict[str, Any]:
    target = result.target
    properties: dict[str, Any] = {"status": result.status.value, "entity": inert(target.entity)}
    if level == "error" and result.status not in options.fail_on and missing_explanation(result):
        properties["missingExplanation"] = True
    return {
        "ruleId": RULES[_RULE_INDEX[target.kind]].id,
        "ruleIndex": _RULE_INDEX[target.kind],
        "level": level,
        "message": {"text": inert(message(result))},
        "locations": [_location(result, uris)],
        "partialFingerprints": {FINGERPRINT: inert(f"{target.entity}/{result.id}")},
        "properties": properties,
    }


def as_log(report: Report, options: Options) -> dict[str, Any]:
    """The SARIF log: one run of goalcheck, its rules and its findings."""
    uris: dict[str, str] = {}
    results = [
        _result(result, found, options, uris)
        for result in report.results
        if (found := level_of(result, options)) is not None
    ]
    driver = {
        "name": "goalcheck",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": HOME,
        "rules": [rule.as_sarif() for rule in RULES],
    }
    return {
        "$schema": SCHEMA,
        "version": VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "results": results,
                "properties": {"asOf": report.as_of.isoformat()},
            }
        ],
    }


def render(report: Report, options: Options) -> str:
    return json.dumps(as_log(report, options), indent=2, ensure_ascii=False) + "\n"


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.writelines(for_stream([render(report, options)], stream))
