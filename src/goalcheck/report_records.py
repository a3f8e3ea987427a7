"""The records of the JSON document that ``goalcheck run --format json`` prints, beside its
results (``results_records``): the document itself, its summary and policy, and the entities,
initiatives, indicators, metrics, warnings and group tallies. Each field's docstring is its
key's description in the schema, read from this source by ``goalcheck.schemas``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from goalcheck.results_records import Number, ResultRecord, SourceRecord, StatusName, _Out


class ObjectiveRecord(_Out):
    """One of a plan's objectives (målsætninger), with how many initiatives support it."""

    number: int
    """The objective's number, as printed."""
    name: str
    """The objective's name in English."""
    name_da: str
    """The objective's name in Danish, as printed."""
    initiatives: int
    """How many of the organisation's initiatives name this objective's number as the one they
    support."""
    completed: int
    """How many of those initiatives have the status "completed"."""
    completed_share: Number | None
    """completed as a share of initiatives, in %, rounded to two decimals; null when no
    initiative supports the objective."""
    sources: list[SourceRecord]
    """Where the objective is printed."""


class UnitRecord(_Out):
    """A unit the entity's data files declare; the built-in ones are not listed."""

    symbol: str
    """The unit's symbol, as the metrics name it ("beds")."""
    description: str
    """What the unit counts, in words ("hospital beds in use")."""
    minimum: Number | None
    """The least a figure in the unit may be; null when the unit sets none."""
    maximum: Number | None
    """The most a figure in the unit may be; null when the unit sets none."""


class EntityRecord(_Out):
    """An organisation judged, with its plan's objectives and the units it declares."""

    id: str
    """The organisation's id ("aleris-hamlet")."""
    name: str
    """The organisation's name ("Aleris-Hamlet")."""
    status_date: str | None
    """When its status report was written, as the goals file gives it: a year, a half-year, a
    quarter, a month (2024-04) or a date; null when it gives none."""
    status_date_note: str | None
    """How the status date was arrived at, where the report prints none; null when the goals file
    gives no note."""
    objectives: list[ObjectiveRecord]
    """Its plan's objectives, by number; [] when its data files define none."""
    units: list[UnitRecord]
    """The units its data files declare; [] when they declare none."""


class InitiativeRecord(_Out):
    """An initiative of a plan, with what the plan's status report says of it."""

    id: str
    """The initiative's id ("exit-analysis")."""
    entity: str
    """The id of the organisation whose plan it is."""
    name_da: str
    """The initiative's name in Danish, as printed."""
    summary: str
    """What the initiative does, in English."""
    priority_year: int
    """The year the plan prioritised the initiative (2022)."""
    status: Literal["started", "completed"]
    """Where the status report puts it: "started" (igangsat) or "completed" (gennemført)."""
    status_da: str
    """The status in Danish, as printed ("Gennemført")."""
    objective: int | None
    """The number of the objective it says it supports, as printed; null when it names none."""
    objective_name_da: str | None
    """The objective's name as printed beside the initiative, even where it disagrees with the
    number; null when none is printed."""
    budget_years: tuple[int, int] | None
    """The first and the last year of its budget ([2023, 2025]); null when not given."""
    started: str | None
    """When the source dates its start: a year, a half-year, a quarter (2022-Q3), a month or a
    date; null when it does not."""
    completed: str | None
    """When the source dates its completion: a year, a half-year, a quarter (2023-Q1), a month or
    a date; null when it does not."""
    note: str | None
    """A remark on the initiative; null when there is none."""
    sources: list[SourceRecord]
    """Where the initiative is printed."""


class IndicatorRecord(_Out):
    """A figure shown beside the targets without being judged: its metric's latest."""

    id: str
    """The indicator's id."""
    entity: str
    """The id of the organisation it belongs to."""
    area: str | None
    """The area it is shown under; null when the goals file gives none."""
    objective: int | None
    """The number of the plan objective it is shown under; null when the goals file gives
    none."""
    label: str
    """The indicator in words, in English."""
    metric: str
    """The id of the metric whose latest figure is shown."""
    unit: str
    """The metric's unit."""
    value: Number | None
    """The metric's latest figure known on as_of that covers its whole period, of the whole
    rather than a group; null when there is none."""
    period: str | None
    """The period value is for; null when there is no figure."""
    note: str | None
    """A remark on the indicator; null when there is none."""
    sources: list[SourceRecord]
    """Where the metric is printed: its own source, then those of the metrics a formula uses."""


