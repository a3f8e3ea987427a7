"""Results: each target's status, figure and margin, and the report the reporters read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from goalcheck.model.domain import (
    ConsistencyWarning,
    Entity,
    Indicator,
    Initiative,
    Metric,
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
    progress: Decimal | None = None
    """For a progress target, the share of the threshold reached, in %."""
    objective: int | None = None
    reason: str | None = None
    waived_status: Status | None = None
    """Under a waiver in force, the status the result would have had."""
    waiver_expired: bool = False
    sources: tuple[Source, ...]


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
