"""The JSON document: one object on stdout, the contract other tools build on.

Its shape is documented in the README and versioned by ``schema_version``. Numbers are written
exactly as goalcheck judged them (``1e-9`` as ``0.000000001``, never rounded through a float),
and text is exact too, with the characters that could act on a terminal escaped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any, TextIO

from goalcheck import history
from goalcheck.model import (
    SCHEMA_VERSION,
    ConsistencyWarning,
    Entity,
    IndicatorValue,
    Initiative,
    Metric,
    OtherValue,
    Path,
    Projection,
    Report,
    Result,
    Source,
    Status,
)
from goalcheck.reporters import Options, json_text
from goalcheck.reporters.groups import EachGroup, each_group

_number = json_text.number


def _threshold(value: Decimal | tuple[Decimal, Decimal] | None) -> Any:
    if isinstance(value, tuple):
        return [_number(value[0]), _number(value[1])]
    return _number(value)


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)


def sources(found: tuple[Source, ...]) -> list[dict[str, Any]]:
    """Each source as a record: the document, section, page, file, url and table cell."""
    return [
        {
            "document": s.document,
            "section": s.section,
            "page": s.page,
            "file": s.file,
            "url": s.url,
            "cell": s.cell,
        }
        for s in found
    ]


def _other_value(other: OtherValue) -> dict[str, Any]:
    """A value a restatement replaced, or another source gave the same day."""
    return {
        "metric": other.metric,
        "period": str(other.period),
        "value": _number(other.value),
        "published": str(other.published),
        "sources": sources(other.sources),
    }


def _disagreement(other: OtherValue) -> dict[str, Any]:
    """A value another source gave the same day: the figure on it, and the verdict."""
    return {
        **_other_value(other),
        "actual": _number(other.actual),
        "status": other.status.value if other.status else None,
        "verdict_differs": other.differs,
    }


def as_record(result: Result, options: Options) -> dict[str, Any]:
    target = result.target
    waiver = None
    if target.waiver is not None:
        waiver = {
            "until": str(target.waiver.until),
            "reason": target.waiver.reason,
            "decided_by": target.waiver.decided_by,
            "decided": None if target.waiver.decided is None else str(target.waiver.decided),
            "in_force": not (result.waiver_expired or result.waiver_undecided),
        }
    change = None
    if target.change is not None:
        change = {
            "base_period": str(target.change.base_period),
            "base_value": _number(result.base_value),
            "percent": _number(target.change.percent),
            "by": _number(target.change.by),
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
        "sources": sources(result.sources),
        "kind": target.kind,
        "path": _path(result.path),
        "projection": _projection(result.projection),
        "target": target.id,
        "group": dict(result.group) or None,
        "for_each": target.for_each,
        "objective": result.objective,
        "initiative": target.initiative,
        "label": target.label,
        "statement_da": target.statement_da,
        "statement": target.statement,
        "lang": target.lang,
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
        "actual_published": _text(result.published),
        "actual_through": _text(result.through),
        "restated": [_other_value(other) for other in result.restated],
        "disagreements": [_disagreement(other) for other in result.disagreements],
        "severity": target.severity,
        "revisions": [
            {
                "since": str(revision.since),
                "threshold": _threshold(revision.threshold),
                "reason": revision.reason,
                "decided_by": revision.decided_by,
                "in_force": revision == result.revision,
            }
            for revision in target.revisions
        ],
        "margin_range": (
            None
            if result.margin_range is None
            else [_number(result.margin_range[0]), _number(result.margin_range[1])]
        ),
    }


def _path(path: Path | None) -> dict[str, Any] | None:
    if path is None:
        return None
    return {
        "baseline_period": str(path.baseline_period),
        "baseline_value": _number(path.baseline_value),
        "figure_period": str(path.figure_period),
        "expected": _number(path.expected),
        "on_track": path.on_track,
        "distance": _number(path.distance),
    }


def _projection(projection: Projection | None) -> dict[str, Any] | None:
    if projection is None:
        return None
    return {
        "value": _number(projection.value),
        "period": str(projection.period),
        "figures": projection.figures,
        "method": projection.method,
    }


def _share(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in %, to two decimals; ``None`` of nothing."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.01"))


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
        "sources": sources(objective.sources),
    }


def _entity(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "status_date": _text(entity.status_date),
        "status_date_note": entity.status_date_note,
        "objectives": [_objective(entity, number) for number in entity.objectives],
        "units": [
            {
                "symbol": unit.symbol,
                "description": unit.description,
                "minimum": _number(unit.minimum),
                "maximum": _number(unit.maximum),
            }
            for unit in entity.units.values()
        ],
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
        "started": _text(initiative.started),
        "completed": _text(initiative.completed),
        "note": initiative.note,
        "sources": sources(initiative.sources),
    }


def _metric(entity: str, metric: Metric, known: history.Known) -> dict[str, Any]:
    return {
        "id": metric.id,
        "entity": entity,
        "label": metric.label,
        "label_da": metric.label_da,
        "unit": metric.unit,
        "formula": metric.formula,
        "note": metric.note,
        "figures": _figures(metric, known),
        "sources": sources(metric.sources),
    }


def _figures(metric: Metric, known: history.Known) -> list[dict[str, Any]]:
    """Every observation, by period (as written within one); a derived metric's figures as
    its formula gives them once everything is known, each published when the last of the
    figures it uses was, from their sources."""
    if metric.formula is not None:
        return [
            {
                "period": str(period),
                "group": None,
                "value": _number(figure.value),
                "note": metric.notes.get(period),
                "published": str(figure.published),
                "through": _text(figure.through),
                "sources": sources(figure.sources),
            }
            for period, figure in known.series(metric.id).figures.items()
        ]
    return [
        {
            "period": str(o.period),
            "group": dict(o.group) if o.group else None,
            "value": _number(o.value),
            "note": o.note,
            "published": str(o.published),
            "through": _text(o.through),
            "sources": sources((o.source,)),
        }
        for o in sorted(history.observed(metric), key=lambda o: o.period)
    ]


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
        "sources": sources(value.metric.sources),
    }


def _warning(warning: ConsistencyWarning) -> dict[str, Any]:
    return {
        "entity": warning.entity,
        "initiative": warning.subject,
        "message": warning.message,
        "file": warning.file,
        "line": warning.line,
        "sources": sources(warning.sources),
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
        # Made as it is written, a metric at a time: with hundreds of thousands of figures,
        # their records all at once would take several times the memory of the text.
        "metrics": (
            _metric(entity.id, metric, known)
            for entity, known in ((e, history.Known(e, date.max)) for e in report.entities)
            for metric in entity.metrics.values()
        ),
        "warnings": [_warning(warning) for warning in report.warnings],
        "groups": [_each_group(each) for each in each_group(list(report.results))],
    }


def _each_group(each: EachGroup) -> dict[str, Any]:
    """A ``for_each`` target's tally: how many of its groups have each status."""
    counts = {status.value: 0 for status in Status}
    for result in each.results.values():
        counts[result.status.value] += 1
    return {
        "target": each.target.id,
        "entity": each.target.entity,
        "for_each": each.name,
        "where": dict(each.target.where) or None,
        "count": len(each.results),
        "summary": counts,
        "text": each.tally(),
    }


# Exact in JSON, but acting on a terminal when printed raw: DEL, C1 controls, line separators,
# bidi controls, and lone surrogates (undecodable bytes in a file name), which UTF-8 cannot
# carry. json escapes the C0 controls itself.
def pieces(report: Report, options: Options) -> Iterator[str]:
    """The document's text in pieces, made as they are asked for."""
    return json_text.document(as_document(report, options))


def render(report: Report, options: Options) -> str:
    return "".join(pieces(report, options))


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.write(render(report, options))
