from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from conftest import judge_one, make_entity, make_target
from goalcheck import history
from goalcheck.engine import judge
from goalcheck.formula import parse
from goalcheck.model import (
    UNITS,
    Metric,
    Observation,
    OtherValue,
    Result,
    Source,
    Status,
    Target,
    Waiver,
)
from goalcheck.period import Period

REPORT_2020 = Source(document="Example A/S annual report 2020", section="CO2-regnskab")
REPORT_2024 = Source(document="Example A/S annual report 2024", section="CO2-regnskab")
PUBLISHED = date(2021, 3, 1)  # the 2020 report
RESTATED = date(2025, 2, 20)  # the report that restated scope 2 for 2020
DAY = timedelta(days=1)


def observation(
    period: str,
    value: str,
    *,
    document: str = "pd-2020",
    published: str | date | None = None,
    through: str | None = None,
    source: Source = REPORT_2020,
) -> Observation:
    covers = Period.parse(through or period).end
    return Observation(
        period=Period.parse(period),
        value=Decimal(value),
        source=source,
        document=document,
        published=Period.parse(published or covers),
        through=Period.parse(through) if through else None,
    )


def metric(
    *observations: Observation,
    metric_id: str = "scope2",
    unit: str = "t CO2",
    document: str = "pd-2020",
    prefer: str | None = None,
    formula: str | None = None,
) -> Metric:
    return Metric(
        id=metric_id,
        label="Scope 2 emissions",
        label_da=None,
        unit=unit,
        sources=(REPORT_2020,),
        figures={},
        observations=observations,
        document=document,
        prefer=prefer,
        formula=formula,
        components=parse(formula).names if formula else (),
    )


SCOPE2 = metric(
    observation("2020", "56", published=PUBLISHED),
    observation("2020", "58", document="pd-2024", published=RESTATED, source=REPORT_2024),
)
P2020 = Period.parse("2020")


def figure_on(day: date, of: Metric = SCOPE2, period: Period = P2020) -> history.Figure | None:
    return history.select(of, day).get(period)


# Restatements


def test_nothing_is_known_before_it_is_published() -> None:
    assert figure_on(PUBLISHED - DAY) is None
    found = figure_on(PUBLISHED)
    assert found is not None
    assert (found.value, found.published, found.restated) == (
        Decimal(56),
        Period.parse(PUBLISHED),
        (),
    )


def test_a_restatement_replaces_the_figure_from_the_day_it_is_published() -> None:
    before, on = figure_on(RESTATED - DAY), figure_on(RESTATED)
    assert before is not None
    assert on is not None
    assert before.value == Decimal(56)
    assert (on.value, on.sources) == (Decimal(58), (REPORT_2024,))
    assert on.restated == (
        OtherValue(
            metric="scope2",
            unit="t CO2",
            period=P2020,
            value=Decimal(56),
            published=Period.parse(PUBLISHED),
            sources=(REPORT_2020,),
        ),
    )


def test_a_figure_published_again_unchanged_is_no_restatement() -> None:
    again = metric(
        observation("2020", "56", published=PUBLISHED),
        observation("2020", "56", document="pd-2024", published=RESTATED, source=REPORT_2024),
    )
    found = figure_on(RESTATED, again)
    assert found is not None
    assert (found.value, found.restated, found.sources) == (Decimal(56), (), (REPORT_2024,))


def test_a_published_period_counts_from_its_last_day() -> None:
    # "published 2021" is sure only on 31 December 2021, never earlier.
    year = metric(observation("2020", "56", published="2021"))
    assert figure_on(date(2021, 12, 30), year) is None
    assert figure_on(date(2021, 12, 31), year) is not None


def test_a_document_published_before_the_period_ended_counts_from_the_periods_end() -> None:
    # A document of 2020-06 giving a figure for 2020 cannot have known the whole year.
    early = metric(observation("2020", "56", published="2020-06"))
    assert figure_on(date(2020, 12, 30), early) is None
    assert figure_on(date(2020, 12, 31), early) is not None


def test_the_eventual_figures_are_those_known_once_everything_is() -> None:
    assert history.eventual(SCOPE2) == {P2020: Decimal(58)}


def test_a_metric_built_from_figures_alone_knows_them_when_their_periods_end() -> None:
    plain = Metric(
        id="m",
        label="M",
        label_da=None,
        unit="%",
        sources=(REPORT_2020,),
        figures={Period.parse("2019"): Decimal("4.19")},
    )
    assert history.select(plain, date(2019, 12, 30)) == {}
    assert history.select(plain, date(2019, 12, 31))[Period.parse("2019")].value == Decimal("4.19")


# Disagreements: the same day, different values


