"""The JSON document: one object on stdout, the contract other tools build on.

Its shape is documented in the README and versioned by ``schema_version``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TextIO

from goalcheck.model import (
    SCHEMA_VERSION,
    ConsistencyWarning,
    Entity,
    IndicatorValue,
    Initiative,
    Metric,
    Report,
    Result,
    Source,
    Status,
)
from goalcheck.reporters import Options


def _number(value: Decimal | None) -> int | float | None:
    """Decimals as JSON numbers: integers stay integers, the rest the nearest float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _threshold(value: Decimal | tuple[Decimal, Decimal] | None) -> Any:
    if isinstance(value, tuple):
        return [_number(value[0]), _number(value[1])]
    return _number(value)


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)


def _sources(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [
        {"document": s.document, "section": s.section, "page": s.page, "file": s.file}
        for s in sources
    ]


def as_record(result: Result, options: Options) -> dict[str, Any]:
    target = result.target
    waiver = None
    if target.waiver is not None:
        waiver = {
            "until": str(target.waiver.until),
            "reason": target.waiver.reason,
            "decided_by": target.waiver.decided_by,
            "in_force": not result.waiver_expired,
        }
    change = None
    if target.change is not None:
        change = {
            "base_period": str(target.change.base_period),
            "base_value": _number(result.base_value),
            "percent": _number(target.change.percent),
        }
    return {
        "id": result.id,
        "entity": target.entity,
        "area": target.area,
        "metric": target.metric,
        "condition": "done_by" if target.kind == "milestone" else target.condition,
        "threshold": _threshold(result.threshold),
        "unit": "yes/no" if target.kind == "milestone" else (target.unit or "count"),
        "target_period": str(target.period),
        "actual": _number(result.actual),
        "actual_period": _text(result.actual_period),
        "final": result.final,
        "status": result.status.value,
        "margin": _number(result.margin),
        "sources": _sources(result.sources),
        "kind": target.kind,
        "objective": result.objective,
        "initiative": target.initiative,
        "label": target.label,
        "statement_da": target.statement_da,
        "subject_label": result.subject_label,
        "margin_unit": result.margin_unit,
        "progress": _number(result.progress),
        "bounds": target.bounds,
        "change": change,
        "warn_threshold": _number(target.warn_threshold),
        "waiver": waiver,
        "waived_status": result.waived_status.value if result.waived_status else None,
        "explanation": target.explanation,
        "fails_run": options.fails(result),
        "reason": result.reason,
    }


def _share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` in %, to two decimals; ``None`` of nothing."""
    if not whole:
        return None
    return float((Decimal(part) * 100 / whole).quantize(Decimal("0.01")))


def _objective(entity: Entity, number: int) -> dict[str, Any]:
    objective = entity.objectives[number]
    members = entity.supporting(number)
    completed = sum(1 for i in members if i.status == "completed")
    return {
        "number": number,
        "name": objective.name,
        "name_da": objective.name_da,
        "initiatives": len(members),
        "completed": completed,
        "completed_share": _share(completed, len(members)),
        "sources": _sources(objective.sources),
    }


def _entity(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "status_date": _text(entity.status_date),
        "status_date_note": entity.status_date_note,
        "objectives": [_objective(entity, number) for number in entity.objectives],
    }


def _initiative(initiative: Initiative) -> dict[str, Any]:
    return {
        "id": initiative.id,
        "entity": initiative.entity,
        "name_da": initiative.name_da,
        "summary": initiative.summary,
        "priority_year": initiative.priority_year,
        "status": initiative.status,
        "status_da": initiative.status_da,
        "objective": initiative.objective,
        "objective_name_da": initiative.objective_name_da,
        "budget_years": list(initiative.budget_years) if initiative.budget_years else None,
        "completed": _text(initiative.completed),
        "note": initiative.note,
        "sources": _sources(initiative.sources),
    }


def _metric(entity: str, metric: Metric) -> dict[str, Any]:
    return {
        "id": metric.id,
        "entity": entity,
        "label": metric.label,
        "label_da": metric.label_da,
        "unit": metric.unit,
        "formula": metric.formula,
        "note": metric.note,
        "figures": [
            {"period": str(period), "value": _number(value), "note": metric.notes.get(period)}
            for period, value in metric.figures.items()
        ],
        "sources": _sources(metric.sources),
    }


def _indicator(value: IndicatorValue) -> dict[str, Any]:
    indicator = value.indicator
    return {
        "id": indicator.id,
        "entity": indicator.entity,
        "area": indicator.area,
        "objective": indicator.objective,
        "label": indicator.label,
        "metric": indicator.metric,
        "unit": value.metric.unit,
        "value": _number(value.value),
        "period": _text(value.period),
        "note": indicator.note,
        "sources": _sources(value.metric.sources),
    }


def _warning(warning: ConsistencyWarning) -> dict[str, Any]:
    return {
        "entity": warning.entity,
        "initiative": warning.subject,
        "message": warning.message,
        "file": warning.file,
        "line": warning.line,
        "sources": _sources(warning.sources),
    }


def as_document(report: Report, options: Options) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "summary": {status.value: count for status, count in report.summary.items()},
        "policy": {
            "fail_on": [status.value for status in Status if status in options.fail_on],
            "require_explanations": options.require_explanations,
        },
        "passed": not any(options.fails(result) for result in report.results),
        "results": [as_record(result, options) for result in report.results],
        "entities": [_entity(entity) for entity in report.entities],
        "initiatives": [_initiative(initiative) for initiative in report.initiatives],
        "indicators": [_indicator(value) for value in report.indicators],
        "metrics": [
            _metric(entity.id, metric)
            for entity in report.entities
            for metric in entity.metrics.values()
        ],
        "warnings": [_warning(warning) for warning in report.warnings],
    }


def render(report: Report, options: Options) -> str:
    return json.dumps(as_document(report, options), indent=2, ensure_ascii=False) + "\n"


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.write(render(report, options))
