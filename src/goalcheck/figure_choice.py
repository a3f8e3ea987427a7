"""Which figure a target is judged on: the one for its due period, else the latest before it.

A figure for the due period gives a final verdict; the latest figure for a period that ended
no later than the due period, a provisional one. A figure for a part of the due period (a
month of a year) is a part, not the whole: ``part_of`` tells the engine so, and ``too_high``
whether a part already misses by being over a cap. No I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from goalcheck.conditions import Threshold
from goalcheck.model import Target
from goalcheck.period import Period


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


def part_of(period: Period, due: Period) -> bool:
    """Whether ``period`` is a part of ``due`` (2024-04 of 2024), not the whole of it."""
    return period != due and due.start <= period.start and period.end <= due.end


def too_high(target: Target, actual: Decimal, threshold: Threshold) -> bool:
    """Whether a figure that misses the target misses it by being too high."""
    if target.condition in ("<", "<="):
        return True
    if target.condition == "between":
        assert isinstance(threshold, tuple)
        return actual > threshold[0]
    return target.condition == "==" and isinstance(threshold, Decimal) and actual > threshold
