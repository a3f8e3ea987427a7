"""Metrics: figures checked against their units, derived metrics computed from formulas."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from decimal import Decimal

from goalcheck import formula as formulas
from goalcheck.limits import MAX_FORMULA_STEPS, number_problem
from goalcheck.loading.files import TomlDocument, resolve_source, suggest
from goalcheck.loading.observations import (
    figures_of,
    resolve_observations,
    table_observations,
)
from goalcheck.loading.tables import Table
from goalcheck.loading.units import unit_of
from goalcheck.locations import KeyPath
from goalcheck.model import (
    RATIO_UNITS,
    DocumentSpec,
    Metric,
    MetricSpec,
    Observation,
    Source,
    Unit,
)
from goalcheck.period import Period


def resolve_metrics(
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    documents: Mapping[str, DocumentSpec],
    declared: Mapping[str, Unit],
    tables: Sequence[Table] = (),
) -> dict[str, Metric]:
    """Each metric with its figures as finally known; derived ones computed in order."""
    series: dict[str, dict[Period, Decimal]] = {}
    own_sources: dict[str, Source] = {}
    parsed: dict[str, formulas.Formula] = {}
    observed: dict[str, tuple[Observation, ...]] = {}
    units: dict[str, Unit] = {}
    for metric_id, (spec, document) in metrics.items():
        key = ("metrics", metric_id)
        units[metric_id] = unit_of(spec.unit, declared, document, (*key, "unit"))
        own_sources[metric_id] = resolve_source(spec.source, documents, document, (*key, "source"))
    tabled = table_observations(tables, metrics, units, own_sources, documents)
    for metric_id, (spec, document) in metrics.items():
        key = ("metrics", metric_id)
        unit = units[metric_id]
        if spec.formula is not None:
            if spec.figures:
                raise document.error(
                    "a metric has either figures or a formula, not both", (*key, "formula")
                )
            parsed[metric_id] = _parse_formula(spec, metrics, document, key)
        observed[metric_id] = resolve_observations(metric_id, spec, unit, documents, document)
        if metric_id in tabled:  # after those written in TOML: the first written wins a tie
            observed[metric_id] += tuple(tabled[metric_id])
        from_tables = {o.period for o in tabled.get(metric_id, ()) if not o.group}
        for period in spec.notes:
            if period not in spec.figures and period not in from_tables and spec.formula is None:
                where = (*key, "notes", str(period))
                if any(item.period == period for item in spec.observations):
                    raise document.error(
                        f"notes go with figures, and {period} is an observation: give the"
                        " observation its own note",
                        where,
                    )
                raise document.error(f"note for period {period}, which has no figure", where)
        if spec.formula is None:
            series[metric_id] = figures_of(metric_id, spec, unit, observed[metric_id])

    for metric_id in _formula_order(parsed, metrics):
        series[metric_id] = _derive(metric_id, parsed[metric_id], metrics, units, series)

    resolved: dict[str, Metric] = {}
    for metric_id, (spec, _) in metrics.items():
        components = _components(metric_id, parsed)
        # dict.fromkeys: each source once, in order, without a list scan per component.
        sources = dict.fromkeys([own_sources[metric_id], *(own_sources[n] for n in components)])
        resolved[metric_id] = Metric(
            id=metric_id,
            label=spec.label,
            label_da=spec.label_da,
            unit=spec.unit,
            declared_unit=declared.get(spec.unit),
            sources=tuple(sources),
            note=spec.note,
            figures=series[metric_id],
            notes=dict(spec.notes),
            formula=spec.formula,
            components=parsed[metric_id].names if metric_id in parsed else (),
            observations=observed[metric_id],
            document=spec.source.document,
            prefer=spec.prefer,
            groups=tuple(spec.groups),
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
        raise document.error(f"invalid formula {_shown(spec.formula)}: {exc}", where) from None
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
    """Derived metrics in an order where each comes after those it uses; cycles are errors.

    A depth-first walk with an explicit stack: a chain of thousands of derived metrics must not
    exhaust Python's recursion limit.
    """
    order: list[str] = []
    done: set[str] = set()
    for start in parsed:
        if start in done:
            continue
        trail = [start]  # the metrics being visited, each using the next
        on_trail = {start}
        pending = [iter(parsed[start].names)]  # for each metric on the trail, names to visit
        while pending:
            name = next(pending[-1], None)
            if name is None:  # every metric this one uses is in order: so is this one
                pending.pop()
                finished = trail.pop()
                on_trail.discard(finished)
                done.add(finished)
                order.append(finished)
            elif name in on_trail:
                cycle = trail[trail.index(name) :]
                raise metrics[name][1].error(_cycle_message(cycle), ("metrics", name, "formula"))
            elif name in parsed and name not in done:
                trail.append(name)
                on_trail.add(name)
                pending.append(iter(parsed[name].names))
    return order


def _cycle_message(cycle: Sequence[str]) -> str:
    """``a -> b -> a``; a long cycle keeps its ends and counts the rest, to stay one line."""
    head, tail = 5, 3
    shown = [*cycle, cycle[0]]
    if len(cycle) <= head + tail + 1:
        return "formulas form a cycle: " + " -> ".join(shown)
    left_out = len(cycle) - head - tail
    return (
        f"formulas form a cycle through {len(cycle)} metrics: "
        + " -> ".join(shown[:head])
        + f" -> … ({left_out} more) … -> "
        + " -> ".join(shown[-tail - 1 :])
    )


def _derive(
    metric_id: str,
    parsed: formulas.Formula,
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    units: Mapping[str, Unit],
    series: Mapping[str, Mapping[Period, Decimal]],
) -> dict[Period, Decimal]:
    """The derived figures, for each period in which every metric used has a figure."""
    _, document = metrics[metric_id]
    unit = units[metric_id]
    where = ("metrics", metric_id, "formula")
    periods = set.intersection(*(set(series[name]) for name in parsed.names))
    steps = len(parsed.program) * len(periods)
    if steps > MAX_FORMULA_STEPS:
        # Checked here, once: evaluating it as of any day covers no more periods than this.
        raise document.error(
            f"invalid formula {_shown(parsed.text)}: {len(parsed.program)} steps for each of"
            f" {len(periods)} periods is more than the {MAX_FORMULA_STEPS:,} steps a formula may"
            " take",
            where,
        )
    values: dict[Period, Decimal] = {}
    for period in sorted(periods):
        try:
            value = formulas.evaluate(parsed, {name: series[name][period] for name in parsed.names})
        except formulas.FormulaRangeError as exc:
            # Overflow takes thousands of steps: the formula, not one figure, is to blame.
            message = f"invalid formula {_shown(parsed.text)}: {exc} in the figures for {period}"
            raise document.error(message, where) from None
        except formulas.FormulaError as exc:  # a zero divisor: one of the figures is to blame
            raise document.error(f"{exc} in the figures for {period}", where) from None
        # Figures are held to the number limits as they are read; a derived value must be too.
        if (problem := number_problem(value)) is not None:
            message = (
                f"invalid formula {_shown(parsed.text)}: in the figures for {period}, {problem}"
            )
            raise document.error(message, where)
        if not unit.admits(value):
            raise document.error(
                f"the formula gives, for {period}, {unit.out_of_range(value)}", where
            )
        values[period] = value
    return values


def _components(metric_id: str, parsed: Mapping[str, formulas.Formula]) -> list[str]:
    """Every metric a derived metric is computed from, directly or not, in first-use order."""
    found: dict[str, None] = {}  # an ordered set: a list's `in` would make this quadratic
    pending = deque(parsed[metric_id].names if metric_id in parsed else ())
    while pending:
        name = pending.popleft()
        if name not in found:
            found[name] = None
            pending.extend(parsed[name].names if name in parsed else ())
    return list(found)


def _shown(text: str) -> str:
    """A formula quoted for a message, abridged: it may run to thousands of terms."""
    return repr(text if len(text) <= 60 else text[:59] + "…")