REGION = Source(document="Example Region: sick leave 2017", section="Sygefravær")
HOSPITAL = Source(document="Example Hospital: annual report 2017", section="Sygefravær")


def sick_leave(*, own: str = "region-2017", prefer: str | None = None) -> Metric:
    """Sick leave at an invented hospital in 2017: 4.3 % by the region's count, 4.2 % by the
    hospital's own, both published in March 2018; the hospital's is written first."""
    return metric(
        observation("2017", "4.2", document="hospital-2017", published="2018-03", source=HOSPITAL),
        observation("2017", "4.3", document="region-2017", published="2018-03", source=REGION),
        metric_id="sick_leave",
        unit="%",
        document=own,
        prefer=prefer,
    )


@pytest.mark.parametrize(
    ("own", "prefer", "value"),
    [
        ("region-2017", None, "4.3"),  # the metric's own source document
        ("region-2017", "hospital-2017", "4.2"),  # prefer outranks the own source
        ("hospital-2017", None, "4.2"),
        ("other-report", None, "4.2"),  # neither: the first written
        ("other-report", "yet-another", "4.2"),
    ],
)
def test_a_disagreement_is_settled_by_prefer_then_the_own_source_then_the_first_written(
    own: str, prefer: str | None, value: str
) -> None:
    found = figure_on(date(2018, 3, 31), sick_leave(own=own, prefer=prefer), Period.parse("2017"))
    assert found is not None
    assert found.value == Decimal(value)
    (other,) = found.disagreements
    assert other.value == other.actual == Decimal(({"4.2", "4.3"} - {value}).pop())


def test_the_same_value_from_two_sources_is_no_disagreement() -> None:
    agreeing = metric(
        observation("2017", "4.3", document="hospital-2017", published="2018-03", source=HOSPITAL),
        observation("2017", "4.3", document="region-2017", published="2018-03", source=REGION),
        document="region-2017",
    )
    found = figure_on(date(2018, 3, 31), agreeing, Period.parse("2017"))
    assert found is not None
    assert (found.value, found.sources, found.disagreements) == (Decimal("4.3"), (REGION,), ())


def _judged(target_threshold: str, as_of: date = date(2018, 4, 1)) -> Result:
    target = make_target(
        metric="sick_leave", threshold=Decimal(target_threshold), period="2017", unit="%"
    )
    return judge_one(target, sick_leave(), as_of)


def test_a_disagreement_on_which_the_verdict_flips_is_a_consistency_warning() -> None:
    result = _judged("4.25")  # fails on the region's 4.3, passes on the hospital's 4.2
    assert result.status is Status.FAIL
    (other,) = result.disagreements
    assert (other.value, other.status, other.differs) == (Decimal("4.2"), Status.PASS, True)
    assert result.disputed == (other,)
    assert REGION in result.sources


def test_a_disagreement_on_which_the_verdict_holds_is_only_noted() -> None:
    result = _judged("5")
    assert result.status is Status.PASS
    (other,) = result.disagreements
    assert (other.status, other.differs, result.disputed) == (Status.PASS, False, ())


def test_the_verdict_on_a_disagreement_is_before_any_waiver() -> None:
    target = make_target(
        metric="sick_leave",
        threshold=Decimal("4.25"),
        period="2017",
        waiver=Waiver(until=Period.parse("2018-12-31"), reason="Recount", decided_by="Board"),
    )
    result = judge_one(target, sick_leave(), date(2018, 4, 1))
    assert (result.status, result.waived_status) == (Status.WAIVED, Status.FAIL)
    assert [d.differs for d in result.disagreements] == [True]


# Restatements judged


@pytest.mark.parametrize(
    ("as_of", "status", "actual", "restated"),
    [
        (PUBLISHED - DAY, Status.NO_DATA, None, ()),
        (PUBLISHED, Status.PASS, Decimal(56), ()),
        (RESTATED - DAY, Status.PASS, Decimal(56), ()),
        (RESTATED, Status.FAIL, Decimal(58), (Decimal(56),)),
    ],
)
def test_at_most_57_t_passes_on_the_first_report_and_fails_on_the_restatement(
    as_of: date, status: Status, actual: Decimal | None, restated: tuple[Decimal, ...]
) -> None:
    target = make_target(
        metric="scope2", condition="<=", threshold=Decimal(57), unit="t CO2", period="2020"
    )
    result = judge_one(target, SCOPE2, as_of)
    assert (result.status, result.actual) == (status, actual)
    assert tuple(r.value for r in result.restated) == restated
    if restated:
        assert result.published == Period.parse(RESTATED)
        assert result.sources == (target.sources[0], REPORT_2020, REPORT_2024)


# Year to date


