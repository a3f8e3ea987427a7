"""The domain: units, metrics and their figures, targets, results and the report.

Two layers live here. The ``*File`` and ``*Spec`` models mirror what users write in TOML and
reject anything else (unknown keys, wrong types, non-finite numbers). The domain models
(``Metric``, ``Target``, ``Entity``, ``Goals``, ``Result``, ``Report``) are what loading builds
from them once cross-file references are resolved; the engine and the reporters only read those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

from goalcheck.limits import number_problem
from goalcheck.period import Period

SCHEMA_VERSION = 1


# --- units -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A unit a metric is measured in, with the range its figures must fall in."""

    symbol: str
    description: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    suffix: str = ""  # how a figure is written after its number in the table

    def admits(self, value: Decimal) -> bool:
        if self.minimum is not None and value < self.minimum:
            return False
        return self.maximum is None or value <= self.maximum

    def out_of_range(self, value: Decimal) -> str:
        """Why ``value`` is not a figure in this unit, said in one clause."""
        if self.minimum is not None and self.maximum is not None:
            admits = f"{self.minimum} to {self.maximum}"
        else:
            admits = f"{self.minimum} or more"
        return f"{value} is out of range for unit {self.symbol!r}, which admits {admits}"


_ZERO = Decimal(0)
UNITS: dict[str, Unit] = {
    unit.symbol: unit
    for unit in (
        Unit("%", "per cent, a share from 0 to 100", _ZERO, Decimal(100), " %"),
        Unit("index 1-5", "a survey index from 1 (lowest) to 5 (highest)", Decimal(1), Decimal(5)),
        Unit("NPS", "Net Promoter Score, from -100 to 100", Decimal(-100), Decimal(100)),
        Unit("people", "a number of people", _ZERO, None, " people"),
        Unit("count", "a number of things", _ZERO, None),
        Unit("t CO2", "tonnes of CO2 (equivalent)", _ZERO, None, " t"),
        Unit("DKK", "Danish kroner", None, None, " DKK"),
        Unit("DKK million", "millions of Danish kroner", None, None, " mio DKK"),
        Unit("hours", "hours", _ZERO, None, " h"),
        Unit("days", "days", _ZERO, None, " days"),
        Unit("yes/no", "1 when achieved, 0 when not", _ZERO, Decimal(1)),
    )
}
# A formula whose units cancel out (hours / hours * 100) may be declared as these.
RATIO_UNITS = frozenset({"%"})


def _check_unit(symbol: str) -> str:
    if symbol not in UNITS:
        known = ", ".join(repr(u) for u in UNITS)
        raise ValueError(f"unknown unit {symbol!r}; known units: {known}")
    return symbol


# --- numbers -----------------------------------------------------------------------------------


def _kind(value: object) -> str:
    """A TOML-flavoured name for a Python value, for error messages."""
    names = {bool: "a boolean", str: "a string", list: "an array", dict: "a table"}
    for python_type, name in names.items():
        if isinstance(value, python_type):
            return name
    return f"a {type(value).__name__}"


def to_number(value: object) -> Decimal:
    """Accept TOML integers and decimals (floats are parsed as Decimal) within the limits."""
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        problem = number_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value
    shown = f" ({value!r})" if isinstance(value, str) else ""
    raise ValueError(f"expected a number, got {_kind(value)}{shown}")


def _to_threshold(value: object) -> Decimal | tuple[Decimal, Decimal]:
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError(f"a range is [low, high], got {len(value)} numbers")
        low, high = to_number(value[0]), to_number(value[1])
        if low > high:
            raise ValueError(f"the range's low bound {low} is above its high bound {high}")
        return (low, high)
    return to_number(value)


Number = Annotated[Decimal, PlainValidator(to_number), WithJsonSchema({"type": "number"})]
Threshold = Annotated[
    Decimal | tuple[Decimal, Decimal],
    PlainValidator(_to_threshold),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "number"},
                {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            ]
        }
    ),
]
UnitSymbol = Annotated[str, AfterValidator(_check_unit)]
MetricId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]
Condition = Literal["<", "<=", ">", ">=", "==", "between"]
Bounds = Literal["[]", "[)", "(]", "()"]


# --- what users write ----------------------------------------------------------------------


class _FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class SourceSpec(_FileModel):
    """Where a figure or target is printed: a document by its key, a section, a page."""

    document: str
    section: str
    page: Annotated[int, Field(ge=1)] | None = None


class DocumentSpec(_FileModel):
    title: str
    publisher: str | None = None
    published: Period | None = None
    file: str | None = None


class MetricSpec(_FileModel):
    """A metric: either reported figures by period, or a formula over other metrics."""

    label: str
    label_da: str | None = None
    unit: UnitSymbol
    source: SourceSpec
    note: str | None = None
    figures: dict[Period, Number] = Field(default_factory=dict)
    notes: dict[Period, str] = Field(default_factory=dict)
    formula: str | None = None


class ObjectiveSpec(_FileModel):
    """One of a plan's objectives (målsætninger), numbered as printed."""

    name: str
    name_da: str
    source: SourceSpec


