"""Results: each target's status, figure and margin, and the report the reporters read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from goalcheck.model.domain import (
    ConsistencyWarning,
    Entity,
    Group,
    Indicator,
    Initiative,
    Metric,
    Revision,
    Source,
    Target,
)
from goalcheck.period import Period

SCHEMA_VERSION = 1


class Status(str, Enum):
    PASS = "pass"
    WARN = "warn"
    """Met, but inside the warning band."""
    FAIL = "fail"
    WAIVED = "waived"
    """Would fail or have no data, but a waiver in force sets it aside."""
    PENDING = "pending"
    NO_DATA = "no_data"


DEFAULT_FAIL_ON = frozenset({Status.FAIL})


@dataclass(frozen=True, kw_only=True)
class OtherValue:
    """A value reported for a figure a result used, other than the one it used: an earlier one
    a restatement replaced, or one another source published the same day."""

    metric: str
    unit: str
    period: Period
    value: Decimal
    published: Period
    sources: tuple[Source, ...]
    actual: Decimal | None = None
    """For a disagreement: what the judged figure would be on this value (for a derived metric,
    its formula on it); ``None`` when the formula gives nothing on it."""
    status: Status | None = None
    """For a disagreement: the status the result would have on this value."""
    differs: bool = False
    """For a disagreement: whether that status differs from the one judged (before any waiver
    or severity): a consistency warning."""


PROJECTION_FIGURES = 5
"""How many of the latest whole figures a trend line is fitted to."""


@dataclass(frozen=True, kw_only=True)
class Path:
    """The straight path from a target's baseline to its threshold, and where a figure stands
    against it: told beside the verdict, never part of it."""

    baseline_period: Period
    baseline_value: Decimal
    figure_period: Period
    expected: Decimal
    """The path's value at the end of the figure's period."""
    on_track: bool
    distance: Decimal
    """How far the figure is ahead of the path (negative: behind), in the metric's unit."""


@dataclass(frozen=True, kw_only=True)
class Projection:
    """A trend line through the latest whole figures, carried to the end of the due period."""

    value: Decimal
    period: Period
    figures: int
    """How many figures the line was fitted to."""
    method: str = (
        f"least squares over the latest whole figures, at most {PROJECTION_FIGURES}, kept"
        " within the unit's range"
    )


@dataclass(frozen=True, kw_only=True)
class Result:
    id: str
    target: Target
    subject_label: str
    """What was judged: the metric's label, the initiative's name, the objective's name."""
    status: Status
    actual: Decimal | None
    actual_period: Period | None
    final: bool
    threshold: Decimal | tuple[Decimal, Decimal] | None
    """The threshold judged against, in the metric's unit (computed for a change target)."""
    base_value: Decimal | None = None
    margin: Decimal | None
    margin_unit: str | None
    revision: Revision | None = None
    """The revision whose threshold the target was judged against, if any."""
    margin_range: tuple[Decimal, Decimal | None] | None = None
    """When a date is known only roughly (2024-Q1): the margin's least and greatest value;
    ``None`` for a greatest that is open. ``margin`` is then the worse of the two."""
    progress: Decimal | None = None
    """For a progress target, the share of the threshold reached, in %."""
    objective: int | None = None
    group: Group = ()
    """The group judged (``(("department", "Kirurgi"),)``); ``()`` for the whole."""
    reason: str | None = None
    waived_status: Status | None = None
    """Under a waiver in force, the status the result would have had."""
    waiver_expired: bool = False
    waiver_undecided: bool = False
    """Judged as of a day before the waiver was decided: it does not count yet."""
    sources: tuple[Source, ...]
    published: Period | None = None
    """When the figure used became known (for a derived one, the last of its metrics)."""
    through: Period | None = None
    """When the figure used covers its period only in part (year to date): up to when."""
    restated: tuple[OtherValue, ...] = ()
    """Values the figures used were first published as, and a restatement replaced."""
    disagreements: tuple[OtherValue, ...] = ()
    """Values other sources published the same day as the figures used."""
    path: Path | None = None
    """Where the latest figure stands against the path from the baseline (not yet due, or
    judged provisionally, with a baseline)."""
    projection: Projection | None = None
    """The trend of the latest figures at the due period (not yet due, or provisional)."""
    recent: tuple[Decimal, ...] = ()
    """The latest whole figures known on the day, up to the due period, oldest first (at most
    12): the history a sparkline draws."""

    @property
    def disputed(self) -> tuple[OtherValue, ...]:
        """The disagreements on which the verdict would differ: a consistency warning each."""
        return tuple(d for d in self.disagreements if d.differs)


@dataclass(frozen=True, kw_only=True)
class IndicatorValue:
    indicator: Indicator
    metric: Metric
    value: Decimal | None
    period: Period | None


@dataclass(frozen=True, kw_only=True)
class Report:
    as_of: date
    entities: tuple[Entity, ...]
    results: tuple[Result, ...]
    indicators: tuple[IndicatorValue, ...] = ()

    @property
    def summary(self) -> dict[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for result in self.results:
            counts[result.status] += 1
        return counts

    @property
    def warnings(self) -> tuple[ConsistencyWarning, ...]:
        return tuple(warning for entity in self.entities for warning in entity.warnings)

    @property
    def initiatives(self) -> tuple[Initiative, ...]:
        return tuple(i for entity in self.entities for i in entity.initiatives.values())
