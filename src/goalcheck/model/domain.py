"""The domain, resolved: metrics with their figures, targets, plans and entities.

Plain frozen dataclasses: loading builds them from already validated specs, and building
pydantic schemas for them too would cost every run tens of milliseconds at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from goalcheck.model.units import (
    UNITS,
    Bounds,
    Condition,
    InitiativeStatus,
    MilestoneEvent,
    Severity,
    TargetKind,
    Unit,
)
from goalcheck.period import Period

Group = tuple[tuple[str, str], ...]
"""Which part of the whole a figure is of: (name, value) pairs, ordered by name."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Source:
    document: str
    section: str
    page: int | None = None
    file: str | None = None
    url: str | None = None
    cell: str | None = None
    """The table cell it was read from: ``figures.csv:C7``, ``figures.xlsx:2019!C7``."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Observation:
    """One reported value of a metric for a period, as one source gave it."""

    period: Period
    value: Decimal
    source: Source
    document: str
    """The key of the source's document, which a metric's ``prefer`` names."""
    published: Period
    """When it became known: its own ``published``, else its document's, else the day what it
    covers ends. A period counts from its last day: never known earlier than is sure."""
    through: Period | None = None
    """Year to date: it covers its period only up to this period's last day."""
    note: str | None = None
    group: Group = ()
    """The group it is a figure of, as (name, value) pairs by name; ``()`` for the whole."""

    @property
    def covers(self) -> date:
        """The last day the value covers."""
        return self.period.end if self.through is None else self.through.end

    @property
    def known_from(self) -> date:
        """The first day it counts: published, and never before what it covers has ended."""
        return max(self.published.end, self.covers)


@dataclass(frozen=True, kw_only=True)
class Metric:
    id: str
    label: str
    label_da: str | None
    unit: str
    sources: tuple[Source, ...]
    note: str | None = None
    figures: dict[Period, Decimal]
    notes: dict[Period, str] = field(default_factory=dict)
    formula: str | None = None
    components: tuple[str, ...] = ()
    """The metrics a formula uses directly, in order of first use; none for reported figures."""
    observations: tuple[Observation, ...] = ()
    """Every value reported, in the order written; ``figures`` holds those that count last.
    Empty for a formula, and where a metric is built from ``figures`` alone."""
    document: str | None = None
    """The key of the metric's own source document."""
    prefer: str | None = None
    """The document key whose figure counts when sources disagree on one day."""
    declared_unit: Unit | None = None
    """The unit a data file declares under ``[units]``, when ``unit`` is not a built-in one."""
    groups: tuple[str, ...] = ()
    """What the metric is broken down by: the group names its observations may carry."""

    @cached_property
    def by_group(self) -> dict[Group, tuple[Observation, ...]]:
        """The observations of each group (``()``: of the whole), in the order written."""
        found: dict[Group, list[Observation]] = {}
        for observation in self.observations:
            found.setdefault(observation.group, []).append(observation)
        return {group: tuple(items) for group, items in found.items()}

    @property
    def measure(self) -> Unit:
        """The metric's unit with the range its figures fall in: built in, or declared."""
        return self.declared_unit or UNITS[self.unit]


@dataclass(frozen=True, kw_only=True)
class Written:
    """Where a target, initiative or indicator is written: its file, and its line.

    A file is scanned for its lines only when a format asks for one (``at_line``): scanning
    takes about as long as parsing, and most runs print no line numbers.
    """

    file: str
    line: int | None = None
    locate: Callable[[], int | None] | None = field(default=None, compare=False, repr=False)
    """Finds the line when ``line`` is not given."""

    def at_line(self) -> int | None:
        """The line it is written on, if known."""
        if self.line is None and self.locate is not None:
            return self.locate()
        return self.line


@dataclass(frozen=True, kw_only=True)
class Objective:
    number: int
    name: str
    name_da: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, kw_only=True)
