"""The domain: units, metrics and their figures, targets, results and the report.

Two layers live here. The ``*File`` and ``*Spec`` models mirror what users write in TOML and
reject anything else (unknown keys, wrong types, non-finite numbers). The domain models
(``Metric``, ``Target``, ``Entity``, ``Goals``, ``Result``, ``Report``) are what loading builds
from them once cross-file references are resolved; the engine and the reporters only read those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

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
    """Accept TOML integers and decimals (floats are parsed as Decimal); reject the rest."""
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{str(value).lower()} is not allowed: figures must be finite numbers")
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


class DataFile(_FileModel):
    documents: dict[Slug, DocumentSpec] = Field(default_factory=dict)
    metrics: dict[MetricId, MetricSpec] = Field(default_factory=dict)


class ChangeSpec(_FileModel):
    """A threshold set relative to a base period's figure: ``percent = -70`` is 70 % below it."""

    base_period: Period
    percent: Number


class TargetSpec(_FileModel):
    id: Slug
    area: Slug
    label: str
    statement_da: str
    metric: MetricId
    condition: Condition
    threshold: Threshold | None = None
    bounds: Bounds | None = None
    change: ChangeSpec | None = None
    unit: UnitSymbol
    period: Period
    source: SourceSpec
    note: str | None = None


class EntitySpec(_FileModel):
    id: Slug
    name: str
    data: list[str] = Field(min_length=1)


class GoalsFile(_FileModel):
    entity: EntitySpec
    targets: list[TargetSpec] = Field(default_factory=list)


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


@dataclass(frozen=True, kw_only=True)
class Change:
    base_period: Period
    percent: Decimal


@dataclass(frozen=True, kw_only=True)
class Target:
    id: str
    entity: str
    area: str
    label: str
    statement_da: str
    metric: str
    condition: Condition
    threshold: Decimal | tuple[Decimal, Decimal] | None
    bounds: Bounds | None
    change: Change | None
    unit: str
    period: Period
    sources: tuple[Source, ...]
    note: str | None = None
    file: str
    line: int | None = None


@dataclass(frozen=True, kw_only=True)
class Entity:
    id: str
    name: str
    metrics: dict[str, Metric]
    targets: tuple[Target, ...]


@dataclass(frozen=True, kw_only=True)
class Goals:
    entities: tuple[Entity, ...]


# --- results -------------------------------------------------------------------------------


class Status(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    NO_DATA = "no_data"


@dataclass(frozen=True, kw_only=True)
class Result:
    target: Target
    metric_label: str
    status: Status
    actual: Decimal | None
    actual_period: Period | None
    final: bool
    threshold: Decimal | tuple[Decimal, Decimal] | None
    """The threshold judged against, in the metric's unit (computed for a change target)."""
    base_value: Decimal | None = None
    margin: Decimal | None
    reason: str | None = None
    sources: tuple[Source, ...]


@dataclass(frozen=True, kw_only=True)
class Report:
    results: tuple[Result, ...]
    entity_names: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> dict[Status, int]:
        counts = dict.fromkeys(Status, 0)
        for result in self.results:
            counts[result.status] += 1
        return counts

    def count(self, status: Status) -> int:
        return self.summary[status]
