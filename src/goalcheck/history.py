"""Figures as known on a day: which of a metric's observations counts, and what it replaced.

A metric may hold several observations of one period: a figure restated in a later report, two
sources that disagree, a year-to-date figure and then the whole year. As of a day, only those
published by then count. Of those, one covering the most of its period wins; of those, the one
published last (a restatement replaces what came before); of several published the same day,
the one from the metric's ``prefer`` document, else from its own source document, else the
first written. Derived metrics are worked out from their metrics' figures as known that day.
No I/O, and no verdicts of its own: the engine says how a value is judged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

from goalcheck import formula as formulas
from goalcheck.i18n import Message
from goalcheck.limits import number_problem
from goalcheck.model import (
    UNITS,
    Entity,
    Group,
    Metric,
    Observation,
    OtherValue,
    Result,
    Source,
    Status,
    suffix,
)
from goalcheck.period import Period

_FOREVER = date.max
_T = TypeVar("_T")
Threshold = Decimal | tuple[Decimal, Decimal]


@dataclass(kw_only=True, slots=True)
class Figure:
    """A metric's figure for one period as known on a day, and the history behind it. Never
    changed once made; not frozen only because frozen dataclasses are slow to make, and a run
    makes one per period of every metric it judges."""

    period: Period
    value: Decimal
    published: Period
    """When it became known; for a derived figure, when the last of its metrics' did."""
    through: Period | None = None
    """Set when it covers its period only up to this period's last day (year to date)."""
    sources: tuple[Source, ...]
    restated: tuple[OtherValue, ...] = ()
    disagreements: tuple[OtherValue, ...] = ()
    """Each with ``actual``: this figure's value had that value been the one chosen."""


@dataclass(frozen=True, kw_only=True)
class Series:
    """A metric's figures as known on a day, by period in order."""

    figures: dict[Period, Figure]
    problems: dict[Period, str] = field(default_factory=dict)
    """For a derived metric: why a period every metric it uses has gives no figure (a zero
    divisor, a value out of its unit's range): a reason to report, not a crash."""

    def whole(self) -> dict[Period, Decimal]:
        """The values of the figures that cover their whole period: what verdicts rest on."""
        return {p: f.value for p, f in self.figures.items() if f.through is None}

    def problem(self, due: Period, judged: Period | None) -> str | None:
        """Why the latest period up to ``due`` after the one judged (if any) has no figure."""
        found = [p for p in self.problems if p.end <= due.end and (judged is None or p > judged)]
        return self.problems[max(found)] if found else None


class Known:
    """An entity's figures as known on one day; each metric's worked out once, when asked.

    ``evaluate`` makes one per entity and hands it to every target: 8 000 targets on four
    metrics need each metric's figures worked out once, not 8 000 times."""

    def __init__(self, entity: Entity, day: date) -> None:
        self.entity = entity
        self._entity = entity
        self._day = day
        self._series: dict[Group, dict[str, Series]] = {}

    def series(self, metric_id: str, group: Group = ()) -> Series:
        """The metric's figures for ``group`` (``()``: the whole) as known on the day."""
        done = self._series.setdefault(group, {})
        # Metrics before the derived metrics that use them, with an explicit stack: a chain of
        # a thousand derived metrics must not exhaust Python's recursion limit.
        for name in _uses_first(self._entity, metric_id, done):
            metric = self._entity.metrics[name]
            if metric.formula is None:
                done[name] = Series(figures=select(metric, self._day, group))
            else:
                done[name] = _derive(metric, done, self._day)
        return done[metric_id]


def groups_of(entity: Entity, metric_id: str, name: str, where: Group = ()) -> list[str]:
    """The values of group ``name`` that the metric has figures for within ``where``: for a
    derived metric, those every reported metric it is worked out from has, sorted."""
    wanted = {key for key, _ in where} | {name}
    found: set[str] | None = None
    for leaf in reported_under(entity, metric_id):
        values = {
            dict(group)[name]
            for group in entity.metrics[leaf].by_group
            if {key for key, _ in group} == wanted and set(where) <= set(group)
        }
        found = values if found is None else found & values
    return sorted(found or ())


def reported_under(entity: Entity, metric_id: str) -> list[str]:
    """The reported metrics a metric is worked out from (itself, when it is reported)."""
    leaves: dict[str, None] = {}
    seen: set[str] = set()
    stack = [metric_id]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        components = entity.metrics[name].components
        if components:
            stack.extend(components)
        else:
            leaves[name] = None
    return list(leaves)


def observed(metric: Metric) -> tuple[Observation, ...]:
    """A metric's observations; for one built from figures alone, one per figure, known when
    its period ends. A derived metric has none: its figures are worked out."""
    if metric.observations or not metric.figures or metric.formula is not None:
        return metric.observations
    source, document = metric.sources[0], metric.document or ""
    return tuple(
        Observation(
            period=p, value=v, source=source, document=document, published=Period.parse(p.end)
        )
        for p, v in metric.figures.items()
    )