def courses(value: str, through: str = "2024-09-30") -> Metric:
    return metric(
        observation("2024", value, through=through), metric_id="courses_held", unit="count"
    )


def at_least_4_courses(kind: str = "progress", condition: str = ">=") -> Target:
    return make_target(
        kind=kind,
        metric="courses_held",
        condition=condition,
        threshold=Decimal(4),
        unit="count",
        period="2024",
    )


@pytest.mark.parametrize("kind", ["progress", "threshold"])
@pytest.mark.parametrize(
    ("value", "as_of", "status", "final"),
    [
        ("5", date(2024, 9, 29), Status.PENDING, False),  # not yet known
        ("5", date(2024, 9, 30), Status.PASS, True),  # reached: met for the year
        ("4", date(2024, 9, 30), Status.PASS, True),  # exactly 4 is at least 4
        ("2", date(2024, 10, 15), Status.PENDING, False),
        ("2", date(2024, 12, 31), Status.PENDING, False),  # the year's last day: still running
        ("2", date(2025, 1, 1), Status.NO_DATA, False),  # never a failure
        ("2", date(2025, 1, 15), Status.NO_DATA, False),
    ],
)
def test_a_year_to_date_count_confirms_at_least_4_early_and_never_fails_it(
    kind: str, value: str, as_of: date, status: Status, final: bool
) -> None:
    result = judge_one(at_least_4_courses(kind), courses(value), as_of)
    assert (result.status, result.final) == (status, final)
    if status is Status.PASS:
        assert (result.actual, result.through) == (Decimal(value), Period.parse("2024-09-30"))
    elif as_of >= date(2024, 9, 30):
        assert result.actual is None
        assert result.reason == (
            "the latest figure, 2 for 2024, covers 2024 only through 2024-09-30"
        )


def test_over_4_needs_more_than_4_so_far() -> None:
    result = judge_one(at_least_4_courses("threshold", ">"), courses("4"), date(2024, 10, 1))
    assert result.status is Status.PENDING


def test_a_share_so_far_confirms_nothing() -> None:
    # 95 % of the year so far says nothing about the whole year: a share may fall again.
    share = metric(observation("2024", "95", through="2024-09-30"), metric_id="m", unit="%")
    target = make_target(condition=">=", threshold=Decimal(90), period="2024")
    result = judge_one(target, share, date(2025, 1, 15))
    assert result.status is Status.NO_DATA
    assert result.reason == "the latest figure, 95 % for 2024, covers 2024 only through 2024-09-30"


def test_a_year_to_date_figure_never_stands_in_for_a_later_period() -> None:
    both = metric(
        observation("2023", "3"),
        observation("2024", "9", through="2024-09-30"),
        metric_id="courses_held",
        unit="count",
    )
    target = make_target(
        metric="courses_held",
        condition=">=",
        threshold=Decimal(4),
        unit="count",
        period="2025",
    )
    result = judge_one(target, both, date(2025, 6, 1))
    assert (result.status, result.actual_period, result.final) == (
        Status.FAIL,
        Period.parse("2023"),
        False,
    )


def test_a_whole_year_outranks_a_year_to_date_figure_published_after_it() -> None:
    both = metric(
        observation("2024", "3", published="2025-02-01"),
        observation("2024", "9", through="2024-09-30", published="2025-06-01"),
        metric_id="courses_held",
        unit="count",
    )
    found = figure_on(date(2025, 7, 1), both, Period.parse("2024"))
    assert found is not None
    assert (found.value, found.through, found.restated) == (Decimal(3), None, ())


def test_the_year_to_date_figure_counts_until_the_whole_year_is_published() -> None:
    both = metric(
        observation("2024", "2", through="2024-09-30"),
        observation("2024", "3", published="2025-02-01"),
        metric_id="courses_held",
        unit="count",
    )
    target = at_least_4_courses("threshold")
    early = judge_one(target, both, date(2025, 1, 31))
    late = judge_one(target, both, date(2025, 2, 1))
    assert (early.status, late.status, late.actual, late.restated) == (
        Status.NO_DATA,
        Status.FAIL,
        Decimal(3),
        (),
    )


@pytest.mark.parametrize(
    ("unit", "accumulates"),
    [("count", True), ("people", True), ("t CO2", True), ("%", False), ("DKK", False)],
)
def test_only_figures_that_only_grow_confirm_early(unit: str, accumulates: bool) -> None:
    assert history.accumulates(unit) is accumulates


# Derived metrics, as known on the day


def _short_and_long() -> list[Metric]:
    short = metric(observation("2019", "2.82", published="2020"), metric_id="short", unit="%")
    long = metric(
        observation("2019", "1.37", published="2020"),
        observation("2019", "1.4", published="2022-05-01", document="recount"),
        metric_id="long",
        unit="%",
    )
    total = metric(metric_id="total", unit="%", formula="short + long")
    return [short, long, total]