class Initiative(Written):
    id: str
    entity: str
    name_da: str
    summary: str
    priority_year: int
    status: InitiativeStatus
    status_da: str
    objective: int | None
    objective_name_da: str | None
    budget_years: tuple[int, int] | None
    completed: Period | None
    """When the source dates its completion; ``None`` when it does not."""
    started: Period | None = None
    """When the source dates its start; ``None`` when it does not."""
    sources: tuple[Source, ...]
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Change:
    """A threshold relative to a base period's figure: by a percentage, or by an amount."""

    base_period: Period
    percent: Decimal | None = None
    by: Decimal | None = None

    def threshold(self, base_value: Decimal) -> Decimal:
        if self.by is not None:
            return base_value + self.by
        assert self.percent is not None
        return base_value * (1 + self.percent / 100)


@dataclass(frozen=True, kw_only=True)
class Revision:
    """A target's threshold as revised from ``since``: who decided it, and why."""

    since: Period
    threshold: Decimal | tuple[Decimal, Decimal]
    reason: str
    decided_by: str


@dataclass(frozen=True, kw_only=True)
class Waiver:
    until: Period
    reason: str
    decided_by: str
    decided: Period | None = None
    """When it was decided; before then it sets nothing aside. ``None`` when not recorded."""


@dataclass(frozen=True, kw_only=True)
class Target(Written):
    id: str
    entity: str
    kind: TargetKind = "threshold"
    area: str | None = None
    objective: int | None = None
    label: str
    statement_da: str | None
    """The target as stated in Danish; ``None`` for a target stated in another language."""
    statement: str = ""
    """The target as stated, in ``lang``."""
    lang: str = "da"
    metric: str | None = None
    initiative: str | None = None
    condition: Condition | None = None
    threshold: Decimal | tuple[Decimal, Decimal] | None = None
    bounds: Bounds | None = None
    change: Change | None = None
    unit: str | None = None
    period: Period
    warn_threshold: Decimal | None = None
    baseline: tuple[Period, Decimal] | None = None
    """Where the target started from: a period and its value, for the path to the threshold
    (a change target's base period and figure serve when none is given)."""
    waiver: Waiver | None = None
    revisions: tuple[Revision, ...] = ()
    """The threshold's revisions, by ``since``; ``threshold`` is the one first set."""
    explanation: str | None = None
    """Why a missed target was missed (comply or explain)."""
    severity: Severity = "error"
    event: MilestoneEvent = "completed"
    for_each: str | None = None
    """Judged once for each group of this name the metric has figures for."""
    where: Group = ()
    """The group judged: ``()`` for the whole, else (name, value) pairs by name."""
    sources: tuple[Source, ...]
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Indicator(Written):
    id: str
    entity: str
    area: str | None
    objective: int | None
    label: str
    metric: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class ConsistencyWarning:
    """A consistency problem that does not stop the check: it is reported and counted."""

    entity: str
    subject: str
    message: str
    file: str
    line: int | None
    sources: tuple[Source, ...]


@dataclass(frozen=True, kw_only=True)
class Entity:
    id: str
    name: str
    file: str
    status_date: Period | None = None
    status_date_note: str | None = None
    metrics: dict[str, Metric]
    targets: tuple[Target, ...]
    objectives: dict[int, Objective] = field(default_factory=dict)
    initiatives: dict[str, Initiative] = field(default_factory=dict)
    indicators: tuple[Indicator, ...] = ()
    warnings: tuple[ConsistencyWarning, ...] = ()
    units: dict[str, Unit] = field(default_factory=dict)
    """The units the entity's data files declare, by symbol; the built-in ones are not here."""

    def supporting(self, objective: int) -> list[Initiative]:
        """The initiatives that name this objective's number as the one they support."""
        return [i for i in self.initiatives.values() if i.objective == objective]


@dataclass(frozen=True, kw_only=True)
class Goals:
    entities: tuple[Entity, ...]
    files: tuple[Path, ...] = ()
    """Every file the run read: goals files, included files, data files."""