def select(metric: Metric, day: date = _FOREVER, group: Group = ()) -> dict[Period, Figure]:
    """A reported metric's figures for ``group`` (``()``: the whole) as known on ``day`` (by
    default: once all is known)."""
    by_period: dict[Period, list[Observation]] = {}
    if metric.observations:
        found = metric.by_group.get(group, ())
    else:  # built from figures alone: of the whole
        found = () if group else observed(metric)
    for observation in found:
        if observation.known_from <= day:
            by_period.setdefault(observation.period, []).append(observation)
    ordered = sorted(by_period.items(), key=lambda item: item[0])
    return {period: _figure(metric, found) for period, found in ordered}


def eventual(metric: Metric) -> dict[Period, Decimal]:
    """The value of each period once everything is known: the metric's ``figures``."""
    return {period: figure.value for period, figure in select(metric).items()}


def _figure(metric: Metric, found: list[Observation]) -> Figure:
    if len(found) == 1:  # most figures have no history: no need to weigh one
        (only,) = found
        return Figure(
            period=only.period,
            value=only.value,
            published=only.published,
            through=only.through,
            sources=(only.source,),
        )
    # A whole-year figure outranks a year-to-date one whenever published: a later partial
    # figure does not restate the whole.
    widest = max(o.covers for o in found)
    rivals = [o for o in found if o.covers == widest]
    last = max(o.known_from for o in rivals)
    tied = [o for o in rivals if o.known_from == last]
    chosen = _preferred(metric, tied)
    earlier = sorted((o for o in rivals if o.known_from < last), key=lambda o: o.known_from)
    return Figure(
        period=chosen.period,
        value=chosen.value,
        published=chosen.published,
        through=chosen.through,
        sources=(chosen.source,),
        restated=tuple(_other(metric, o) for o in earlier if o.value != chosen.value),
        disagreements=tuple(
            replace(_other(metric, o), actual=o.value) for o in tied if o.value != chosen.value
        ),
    )


def _preferred(metric: Metric, tied: list[Observation]) -> Observation:
    """Of observations published the same day: the metric's preferred document's, else its
    own source document's, else the first written."""
    for wanted in (metric.prefer, metric.document):
        for observation in tied:
            if wanted is not None and observation.document == wanted:
                return observation
    return tied[0]


def _other(metric: Metric, observation: Observation) -> OtherValue:
    return OtherValue(
        metric=metric.id,
        unit=metric.unit,
        period=observation.period,
        value=observation.value,
        published=observation.published,
        sources=(observation.source,),
    )


def _uses_first(entity: Entity, metric_id: str, done: Mapping[str, Series]) -> list[str]:
    """``metric_id`` and the metrics it is derived from not yet worked out, each after the
    metrics it uses. Loading has rejected cycles."""
    order: list[str] = []
    seen: set[str] = set()
    stack: list[tuple[str, bool]] = [(metric_id, False)]
    while stack:
        name, expanded = stack.pop()
        if expanded:
            order.append(name)
        elif name not in seen and name not in done:
            seen.add(name)
            stack.append((name, True))
            stack.extend((used, False) for used in reversed(entity.metrics[name].components))
    return order


@lru_cache(maxsize=256)
def _parsed(text: str) -> formulas.Formula:
    return formulas.parse(text)


def _derive(metric: Metric, done: Mapping[str, Series], day: date) -> Series:
    """A derived metric's figures for each period every metric it uses has one for."""
    assert metric.formula is not None
    parsed = _parsed(metric.formula)
    used = [done[name] for name in parsed.names]
    periods = set.intersection(*(set(series.figures) for series in used))
    figures: dict[Period, Figure] = {}
    problems: dict[Period, str] = {}
    for period in sorted(periods):
        parts = {name: done[name].figures[period] for name in parsed.names}
        value = _evaluate(metric, parsed, {name: part.value for name, part in parts.items()})
        if isinstance(value, str):
            problems[period] = Message(
                "{metric} has no figure for {period}: {problem}",
                metric=metric.id,
                period=period,
                problem=value,
            )
            continue
        throughs = [part.through for part in parts.values() if part.through is not None]
        figures[period] = Figure(
            period=period,
            value=value,
            published=max((part.published for part in parts.values()), key=lambda p: p.end),
            through=min(throughs, key=lambda p: p.end) if throughs else None,
            sources=_unique(s for part in parts.values() for s in part.sources),
            restated=_unique(r for part in parts.values() for r in part.restated),
            disagreements=_disagreements(metric, parsed, parts),
        )
    return Series(figures=figures, problems=problems)