InitiativeStatus = Literal["started", "completed"]


class InitiativeSpec(_FileModel):
    """An initiative of a plan, with what the plan's status report says of it."""

    name_da: str
    summary: str
    priority_year: Annotated[int, Field(ge=1900, le=2999)]
    status: InitiativeStatus
    status_da: str
    objective: Annotated[int, Field(ge=1)] | None = None
    objective_name_da: str | None = None
    budget_years: Annotated[list[int], Field(min_length=2, max_length=2)] | None = None
    completed: Period | None = None
    source: SourceSpec
    note: str | None = None


class DataFile(_FileModel):
    documents: dict[Slug, DocumentSpec] = Field(default_factory=dict)
    metrics: dict[MetricId, MetricSpec] = Field(default_factory=dict)
    objectives: dict[Annotated[str, Field(pattern=r"^[1-9][0-9]*$")], ObjectiveSpec] = Field(
        default_factory=dict
    )
    initiatives: dict[Slug, InitiativeSpec] = Field(default_factory=dict)


class ChangeSpec(_FileModel):
    """A threshold set relative to a base period's figure: ``percent = -70`` is 70 % below it."""

    base_period: Period
    percent: Number


TargetKind = Literal["threshold", "milestone", "progress", "portfolio"]


class WaiverSpec(_FileModel):
    """A decision to set a target aside until a day: who took it, and why."""

    until: Period
    reason: str = Field(min_length=1)
    decided_by: str = Field(min_length=1)


class TargetSpec(_FileModel):
    """A target of any kind; loading checks that each kind has the keys it needs."""

    id: Slug
    kind: TargetKind = "threshold"
    area: Slug | None = None
    objective: Annotated[int, Field(ge=1)] | None = None
    label: str
    statement_da: str
    metric: MetricId | None = None
    initiative: Slug | None = None
    condition: Condition | None = None
    threshold: Threshold | None = None
    bounds: Bounds | None = None
    change: ChangeSpec | None = None
    unit: UnitSymbol | None = None
    period: Period
    warn_threshold: Number | None = None
    waiver: WaiverSpec | None = None
    explanation: str | None = None
    source: SourceSpec
    note: str | None = None


class IndicatorSpec(_FileModel):
    """A figure shown beside the targets without being judged."""

    id: Slug
    area: Slug | None = None
    objective: Annotated[int, Field(ge=1)] | None = None
    label: str
    metric: MetricId
    note: str | None = None


class EntitySpec(_FileModel):
    id: Slug
    name: str
    data: list[str] = Field(min_length=1)
    status_date: Period | None = None
    status_date_note: str | None = None


class GoalsFile(_FileModel):
    include: list[str] = Field(default_factory=list)
    entity: EntitySpec | None = None
    targets: list[TargetSpec] = Field(default_factory=list)
    indicators: list[IndicatorSpec] = Field(default_factory=list)


# --- the domain, resolved ------------------------------------------------------------------


# Plain frozen dataclasses: loading builds them from already validated specs, and building
# pydantic schemas for them too would cost every run tens of milliseconds at start-up.


@dataclass(frozen=True, kw_only=True)
class Source:
    document: str
    section: str
    page: int | None = None
    file: str | None = None


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


@dataclass(frozen=True, kw_only=True)
class Objective:
    number: int
    name: str
    name_da: str
    sources: tuple[Source, ...]


@dataclass(frozen=True, kw_only=True)
class Initiative:
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
    sources: tuple[Source, ...]
    note: str | None = None
    file: str
    line: int | None = None


@dataclass(frozen=True, kw_only=True)
class Change:
    base_period: Period
    percent: Decimal


@dataclass(frozen=True, kw_only=True)
class Waiver:
    until: Period
    reason: str
    decided_by: str


@dataclass(frozen=True, kw_only=True)
class Target:
    id: str
    entity: str
    kind: TargetKind = "threshold"
    area: str | None = None
    objective: int | None = None
    label: str
    statement_da: str
    metric: str | None = None
    initiative: str | None = None
    condition: Condition | None = None
    threshold: Decimal | tuple[Decimal, Decimal] | None = None
    bounds: Bounds | None = None
    change: Change | None = None
    unit: str | None = None
    period: Period
    warn_threshold: Decimal | None = None
    waiver: Waiver | None = None
    explanation: str | None = None
    """Why a missed target was missed (comply or explain)."""
    sources: tuple[Source, ...]
    note: str | None = None
    file: str
    line: int | None = None


@dataclass(frozen=True, kw_only=True)
class Indicator:
    id: str
    entity: str
    area: str | None
    objective: int | None
    label: str
    metric: str
    note: str | None = None
    file: str
    line: int | None = None


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

    def supporting(self, objective: int) -> list[Initiative]:
        """The initiatives that name this objective's number as the one they support."""
        return [i for i in self.initiatives.values() if i.objective == objective]


@dataclass(frozen=True, kw_only=True)
class Goals:
    entities: tuple[Entity, ...]
    files: tuple[Path, ...] = ()
    """Every file the run read: goals files, included files, data files."""


# --- results -------------------------------------------------------------------------------


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
