"""What users write: the file models, which mirror the TOML and reject anything else.

Unknown keys, wrong types and numbers outside the limits are errors here; loading resolves
these specs into the domain once the references between files are checked.
"""

# No ``from __future__ import annotations`` in this module: pydantic would compile and evaluate
# every field's annotation string when the classes are created, 3 ms of every run. The
# validators' own class is named in quotes instead.

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from goalcheck.model.units import (
    CUSTOM_UNIT_PATTERN,
    UNITS,
    InitiativeStatus,
    MetricId,
    Number,
    Slug,
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
    # Each field's docstring is its description in the JSON Schemas, which ``goalcheck.schemas``
    # reads from this source when a schema is asked for: pydantic's use_attribute_docstrings
    # would parse it at every start-up instead, 10 ms of every run.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, defer_build=True)


class SourceSpec(_FileModel):
    """Where a figure or target is printed: a document by its key, a section, a page."""

    document: str
    """The key of the document it is printed in, as declared under [documents]
    ("aleris-sr-2019")."""
    section: str
    """Where in the document, as its headings print it ("Medarbejderrettigheder › Mål 2020")."""
    page: Annotated[int, Field(ge=1)] | None = None
    """The page number the document shows, from 1; optional."""
    url: Annotated[str, Field(pattern=r"^https?://\S+$", max_length=2000)] | None = None
    """Where the document can be read online: an http or https address; optional."""


class DocumentSpec(_FileModel):
    title: str
    """The document's title, as printed."""
    publisher: str | None = None
    """Who published it; optional."""
    published: Period | None = None
    """When it was published: a year, a half-year, a quarter, a month or a date. Its figures count
    as known from this period's last day, unless an observation gives its own."""
    file: str | None = None
    """A copy of the document: its path, shown in the results' sources; optional."""


class ObservationSpec(_FileModel):
    """One reported value of a metric for a period: who gave it, when it became known, and
    how much of the period it covers. The short form ``figures = { 2019 = 2.82 }`` is one of
    these per period, from the metric's source."""

    period: Period
    """The period the value is for: a year (2020), a half-year (2024-H1), a quarter (2024-Q3), a
    month (2024-04) or a date (2024-04-01)."""
    value: Number
    """The reported value, in the metric's unit and within the unit's range."""
    source: SourceSpec | None = None
    """Where the value is printed; by default the metric's source."""
    published: Period | None = None
    """When the value became known (a date, a month, a year...); by default the source document's
    published, else the end of the period."""
    through: Period | None = None
    """The day (or period) up to which a partial, year-to-date value covers its period; within the
    period. Absent for a figure for the whole period."""
    note: str | None = None
    """A remark shown beside the value; optional."""
    group: dict[GroupName, GroupValue] = Field(default_factory=dict)
    """The group it is a figure of (``{ department = "Kirurgi" }``); none for the whole."""


class MetricSpec(_FileModel):
    """A metric: either reported figures by period, or a formula over other metrics."""

    label: str
    """The metric's name in English."""
    label_da: str | None = None
    """The metric's name in Danish, as printed; optional."""
    unit: UnitSymbol
    """What the metric is measured in: a built-in unit ("%", "days per FTE", "t CO2e" ...) or one a
    data file of the entity declares under [units]."""
    source: SourceSpec
    """Where the metric is printed: the default source of its figures."""
    note: str | None = None
    """A remark on the metric; optional."""
    figures: dict[Period, Number] = Field(default_factory=dict)
    """The short form: a value by period ({ 2019 = 2.82 }), each an observation from the metric's
    source. Not for a formula metric."""
    notes: dict[Period, str] = Field(default_factory=dict)
    """A remark beside a figure, by its period (notes.2019 = "...")."""
    observations: list[ObservationSpec] = Field(default_factory=list)
    """The long form: reported values, each with its period, source, publication and coverage. Not
    for a formula metric."""
    prefer: Slug | None = None
    """The document whose figure counts when sources disagree on the same day."""
    formula: str | None = None
    """Instead of figures, the metric worked out from other metrics by their ids, with numbers, + -
    * / and parentheses ("sick_leave_short + sick_leave_long")."""
    groups: list[GroupName] = Field(default_factory=list, max_length=8)
    """What the metric is broken down by ("department", "hospital"): the group names its
    observations may carry."""


class ObjectiveSpec(_FileModel):
    """One of a plan's objectives (målsætninger), numbered as printed."""

    name: str
    """The objective's name in English."""
    name_da: str
    """The objective's name in Danish, as printed."""
    source: SourceSpec
    """Where the objective is printed."""


class InitiativeSpec(_FileModel):
    """An initiative of a plan, with what the plan's status report says of it."""

    name_da: str
    """The initiative's name in Danish, as printed."""
    summary: str
    """What the initiative does, in English."""
    priority_year: Annotated[int, Field(ge=1900, le=2999)]
    """The year the plan prioritised the initiative (2022)."""
    status: InitiativeStatus
    """Where the status report puts it: "started" (igangsat) or "completed" (gennemført)."""
    status_da: str
    """The status in Danish, as printed ("Gennemført")."""
    objective: Annotated[int, Field(ge=1)] | None = None
    """The number of the objective it supports, as printed; optional (an initiative without one is
    warned about)."""
    objective_name_da: str | None = None
    """The objective's name as printed beside the initiative, even where it disagrees with the
    number; optional."""
    budget_years: Annotated[list[int], Field(min_length=2, max_length=2)] | None = None
    """The first and last year of its budget: [2023, 2025]; optional."""
    started: Period | None = None
    """When the source dates its start ("igangsat"): a year, half-year, quarter (2022-Q3), month or
    date; optional."""
    completed: Period | None = None
    """When the source dates its completion: a year, half-year, quarter (2023-Q1), month or date;
    optional."""
    source: SourceSpec
    """Where the initiative is printed."""
    note: str | None = None
    """A remark on the initiative; optional."""


class UnitSpec(_FileModel):
    """A unit of the data file's own, for what no built-in unit measures: its figures must
    fall between ``minimum`` and ``maximum`` where given."""

    description: str = Field(min_length=1)
    """What the unit counts, in words ("hospital beds in use"); required."""
    minimum: Number | None = None
    """The least a figure in the unit may be; optional."""
    maximum: Number | None = None
    """The most a figure in the unit may be; optional, and not below minimum."""

    @model_validator(mode="after")
    def _ordered(self) -> "UnitSpec":
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum} is above maximum {self.maximum}")
        return self


