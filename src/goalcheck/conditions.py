"""Conditions: whether a figure meets a threshold, and by how much. Pure comparisons."""

from __future__ import annotations

from decimal import Decimal

Threshold = Decimal | tuple[Decimal, Decimal]


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
