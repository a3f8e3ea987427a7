"""What users write in goals files: the targets and indicators of an entity, and the file
itself (``files`` holds the data files' models and the base they share)."""

# No ``from __future__ import annotations`` in this module: pydantic would compile and evaluate
# every field's annotation string when the classes are created, 3 ms of every run. The
# validators' own class is named in quotes instead.

from typing import Annotated

from pydantic import ConfigDict, Field, model_validator

from goalcheck.model.files import GroupName, GroupValue, SourceSpec, _FileModel
from goalcheck.model.units import (
    Bounds,
    Condition,
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


class ChangeSpec(_FileModel):
    """A threshold set relative to a base period's figure: ``percent = -70`` is 70 % below
    it; ``by = -1.5`` is 1.5 below it, in the metric's unit. Exactly one of the two."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["percent"]}, {"required": ["by"]}]}
    )

    base_period: Period
    """The period whose figure the threshold is relative to ("2018")."""
    percent: Number | None = None
    """The change from the base figure in per cent: -70 is 70 % below it."""
    by: Number | None = None
    """The change from the base figure in the metric's unit: -1.5 is 1.5 below it."""

    @model_validator(mode="after")
    def _percent_or_by(self) -> "ChangeSpec":
        if (self.percent is None) == (self.by is None):
            raise ValueError(
                "a change is relative (percent = -70) or absolute (by = -1.5): give one of them"
            )
        return self


class BaselineSpec(_FileModel):
    """Where a target started from, for its path to the threshold: a period and its value."""

    period: Period
    """The baseline's period: a year, a half-year, a quarter, a month or a date."""
    value: Number
    """The figure at the baseline, in the metric's unit."""


class RevisionSpec(_FileModel):
    """A change to a target's threshold, in force from a day: who decided it, and why."""

    since: Period
    """The day (or period) from which the new threshold is in force."""
    threshold: Threshold
    """The new threshold: a number, or [low, high] for between."""
    reason: str = Field(min_length=1)
    """Why the threshold was changed."""
    decided_by: str = Field(min_length=1)
    """Who decided it, and when ("HUS board, June 2021")."""


class WaiverSpec(_FileModel):
    """A decision to set a target aside until a day: who took it, and why."""

    until: Period
    """The last day (or period) the waiver counts, inclusive."""
    reason: str = Field(min_length=1)
    """Why the target is set aside."""
    decided_by: str = Field(min_length=1)
    """Who decided it, and when ("Board, 2020-11-12")."""
    decided: Period | None = None
    """When it was decided: a day (2020-11-12) or a period. Judged as of a day before this
    one ends, the waiver is not yet known and sets nothing aside; without it, the waiver counts
    on any day up to until. Optional."""


class TargetSpec(_FileModel):
    """A target of any kind; loading checks that each kind has the keys it needs."""

    id: Slug
    """A stable id, lower case with hyphens ("sick-leave-total"): other tools rely on it."""
    kind: TargetKind = "threshold"
    """"threshold" (the default: a figure meets a condition), "milestone" (something done by a
    date), "progress" (a count towards a goal) or "portfolio" (every objective has enough
    initiatives)."""
    area: Slug | None = None
    """The area the target is grouped under ("employees"); a target sits under an area, an objective
    or an initiative."""
    objective: Annotated[int, Field(ge=1)] | None = None
    """The number of the plan objective the target sits under."""
    label: str
    """The target in words, in English."""
    statement_da: str | None = None
    """The target as printed, in Danish; or give statement with lang instead."""
    statement: str | None = None
    """The target as printed, in the language lang names; instead of statement_da."""
    lang: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] | None = None
    """The language of statement: a language tag such as "fi" or "sv"."""
    metric: MetricId | None = None
    """The id of the metric the target is judged on."""
    initiative: Slug | None = None
    """The plan initiative a milestone waits for; the target sits under its objective."""
    condition: Condition | None = None
    """How the figure must compare with the threshold: "<", "<=", ">", ">=", "==" or "between"."""
    threshold: Threshold | None = None
    """The number the figure is compared with, in the metric's unit; [low, high] for between."""
    bounds: Bounds | None = None
    """Which ends of a between range count: "[]" both, "()" neither, "[)" the low one, "(]" the high
    one; required with between."""
    change: ChangeSpec | None = None
    """Instead of threshold, a threshold relative to a base period's figure."""
    unit: UnitSymbol | None = None
    """The threshold's unit: must be the metric's unit."""
    period: Period
    """When the target is due: a year (2020), a half-year (2024-H1), a quarter (2024-Q3), a month
    (2024-04) or a date (2024-04-01)."""
    warn_threshold: Number | None = None
    """A band on the passing side of a one-sided threshold: with < 4, a warn_threshold of 3.8
    makes a figure from 3.8 up to 4 a warning. Stricter than the threshold."""
    baseline: BaselineSpec | None = None
    """Where the target started from: the start of its straight path to the threshold; optional."""
    revisions: list[RevisionSpec] = Field(default_factory=list)
    """Changes to the threshold, each in force from a day."""
    waiver: WaiverSpec | None = None
    """A decision to set a failure or a lack of data aside until a day."""
    explanation: str | None = None
    """Why a missed target was missed (comply or explain)."""
    severity: Severity = "error"
    """How firm the target is: a miss of an "error" (the default) fails the run, of a "warn" is a
    warning, of an "info" is only shown."""
    event: MilestoneEvent | None = None
    """What a milestone on an initiative waits for: "completed" (the default) or "started"."""
    for_each: GroupName | None = None
    """Judge the target once for each group of this name its metric has figures for."""
    where: dict[GroupName, GroupValue] = Field(default_factory=dict)
    """Judge the target on one group's figures (``{ hospital = "Søborg" }``)."""
    source: SourceSpec
    """Where the target is printed."""
    note: str | None = None
    """A remark on the target; optional."""


class IndicatorSpec(_FileModel):
    """A figure shown beside the targets without being judged."""

    id: Slug
    """A stable id, lower case with hyphens."""
    area: Slug | None = None
    """The area the indicator is shown under."""
    objective: Annotated[int, Field(ge=1)] | None = None
    """The number of the plan objective the indicator is shown under."""
    label: str
    """The indicator in words, in English."""
    metric: MetricId
    """The id of the metric whose latest figure is shown."""
    note: str | None = None
    """A remark on the indicator; optional."""


class EntitySpec(_FileModel):
    id: Slug
    """The organisation's id, lower case with hyphens ("aleris-hamlet")."""
    name: str
    """The organisation's name ("Aleris-Hamlet")."""
    data: list[str] = Field(min_length=1)
    """The data files holding its figures, relative to this file."""
    status_date: Period | None = None
    """When the organisation's status report was written: a year, half-year, quarter, month
    (2024-04) or date; optional."""
    status_date_note: str | None = None
    """How the status date was arrived at, where the report prints none; optional."""


class GoalsFile(_FileModel):
    include: list[str] = Field(default_factory=list)
    """Other goals files to read, relative to this file."""
    entity: EntitySpec | None = None
    """The organisation the file's targets belong to, and its data files."""
    targets: list[TargetSpec] = Field(default_factory=list)
    """The targets."""
    indicators: list[IndicatorSpec] = Field(default_factory=list)
    """Figures shown beside the targets without being judged."""
