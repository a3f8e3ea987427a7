"""What users write: the file models, which mirror the TOML and reject anything else.

Unknown keys, wrong types and numbers outside the limits are errors here; loading resolves
these specs into the domain once the references between files are checked.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from goalcheck.model.units import (
    CUSTOM_UNIT_PATTERN,
    UNITS,
    Bounds,
    Condition,
    InitiativeStatus,
    MetricId,
    MilestoneEvent,
    Number,
    Severity,
    Slug,
    TargetKind,
    Threshold,
    UnitSymbol,
)
from goalcheck.period import Period

GroupName = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,49}$")]
GROUP_VALUE_PATTERN = r"^\S(?:[^\x00-\x1f\x7f]{0,98}\S)?$"
GroupValue = Annotated[str, Field(pattern=GROUP_VALUE_PATTERN)]
"""A group's value: 1 to 100 characters, no control characters, no blank at either end."""
TableHeader = Annotated[str, Field(min_length=1, max_length=200)]
TableLayout = Literal["long", "wide"]
TableEncoding = Literal["utf-8", "utf-8-sig", "cp1252"]


class _FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class SourceSpec(_FileModel):
    """Where a figure or target is printed: a document by its key, a section, a page."""

    document: str
    section: str
    page: Annotated[int, Field(ge=1)] | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)] | None = None


class DocumentSpec(_FileModel):
    title: str
    publisher: str | None = None
    published: Period | None = None
    file: str | None = None


class ObservationSpec(_FileModel):
    """One reported value of a metric for a period: who gave it, when it became known, and
    how much of the period it covers. The short form ``figures = { 2019 = 2.82 }`` is one of
    these per period, from the metric's source."""

    period: Period
    value: Number
    source: SourceSpec | None = None
    published: Period | None = None
    through: Period | None = None
    note: str | None = None
    group: dict[GroupName, GroupValue] = Field(default_factory=dict)
    """The group it is a figure of (``{ department = "Kirurgi" }``); none for the whole."""


class MetricSpec(_FileModel):
    """A metric: either reported figures by period, or a formula over other metrics."""

    label: str
    label_da: str | None = None
    unit: UnitSymbol
    source: SourceSpec
    note: str | None = None
    figures: dict[Period, Number] = Field(default_factory=dict)
    notes: dict[Period, str] = Field(default_factory=dict)
    observations: list[ObservationSpec] = Field(default_factory=list)
    prefer: Slug | None = None
    """The document whose figure counts when sources disagree on the same day."""
    formula: str | None = None
    groups: list[GroupName] = Field(default_factory=list, max_length=8)
    """What the metric is broken down by ("department", "hospital"): the group names its
    observations may carry."""


class ObjectiveSpec(_FileModel):
    """One of a plan's objectives (målsætninger), numbered as printed."""

    name: str
    name_da: str
    source: SourceSpec


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
    started: Period | None = None
    completed: Period | None = None
    source: SourceSpec
    note: str | None = None


class UnitSpec(_FileModel):
    """A unit of the data file's own, for what no built-in unit measures: its figures must
    fall between ``minimum`` and ``maximum`` where given."""

    description: str = Field(min_length=1)
    minimum: Number | None = None
    maximum: Number | None = None

    @model_validator(mode="after")
    def _ordered(self) -> UnitSpec:
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum} is above maximum {self.maximum}")
        return self


# A file that declares no unit of its own uses built-in units only, and its schema says so.
_BUILT_IN_UNITS_ONLY: JsonDict = {
    "if": {"not": {"required": ["units"]}},
    "then": {
        "properties": {
            "metrics": {"additionalProperties": {"properties": {"unit": {"enum": list(UNITS)}}}}
        }
    },
}


class TableColumns(_FileModel):
    """Which column holds what, by its header as written ("Nøgletal", "År", "Værdi")."""

    metric: TableHeader
    period: TableHeader | None = None
    value: TableHeader | None = None
    published: TableHeader | None = None
    through: TableHeader | None = None
    note: TableHeader | None = None


