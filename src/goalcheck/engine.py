"""The rules engine: judge each target against what was reported. No I/O, no exit.

Everything is judged as of one day, ``as_of``: a figure not yet published on it (see
``history``), or a completion whose period ends after it, is not yet known; a target due after
it may still be pending. Which figure a target is judged on is ``figure_choice``'s to say.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

from goalcheck import history, milestones, portfolio, revisions, trajectory, waivers
from goalcheck.conditions import Threshold, margin, meets
from goalcheck.figure_choice import latest_period, part_of, pick_figure, too_high
from goalcheck.i18n import Message
from goalcheck.model import (
    Entity,
    Goals,
    Group,
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


def evaluate(goals: Goals, as_of: date) -> Report:
    """Judge every target of every entity, in the order they were declared."""
    results: list[Result] = []
    indicators: list[IndicatorValue] = []
    for entity in goals.entities:
        known_then = history.Known(entity, as_of)
        for target in entity.targets:
            results.extend(judge(entity, target, as_of, known_then))
        indicators.extend(
            _indicator(entity, indicator, known_then) for indicator in entity.indicators
        )
    return Report(
        as_of=as_of,
        entities=goals.entities,
        results=tuple(results),
        indicators=tuple(indicators),
    )


def judge(
    entity: Entity, target: Target, as_of: date, known_then: history.Known | None = None
) -> Iterator[Result]:
    """A target's results (one, or one per objective for a portfolio rule); ``known_then``,
    the entity's figures as known on ``as_of``, when the caller shares it between targets."""
    known_then = known_then or history.Known(entity, as_of)
    revision = revisions.in_force(target, as_of)
    if revision is not None:
        target = replace(target, threshold=revision.threshold)
    if target.kind == "portfolio":
        results: Iterable[Result] = portfolio.judge_portfolio(entity, target, as_of)
    elif target.kind == "milestone":
        results = [_judge_milestone(entity, target, as_of, known_then)]
    elif target.for_each is not None:
        results = _judge_each(entity, target, as_of, known_then)
    else:
        results = [_judge_figure(entity, target, as_of, known_then, target.where)]
    # A target that names an initiative, and neither an objective nor an area, sits under the
    # initiative's objective: in the JSON and JUnit as in the table.
    under = target.objective
    if under is None and target.area is None and target.initiative is not None:
        under = entity.initiatives[target.initiative].objective
    for result in results:
        if result.objective is None and under is not None:
            result = replace(result, objective=under)
        if revision is not None:
            result = replace(result, revision=revision)
        if target.kind in ("threshold", "progress"):
            result = trajectory.annotate(result, known_then, trajectory.wanted(result))
        yield waivers.apply_severity(waivers.apply_waiver(result, as_of))


def _judge_each(
    entity: Entity, target: Target, as_of: date, known_then: history.Known
) -> list[Result]:
    """One result for each group of ``for_each`` the metric has figures for, each with its
    own id: ``bullying[hospital=Søborg]``."""
    assert target.metric is not None
    assert target.for_each is not None
    name = target.for_each
    values = history.groups_of(entity, target.metric, name, target.where)
    if not values:
        metric = entity.metrics[target.metric]
        sources = _unique((*target.sources, *metric.sources))
        return [
            replace(
                _no_data(target, metric.label, sources, margin_unit=target.unit),
                status=Status.NO_DATA if target.period.end < as_of else Status.PENDING,
                reason=Message("no {name} has figures for {metric}", name=name, metric=metric.id),
            )
        ]
    results = []
    for value in values:
        group = tuple(sorted((*target.where, (name, value))))
        result = _judge_figure(entity, target, as_of, known_then, group)
        results.append(replace(result, id=f"{target.id}[{name}={value}]"))
    return results


