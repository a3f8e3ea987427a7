"""Warning bands and waivers, at their boundaries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import judge_one, make_metric, make_target
from goalcheck.model import Status, Waiver
from goalcheck.period import Period


@pytest.mark.parametrize(
    ("condition", "threshold", "warn", "actual", "status"),
    [
        ("<", "4", "3.8", "3.79", Status.PASS),
        ("<", "4", "3.8", "3.8", Status.WARN),  # no longer under 3.8, still under 4
        ("<", "4", "3.8", "3.99", Status.WARN),
        ("<", "4", "3.8", "4", Status.FAIL),
        ("<=", "4", "3.8", "3.8", Status.PASS),
        (">=", "90", "92", "92", Status.PASS),
        (">=", "90", "92", "91.9", Status.WARN),
        (">=", "90", "92", "90", Status.WARN),
        (">=", "90", "92", "89.9", Status.FAIL),
        (">", "90", "92", "92", Status.WARN),
    ],
)
def test_a_warning_band_warns_of_a_figure_that_passes_but_comes_close(
    condition: str, threshold: str, warn: str, actual: str, status: Status
) -> None:
    target = make_target(
        condition=condition, threshold=Decimal(threshold), warn_threshold=Decimal(warn)
    )
    result = judge_one(target, make_metric({"2020": actual}))
    assert result.status is status
    assert result.margin == (
        Decimal(threshold) - Decimal(actual)
        if condition.startswith("<")
        else Decimal(actual) - Decimal(threshold)
    )


WAIVER = Waiver(until=Period.parse("2024-06-30"), reason="Survey moved", decided_by="The board")


@pytest.mark.parametrize(
    ("as_of", "status", "expired"),
    [
        (date(2024, 6, 29), Status.WAIVED, False),
        (date(2024, 6, 30), Status.WAIVED, False),  # the waiver ends today: still in force
        (date(2024, 7, 1), Status.FAIL, True),  # it ended yesterday
    ],
)
def test_a_waiver_sets_a_failure_aside_until_its_day(
    as_of: date, status: Status, expired: bool
) -> None:
    target = make_target(period="2023", waiver=WAIVER)
    result = judge_one(target, make_metric({"2023": "5"}), as_of)
    assert (result.status, result.waiver_expired) == (status, expired)
    if status is Status.WAIVED:
        assert result.waived_status is Status.FAIL
        assert result.reason is None
    else:
        assert result.waived_status is None
        assert result.reason == "the waiver until 2024-06-30 has expired"


def test_a_waiver_also_covers_missing_data_but_not_a_pass() -> None:
    target = make_target(period="2023", waiver=WAIVER)
    as_of = date(2024, 1, 1)
    no_data = judge_one(target, make_metric({}), as_of)
    assert (no_data.status, no_data.waived_status) == (Status.WAIVED, Status.NO_DATA)
    passing = judge_one(target, make_metric({"2023": "3"}), as_of)
    assert (passing.status, passing.waived_status) == (Status.PASS, None)


def test_an_expired_waiver_keeps_the_reason_it_had() -> None:
    target = make_target(period="2023", waiver=WAIVER)
    result = judge_one(target, make_metric({}), date(2025, 1, 1))
    assert result.reason == (
        "no figure for 2023 or an earlier period; the waiver until 2024-06-30 has expired"
    )
