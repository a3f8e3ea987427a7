"""JSON Schemas: of the goals and data files, and of the JSON that ``--format json`` prints.

The file schemas come from the pydantic models that load the files. The results schema comes
from the models below, which mirror the JSON reporter's output; a test validates real output
against it, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from goalcheck.model import DataFile, GoalsFile

StatusName = Literal["pass", "warn", "fail", "waived", "pending", "no_data"]
Number = int | float


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRecord(_Out):
    document: str
    section: str
    page: int | None
    file: str | None
    url: str | None
    cell: str | None
    """The table cell a figure was read from: ``data/figures.csv:C7``, or
    ``data/figures.xlsx:2019!C7`` in a workbook's sheet."""


class OtherValueRecord(_Out):
    """A value a restatement replaced."""

    metric: str
    period: str
    value: Number
    published: str
    sources: list[SourceRecord]


class DisagreementRecord(OtherValueRecord):
    """A value another source gave the same day: the figure judged on it, and the verdict."""

    actual: Number | None
    status: StatusName | None
    verdict_differs: bool


class ChangeRecord(_Out):
    base_period: str
    base_value: Number | None
    percent: Number | None
    by: Number | None


class RevisionRecord(_Out):
    since: str
    threshold: Number | tuple[Number, Number]
    reason: str
    decided_by: str
    in_force: bool


class WaiverRecord(_Out):
    until: str
    reason: str
    decided_by: str
    in_force: bool


class PathRecord(_Out):
    """Where the latest figure stands on the straight path from the baseline to the
    threshold; told beside the verdict, never part of it."""

    baseline_period: str
    baseline_value: Number
    figure_period: str
    expected: Number
    on_track: bool
    distance: Number


class ProjectionRecord(_Out):
    """A trend line through the latest whole figures, at the end of the due period."""

    value: Number
    period: str
    figures: int
    method: str


class ResultRecord(_Out):
    id: str
    entity: str
    area: str | None
    metric: str | None
    condition: Literal["<", "<=", ">", ">=", "==", "between", "done_by"] | None
    threshold: Number | tuple[Number, Number] | None
    unit: str
    target_period: str
    actual: Number | None
    actual_period: str | None
    final: bool
    status: StatusName
    margin: Number | None
    sources: list[SourceRecord]
    kind: Literal["threshold", "milestone", "progress", "portfolio"]
    path: PathRecord | None
    projection: ProjectionRecord | None
    target: str
    """The target's id; ``id`` adds the group for a target judged in each group."""
    group: dict[str, str] | None
    """The group judged (``{"hospital": "Søborg"}``); null for the whole."""
    for_each: str | None
    objective: int | None
    initiative: str | None
    label: str
    statement_da: str | None
    statement: str
    lang: str
    subject_label: str
    margin_unit: str | None
    progress: Number | None
    bounds: Literal["[]", "[)", "(]", "()"] | None
    change: ChangeRecord | None
    warn_threshold: Number | None
    waiver: WaiverRecord | None
    waived_status: StatusName | None
    explanation: str | None
    fails_run: bool
    reason: str | None
    actual_published: str | None
    actual_through: str | None
    restated: list[OtherValueRecord]
    disagreements: list[DisagreementRecord]
    severity: Literal["error", "warn", "info"]
    revisions: list[RevisionRecord]
    margin_range: tuple[Number, Number | None] | None


class ObjectiveRecord(_Out):
    number: int
    name: str
    name_da: str
    initiatives: int
    completed: int
    completed_share: Number | None
    sources: list[SourceRecord]


class UnitRecord(_Out):
    """A unit the entity's data files declare; the built-in ones are not listed."""

    symbol: str
    description: str
    minimum: Number | None
    maximum: Number | None


class EntityRecord(_Out):
    id: str
    name: str
    status_date: str | None
    status_date_note: str | None
    objectives: list[ObjectiveRecord]
    units: list[UnitRecord]


class InitiativeRecord(_Out):
    id: str
    entity: str
    name_da: str
    summary: str
    priority_year: int
    status: Literal["started", "completed"]
    status_da: str
    objective: int | None
    objective_name_da: str | None
    budget_years: tuple[int, int] | None
    started: str | None
    completed: str | None
    note: str | None
    sources: list[SourceRecord]


