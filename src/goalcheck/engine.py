"""The rules engine: judge each target against its metric's figures. No I/O, no exit."""

from __future__ import annotations

from decimal import Decimal

from goalcheck.model import Goals, Metric, Report, Result, Source, Status, Target
from goalcheck.period import Period

_HUNDRED = Decimal(100)


def evaluate(goals: Goals) -> Report:
    """Judge every target of every entity, in the order they were declared."""
    return Report(
        results=tuple(
            judge(target, entity.metrics[target.metric])
            for entity in goals.entities
            for target in entity.targets
        ),
        entity_names={entity.id: entity.name for entity in goals.entities},
    )


def pick_figure(figures: dict[Period, Decimal], due: Period) -> tuple[Period, Decimal, bool] | None:
    """The figure a target due in ``due`` is judged on, and whether the verdict is final.

    The figure for the due period itself gives a final verdict. Failing that, the latest
    figure for a period that ends no later than the due period gives a provisional one; a
    figure for a later period says nothing about whether the target was met when due.
    """
    if due in figures:
        return due, figures[due], True
    earlier = [period for period in figures if period.end <= due.end]
    if not earlier:
        return None
    latest = max(earlier)
    return latest, figures[latest], False


def judge(target: Target, metric: Metric) -> Result:
    sources = _unique((*target.sources, *metric.sources))
    base_value: Decimal | None = None
    threshold = target.threshold
    if target.change is not None:
        base_value = metric.figures.get(target.change.base_period)
        if base_value is None:
            return _no_data(
                target,
                metric,
                sources,
                f"no figure for the base period {target.change.base_period}",
            )
        threshold = base_value * (1 + target.change.percent / _HUNDRED)

    picked = pick_figure(metric.figures, target.period)
    if picked is None:
        return _no_data(
            target,
            metric,
            sources,
            f"no figure for {target.period} or an earlier period",
            threshold=threshold,
            base_value=base_value,
        )
    period, actual, final = picked
    assert threshold is not None
    met = meets(target, actual, threshold)
    return Result(
        target=target,
        metric_label=metric.label,
        status=Status.PASS if met else Status.FAIL,
        actual=actual,
        actual_period=period,
        final=final,
        threshold=threshold,
        base_value=base_value,
        margin=margin(target, actual, threshold),
        sources=sources,
    )


def meets(target: Target, actual: Decimal, threshold: Decimal | tuple[Decimal, Decimal]) -> bool:
    if isinstance(threshold, tuple):
        low, high = threshold
        bounds = target.bounds or "[]"
        above_low = actual >= low if bounds[0] == "[" else actual > low
        below_high = actual <= high if bounds[1] == "]" else actual < high
        return above_low and below_high
    return {
        "<": actual < threshold,
        "<=": actual <= threshold,
        ">": actual > threshold,
        ">=": actual >= threshold,
        "==": actual == threshold,
    }[target.condition]


def margin(
    target: Target, actual: Decimal, threshold: Decimal | tuple[Decimal, Decimal]
) -> Decimal:
    """How far the figure is from the threshold, in the metric's unit; negative when short.

    At a strict bound the margin is 0 yet the target fails: exactly 4 is not under 4.
    """
    if isinstance(threshold, tuple):
        low, high = threshold
        return min(actual - low, high - actual)
    if target.condition in ("<", "<="):
        return threshold - actual
    if target.condition in (">", ">="):
        return actual - threshold
    return -abs(actual - threshold)


def _no_data(
    target: Target,
    metric: Metric,
    sources: tuple[Source, ...],
    reason: str,
    *,
    threshold: Decimal | tuple[Decimal, Decimal] | None = None,
    base_value: Decimal | None = None,
) -> Result:
    return Result(
        target=target,
        metric_label=metric.label,
        status=Status.NO_DATA,
        actual=None,
        actual_period=None,
        final=False,
        threshold=threshold if threshold is not None else target.threshold,
        base_value=base_value,
        margin=None,
        reason=reason,
        sources=sources,
    )


def _unique(sources: tuple[Source, ...]) -> tuple[Source, ...]:
    return tuple(dict.fromkeys(sources))
