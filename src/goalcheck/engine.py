"""The rules engine: judge each target against what was reported. No I/O, no exit.

Everything is judged as of one day, ``as_of``: a figure or completion whose period ends after
it is not yet known, a target due after it may still be pending.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

from goalcheck.model import (
    Entity,
    Goals,
    Indicator,
    IndicatorValue,
    Metric,
    Report,
    Result,
    Source,
    Status,
    Target,
)
from goalcheck.period import Period

_HUNDRED = Decimal(100)

Threshold = Decimal | tuple[Decimal, Decimal]


def evaluate(goals: Goals, as_of: date) -> Report:
    """Judge every target of every entity, in the order they were declared."""
    results = [
        result
        for entity in goals.entities
        for target in entity.targets
        for result in judge(entity, target, as_of)
    ]
    indicators = [
        _indicator(entity, indicator, as_of)
        for entity in goals.entities
        for indicator in entity.indicators
    ]
    return Report(
        as_of=as_of,
        entities=goals.entities,
        results=tuple(results),
        indicators=tuple(indicators),
    )


def judge(entity: Entity, target: Target, as_of: date) -> Iterator[Result]:
    if target.kind == "portfolio":
        results: Iterable[Result] = _judge_portfolio(entity, target)
    elif target.kind == "milestone":
        results = [_judge_milestone(entity, target, as_of)]
    else:
        results = [_judge_figure(entity, target, as_of)]
    for result in results:
        yield _apply_waiver(result, as_of)


def _apply_waiver(result: Result, as_of: date) -> Result:
    """A waiver in force sets a failure or a lack of data aside; an expired one says so."""
    waiver = result.target.waiver
    if waiver is None:
        return result
    if as_of > waiver.until.end:
        expired = f"the waiver until {waiver.until} has expired"
        reason = f"{result.reason}; {expired}" if result.reason else expired
        return replace(result, waiver_expired=True, reason=reason)
    if result.status in (Status.FAIL, Status.NO_DATA):
        return replace(result, status=Status.WAIVED, waived_status=result.status)
    return result


def known(figures: dict[Period, Decimal], as_of: date) -> dict[Period, Decimal]:
    """The figures that were known on ``as_of``: those for periods that had ended."""
    return {period: value for period, value in figures.items() if period.end <= as_of}


def pick_figure(figures: dict[Period, Decimal], due: Period) -> tuple[Period, Decimal, bool] | None:
    """The figure a target due in ``due`` is judged on, and whether the verdict is final.

    The figure for the due period itself gives a final verdict. Failing that, the latest
    figure for a period that ends no later than the due period gives a provisional one; a
    figure for a later period says nothing about whether the target was met when due.
    """
    if due in figures:
        return due, figures[due], True
    latest = latest_period((period for period in figures if period.end <= due.end), like=due)
    if latest is None:
        return None
    return latest, figures[latest], False


def latest_period(periods: Iterable[Period], like: Period | None = None) -> Period | None:
    """The period that ends last; of several that end on the same day (2019 and 2019-Q4), the
    one of the same kind as ``like``, else the one closest to it in length, else the longest.

    A quarter never silently stands in for the year it closes.
    """
    candidates = list(periods)
    if not candidates:
        return None
    end = max(period.end for period in candidates)
    tied = [period for period in candidates if period.end == end]
    if like is None:
        return min(tied, key=lambda period: period.start)
    return min(
        tied,
        key=lambda p: (p.granularity != like.granularity, abs(p.days - like.days), p.start),
    )


def meets(condition: str, bounds: str | None, actual: Decimal, threshold: Threshold) -> bool:
    if isinstance(threshold, tuple):
        low, high = threshold
        bounds = bounds or "[]"
        above_low = actual >= low if bounds[0] == "[" else actual > low
        below_high = actual <= high if bounds[1] == "]" else actual < high
        return above_low and below_high
    return {
        "<": actual < threshold,
        "<=": actual <= threshold,
        ">": actual > threshold,
        ">=": actual >= threshold,
        "==": actual == threshold,
    }[condition]


def margin(condition: str, actual: Decimal, threshold: Threshold) -> Decimal:
    """How far the figure is from the threshold, in the metric's unit; negative when short.

    At a strict bound the margin is 0 yet the target fails: exactly 4 is not under 4.
    """
    if isinstance(threshold, tuple):
        low, high = threshold
        return min(actual - low, high - actual)
    if condition in ("<", "<="):
        return threshold - actual
    if condition in (">", ">="):
        return actual - threshold
    return -abs(actual - threshold)


def _judge_figure(entity: Entity, target: Target, as_of: date) -> Result:
    """A threshold or progress target, judged on the metric's figures."""
    assert target.metric is not None
    assert target.condition is not None
    metric = entity.metrics[target.metric]
    figures = known(metric.figures, as_of)
    due = target.period
    overdue = due.end < as_of
    sources = _unique((*target.sources, *metric.sources))
    common = _no_data(target, metric.label, sources, margin_unit=target.unit)
    threshold = target.threshold
    base_value = None
    if target.change is not None:
        base = target.change.base_period
        base_value = figures.get(base)
        if base_value is None and base.end > as_of:
            return replace(
                common,
                status=Status.PENDING,
                reason=f"the base period {base} has not ended yet (as of {as_of.isoformat()})",
            )
        if base_value is None:
            return replace(
                common,
                status=Status.NO_DATA if overdue else Status.PENDING,
                reason=f"no figure for the base period {base}",
            )
        threshold = target.change.threshold(base_value)
    assert threshold is not None

    picked = pick_figure(figures, due)
    missing = _missing_components(entity, metric, due, as_of, picked)
    if picked is None:
        reason = f"no figure for {due} or an earlier period"
        return replace(
            common,
            status=Status.NO_DATA if overdue else Status.PENDING,
            threshold=threshold,
            base_value=base_value,
            reason=f"{reason}: {missing}" if missing else reason,
        )
    period, actual, final = picked
    met = meets(target.condition, target.bounds, actual, threshold)
    status = Status.PASS if met else Status.FAIL
    warn = target.warn_threshold
    if met and warn is not None and not meets(target.condition, None, actual, warn):
        status = Status.WARN
    progress = None
    if target.kind == "progress":
        goal = threshold[0] if isinstance(threshold, tuple) else threshold
        progress = actual / goal * _HUNDRED if goal else None
        if not met and not overdue:
            status = Status.PENDING
    return replace(
        common,
        status=status,
        actual=actual,
        actual_period=period,
        final=final,
        threshold=threshold,
        base_value=base_value,
        margin=margin(target.condition, actual, threshold),
        progress=progress,
        reason=f"judged on {period}: {missing}" if missing else None,
    )


