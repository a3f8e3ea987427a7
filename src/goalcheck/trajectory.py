"""Where a target is heading: the path from its baseline to its threshold, and a trend.

Reported beside a verdict, never part of it: neither changes pass or fail. No I/O.

- **On or off track.** A target with a baseline (its own ``baseline``, or a change target's
  base period) runs on a straight line from the baseline's value at the end of its period to
  the threshold at the end of the due period. The latest whole figure known before the due
  period ends is on track when it is on the target's side of that line, and the distance says
  by how much (positive: ahead of the path), in the metric's unit.
- **Projection.** With three or more whole figures, a least-squares line through the last
  ``PROJECTION_FIGURES`` of them (by the day each period ends) is carried to the end of the due
  period. Only for a target not yet due or judged provisionally: a final verdict needs none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from goalcheck import history
from goalcheck.model import PROJECTION_FIGURES, Path, Projection, Result, Status, Unit
from goalcheck.period import Period

_LOWER_IS_BETTER = ("<", "<=")
_HIGHER_IS_BETTER = (">", ">=")


def wanted(result: Result) -> bool:
    """A trajectory is told for a target not yet due, or judged only provisionally."""
    return result.status is Status.PENDING or (
        result.status in (Status.PASS, Status.WARN, Status.FAIL) and not result.final
    )


def path(
    condition: str | None,
    baseline: tuple[Period, Decimal] | None,
    threshold: Decimal | tuple[Decimal, Decimal] | None,
    due: Period,
    figures: dict[Period, Decimal],
) -> Path | None:
    """Where the latest figure known before the due period ends stands against the path."""
    if baseline is None or not isinstance(threshold, Decimal):
        return None
    if condition not in _LOWER_IS_BETTER + _HIGHER_IS_BETTER:
        return None
    start, start_value = baseline
    if start.end >= due.end:
        return None
    latest = max(
        (p for p in figures if start.end < p.end <= due.end), key=lambda p: p.sort_key, default=None
    )
    if latest is None:
        return None
    share = Decimal((latest.end - start.end).days) / Decimal((due.end - start.end).days)
    actual = figures[latest]
    # The path's value as shown, to the figures' precision, is what the figure is held to.
    expected = _rounded(
        start_value + (threshold - start_value) * share, (start_value, threshold, actual)
    )
    ahead = expected - actual if condition in _LOWER_IS_BETTER else actual - expected
    return Path(
        baseline_period=start,
        baseline_value=start_value,
        figure_period=latest,
        expected=expected,
        on_track=ahead >= 0,
        distance=ahead + 0,  # + 0: never a negative zero
    )


def projection(due: Period, figures: dict[Period, Decimal], unit: Unit) -> Projection | None:
    """The least-squares line through the latest whole figures, at the end of ``due``, kept
    within the unit's range: a share's trend stops at 100 %."""
    points = sorted((p.end, v) for p, v in figures.items() if p.end <= due.end)
    points = points[-PROJECTION_FIGURES:]
    if len(points) < 3:
        return None
    origin = points[0][0]
    xs = [Decimal((day - origin).days) for day, _ in points]
    ys = [value for _, value in points]
    n = Decimal(len(points))
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    at = Decimal(_days(origin, due.end))
    value = mean_y + slope * (at - mean_x)
    if unit.minimum is not None:
        value = max(value, unit.minimum)
    if unit.maximum is not None:
        value = min(value, unit.maximum)
    return Projection(value=_rounded(value, ys), period=due, figures=len(points))


def _days(start: date, end: date) -> int:
    return (end - start).days


def _rounded(value: Decimal, given: Iterable[Decimal]) -> Decimal:
    """A worked-out value to as many decimal places as the figures it comes from have: the
    path and the trend are guides, and 28 digits of them would claim a precision no figure
    has."""
    places = max((max(0, -int(v.as_tuple().exponent)) for v in given), default=0)
    rounded = value.quantize(Decimal(1).scaleb(-min(places, 4)))
    return rounded if places else rounded.quantize(Decimal(1))


def annotate(result: Result, known_then: history.Known, told: bool) -> Result:
    """The recent figures; and where wanted, the path from the baseline and the trend, told
    beside the verdict (see trajectory)."""
    target = result.target
    assert target.metric is not None
    figures = known_then.series(target.metric, result.group).whole()
    due = target.period
    recent = tuple(v for p, v in figures.items() if p.end <= due.end)[-12:]
    if not told:
        return replace(result, recent=recent)
    baseline = target.baseline
    if baseline is None and target.change is not None and result.base_value is not None:
        baseline = (target.change.base_period, result.base_value)
    threshold = result.threshold if result.threshold is not None else target.threshold
    return replace(
        result,
        recent=recent,
        path=path(target.condition, baseline, threshold, target.period, figures),
        projection=projection(
            target.period, figures, known_then.entity.metrics[target.metric].measure
        ),
    )
