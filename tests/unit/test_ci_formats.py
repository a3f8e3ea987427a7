"""The CI formats: JUnit read by a real parser, GitHub's escaping, Markdown and CSV safety."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from decimal import Decimal

import junitparser
import pytest

from conftest import judge_one, make_metric, make_report, make_target
from goalcheck.model import Report, Status, Waiver
from goalcheck.period import Period
from goalcheck.reporters import Options, github, junit, markdown
from goalcheck.reporters import csv as csv_reporter

AS_OF = date(2024, 1, 1)


def mixed_report() -> Report:
    waiver = Waiver(until=Period.parse("2024-12-31"), reason="Late survey", decided_by="CFO")
    return make_report(
        judge_one(make_target(id="ok", area="employees"), make_metric({"2020": "3"}), AS_OF),
        judge_one(
            make_target(id="sick-leave", line=12, explanation="Flu season"),
            make_metric({"2020": "4.19"}),
            AS_OF,
        ),
        judge_one(make_target(id="unknown", area="social"), make_metric({}), AS_OF),
        judge_one(make_target(id="waived", waiver=waiver), make_metric({"2020": "9"}), AS_OF),
        judge_one(
            make_target(id="close", warn_threshold=Decimal("3.8")),
            make_metric({"2020": "3.9"}),
            AS_OF,
        ),
        as_of=AS_OF,
    )


def parse_junit(text: str) -> list[junitparser.TestCase]:
    xml = junitparser.JUnitXml.fromstring(text)
    return [case for suite in xml for case in suite]


def test_junit_has_one_testcase_per_result_with_failures_and_skips() -> None:
    report = mixed_report()
    cases = parse_junit(junit.render(report, Options()))
    assert [c.name for c in cases] == [r.id for r in report.results]
    assert [c.classname for c in cases] == [
        "acme.employees",
        "acme.employees",
        "acme.social",
        "acme.employees",
        "acme.employees",
    ]
    outcome = {c.name: [type(r).__name__ for r in c.result] for c in cases}
    assert outcome == {
        "ok": [],
        "sick-leave": ["Failure"],
        "unknown": ["Skipped"],
        "waived": ["Skipped"],
        "close": [],
    }
    failure = cases[1].result[0]
    assert failure.type == "fail"
    assert failure.message == (
        "fail: 4.19 % (2020, final); target A target: under 4 % by 2020; margin -0.19;"
        " explained: Flu season"
    )
    assert cases[2].result[0].message == (
        "no data: no figure; target A target: under 4 % by 2020;"
        " no figure for 2020 or an earlier period"
    )


def test_junit_counts_and_policy() -> None:
    report = mixed_report()
    xml = junitparser.JUnitXml.fromstring(
        junit.render(report, Options(fail_on=frozenset({Status.FAIL, Status.NO_DATA})))
    )
    (suite,) = list(xml)
    assert (suite.name, suite.tests, suite.failures, suite.skipped) == ("acme", 5, 2, 1)
    assert (xml.tests, xml.failures) == (5, 2)


def test_junit_escapes_markup_shows_controls_and_drops_what_xml_cannot_carry() -> None:
    target = make_target(id="x", label='<b>&"\x01\ufffe')
    report = make_report(judge_one(target, make_metric({"2020": "9"}), AS_OF), as_of=AS_OF)
    (case,) = parse_junit(junit.render(report, Options()))
    assert case.result[0].message.startswith('fail: 9 % (2020, final); target <b>&"\\x01\ufffd:')


HOSTILE = "a\x00b\x1b[2J\x0bc\udce9d\ufffe"
HOSTILE_SHOWN = "a\\x00b\\x1b[2J\\x0bc\\xe9d\ufffd"  # inert, then U+FFFE replaced


def hostile_junit() -> str:
    target = make_target(
        id=HOSTILE, entity=HOSTILE, label=HOSTILE, file=f"caf\udce9{HOSTILE}.toml", line=3
    )
    report = make_report(judge_one(target, make_metric({"2020": "9"}), AS_OF), as_of=AS_OF)
    entity = replace(report.entities[0], id=HOSTILE, name=HOSTILE)
    return junit.render(replace(report, entities=(entity,)), Options())


def test_junit_is_well_formed_xml_whatever_the_file_names_and_ids_hold() -> None:
    text = hostile_junit()
    text.encode("utf-8")  # no lone surrogate left to fail the encoding
    root = ET.fromstring(text.encode("utf-8"))
    (suite,) = root
    (case,) = suite.iter("testcase")
    assert case.attrib == {
        "classname": f"{HOSTILE_SHOWN}.employees",
        "name": HOSTILE_SHOWN,
        "time": "0",
    }
    assert case.findtext("system-out") == f"file: caf\\xe9{HOSTILE_SHOWN}.toml\nline: 3"
    assert suite.attrib["name"] == HOSTILE_SHOWN
    entity_name = suite.find("properties/property[@name='entity_name']")
    assert entity_name is not None
    assert entity_name.attrib["value"] == HOSTILE_SHOWN
    failure = case.find("failure")
    assert failure is not None
    assert failure.text == failure.attrib["message"]
    assert failure.attrib["message"] == (
        f"fail: 9 % (2020, final); target {HOSTILE_SHOWN}: under 4 % by 2020; margin -5"
    )
    (parsed,) = parse_junit(text)
    assert (parsed.name, parsed.classname) == (HOSTILE_SHOWN, f"{HOSTILE_SHOWN}.employees")


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("50% done", "50%25 done", "50%25 done"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
    ],
)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert (github.escape_data(text), github.escape_property(text)) == (data, prop)


def test_github_keeps_each_command_on_one_line_whatever_the_text_holds() -> None:
    target = make_target(
        id="x",
        label="Sick\n::error file=evil.toml::forged\x1b[2J",
        file="goals\n::warning::x.toml",
        line=4,
    )
    report = make_report(judge_one(target, make_metric({"2020": "9"}), AS_OF), as_of=AS_OF)
    lines = github.render(report, Options()).splitlines()
    assert lines[0] == (
        "::error file=goals\\n%3A%3Awarning%3A%3Ax.toml,line=4,title=goalcheck%3A x fail::fail:"
        " 9 %25 (2020, final); target Sick\\n::error file=evil.toml::forged\\x1b[2J: under 4 %25"
        " by 2020; margin -5"
    )
    assert len(lines) == 2
    assert lines[1].startswith("goalcheck: ")


def test_github_annotates_what_fails_the_run_at_the_targets_line() -> None:
    lines = github.render(mixed_report(), Options()).splitlines()
    assert lines[0] == (
        "::error file=goals.toml,line=12,title=goalcheck%3A sick-leave fail::fail: 4.19 %25"
        " (2020, final); target A target: under 4 %25 by 2020; margin -0.19; explained: Flu"
        " season"
    )
    assert lines[1].startswith("::warning file=goals.toml,title=goalcheck%3A close warn::warn:")
    assert len(lines) == 3
    assert (
        lines[2]
        == "goalcheck: 1 pass, 1 warn, 1 fail, 1 waived, 0 pending, 1 no data (as of 2024-01-01)"
    )


def test_markdown_escapes_labels_so_they_cannot_break_the_table() -> None:
    target = make_target(id="x", label="a | b *c* [d](e)")
    report = make_report(judge_one(target, make_metric({"2020": "1"}), AS_OF), as_of=AS_OF)
    text = markdown.render(report, Options())
    row = next(line for line in text.splitlines() if line.startswith("| ✅"))
    assert "a \\| b \\*c\\* \\[d\\](e): under 4 % by 2020" in row
    assert row.count(" | ") == 4
    assert text.startswith("## goalcheck: ✅ the check passes\n\n1 pass, as of 2024-01-01.")


def test_markdown_shows_controls_escaped_and_keeps_a_row_on_one_line() -> None:
    target = make_target(id="x|`y", label="a\n| b\x1b[2J\u202e")
    report = make_report(judge_one(target, make_metric({"2020": "1"}), AS_OF), as_of=AS_OF)
    rows = [line for line in markdown.render(report, Options()).splitlines() if "✅" in line]
    assert rows[1] == (
        "| ✅ pass | ``x\\|`y`` a\\\\n\\| b\\\\x1b\\[2J\\\\u202e: under 4 % by 2020 | 1 % (2020,"
        " final) | +3 |  |"
    )


@pytest.mark.parametrize(
    ("text", "span"),
    [("sick-leave", "`sick-leave`"), ("a`b", "``a`b``"), ("`a", "`` `a ``"), ("a|b", "`a\\|b`")],
)
def test_markdown_code_spans_fence_out_backticks(text: str, span: str) -> None:
    assert markdown.code(text) == span


def test_markdown_marks_what_fails_and_says_why() -> None:
    text = markdown.render(mixed_report(), Options())
    assert "## goalcheck: ❌ the check fails" in text
    assert (
        "| **❌ fail** | `sick-leave` A target: under 4 % by 2020 | 4.19 % (2020, final) |" in text
    )
    assert "waived until 2024-12-31 by CFO (fail): Late survey" in text


def test_csv_has_one_row_per_result_and_neutralises_formulas() -> None:
    target = make_target(id="inject", label='=HYPERLINK("http://x")', statement_da="@SUM(A1)")
    report = make_report(
        judge_one(target, make_metric({"2020": "4.19"}), AS_OF),
        judge_one(make_target(id="ok", label="+plain"), make_metric({"2020": "3"}), AS_OF),
        as_of=AS_OF,
    )
    rows = list(csv.DictReader(io.StringIO(csv_reporter.render(report, Options()))))
    assert [row["id"] for row in rows] == ["inject", "ok"]
    assert rows[0]["label"] == '\'=HYPERLINK("http://x")'
    assert rows[0]["statement_da"] == "'@SUM(A1)"
    assert (rows[0]["margin"], rows[0]["actual"], rows[0]["status"]) == ("-0.19", "4.19", "fail")
    assert rows[1]["label"] == "'+plain"
    assert rows[0]["fails_run"] == "yes"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("-2+3", "'-2+3"),
        ("-0.19", "-0.19"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width =
        ("\uff0b1", "'\uff0b1"),  # full-width +
        ("\uff0d1", "'\uff0d1"),  # full-width -
        ("\uff20x", "'\uff20x"),  # full-width @
        ("  =1+1", "'  =1+1"),
        (" \t @x", "' \t @x"),
        ("  -0.19", "'  -0.19"),  # not a number goalcheck writes
        ("0.19", "0.19"),
        ("a=1", "a=1"),
        ("ok", "ok"),
        ("", ""),
    ],
)
def test_csv_neutralise(cell: str, safe: str) -> None:
    assert csv_reporter.neutralise(cell) == safe


def test_csv_shows_controls_escaped_so_a_row_is_one_line() -> None:
    target = make_target(id="x", label="two\nlines\x1b[2J", statement_da="  =1+1", area="a\rb")
    report = make_report(judge_one(target, make_metric({"2020": "4.19"}), AS_OF), as_of=AS_OF)
    text = csv_reporter.render(report, Options())
    assert text.count("\n") == 2  # the header and the one row, each ended by the writer
    (row,) = csv.DictReader(io.StringIO(text))
    assert (row["label"], row["statement_da"], row["area"]) == (
        "two\\nlines\\x1b[2J",
        "'  =1+1",
        "a\\rb",
    )
    assert row["margin"] == "-0.19"