def _disagreements(
    metric: Metric, parsed: formulas.Formula, parts: Mapping[str, Figure]
) -> tuple[OtherValue, ...]:
    """The disagreements among the metrics used, each with this figure's value on it."""
    found: dict[tuple[object, ...], OtherValue] = {}
    for part in parts.values():
        for other in part.disagreements:
            found.setdefault(_identity(other), other)
    with_values: list[OtherValue] = []
    for key, other in found.items():
        # Where two metrics used share the disagreement (both derived from it), both change.
        values: dict[str, Decimal] = {}
        for name, part in parts.items():
            on_it = next((d for d in part.disagreements if _identity(d) == key), None)
            if on_it is not None and on_it.actual is None:
                break  # that metric has no value on it, so neither has this one
            values[name] = part.value if on_it is None or on_it.actual is None else on_it.actual
        value = _evaluate(metric, parsed, values) if len(values) == len(parts) else None
        with_values.append(replace(other, actual=value if isinstance(value, Decimal) else None))
    return tuple(with_values)


def _identity(other: OtherValue) -> tuple[object, ...]:
    return (other.metric, other.period, other.value, other.published, other.sources)


def _evaluate(
    metric: Metric, parsed: formulas.Formula, values: Mapping[str, Decimal]
) -> Decimal | str:
    """The formula's value, or what is wrong with it: loading checked every figure known in
    the end, but an earlier or a disagreeing one may still divide by zero or leave the range."""
    try:
        value = formulas.evaluate(parsed, values)
    except formulas.FormulaError as exc:
        return str(exc)
    if (problem := number_problem(value)) is not None:
        return problem
    unit = metric.measure
    if not unit.admits(value):
        return f"the formula gives {unit.out_of_range(value)}"
    return value


def _unique(items: Iterable[_T]) -> tuple[_T, ...]:
    return tuple(dict.fromkeys(items))


def accumulates(unit: str) -> bool:
    """Whether a figure in ``unit`` only grows as its period runs (a count, tonnes, hours), so
    that a year-to-date figure that has reached a goal has reached it for the year. A share,
    an index, a score or an amount of money may fall again. A unit a data file declares is
    not known to only grow, whatever its range."""
    found = UNITS.get(unit)
    return found is not None and found.accumulates


# What a figure's history adds to a result


def grows(metrics: Mapping[str, Metric], metric: Metric) -> bool:
    """Whether the metric's figures only grow as their period runs: a reported metric in a unit
    that only grows, or a formula that only adds such metrics (``short + long``). A difference
    (``hires - leavers``), a product or a share may fall, whatever its unit."""
    todo, seen = [metric], set()
    while todo:  # a chain of derived metrics may be a thousand long: no recursion
        current = todo.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        if not accumulates(current.unit):
            return False
        if current.formula is not None:
            if not formulas.only_adds(_parsed(current.formula)):
                return False
            todo += [metrics[name] for name in current.components if name in metrics]
    return True


def can_confirm_early(condition: str, threshold: Threshold, grows: bool) -> bool:
    """Whether a year-to-date figure that meets the target settles it: only an "at least" goal
    on a figure that only grows as its period runs (``grows``)."""
    return condition in (">=", ">") and isinstance(threshold, Decimal) and grows


def partial_reason(figure: Figure, unit: str) -> str:
    """Why a year-to-date figure settles nothing: what it covers."""
    return Message(
        "the latest figure, {value}{unit} for {period}, covers {period} only through {through}",
        value=figure.value,
        unit=suffix(unit),
        period=figure.period,
        through=figure.through,
    )


StatusOf = Callable[[Decimal, Threshold], Status]


def with_history(result: Result, used: Figure, base: Figure | None, status_of: StatusOf) -> Result:
    """``result``, judged on ``used`` (and a change target's ``base``), saying when they became
    known, what they replaced, and what other sources gave the same day, with the status the
    result would have on each: where that differs, a consistency warning."""
    figures = [used] if base is None or base is used else [used, base]
    change = result.target.change
    others: list[OtherValue] = []
    for figure in figures:
        for other in figure.disagreements:
            status = None
            if (
                other.actual is not None
                and result.actual is not None
                and result.threshold is not None
            ):
                if figure is used:
                    status = status_of(other.actual, result.threshold)
                elif change is not None:  # the base figure: the threshold moves with it
                    status = status_of(result.actual, change.threshold(other.actual))
            differs = status is not None and status is not result.status
            others.append(replace(other, status=status, differs=differs))
    return replace(
        result,
        published=used.published,
        through=used.through,
        sources=_unique((*result.sources, *(s for f in figures for s in f.sources))),
        restated=_unique(r for f in figures for r in f.restated),
        disagreements=tuple(others),
    )
