"""Output formats: one module per format, looked up by name and imported only when chosen.

Every reporter renders the one ``Report`` the engine made; none re-runs the engine. Importing
lazily keeps ``--format json`` free of rich, so machine output starts fast.
"""

from __future__ import annotations

import importlib
import io
from dataclasses import dataclass
from typing import Protocol, TextIO, cast

from goalcheck.formats import REPORTERS
from goalcheck.model import DEFAULT_FAIL_ON, Report, Result, Status


@dataclass(frozen=True)
class Options:
    """The run's policy, which some formats show: what fails the run."""

    fail_on: frozenset[Status] = DEFAULT_FAIL_ON
    require_explanations: bool = False
    report_only: bool = False
    """``--exit-zero``: the run exits 0 whatever fails; a format that sets a CI step's result
    (Azure's ``task.complete``) then never sets it to failed."""

    def fails(self, result: Result) -> bool:
        """Whether this result fails the run (and so is a failure in JUnit, an error in CI).

        A target of severity ``info`` is only shown: it never fails the run."""
        if result.target.severity == "info":
            return False
        if result.status in self.fail_on:
            return True
        return self.require_explanations and missing_explanation(result)


class Buffer(io.StringIO):
    """Text on its way to a stream, rendered as for that stream: rich colours it for a
    terminal, and draws the table's lines in ASCII for a stream that cannot carry box-drawing
    characters (``PYTHONIOENCODING=ascii``)."""

    def __init__(self, encoding: str = "utf-8", *, terminal: bool = False) -> None:
        super().__init__()
        self._encoding = encoding
        self._terminal = terminal

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return self._terminal


def draws_unicode(encoding: str | None) -> bool:
    """Whether a console of this encoding can draw block and check-mark characters (a UTF
    one); else a reporter draws in ASCII."""
    return (encoding or "").lower().replace("-", "").startswith("utf")


def missing_explanation(result: Result) -> bool:
    """A missed target with no explanation (comply or explain)."""
    return result.status is Status.FAIL and not result.target.explanation


def by_entity(report: Report) -> dict[str, list[Result]]:
    """The results of each entity, in report order, keyed by entity id (every entity present).

    One pass over the results: filtering them once per entity would cost entities times results,
    64 million checks for 8 000 entities of one target each.
    """
    grouped: dict[str, list[Result]] = {entity.id: [] for entity in report.entities}
    for result in report.results:
        grouped.setdefault(result.target.entity, []).append(result)
    return grouped


class Reporter(Protocol):
    def write(self, report: Report, stream: TextIO, options: Options) -> None: ...


def get_reporter(name: str) -> Reporter:
    return cast(Reporter, importlib.import_module(REPORTERS[name]))
