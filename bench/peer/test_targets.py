"""The peer `make bench` times goalcheck against: what a user would otherwise write.

Fifteen figures held to their targets by hand, one parametrised assert each. The figures and
targets are invented for the benchmark; they are not transcribed from any report. This is not
part of goalcheck's test suite (tests/ is): bench/startup.py copies it into a temporary folder
and runs pytest there.
"""

from __future__ import annotations

import operator
from collections.abc import Callable

import pytest

FIGURES = {f"metric_{n:02}": 10.0 + n for n in range(1, 16)}

TARGETS = [
    (f"metric_{n:02}", compare, 10.0 + n + step)
    for n, (compare, step) in enumerate(
        [(operator.le, 0.5), (operator.ge, -0.5), (operator.lt, 1.0)] * 5, start=1
    )
]


@pytest.mark.parametrize(("metric", "compare", "target"), TARGETS)
def test_target(metric: str, compare: Callable[[float, float], bool], target: float) -> None:
    assert compare(FIGURES[metric], target)
