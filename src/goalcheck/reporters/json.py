"""The JSON document: one object on stdout, the contract other tools build on.

Its shape is documented in the README and versioned by ``schema_version``.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TextIO

from goalcheck.model import SCHEMA_VERSION, Report, Result, Source


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


def _source(source: Source) -> dict[str, Any]:
    return {
        "document": source.document,
        "section": source.section,
        "page": source.page,
        "file": source.file,
    }


def as_record(result: Result) -> dict[str, Any]:
    target = result.target
    change = None
    if target.change is not None:
        change = {
            "base_period": str(target.change.base_period),
            "base_value": _number(result.base_value),
            "percent": _number(target.change.percent),
        }
    return {
        "id": target.id,
        "entity": target.entity,
        "area": target.area,
        "metric": target.metric,
        "condition": target.condition,
        "threshold": _threshold(result.threshold),
        "unit": target.unit,
        "target_period": str(target.period),
        "actual": _number(result.actual),
        "actual_period": str(result.actual_period) if result.actual_period else None,
        "final": result.final,
        "status": result.status.value,
        "margin": _number(result.margin),
        "sources": [_source(source) for source in result.sources],
        "label": target.label,
        "statement_da": target.statement_da,
        "metric_label": result.metric_label,
        "bounds": target.bounds,
        "change": change,
        "reason": result.reason,
    }


def as_document(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "summary": {status.value: count for status, count in report.summary.items()},
        "results": [as_record(result) for result in report.results],
    }


def render(report: Report) -> str:
    return json.dumps(as_document(report), indent=2, ensure_ascii=False) + "\n"


def write(report: Report, stream: TextIO) -> None:
    stream.write(render(report))
