from __future__ import annotations

import io
import json
from dataclasses import replace
from decimal import Decimal

from rich.console import Console

from conftest import judge_one, make_entity, make_metric, make_report, make_target
from goalcheck.model import Report
from goalcheck.reporters import REPORTERS, Options, by_entity, get_reporter, words
from goalcheck.reporters import json as json_reporter
from goalcheck.reporters import table as table_reporter


def small_report() -> Report:
    return make_report(
        judge_one(make_target(id="sick-leave"), make_metric({"2019": "4.19"})),
        judge_one(
            make_target(id="nps", area="social", condition=">=", threshold=Decimal(90), unit="NPS"),
            make_metric({"2020": "92"}, unit="NPS"),
        ),
        judge_one(make_target(id="mus-lus", condition="=="), make_metric({})),
    )


def test_every_format_choice_has_a_reporter() -> None:
    assert list(REPORTERS) == [
        "table",
        "json",
        "junit",
        "github",
        "markdown",
        "csv",
        "html",
        "sarif",
        "azure",
        "gitlab",
        "tap",
        "xlsx",
    ]
    for name in REPORTERS:
        assert callable(get_reporter(name).write)


def test_json_document_follows_the_contract() -> None:
    document = json.loads(json_reporter.render(small_report(), Options()))
    assert document["schema_version"] == 1
    assert document["summary"] == {
        "pass": 1,
        "warn": 0,
        "fail": 1,
        "waived": 0,
        "pending": 0,
        "no_data": 1,
    }
    assert document["policy"] == {"fail_on": ["fail"], "require_explanations": False}
    assert document["passed"] is False
    first = document["results"][0]
    assert first == {
        "id": "sick-leave",
        "entity": "acme",
        "area": "employees",
        "metric": "m",
        "condition": "<",
        "threshold": 4,
        "unit": "%",
        "target_period": "2020",
        "actual": 4.19,
        "actual_period": "2019",
        "final": False,
        "status": "fail",
        "margin": -0.19,
        "sources": [
            {
                "document": "Test report",
                "section": "Results",
                "page": None,
                "file": None,
                "url": None,
                "cell": None,
            }
        ],
        "kind": "threshold",
        "path": None,
        "projection": None,
        "target": "sick-leave",
        "group": None,
        "for_each": None,
        "objective": None,
        "initiative": None,
        "label": "A target",
        "statement_da": "Et mål",
        "statement": "Et mål",
        "lang": "da",
        "subject_label": "A metric",
        "margin_unit": "%",
        "progress": None,
        "bounds": None,
        "change": None,
        "warn_threshold": None,
        "waiver": None,
        "waived_status": None,
        "explanation": None,
        "fails_run": True,
        "reason": None,
        "severity": "error",
        "revisions": [],
        "margin_range": None,
        "actual_published": "2019-12-31",
        "actual_through": None,
        "restated": [],
        "disagreements": [],
    }
    nps, no_data = document["results"][1], document["results"][2]
    assert (nps["status"], nps["actual"], nps["margin"], nps["final"]) == ("pass", 92, 2, True)
    assert (no_data["status"], no_data["actual"], no_data["margin"]) == ("no_data", None, None)
    assert no_data["reason"] == "no figure for 2020 or an earlier period"


def test_json_keeps_danish_letters_unescaped() -> None:
    assert '"statement_da": "Et mål"' in json_reporter.render(small_report(), Options())


def render_table(report: Report, width: int = 80) -> str:
    out = io.StringIO()
    table_reporter.render(report, Console(file=out, width=width, highlight=False))
    return out.getvalue()


def test_the_table_groups_by_area_and_fits_80_columns() -> None:
    text = render_table(small_report())
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].rstrip() == "Acme (as of 2099-12-31)"
    assert [line.split()[0] for line in lines if line.strip() in ("Employees", "Social")] == [
        "Employees",
        "Social",
    ]
    row = next(line for line in lines if line.lstrip().startswith("sick-leave"))
    assert row.split() == ["sick-leave", "4.19", "%", "FAIL", "-0.19"]
    assert "A target: under 4 % by 2020" in text
    assert lines[-1] == ("3 targets: 1 pass, 1 fail, 1 no data (1 of 2 verdicts provisional)")
    assert "\x1b[" not in text


def test_a_narrow_table_prints_one_result_per_line_verdict_first() -> None:
    expected = (
        "Acme (as of 2099-12-31)\n"
        "Employees\n"
        "FAIL  sick-leave  4.19 % (2019, provisional)  -0.19\n"
        "NO DATA  mus-lus  no figure\n"
        "Social\n"
        "PASS  nps  92 (2020, final)  +2\n"
        "\n"
        "3 targets: 1 pass, 1 fail, 1 no data (1 of 2 verdicts provisional)\n"
    )
    for width in (0, 1, 30, 60):
        assert render_table(small_report(), width) == expected


def test_the_grid_is_drawn_from_the_width_at_which_it_fits() -> None:
    # 61 columns: the Target column at its 24-column minimum, Figure 9 ("no figure"), Verdict
    # 11 ("provisional"), Margin 6, a space each side of each divider, and 5 edges and dividers.
    assert render_table(small_report(), 60).startswith("Acme (as of 2099-12-31)\nEmployees\n")
    lines = render_table(small_report(), 61).splitlines()
    assert lines[2:6] == [
        " Target                     Figure      Verdict       Margin ",
        " ─────────────────────────────────────────────────────────── ",
        " Employees                                                   ",
        " sick-leave                 4.19 %      FAIL           -0.19 ",
    ]


def test_ansi_escapes_in_labels_are_shown_escaped_in_the_table() -> None:
    target = make_target(label="Sick\x1b[2J\nleave", id="x\x1b]0;t\x07")
    text = render_table(make_report(judge_one(target, make_metric({"2020": "1"}))))
    assert "\x1b" not in text
    assert " x\\x1b]0;t\\x07 " in text
    assert " Sick\\x1b[2J\\nleave: under 4 % by 2020 " in text


def test_results_are_grouped_by_entity_once_in_report_order() -> None:
    first, second, third = (
        judge_one(make_target(id=name, entity=entity), make_metric({}))
        for name, entity in (("a", "acme"), ("b", "other"), ("c", "acme"))
    )
    report = Report(
        as_of=make_report().as_of,
        entities=(make_entity(), replace(make_entity(), id="empty")),
        results=(first, second, third),
    )
    assert by_entity(report) == {"acme": [first, third], "empty": [], "other": [second]}


def test_labels_are_printed_literally_not_as_markup() -> None:
    target = make_target(label="[bold red]Sick[/] leave :warning:", id="x")
    report = make_report(judge_one(target, make_metric({"2020": "1"})))
    text = render_table(report)
    assert "[bold red]Sick[/] leave :warning:" in text


def test_numbers_are_written_without_exponents_or_float_noise() -> None:
    assert words.number(Decimal("1.013E+3")) == "1013"
    assert words.number(Decimal("4.190")) == "4.19"
    assert words.number(Decimal("-0")) == "0"
    assert words.number(Decimal(1) / Decimal(3)) == "0.33"
    assert words.number(Decimal("0.1234")) == "0.1234"
    assert words.signed(Decimal("-0.19")) == "-0.19"
    assert words.signed(Decimal("2")) == "+2"
    assert words.signed(Decimal("0")) == "0"