def _judge_figure(
    entity: Entity, target: Target, as_of: date, known_then: history.Known, group: Group
) -> Result:
    """A threshold or progress target, judged on the metric's figures for ``group`` (``()``:
    the whole) as known on the day."""
    assert target.metric is not None
    assert target.condition is not None
    metric = entity.metrics[target.metric]
    series = known_then.series(metric.id, group)
    # Only a figure for a whole period is a verdict's ground; a year-to-date one, below.
    figures = series.whole()
    due = target.period
    overdue = due.end < as_of
    sources = _unique((*target.sources, *metric.sources))
    common = replace(_no_data(target, metric.label, sources, margin_unit=target.unit), group=group)
    threshold = target.threshold
    base_value = None
    if target.change is not None:
        base = target.change.base_period
        base_value = figures.get(base)
        if base_value is None and base.end > as_of:
            return replace(
                common,
                status=Status.PENDING,
                reason=Message(
                    "the base period {base} has not ended yet (as of {day})", base=base, day=as_of
                ),
            )
        if base_value is None:
            return replace(
                common,
                status=Status.NO_DATA if overdue else Status.PENDING,
                reason=Message("no figure for the base period {base}", base=base),
            )
        threshold = target.change.threshold(base_value)
    assert threshold is not None
    base_figure = series.figures[target.change.base_period] if target.change else None
    common = replace(common, threshold=threshold, base_value=base_value)

    partial = series.figures.get(due)
    if partial is not None and partial.through is not None:
        grows = history.grows(entity.metrics, metric)
        return _judge_partial(common, partial, base_figure, overdue=overdue, grows=grows)

    picked = pick_figure(figures, due)
    judged_on = picked[0] if picked else None
    missing = _missing_components(known_then, metric, due, judged_on, group) or series.problem(
        due, judged_on
    )
    if picked is None:
        none = Message("no figure for {due} or an earlier period", due=due)
        return replace(
            common,
            status=Status.NO_DATA if overdue else Status.PENDING,
            reason=Message("{reason}: {more}", reason=none, more=missing) if missing else none,
        )
    period, actual, final = picked

    def status_of(actual: Decimal, threshold: Threshold) -> Status:
        return _status(target, actual, threshold, final=final, overdue=overdue)

    status = status_of(actual, threshold)
    # A part of a period whose figures only grow is the least the whole can be: too low is
    # not yet a miss, as the rest of the period may add to it; too high already is.
    too_low_so_far = status is Status.FAIL and not too_high(target, actual, threshold)
    if too_low_so_far and part_of(period, due) and history.grows(entity.metrics, metric):
        if not overdue:
            return replace(
                common,
                status=Status.PENDING,
                reason=Message(
                    "the latest figure, {actual} for {period}, is not for the whole of {due}",
                    actual=actual,
                    period=period,
                    due=due,
                ),
            )
        status = Status.NO_DATA
    if status is Status.NO_DATA:
        # Silence is not failure: no figure for the whole due period has been reported.
        return replace(
            common,
            status=status,
            reason=Message(
                "not reported since it was due ({due}): the latest figure, {actual} for"
                " {period}, is not for the whole of {due}",
                due=due,
                actual=actual,
                period=period,
            ),
        )
    reason = (
        Message("judged on {period}: {missing}", period=period, missing=missing)
        if missing
        else None
    )
    judged = _judged(common, actual, period, status, final=final, reason=reason)
    return history.with_history(judged, series.figures[period], base_figure, status_of)


def _judge_partial(
    common: Result,
    partial: history.Figure,
    base: history.Figure | None,
    *,
    overdue: bool,
    grows: bool,
) -> Result:
    """On a year-to-date figure for the due period: an "at least" goal it has reached is met
    early, where the metric only grows; nothing else is settled, so it never fails a target."""
    target, threshold, unit = common.target, common.threshold, common.target.unit or "count"
    assert target.condition is not None
    assert threshold is not None
    early = history.can_confirm_early(target.condition, threshold, grows)

    def status_of(actual: Decimal, threshold: Threshold) -> Status:
        status = _status(target, actual, threshold, final=True, overdue=overdue)
        met = early and status in (Status.PASS, Status.WARN)
        return status if met else (Status.NO_DATA if overdue else Status.PENDING)

    status = status_of(partial.value, threshold)
    if status in (Status.NO_DATA, Status.PENDING):
        return replace(common, status=status, reason=history.partial_reason(partial, unit))
    # A pass is settled; a warning may still clear its band by the period's end.
    final = status is Status.PASS
    judged = _judged(common, partial.value, partial.period, status, final=final)
    return history.with_history(judged, partial, base, status_of)