# A file that declares no unit of its own uses built-in units only, and its schema says so.
_BUILT_IN_UNITS_ONLY: JsonDict = {
    "if": {"not": {"required": ["units"]}},
    "then": {
        "properties": {
            "metrics": {
                "description": "The metrics, by id (lower case with underscores); in a file"
                " that declares no [units], each in a built-in unit.",
                "additionalProperties": {
                    "properties": {
                        "unit": {
                            "description": "In a file that declares no [units], a built-in"
                            ' unit ("%", "days per FTE", "t CO2e" ...).',
                            "enum": list(UNITS),
                        }
                    }
                },
            }
        }
    },
}


class TableColumns(_FileModel):
    """Which column holds what, by its header as written ("Nøgletal", "År", "Værdi")."""

    metric: TableHeader
    """The header of the column naming each row's metric."""
    period: TableHeader | None = None
    """A long table's column of periods; a wide table has a column per period instead."""
    value: TableHeader | None = None
    """A long table's column of values; required in a long table."""
    published: TableHeader | None = None
    """A long table's column saying when each value became known; optional."""
    through: TableHeader | None = None
    """A long table's column giving the day a year-to-date value covers its period up to;
    optional."""
    note: TableHeader | None = None
    """A long table's column of remarks; optional."""


class TableSpec(_FileModel):
    """A CSV file or a workbook's sheet of observations: ``long`` (a row per observation) or
    ``wide`` (a row per metric, a column per period, as reports print them)."""

    file: str = Field(min_length=1)
    """The table's path, relative to this data file: a .csv, .xlsx or .ods file."""
    layout: TableLayout = "long"
    """"long" (a row per observation, the default) or "wide" (a row per metric, a column per
    period)."""
    sheet: str | None = Field(default=None, min_length=1, max_length=100)
    """A workbook's sheet, by name; by default the first sheet."""
    header_row: Annotated[int, Field(ge=1, le=1000)] = 1
    """The row of the headers, counting from 1, below any title rows; default 1."""
    period: Period | None = None
    """The period of every figure in a long table without a period column: a sheet a year."""
    encoding: TableEncoding = "utf-8"
    """A CSV file's encoding: "utf-8" (the default), "utf-8-sig" or "cp1252"."""
    delimiter: Annotated[str, Field(min_length=1, max_length=1)] | None = None
    """A CSV file's delimiter, one character; by default found in the header row among , ; tab and
    |."""
    decimal: Literal[".", ","] = "."
    """The decimal mark of numbers written as text: "." (the default) or ","."""
    thousands: Literal["", ".", ",", " ", "\u00a0", "'"] = ""
    """The thousands separator of numbers written as text: none (the default), ".", ",", a space, a
    no-break space or "'"."""
    missing: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=lambda: [""], max_length=100
    )
    """The cells that mean "no figure"; by default only the empty cell."""
    percent_sign: bool = False
    """Whether values may end in "%"; default false, when a "%" is an error."""
    source: SourceSpec | None = None
    """The source of every observation from the table; by default each metric's own."""
    columns: TableColumns
    """Which column holds what, by its header as written."""
    groups: dict[GroupName, TableHeader] = Field(default_factory=dict, max_length=8)
    """A column per group name, by its header ({ unit = "Unit" }): an empty cell there is a figure
    of the whole."""
    metrics: dict[Annotated[str, Field(min_length=1, max_length=500)], MetricId] = Field(
        default_factory=dict
    )
    """What a row's metric cell says, as printed, and the metric it is; by default the cell
    holds the metric's id."""
    ignore: list[TableHeader] = Field(default_factory=list)
    """Columns read by no one: a comment column, or a wide table's column of units."""

    @model_validator(mode="after")
    def _fits_its_layout(self) -> "TableSpec":
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
    """Units of the file's own, by symbol, for what no built-in unit measures; a symbol is 1 to 40
    characters, without control characters, * / ^ or a blank at either end."""
    documents: dict[Slug, DocumentSpec] = Field(default_factory=dict)
    """The source documents, by key (lower case with hyphens)."""
    metrics: dict[MetricId, MetricSpec] = Field(default_factory=dict)
    """The metrics, by id (lower case with underscores)."""
    objectives: dict[Annotated[str, Field(pattern=r"^[1-9][0-9]*$")], ObjectiveSpec] = Field(
        default_factory=dict
    )
    """A plan's objectives, by their number as printed ("3")."""
    initiatives: dict[Slug, InitiativeSpec] = Field(default_factory=dict)
    """A plan's initiatives, by id (lower case with hyphens)."""
    tables: list[TableSpec] = Field(default_factory=list, max_length=1000)
    """CSV files and workbooks' sheets that give observations of the metrics."""
