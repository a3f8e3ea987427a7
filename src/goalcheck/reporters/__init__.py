"""Output formats: one module per format, looked up by name and imported only when chosen.

Every reporter renders the one ``Report`` the engine made; none re-runs the engine. Importing
lazily keeps ``--format json`` free of rich, so machine output starts fast.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol, TextIO, cast

from goalcheck.model import DEFAULT_FAIL_ON, Report, Result, Status


@dataclass(frozen=True)
class Options:
    """The run's policy, which some formats show: what fails the run."""

    fail_on: frozenset[Status] = DEFAULT_FAIL_ON
    require_explanations: bool = False

    def fails(self, result: Result) -> bool:
        """Whether this result fails the run (and so is a failure in JUnit, an error in CI)."""
        if result.status in self.fail_on:
            return True
        return self.require_explanations and missing_explanation(result)


def missing_explanation(result: Result) -> bool:
    """A missed target with no explanation (comply or explain)."""
    return result.status is Status.FAIL and not result.target.explanation


class Reporter(Protocol):
    def write(self, report: Report, stream: TextIO, options: Options) -> None: ...


# --format choice -> the module that renders it; the first is the default.
REPORTERS: dict[str, str] = {
    "table": "goalcheck.reporters.table",
    "json": "goalcheck.reporters.json",
    "junit": "goalcheck.reporters.junit",
    "github": "goalcheck.reporters.github",
    "markdown": "goalcheck.reporters.markdown",
    "csv": "goalcheck.reporters.csv",
}


def get_reporter(name: str) -> Reporter:
    return cast(Reporter, importlib.import_module(REPORTERS[name]))