def test_a_derived_figure_is_worked_out_from_its_metrics_as_known_that_day() -> None:
    known_then = history.Known(make_entity(_short_and_long()), date(2022, 4, 30))
    assert known_then.series("total").whole() == {Period.parse("2019"): Decimal("4.19")}
    later = history.Known(make_entity(_short_and_long()), date(2022, 5, 1)).series("total")
    (found,) = later.figures.values()
    assert (found.value, found.published) == (Decimal("4.22"), Period.parse("2022-05-01"))
    assert [(r.metric, r.value) for r in found.restated] == [("long", Decimal("1.37"))]


def test_a_disagreement_in_a_metric_used_gives_the_derived_figure_on_it() -> None:
    short, _, total = _short_and_long()
    long = metric(
        observation("2019", "1.37", published="2020"),
        observation("2019", "1.5", published="2020", document="other"),
        metric_id="long",
        unit="%",
    )
    entity = make_entity([short, long, total])
    (found,) = history.Known(entity, date(2021, 1, 1)).series("total").figures.values()
    (other,) = found.disagreements
    assert (found.value, other.metric, other.value, other.actual) == (
        Decimal("4.19"),
        "long",
        Decimal("1.5"),
        Decimal("4.32"),
    )
    target = make_target(metric="total", threshold=Decimal("4.25"), period="2019")
    (result,) = judge(entity, target, date(2021, 1, 1))
    assert (result.status, result.disagreements[0].status) == (Status.PASS, Status.FAIL)


def test_a_formula_that_fails_on_an_earlier_figure_is_a_reason_not_a_crash() -> None:
    # Loading checked the figures known in the end; an earlier one divided by zero.
    staff = metric(
        observation("2019", "0", published="2020-01-15"),
        observation("2019", "40", published="2020-02-01", document="recount"),
        metric_id="staff",
        unit="people",
    )
    sick = metric(observation("2019", "2", published="2020-01-15"), metric_id="sick", unit="people")
    share = metric(metric_id="m", unit="%", formula="sick / staff * 100")
    entity = make_entity([staff, sick, share])
    target = make_target(metric="m", threshold=Decimal(10), period="2019")
    (early,) = judge(entity, target, date(2020, 1, 31))
    (late,) = judge(entity, target, date(2020, 2, 1))
    assert (early.status, early.reason) == (
        Status.NO_DATA,
        "no figure for 2019 or an earlier period: m has no figure for 2019: division by zero",
    )
    assert (late.status, late.actual) == (Status.PASS, Decimal(5))


def test_a_chain_of_1000_derived_metrics_is_worked_out_without_recursion() -> None:
    base = metric(observation("2019", "1"), metric_id="d0", unit="count")
    chain = [
        metric(metric_id=f"d{i}", unit="count", formula=f"d{i - 1} + 1") for i in range(1, 1001)
    ]
    series = history.Known(make_entity([base, *chain]), date(2020, 1, 1)).series("d1000")
    assert series.whole() == {Period.parse("2019"): Decimal(1001)}


# Half-years


@pytest.mark.parametrize(("due", "final"), [("2024-H1", True), ("2024", False), ("2024-H2", False)])
def test_a_half_year_is_judged_on_the_half_year_not_the_quarter_ending_with_it(
    due: str, final: bool
) -> None:
    both = metric(
        observation("2024-Q2", "10"),
        observation("2024-H1", "30"),
        metric_id="courses_held",
        unit="count",
    )
    target = make_target(
        metric="courses_held", condition=">=", threshold=Decimal(20), unit="count", period=due
    )
    result = judge_one(target, both, date(2024, 7, 1))
    assert (result.status, result.actual_period, result.final) == (
        Status.PASS,
        Period.parse("2024-H1"),
        final,
    )


def test_only_a_built_in_unit_that_only_grows_can_confirm_a_goal_early() -> None:
    assert history.accumulates("count") is True
    assert history.accumulates("t CO2e") is True
    assert history.accumulates("%") is False
    assert history.accumulates("DKK") is False
    assert history.accumulates("beds") is False  # declared by a data file: not known to grow
    # Ratios and intensities may fall as the year runs, though they are never negative.
    assert history.accumulates("days per FTE") is False
    assert history.accumulates("days per employee") is False
    assert history.accumulates("t CO2e per DKK million") is False
    assert [u for u in UNITS if history.accumulates(u)] == [
        "people", "count", "t CO2", "t CO2e", "hours", "days"
    ]  # fmt: skip