def _status(
    target: Target, actual: Decimal, threshold: Threshold, *, final: bool, overdue: bool
) -> Status:
    """The status a figure gives a threshold or progress target."""
    assert target.condition is not None
    met = meets(target.condition, target.bounds, actual, threshold)
    warn = target.warn_threshold
    if met and warn is not None and not meets(target.condition, None, actual, warn):
        return Status.WARN
    if target.kind == "progress" and not met:
        # Short of the goal: pending while not due, and a miss only on a figure for the due
        # period itself.
        if not overdue:
            return Status.PENDING
        return Status.FAIL if final else Status.NO_DATA
    return Status.PASS if met else Status.FAIL


def _judged(
    common: Result,
    actual: Decimal,
    period: Period,
    status: Status,
    *,
    final: bool,
    reason: str | None = None,
) -> Result:
    """``common`` judged on ``actual``, the figure for ``period``, with margin and progress."""
    target, threshold = common.target, common.threshold
    assert target.condition is not None
    assert threshold is not None
    progress = None
    if target.kind == "progress":
        goal = threshold[0] if isinstance(threshold, tuple) else threshold
        progress = actual / goal * _HUNDRED if goal else None
    return replace(
        common,
        status=status,
        actual=actual,
        actual_period=period,
        final=final,
        margin=margin(target.condition, actual, threshold),
        progress=progress,
        reason=reason,
    )


def _missing_components(
    known_then: history.Known,
    metric: Metric,
    due: Period,
    judged_on: Period | None,
    group: Group,
) -> str | None:
    """For a derived metric judged on an earlier period than its components reach, or not at
    all: which component lacks which period (``sick_leave_long has no figure for 2019``)."""
    if not metric.components:
        return None
    series = {name: known_then.series(name, group).whole() for name in metric.components}
    reached = latest_period(
        (period for figures in series.values() for period in figures if period.end <= due.end),
        like=due,
    )
    if reached is None or judged_on == reached:
        return None
    lacking = [name for name, figures in series.items() if reached not in figures]
    if not lacking:  # every component has it, but the formula gives nothing on it
        return None
    if len(lacking) == 1:
        return Message("{metric} has no figure for {period}", metric=lacking[0], period=reached)
    return Message(
        "{metrics} have no figure for {period}", metrics=" and ".join(lacking), period=reached
    )


def _judge_milestone(
    entity: Entity, target: Target, as_of: date, known_then: history.Known
) -> Result:
    """Done by a date, judged on evidence (see ``milestones``). The margin is in days.

    A yes/no metric's figures count from when they were published, as a threshold's do."""
    figures: dict[Period, history.Figure] | None = None
    if target.metric is None:
        assert target.initiative is not None
        initiative = entity.initiatives[target.initiative]
        label = initiative.name_da
        sources = _unique((*target.sources, *initiative.sources))
        done = milestones.initiative_done(entity, initiative, target.event, as_of)
    else:
        metric = entity.metrics[target.metric]
        label = metric.label
        sources = _unique((*target.sources, *metric.sources))
        figures = known_then.series(metric.id).figures
        done = milestones.metric_done(figures)
    common = _no_data(target, label, sources, margin_unit="days")
    if done is not None:
        return milestones.judge_done(common, target.period, done)
    return milestones.judge_not_done(common, entity, target, figures, as_of)


def _indicator(entity: Entity, indicator: Indicator, known_then: history.Known) -> IndicatorValue:
    metric = entity.metrics[indicator.metric]
    figures = known_then.series(metric.id).whole()
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