class IndicatorRecord(_Out):
    id: str
    entity: str
    area: str | None
    objective: int | None
    label: str
    metric: str
    unit: str
    value: Number | None
    period: str | None
    note: str | None
    sources: list[SourceRecord]


class FigureRecord(_Out):
    period: str
    value: Number
    note: str | None
    published: str | None
    through: str | None
    sources: list[SourceRecord]


class MetricRecord(_Out):
    id: str
    entity: str
    label: str
    label_da: str | None
    unit: str
    formula: str | None
    note: str | None
    figures: list[FigureRecord]
    sources: list[SourceRecord]


class WarningRecord(_Out):
    entity: str
    initiative: str
    message: str
    file: str
    line: int | None
    sources: list[SourceRecord]


class Summary(_Out):
    pass_: int = Field(alias="pass")
    warn: int
    fail: int
    waived: int
    pending: int
    no_data: int


class EachGroupRecord(_Out):
    """A target judged in each group of ``for_each``: how many of them have each status."""

    target: str
    entity: str
    for_each: str
    where: dict[str, str] | None
    count: int
    summary: Summary
    text: str


class Policy(_Out):
    fail_on: list[StatusName]
    require_explanations: bool


class ResultsDocument(_Out):
    """What ``goalcheck run --format json`` prints."""

    schema_version: Literal[1]
    as_of: str
    summary: Summary
    policy: Policy
    passed: bool
    results: list[ResultRecord]
    entities: list[EntityRecord]
    initiatives: list[InitiativeRecord]
    indicators: list[IndicatorRecord]
    metrics: list[MetricRecord]
    warnings: list[WarningRecord]
    groups: list[EachGroupRecord]


_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "goals": (GoalsFile, "A goalcheck goals file (goals.toml)"),
    "data": (DataFile, "A goalcheck data file: documents, metrics, objectives, initiatives"),
    "results": (ResultsDocument, "The JSON that `goalcheck run --format json` prints"),
}
SCHEMAS = tuple(_MODELS)

# goalcheck has no public home yet: the same placeholder as the SARIF reporter's HOME, under
# the reserved .invalid domain, so no $id can resolve to someone else's schema.
SCHEMA_BASE = "https://example.invalid/goalcheck/schemas/"


def schema_id(name: str) -> str:
    """The schema's ``$id``: its file name under schemas/, on the placeholder home."""
    return f"{SCHEMA_BASE}{name}.schema.json"


def json_schema(name: str) -> dict[str, Any]:
    model, title = _MODELS[name]
    schema = model.model_json_schema(by_alias=True)
    _describe(schema, model.__name__, _field_docs())
    schema = _one_line(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id(name),
        "title": title,
        **{key: value for key, value in schema.items() if key != "title"},
    }


def _one_line(node: Any) -> Any:
    """The schema with each description on one line, as an editor's hover shows it: the
    docstrings it comes from wrap at 100 columns."""
    if isinstance(node, dict):
        return {
            key: " ".join(value.split())
            if key == "description" and isinstance(value, str)
            else _one_line(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_one_line(item) for item in node]
    return node


def _field_docs() -> dict[str, dict[str, str]]:
    """Each file model's field docstrings, by class and field, read from the models' source:
    the string under a field is what the key means."""
    import ast
    import inspect

    from goalcheck.model import files, goals_files

    found: dict[str, dict[str, str]] = {}
    for module in (files, goals_files):
        tree = ast.parse(inspect.getsource(module))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            docs = found.setdefault(node.name, {})
            for field, after in zip(node.body, node.body[1:], strict=False):
                if (
                    isinstance(field, ast.AnnAssign)
                    and isinstance(field.target, ast.Name)
                    and isinstance(after, ast.Expr)
                    and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)
                ):
                    docs[field.target.id] = inspect.cleandoc(after.value.value)
    return found


def _describe(schema: dict[str, Any], top: str, docs: dict[str, dict[str, str]]) -> None:
    """Give each property of each model in ``schema`` its field's docstring as description."""
    models = [(top, schema), *schema.get("$defs", {}).items()]
    for name, model in models:
        properties = model.get("properties", {})
        for field, prop in properties.items():
            doc = docs.get(name, {}).get(field)
            if doc:  # a new dict: pydantic may share one property schema between fields
                properties[field] = {**prop, "description": doc}