def _missing_components(
    entity: Entity,
    metric: Metric,
    due: Period,
    as_of: date,
    picked: tuple[Period, Decimal, bool] | None,
) -> str | None:
    """For a derived metric judged on an earlier period than its components reach, or not at
    all: which component lacks which period (``sick_leave_long has no figure for 2019``)."""
    if not metric.components:
        return None
    series = {name: known(entity.metrics[name].figures, as_of) for name in metric.components}
    reached = latest_period(
        (period for figures in series.values() for period in figures if period.end <= due.end),
        like=due,
    )
    if reached is None or (picked is not None and picked[0] == reached):
        return None
    lacking = [name for name, figures in series.items() if reached not in figures]
    if not lacking:  # pragma: no cover - every component has it, so the formula has it too
        return None
    verb = "has" if len(lacking) == 1 else "have"
    return f"{' and '.join(lacking)} {verb} no figure for {reached}"


def _judge_milestone(entity: Entity, target: Target, as_of: date) -> Result:
    """Done by a date: pass when reported done by then, fail once the date has passed
    without it (or when it was done late), pending before. The margin is in days."""
    due = target.period
    done: Period | None
    if target.metric is None:
        assert target.initiative is not None
        initiative = entity.initiatives[target.initiative]
        label = initiative.name_da
        sources = _unique((*target.sources, *initiative.sources))
        # Reported completed without a date: done by the status report, at the latest.
        done = initiative.completed or (
            entity.status_date if initiative.status == "completed" else None
        )
        if done is not None and done.end > as_of:
            done = None
    else:
        metric = entity.metrics[target.metric]
        label = metric.label
        sources = _unique((*target.sources, *metric.sources))
        done_periods = sorted(p for p, v in known(metric.figures, as_of).items() if v == 1)
        done = done_periods[0] if done_periods else None

    common = _no_data(target, label, sources, margin_unit="days")
    if done is not None:
        on_time = done.end <= due.end
        return replace(
            common,
            status=Status.PASS if on_time else Status.FAIL,
            actual=Decimal(1),
            actual_period=done,
            final=True,
            margin=Decimal((due.end - done.end).days),
            reason=None if on_time else f"done in {done}, after it was due ({due})",
        )
    if due.end < as_of:
        return replace(
            common,
            status=Status.FAIL,
            actual=Decimal(0),
            actual_period=None,
            final=True,
            margin=Decimal((due.end - as_of).days),
            reason=f"not reported done by {due}",
        )
    return replace(
        common,
        status=Status.PENDING,
        actual=Decimal(0),
        actual_period=None,
        final=False,
        margin=Decimal((due.end - as_of).days),
        reason=f"not yet done; due {due}",
    )


def _judge_portfolio(entity: Entity, target: Target) -> Iterator[Result]:
    """One result per objective: how many initiatives say they support it."""
    assert target.threshold is not None
    assert target.condition is not None
    for number, objective in entity.objectives.items():
        if target.objective is not None and number != target.objective:
            continue
        count = Decimal(len(entity.supporting(number)))
        met = meets(target.condition, target.bounds, count, target.threshold)
        yield Result(
            id=f"{target.id}/{number}",
            target=target,
            subject_label=f"{number}. {objective.name_da}",
            status=Status.PASS if met else Status.FAIL,
            actual=count,
            actual_period=entity.status_date,
            final=True,
            threshold=target.threshold,
            margin=margin(target.condition, count, target.threshold),
            margin_unit="count",
            objective=number,
            sources=_unique((*target.sources, *objective.sources)),
        )


def _indicator(entity: Entity, indicator: Indicator, as_of: date) -> IndicatorValue:
    metric = entity.metrics[indicator.metric]
    figures = known(metric.figures, as_of)
    latest = latest_period(figures)
    return IndicatorValue(
        indicator=indicator,
        metric=metric,
        value=figures[latest] if latest is not None else None,
        period=latest,
    )


def _no_data(
    target: Target, label: str, sources: tuple[Source, ...], *, margin_unit: str | None
) -> Result:
    """The result before anything is known; the judging functions fill it in."""
    return Result(
        id=target.id,
        target=target,
        subject_label=label,
        status=Status.NO_DATA,
        actual=None,
        actual_period=None,
        final=False,
        threshold=None,
        margin=None,
        margin_unit=margin_unit,
        objective=target.objective,
        sources=sources,
    )


def _unique(sources: tuple[Source, ...]) -> tuple[Source, ...]:
    return tuple(dict.fromkeys(sources))