class TableSpec(_FileModel):
    """A CSV file or a workbook's sheet of observations: ``long`` (a row per observation) or
    ``wide`` (a row per metric, a column per period, as reports print them)."""

    file: str = Field(min_length=1)
    layout: TableLayout = "long"
    sheet: str | None = Field(default=None, min_length=1, max_length=100)
    header_row: Annotated[int, Field(ge=1, le=1000)] = 1
    period: Period | None = None
    """The period of every figure in a long table without a period column: a sheet a year."""
    encoding: TableEncoding = "utf-8"
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] | None = None
    decimal: Literal[".", ","] = "."
    thousands: Literal["", ".", ",", " ", "\u00a0", "'"] = ""
    missing: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=lambda: [""], max_length=100
    )
    percent_sign: bool = False
    source: SourceSpec | None = None
    columns: TableColumns
    groups: dict[GroupName, TableHeader] = Field(default_factory=dict, max_length=8)
    metrics: dict[Annotated[str, Field(min_length=1, max_length=500)], MetricId] = Field(
        default_factory=dict
    )
    """What a row's metric cell says, as printed, and the metric it is; by default the cell
    holds the metric's id."""
    ignore: list[TableHeader] = Field(default_factory=list)
    """Columns read by no one: a comment column, or a wide table's column of units."""

    @model_validator(mode="after")
    def _fits_its_layout(self) -> TableSpec:
        if self.decimal == self.thousands:
            raise ValueError(f"decimal and thousands are both {self.decimal!r}")
        columns = self.columns
        if self.layout == "long":
            if columns.value is None:
                raise ValueError('a long table names its value column: columns.value = "..."')
            if (columns.period is None) == (self.period is None):
                raise ValueError(
                    'a long table names its period column (columns.period = "...") or, for a'
                    ' table of one period, gives that period (period = "2019"): one of them'
                )
        else:
            extra = [
                f"columns.{name}"
                for name in ("period", "value", "published", "through", "note")
                if getattr(columns, name) is not None
            ]
            if self.period is not None:
                extra.insert(0, "period")
            if extra:
                raise ValueError(
                    f"a wide table has a column per period, so {extra[0]} does not fit: its"
                    " columns name only the metric column (and groups)"
                )
        return self


class DataFile(_FileModel):
    model_config = ConfigDict(json_schema_extra=_BUILT_IN_UNITS_ONLY)

    units: dict[Annotated[str, Field(pattern=CUSTOM_UNIT_PATTERN)], UnitSpec] = Field(
        default_factory=dict
    )
    documents: dict[Slug, DocumentSpec] = Field(default_factory=dict)
    metrics: dict[MetricId, MetricSpec] = Field(default_factory=dict)
    objectives: dict[Annotated[str, Field(pattern=r"^[1-9][0-9]*$")], ObjectiveSpec] = Field(
        default_factory=dict
    )
    initiatives: dict[Slug, InitiativeSpec] = Field(default_factory=dict)
    tables: list[TableSpec] = Field(default_factory=list, max_length=1000)


class ChangeSpec(_FileModel):
    """A threshold set relative to a base period's figure: ``percent = -70`` is 70 % below
    it; ``by = -1.5`` is 1.5 below it, in the metric's unit. Exactly one of the two."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["percent"]}, {"required": ["by"]}]}
    )

    base_period: Period
    percent: Number | None = None
    by: Number | None = None

    @model_validator(mode="after")
    def _percent_or_by(self) -> ChangeSpec:
        if (self.percent is None) == (self.by is None):
            raise ValueError(
                "a change is relative (percent = -70) or absolute (by = -1.5): give one of them"
            )
        return self


class BaselineSpec(_FileModel):
    """Where a target started from, for its path to the threshold: a period and its value."""

    period: Period
    value: Number


class RevisionSpec(_FileModel):
    """A change to a target's threshold, in force from a day: who decided it, and why."""

    since: Period
    threshold: Threshold
    reason: str = Field(min_length=1)
    decided_by: str = Field(min_length=1)


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
    statement_da: str | None = None
    statement: str | None = None
    lang: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] | None = None
    metric: MetricId | None = None
    initiative: Slug | None = None
    condition: Condition | None = None
    threshold: Threshold | None = None
    bounds: Bounds | None = None
    change: ChangeSpec | None = None
    unit: UnitSymbol | None = None
    period: Period
    warn_threshold: Number | None = None
    baseline: BaselineSpec | None = None
    revisions: list[RevisionSpec] = Field(default_factory=list)
    waiver: WaiverSpec | None = None
    explanation: str | None = None
    severity: Severity = "error"
    event: MilestoneEvent | None = None
    for_each: GroupName | None = None
    """Judge the target once for each group of this name its metric has figures for."""
    where: dict[GroupName, GroupValue] = Field(default_factory=dict)
    """Judge the target on one group's figures (``{ hospital = "Søborg" }``)."""
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
