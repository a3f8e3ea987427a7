"""Metrics: figures checked against their units, derived metrics computed from formulas."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from goalcheck import formula as formulas
from goalcheck.loading.files import TomlDocument, resolve_source, suggest
from goalcheck.locations import KeyPath
from goalcheck.model import (
    RATIO_UNITS,
    UNITS,
    DocumentSpec,
    Metric,
    MetricSpec,
    Source,
)
from goalcheck.period import Period


def resolve_metrics(
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    documents: Mapping[str, DocumentSpec],
) -> dict[str, Metric]:
    series: dict[str, dict[Period, Decimal]] = {}
    own_sources: dict[str, Source] = {}
    parsed: dict[str, formulas.Formula] = {}
    for metric_id, (spec, document) in metrics.items():
        key = ("metrics", metric_id)
        own_sources[metric_id] = resolve_source(spec.source, documents, document, (*key, "source"))
        unit = UNITS[spec.unit]
        if spec.formula is not None:
            if spec.figures:
                raise document.error(
                    "a metric has either figures or a formula, not both", (*key, "formula")
                )
            parsed[metric_id] = _parse_formula(spec, metrics, document, key)
        for period, value in spec.figures.items():
            if not unit.admits(value):
                raise document.error(unit.out_of_range(value), (*key, "figures", str(period)))
        for period in spec.notes:
            if period not in spec.figures and spec.formula is None:
                raise document.error(
                    f"note for period {period}, which has no figure", (*key, "notes", str(period))
                )
        if spec.formula is None:
            series[metric_id] = dict(sorted(spec.figures.items()))

    for metric_id in _formula_order(parsed, metrics):
        series[metric_id] = _derive(metric_id, parsed[metric_id], metrics, series)

    resolved: dict[str, Metric] = {}
    for metric_id, (spec, _) in metrics.items():
        sources = [own_sources[metric_id]]
        for name in _components(metric_id, parsed):
            if own_sources[name] not in sources:
                sources.append(own_sources[name])
        resolved[metric_id] = Metric(
            id=metric_id,
            label=spec.label,
            label_da=spec.label_da,
            unit=spec.unit,
            sources=tuple(sources),
            note=spec.note,
            figures=series[metric_id],
            notes=dict(spec.notes),
            formula=spec.formula,
        )
    return resolved


def _parse_formula(
    spec: MetricSpec,
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    document: TomlDocument,
    key: KeyPath,
) -> formulas.Formula:
    assert spec.formula is not None
    where = (*key, "formula")
    try:
        parsed = formulas.parse(spec.formula)
    except formulas.FormulaError as exc:
        raise document.error(f"invalid formula {spec.formula!r}: {exc}", where) from None
    if not parsed.names:
        raise document.error(
            "a formula must use at least one metric; a constant is a figure", where
        )
    for name in parsed.names:
        if name not in metrics:
            raise document.error(
                f"unknown metric {name!r} in formula{suggest(name, list(metrics))}", where
            )
    units = {name: metrics[name][0].unit for name in parsed.names}
    try:
        unit = formulas.infer_unit(parsed, units)
    except formulas.FormulaError as exc:
        raise document.error(f"units do not add up: {exc}", where) from None
    if unit != spec.unit and not (unit == formulas.DIMENSIONLESS and spec.unit in RATIO_UNITS):
        raise document.error(
            f"the formula gives {unit!r} but the metric's unit is {spec.unit!r}", where
        )
    return parsed


def _formula_order(
    parsed: Mapping[str, formulas.Formula],
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
) -> list[str]:
    """Derived metrics in an order where each comes after those it uses; cycles are errors."""
    order: list[str] = []
    done: set[str] = set()

    def visit(metric_id: str, trail: list[str]) -> None:
        if metric_id in done or metric_id not in parsed:
            return
        if metric_id in trail:
            cycle = [*trail[trail.index(metric_id) :], metric_id]
            document = metrics[metric_id][1]
            raise document.error(
                "formulas form a cycle: " + " -> ".join(cycle), ("metrics", metric_id, "formula")
            )
        for name in parsed[metric_id].names:
            visit(name, [*trail, metric_id])
        done.add(metric_id)
        order.append(metric_id)

    for metric_id in parsed:
        visit(metric_id, [])
    return order


def _derive(
    metric_id: str,
    parsed: formulas.Formula,
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    series: Mapping[str, Mapping[Period, Decimal]],
) -> dict[Period, Decimal]:
    """The derived figures, for each period in which every metric used has a figure."""
    spec, document = metrics[metric_id]
    unit = UNITS[spec.unit]
    where = ("metrics", metric_id, "formula")
    periods = set.intersection(*(set(series[name]) for name in parsed.names))
    values: dict[Period, Decimal] = {}
    for period in sorted(periods):
        try:
            value = formulas.evaluate(parsed, {name: series[name][period] for name in parsed.names})
        except formulas.FormulaError as exc:
            raise document.error(f"{exc} in the figures for {period}", where) from None
        if not unit.admits(value):
            raise document.error(
                f"the formula gives, for {period}, {unit.out_of_range(value)}", where
            )
        values[period] = value
    return values


def _components(metric_id: str, parsed: Mapping[str, formulas.Formula]) -> list[str]:
    """Every metric a derived metric is computed from, directly or not, in first-use order."""
    found: list[str] = []
    pending = list(parsed[metric_id].names) if metric_id in parsed else []
    while pending:
        name = pending.pop(0)
        if name not in found:
            found.append(name)
            pending.extend(parsed[name].names if name in parsed else ())
    return found