class FigureRecord(_Out):
    """One value of a metric for a period: an observation, or a formula's result."""

    period: str
    """The period the value is for: a year (2019), a half-year (2024-H1), a quarter (2024-Q3), a
    month (2024-04) or a date (2024-03-05)."""
    group: dict[str, str] | None
    """The group the value is for, by group name (``{"unit": "Oncology"}``); null for the
    whole, and for a formula's figures, which are listed for the whole only."""
    value: Number
    """The value, in the metric's unit: as reported, or as the formula gives it."""
    note: str | None
    """A remark beside the value, from the data file; null when there is none."""
    published: str | None
    """When the value became known: its own published, else its document's, else the last day
    it covers (2019-12-31); for a formula's figure, the latest of those of the figures it uses."""
    through: str | None
    """For a year-to-date value, the day (or period) it covers its period up to; for a formula's
    figure, the earliest of those it uses. Null for a value for the whole period."""
    sources: list[SourceRecord]
    """Where the value is printed; for a formula's figure, where the figures it uses are."""


class MetricRecord(_Out):
    """A metric of an organisation judged, with every figure it has."""

    id: str
    """The metric's id ("sick_leave_total")."""
    entity: str
    """The id of the organisation it belongs to."""
    label: str
    """The metric's name in English."""
    label_da: str | None
    """The metric's name in Danish, as printed; null when not given."""
    unit: str
    """What the metric is measured in: a built-in unit ("%", "days per FTE") or one the
    organisation's data files declare."""
    formula: str | None
    """For a derived metric, the formula it is worked out by ("sick_leave_short +
    sick_leave_long"); null for a metric of reported figures."""
    note: str | None
    """A remark on the metric; null when there is none."""
    figures: list[FigureRecord]
    """Every value reported for the metric, one per observation, by period: restated values,
    other sources' and groups' values included. For a derived metric, what its formula gives for
    the whole once everything is known, for each period its metrics all have a figure for."""
    sources: list[SourceRecord]
    """Where the metric is printed: its own source, then those of the metrics a formula uses."""


class WarningRecord(_Out):
    """A consistency warning on an initiative: reported and counted, never failing the run."""

    entity: str
    """The id of the organisation whose initiative it is."""
    initiative: str
    """The id of the initiative the warning is about."""
    message: str
    """What is wrong, in English: the initiative names no objective, or names one by a name that
    is not that objective's."""
    file: str
    """The data file the initiative is written in."""
    line: int | None
    """The line of file the initiative is written on; null when it cannot be found."""
    sources: list[SourceRecord]
    """Where the initiative is printed."""


class Summary(_Out):
    """How many results have each status."""

    pass_: int = Field(alias="pass")
    """The number of results with the status "pass"."""
    warn: int
    """The number of results with the status "warn"."""
    fail: int
    """The number of results with the status "fail"."""
    waived: int
    """The number of results with the status "waived"."""
    pending: int
    """The number of results with the status "pending"."""
    no_data: int
    """The number of results with the status "no_data"."""


class EachGroupRecord(_Out):
    """A target judged in each group of ``for_each``: how many of them have each status."""

    target: str
    """The target's id."""
    entity: str
    """The id of the organisation the target belongs to."""
    for_each: str
    """The group name the target is judged in each group of ("hospital")."""
    where: dict[str, str] | None
    """The group the target is judged within, by name (its where); null when it has none."""
    count: int
    """How many groups it was judged in: the number of its results."""
    summary: Summary
    """How many of its results have each status."""
    text: str
    """The tally in English: "2 of 5 hospitals fail", with any warn, waived, pending and no data
    counts after it in parentheses ("(1 warn)")."""


class Policy(_Out):
    """What fails the run."""

    fail_on: list[StatusName]
    """The statuses that fail the run (--fail-on; --strict adds "no_data"), in the order "pass",
    "warn", "fail", "waived", "pending", "no_data"."""
    require_explanations: bool
    """Whether a fail without an explanation fails the run too (--require-explanations)."""


class ResultsDocument(_Out):
    """What ``goalcheck run --format json`` prints."""

    schema_version: Literal[1]
    """The version of the document's shape, 1: raised when a field changes meaning or goes away;
    adding fields does not raise it."""
    as_of: str
    """The day everything was judged as of, YYYY-MM-DD (--as-of; by default today)."""
    summary: Summary
    """How many results have each status."""
    policy: Policy
    """What fails the run."""
    passed: bool
    """Whether the run passes: no result fails it (fails_run is false for every result)."""
    results: list[ResultRecord]
    """Each result, in the order the targets are written, organisation by organisation."""
    entities: list[EntityRecord]
    """Each organisation judged."""
    initiatives: list[InitiativeRecord]
    """Every initiative of the organisations judged."""
    indicators: list[IndicatorRecord]
    """Each indicator: a figure shown beside the targets without being judged."""
    metrics: list[MetricRecord]
    """Every metric of the organisations judged, with all its figures."""
    warnings: list[WarningRecord]
    """Each consistency warning; [] when there is none."""
    groups: list[EachGroupRecord]
    """Each target judged in each group (for_each), with a tally of its groups' statuses; []
    when there is none."""
