"""JSON Schemas: of the goals and data files, and of the JSON that ``--format json`` prints.

The file schemas come from the pydantic models that load the files. The results schema comes
from the records in ``results_records`` and ``report_records``, which mirror the JSON
reporter's output; a test validates real output against it, so the two cannot drift apart
unnoticed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from goalcheck.model import DataFile, GoalsFile
from goalcheck.report_records import (
    EachGroupRecord,
    EntityRecord,
    FigureRecord,
    IndicatorRecord,
    InitiativeRecord,
    MetricRecord,
    ObjectiveRecord,
    Policy,
    ResultsDocument,
    Summary,
    UnitRecord,
    WarningRecord,
)
from goalcheck.results_records import (
    ChangeRecord,
    DisagreementRecord,
    Number,
    OtherValueRecord,
    PathRecord,
    ProjectionRecord,
    ResultRecord,
    RevisionRecord,
    SourceRecord,
    StatusName,
    WaiverRecord,
)

# The records are importable from here too: from goalcheck.schemas import ResultsDocument.
__all__ = [
    "SCHEMAS",
    "SCHEMA_BASE",
    "ChangeRecord",
    "DisagreementRecord",
    "EachGroupRecord",
    "EntityRecord",
    "FigureRecord",
    "IndicatorRecord",
    "InitiativeRecord",
    "MetricRecord",
    "Number",
    "ObjectiveRecord",
    "OtherValueRecord",
    "PathRecord",
    "Policy",
    "ProjectionRecord",
    "ResultRecord",
    "ResultsDocument",
    "RevisionRecord",
    "SourceRecord",
    "StatusName",
    "Summary",
    "UnitRecord",
    "WaiverRecord",
    "WarningRecord",
    "json_schema",
    "schema_id",
]

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


def schema_text(name: str) -> str:
    """The schema as ``goalcheck schema`` prints it and ``goalcheck init`` writes it."""
    import json

    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


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
    """Each model's field docstrings, by class and by the field's key in JSON (its alias, where
    it has one: ``Summary.pass_`` is "pass"), read from the models' source: the string under a
    field is what the key means. A class has its bases' too, for the fields it inherits."""
    import ast
    import inspect

    from goalcheck import report_records, results_records
    from goalcheck.model import files, goals_files

    found: dict[str, dict[str, str]] = {}
    for module in (files, goals_files, results_records, report_records):
        tree = ast.parse(inspect.getsource(module))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            docs = found.setdefault(node.name, {})
            for base in node.bases:
                if isinstance(base, ast.Name):
                    docs.update(found.get(base.id, {}))
            model = getattr(module, node.name, None)
            fields = (
                model.model_fields
                if isinstance(model, type) and issubclass(model, BaseModel)
                else {}
            )
            for field, after in zip(node.body, node.body[1:], strict=False):
                if (
                    isinstance(field, ast.AnnAssign)
                    and isinstance(field.target, ast.Name)
                    and isinstance(after, ast.Expr)
                    and isinstance(after.value, ast.Constant)
                    and isinstance(after.value.value, str)
                ):
                    name = field.target.id
                    alias = fields[name].alias if name in fields else None
                    docs[alias or name] = inspect.cleandoc(after.value.value)
    return found


def _describe(schema: dict[str, Any], top: str, docs: dict[str, dict[str, str]]) -> None:
    """Give each property of each model in ``schema`` its field's docstring as description:
    ``docs`` has them by class and by key, as the schema names the properties."""
    models = [(top, schema), *schema.get("$defs", {}).items()]
    for name, model in models:
        properties = model.get("properties", {})
        for field, prop in properties.items():
            doc = docs.get(name, {}).get(field)
            if doc:  # a new dict: pydantic may share one property schema between fields
                properties[field] = {**prop, "description": doc}
