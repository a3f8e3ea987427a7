"""``goalcheck explain``: one target, judged as ``run`` judges it, with everything behind it."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import DISAGREEING, REPO, RunCli, target_toml
from goalcheck.explain import Step
from goalcheck.period import Period

Project = Callable[..., Path]

# A day after everything the bundled goals report, so the output does not move with today.
LATER = "2026-01-01"


def _explain(run_cli: RunCli, *args: str, exit_code: int, cwd: Path | None = None) -> str:
    result = run_cli(["explain", *args], exit_code=exit_code, cwd=cwd)
    assert result.stderr == ""
    return str(result.stdout)


def _json(run_cli: RunCli, *args: str, exit_code: int, cwd: Path | None = None) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        _explain(run_cli, *args, "--format", "json", exit_code=exit_code, cwd=cwd)
    )
    return document


def _section(text: str, heading: str) -> list[str]:
    """The lines of the section under ``heading``, up to the blank line that ends it."""
    lines = text.splitlines()
    start = lines.index(heading) + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


# The bundled goals: Aleris-Hamlet's total sick leave, a derived metric


def test_sick_leave_total_works_out_its_formula_on_the_2019_figures(run_cli: RunCli) -> None:
    text = _explain(run_cli, "sick-leave-total", "--as-of", LATER, exit_code=1, cwd=REPO)
    lines = text.splitlines()
    assert lines[:2] == [
        "sick-leave-total: Total sick leave",
        f"Aleris-Hamlet (aleris-hamlet), as of {LATER}",
    ]
    target = _section(text, "Target")
    assert '  stated (da)  "Samlet sygefravær mindre end 4%"' in target
    report = "Aleris-Hamlet Sustainability report 2019"
    assert f"  source       {report} › Medarbejderrettigheder › Mål 2020" in target
    assert "  formula      sick_leave_short + sick_leave_long" in target
    assert "  due          2020, by 2020-12-31" in target
    assert "  severity     error: a miss fails the run" in target
    assert _section(text, "Verdict: FAIL, provisional") == [
        "  rule         Total sick leave: under 4 % by 2020",
        "  figure       4.19 % for 2019",
        f"  why          provisional: no figure for 2020 itself is known as of {LATER}, so it is"
        " judged on the latest figure for an earlier period, 2019",
        "  margin       -0.19: short by 0.19 %",
        "  fails run    yes",
    ]
    section = "Aleris-Hamlet Sustainability report 2019 › Medarbejderrettigheder › Resultater 2019"
    assert _section(text, "Figures used") == [
        "  sick_leave_total for 2019: 4.19 % (judged)",
        "    worked out by its formula (below); known from 2020-12-31, when the last of its"
        " figures was",
        "  sick_leave_short for 2019: 2.82 % (in sick_leave_total)",
        "    published 2020, known from 2020-12-31",
        f"    source: {section} › Sygefravær",
        "  sick_leave_long for 2019: 1.37 % (in sick_leave_total)",
        "    published 2020, known from 2020-12-31",
        f"    source: {section} › Sygefravær",
    ]
    assert _section(text, "Formula") == [
        "  sick_leave_total for 2019:",
        "    sick_leave_short + sick_leave_long = 2.82 + 1.37 = 4.19",
    ]
    assert _section(text, "History") == [
        "  none: no figure used was restated, and no sources disagree"
    ]


@pytest.mark.parametrize(
    ("entity", "as_of"), [("aleris-hamlet", LATER), ("region-hovedstaden", "2024-05-01")]
)
def test_every_verdict_is_the_one_run_gives(run_cli: RunCli, entity: str, as_of: str) -> None:
    args = ["--as-of", as_of, "--entity", entity, "--format", "json"]
    run = json.loads(run_cli(["run", *args], exit_code=1, cwd=REPO).stdout)
    keys = ("id", "status", "final", "margin", "margin_range", "reason", "fails_run")
    expected = [{key: r[key] for key in keys} for r in run["results"]]
    explained = []
    for target in dict.fromkeys(r["target"] for r in run["results"]):
        fails = any(r["fails_run"] for r in run["results"] if r["target"] == target)
        document = _json(run_cli, target, *args[:4], exit_code=int(fails), cwd=REPO)
        explained += [{key: r[key] for key in keys} for r in document["results"]]
    assert explained == expected


def test_json_has_the_formula_block_and_each_figure_used(run_cli: RunCli) -> None:
    document = _json(run_cli, "sick-leave-total", "--as-of", LATER, exit_code=1, cwd=REPO)
    assert (document["as_of"], document["asked"], document["passed"]) == (
        LATER,
        "sick-leave-total",
        False,
    )
    (result,) = document["results"]
    assert (result["id"], result["entity"], result["lang"], result["status"]) == (
        "sick-leave-total",
        "aleris-hamlet",
        "da",
        "fail",
    )
    assert (result["statement"], result["due"], result["final"], result["margin"]) == (
        "Samlet sygefravær mindre end 4%",
        "2020",
        False,
        -0.19,
    )
    assert result["rule"] == "Total sick leave: under 4 % by 2020"
    assert result["why"].startswith("provisional: no figure for 2020 itself is known")
    formula = result["formula"]
    assert (formula["text"], formula["substituted"], formula["value"]) == (
        "sick_leave_short + sick_leave_long",
        "2.82 + 1.37",
        4.19,
    )
    assert formula["values"] == {"sick_leave_short": 2.82, "sick_leave_long": 1.37}
    assert [(f["metric"], f["period"], f["value"], f["published"]) for f in result["figures"]] == [
        ("sick_leave_total", "2019", 4.19, "2020"),
        ("sick_leave_short", "2019", 2.82, "2020"),
        ("sick_leave_long", "2019", 1.37, "2020"),
    ]
    short = result["figures"][1]["sources"]
    assert [s["section"] for s in short] == [
        "Medarbejderrettigheder › Resultater 2019 › Sygefravær"
    ]
    for key in ("restated", "disagreements", "revisions"):
        assert result[key] == []
    assert (result["waiver"], result["explanation"]) == (None, None)


def test_a_metric_reported_as_it_is_has_no_formula(run_cli: RunCli) -> None:
    document = _json(run_cli, "nps", "--as-of", LATER, exit_code=0, cwd=REPO)
    (result,) = document["results"]
    assert (result["status"], result["formula"]) == ("pass", None)
    assert [(f["metric"], f["role"], f["value"]) for f in result["figures"]] == [
        ("nps", "judged", 92)
    ]


def test_a_figure_set_aside_is_shown_with_why(run_cli: RunCli) -> None:
    args = ["focused-education-days-2024", "--as-of", LATER]
    text = _explain(run_cli, *args, exit_code=0, cwd=REPO)
    assert _section(text, "Verdict: NO DATA")[2] == (
        "  why          not reported since it was due (2024): the latest figure, 1 for 2024-04,"
        " is not for the whole of 2024"
    )
    assert _section(text, "Figures used")[:2] == [
        "  focused_education_days_held for 2024-04: 1 (not judged on)",
        "    published 2024, known from 2024-12-31",
    ]


# A restated figure

RESTATED_CO2 = """\
[documents.pd-2020]
title = "Example A/S annual report 2020"
published = 2021-03-01

[documents.pd-2024]
title = "Example A/S annual report 2024"
published = 2025-02-20

[metrics.scope2]
label = "Scope 2 emissions"
unit = "t CO2"
source = { document = "pd-2020", section = "CO2-regnskab" }
figures = { 2019 = 70, 2020 = 56 }

[[metrics.scope2.observations]]
period = 2020
value = 58
source = { document = "pd-2024", section = "CO2-regnskab", page = 31, url = "https://example.org" }
"""
AT_MOST_57_T = target_toml(
    id="scope2-2020",
    area="climate",
    label="Scope 2 emissions",
    statement_da="Scope 2-udledningen højst 57 ton i 2020",
    metric="scope2",
    condition="<=",
    threshold=57,
    unit="t CO2",
    period="2020",
    source={"document": "pd-2020", "section": "CO2-regnskab"},
)


def test_a_restated_figure_shows_what_it_replaced_and_both_days(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(AT_MOST_57_T, data=RESTATED_CO2)
    text = _explain(run_cli, "scope2-2020", "-c", str(goals), "--as-of", "2025-02-20", exit_code=1)
    assert _section(text, "Verdict: FAIL, final")[1:4] == [
        "  figure       58 t for 2020",
        "  why          final: judged on the figure for the due period itself, 2020",
        "  margin       -1: short by 1 t",
    ]
    assert _section(text, "Figures used") == [
        "  scope2 for 2020: 58 t (judged)",
        "    published 2025-02-20, known from 2025-02-20",
        "    source: Example A/S annual report 2024 › CO2-regnskab, page 31, https://example.org",
    ]
    assert _section(text, "History") == [
        "  restated: was 56 t in Example A/S annual report 2020 (published 2021-03-01)"
    ]
    (result,) = _json(
        run_cli, "scope2-2020", "-c", str(goals), "--as-of", "2025-02-20", exit_code=1
    )["results"]
    assert [(r["value"], r["published"]) for r in result["restated"]] == [(56, "2021-03-01")]
    assert result["figures"][0]["published"] == "2025-02-20"


def test_the_day_before_the_restatement_the_first_figure_passes(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(AT_MOST_57_T, data=RESTATED_CO2)
    text = _explain(run_cli, "scope2-2020", "-c", str(goals), "--as-of", "2025-02-19", exit_code=0)
    assert "  scope2 for 2020: 56 t (judged)" in text.splitlines()
    assert "    published 2021-03-01, known from 2021-03-01" in text.splitlines()


def test_a_change_target_shows_its_base_period_figure(run_cli: RunCli, project: Project) -> None:
    target = AT_MOST_57_T.replace("threshold = 57", 'change = { base_period = "2019", by = -10 }')
    goals = project(target, data=RESTATED_CO2)
    text = _explain(run_cli, "scope2-2020", "-c", str(goals), "--as-of", "2025-03-01", exit_code=0)
    assert "  rule         Scope 2 emissions: at least 10 t below 2019 (60 t) by 2020" in text
    assert _section(text, "Figures used")[-3:] == [
        "  scope2 for 2019: 70 t (base period)",
        "    published 2021-03-01, known from 2021-03-01",
        "    source: Example A/S annual report 2020 › CO2-regnskab",
    ]


def test_revisions_waiver_and_explanation_are_shown(run_cli: RunCli, project: Project) -> None:
    target = AT_MOST_57_T + (
        'explanation = "A new data centre"\n'
        'waiver = { until = "2025-06-30", reason = "Audit pending", decided_by = "Board" }\n'
        "[[targets.revisions]]\n"
        'since = "2020-07-01"\nthreshold = 57.5\nreason = "Reset"\ndecided_by = "CFO"\n'
    )
    goals = project(target, data=RESTATED_CO2)
    text = _explain(run_cli, "scope2-2020", "-c", str(goals), "--as-of", "2025-03-01", exit_code=0)
    target_lines = _section(text, "Target")
    assert target_lines[-4:] == [
        "  threshold    57 t as first set",
        "  revised      to 57.5 t from 2020-07-01 by CFO (in force): Reset",
        "  waiver       until 2025-06-30 (in force), decided by Board: Audit pending",
        "  explanation  A new data centre",
    ]
    assert "Verdict: WAIVED (would be fail)" in text.splitlines()
    assert "  rule         Scope 2 emissions: at most 57.5 t by 2020" in text.splitlines()


def test_sources_that_disagree_are_named_with_the_verdict_on_each(
    run_cli: RunCli, project: Project
) -> None:
    target = target_toml(threshold=4.25, period="2017",
                         source={"document": "hospital-2017", "section": "Mål"})  # fmt: skip
    goals = project(target, data=DISAGREEING)
    text = _explain(run_cli, "sick-leave", "-c", str(goals), "--as-of", "2019-01-01", exit_code=1)
    assert _section(text, "History") == [
        "  warning: sources disagree: 4.2 % in Example Hospital: annual report 2017"
        " (published 2018-03); on that figure the verdict would be pass"
    ]
    (result,) = _json(
        run_cli, "sick-leave", "-c", str(goals), "--as-of", "2019-01-01", exit_code=1
    )["results"]
    assert [(d["value"], d["status"]) for d in result["disagreements"]] == [(4.2, "pass")]


# Milestones and portfolio rules: the bundled Region Hovedstaden plan


def test_a_milestone_done_late_shows_the_range_it_was_done_in(run_cli: RunCli) -> None:
    args = ["leadership-principles-formulated", "--as-of", "2024-05-01"]
    text = _explain(run_cli, *args, exit_code=1, cwd=REPO)
    assert _section(text, "Verdict: FAIL, final") == [
        "  rule         Common leadership principles formulated: done by 2023",
        "  figure       done in 2024-Q1",
        "  why          done in 2024-Q1, after it was due (2023)",
        "  margin       -91 to -1 d: done 1 to 91 days late",
        "  fails run    yes",
    ]
    rests_on = _section(text, "What the verdict rests on")
    assert rests_on[:2] == [
        "  initiative   leadership-principles: Pejlemærker for Ledelse; completed (Gennemført);"
        " started not dated, completed 2024-Q1",
        "  when         completed some day from 2024-01-01 to 2024-03-31 (2024-Q1)",
    ]
    assert rests_on[2].startswith("  status date  2024-04: Approximate")
    (result,) = _json(run_cli, *args, exit_code=1, cwd=REPO)["results"]
    assert result["milestone"]["done"] == {
        "period": "2024-Q1",
        "earliest": "2024-01-01",
        "latest": "2024-03-31",
    }
    assert result["margin_range"] == [-91, -1]


def test_a_milestone_not_reported_since_it_was_due_has_no_data(run_cli: RunCli) -> None:
    text = _explain(run_cli, "shift-work-plans", "--as-of", LATER, exit_code=0, cwd=REPO)
    assert _section(text, "Verdict: NO DATA")[2] == (
        "  why          not reported since it was due (2024-04-01)"
    )
    assert _section(text, "What the verdict rests on")[0] == (
        f"  when         not reported done as of {LATER}"
    )
    assert _section(text, "Figures used") == [f"  none known as of {LATER}"]


def test_a_portfolio_rule_explains_each_objective_or_the_one_asked(run_cli: RunCli) -> None:
    everything = _explain(run_cli, "initiatives-per-objective", exit_code=0, cwd=REPO)
    headings = [line for line in everything.splitlines() if line.startswith("Verdict on ")]
    assert headings == [
        f"Verdict on initiatives-per-objective/{n}: PASS, final" for n in range(1, 6)
    ]
    one = _explain(run_cli, "initiatives-per-objective/3", exit_code=0, cwd=REPO)
    assert _section(one, "Counted") == [
        "  2 initiatives name objective 3 (Sammen om vagtarbejde):",
        "    exit-analysis: Exitanalyse (completed)",
        "    shift-work: Fælles om vagtarbejde (started)",
    ]
    assert "  margin       +1: 1 initiative to spare" in one.splitlines()


# A target in each group

GROUPS = """\
[documents.report]
title = "Report"
published = 2024-02-01

[metrics.staff]
label = "Staff"
unit = "people"
groups = ["hospital"]
source = { document = "report", section = "Staff" }

[[metrics.staff.observations]]
period = 2023
value = 100
group = { hospital = "Søborg" }

[[metrics.staff.observations]]
period = 2023
value = 80
group = { hospital = "Hvidovre" }

[metrics.agency]
label = "Agency staff"
unit = "people"
groups = ["hospital"]
source = { document = "report", section = "Agency staff" }

[[metrics.agency.observations]]
period = 2023
value = 5
group = { hospital = "Søborg" }

[[metrics.agency.observations]]
period = 2023
value = 7
group = { hospital = "Hvidovre" }

[metrics.all_staff]
label = "All staff"
unit = "people"
source = { document = "report", section = "Staff" }
formula = "staff + agency"
"""
STAFFED = target_toml(
    id="staffed",
    label="Staffed",
    statement_da="Mindst 100 ansatte",
    metric="all_staff",
    condition=">=",
    threshold=100,
    unit="people",
    period="2023",
    for_each="hospital",
    source={"document": "report", "section": "Goals"},
)


def test_a_per_group_target_explains_each_group(run_cli: RunCli, project: Project) -> None:
    goals = project(STAFFED, data=GROUPS)
    text = _explain(run_cli, "staffed", "-c", str(goals), "--as-of", "2024-06-01", exit_code=1)
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("Verdict")] == [
        "Verdict on staffed[hospital=Hvidovre]: FAIL, final",
        "Verdict on staffed[hospital=Søborg]: PASS, final",
    ]
    assert lines.count("Target") == 1
    # Each group's formula is worked out on that group's figures.
    formulas = [lines[i + 2] for i, line in enumerate(lines) if line == "Formula"]
    assert formulas == [
        "    staff + agency = 80 + 7 = 87",
        "    staff + agency = 100 + 5 = 105",
    ]


def test_a_result_id_explains_that_group_alone(run_cli: RunCli, project: Project) -> None:
    goals = project(STAFFED, data=GROUPS)
    args = ["staffed[hospital=Søborg]", "-c", str(goals), "--as-of", "2024-06-01"]
    text = _explain(run_cli, *args, exit_code=0)
    assert [line for line in text.splitlines() if line.startswith("Verdict")] == [
        "Verdict on staffed[hospital=Søborg]: PASS, final"
    ]
    (result,) = _json(run_cli, *args, exit_code=0)["results"]
    assert (result["group"], result["formula"]["substituted"]) == (
        {"hospital": "Søborg"},
        "100 + 5",
    )


# Bad input


def test_an_unknown_id_names_the_closest_target(run_cli: RunCli) -> None:
    result = run_cli(["explain", "sick-leave-totl"], exit_code=2, cwd=REPO)
    assert result.stdout == ""
    assert result.stderr == (
        "goalcheck: error: no target 'sick-leave-totl' (did you mean 'sick-leave-total'?)\n"
    )


def test_an_unknown_result_of_a_known_target_names_the_closest_result(run_cli: RunCli) -> None:
    result = run_cli(["explain", "initiatives-per-objective/9"], exit_code=2, cwd=REPO)
    results = ", ".join(f"initiatives-per-objective/{n}" for n in range(1, 6))
    assert result.stderr == (
        "goalcheck: error: no result 'initiatives-per-objective/9'"
        f" (did you mean 'initiatives-per-objective/5'?); its target's results: {results}\n"
    )


def test_an_id_like_nothing_gets_no_suggestion_and_stays_inert(run_cli: RunCli) -> None:
    result = run_cli(["explain", "\x1b[2Jzzz"], exit_code=2, cwd=REPO)
    assert result.stderr == "goalcheck: error: no target '\\x1b[2Jzzz'\n"


def test_a_bad_date_or_entity_is_a_usage_error(run_cli: RunCli) -> None:
    run_cli(["explain", "nps", "--as-of", "2026-13-01"], exit_code=2, cwd=REPO)
    run_cli(["explain", "nps", "--entity", "nobody"], exit_code=2, cwd=REPO)
    # The target is there, but not in the entity chosen.
    run_cli(["explain", "nps", "--entity", "region-hovedstaden"], exit_code=2, cwd=REPO)


def test_a_hostile_label_is_printed_escaped(run_cli: RunCli, project: Project) -> None:
    target = AT_MOST_57_T.replace('label = "Scope 2 emissions"', 'label = "Scope \\u001b[2J"')
    goals = project(target, data=RESTATED_CO2)
    text = _explain(run_cli, "scope2-2020", "-c", str(goals), "--as-of", "2025-03-01", exit_code=1)
    assert "\x1b" not in text
    assert text.splitlines()[0] == "scope2-2020: Scope \\x1b[2J"
    assert "  rule         Scope \\x1b[2J: at most 57 t by 2020" in text.splitlines()
    document = _json(run_cli, "scope2-2020", "-c", str(goals), "--as-of", "2025-03-01", exit_code=1)
    assert document["results"][0]["label"] == "Scope \x1b[2J"  # JSON keeps text exact


# The substitution


def _step(text: str, **values: str) -> Step:
    return Step(
        metric="m",
        period=Period.parse("2019"),
        text=text,
        values=tuple((name, Decimal(value)) for name, value in values.items()),
        value=Decimal(0),
    )


def test_names_are_substituted_whole_never_as_prefixes() -> None:
    step = _step("sick_leave_short + sick_leave * 2 + sick_leave2", sick_leave="1.5",
                 sick_leave_short="2.82", sick_leave2="3")  # fmt: skip
    assert step.substituted(str) == "2.82 + 1.5 * 2 + 3"


def test_a_negative_figure_is_substituted_in_parentheses() -> None:
    assert _step("a - b", a="1", b="-2").substituted(str) == "1 - (-2)"


def test_the_trajectory_is_told_beside_a_provisional_verdict(run_cli: RunCli) -> None:
    args = ["explain", "nps", "--as-of", "2020-12-31"]
    text = run_cli(args, exit_code=0, cwd=REPO).stdout
    assert text.endswith(
        "\nTrajectory (told, not judged)\n"
        "  trend: 93 by 2020, from the latest 5 figures (least squares; not a verdict)\n"
        "  recent figures: 89, 90, 91, 92, 92\n"
    )


def test_the_how_to_shows_what_explain_prints(run_cli: RunCli) -> None:
    page = (REPO / "docs/how-to/waivers-and-explanations.md").read_text(encoding="utf-8")
    command = "$ goalcheck explain sick-leave-total --as-of 2026-11-23\n"
    shown = page.split(command, 1)[1].split("```", 1)[0]
    args = ["explain", "sick-leave-total", "--as-of", "2026-11-23"]
    assert run_cli(args, exit_code=1, cwd=REPO).stdout == shown


# Danish for people, English for tools


def test_explain_speaks_danish_and_its_json_stays_english(run_cli: RunCli) -> None:
    args = ["explain", "sick-leave-total", "--as-of", "2026-11-23"]
    text = run_cli([*args, "--lang", "da"], exit_code=1, cwd=REPO).stdout
    lines = text.splitlines()
    assert lines[1] == "Aleris-Hamlet (aleris-hamlet), pr. 23.11.2026"
    verdict = "Resultat: IKKE BESTÅET, foreløbigt"
    for heading in ("Mål", verdict, "Anvendte tal", "Formel", "Historik"):
        assert heading in lines
    # The formula worked out with decimal commas, as the figures are written in Danish.
    assert _section(text, "Formel")[1] == (
        "    sick_leave_short + sick_leave_long = 2,82 + 1,37 = 4,19"
    )
    rows = _section(text, "Mål") + _section(text, verdict)
    assert "4,19 % for 2019" in rows[len(_section(text, "Mål")) + 1]
    # The labels' column is as wide as the widest Danish label: every value starts in it.
    starts = {len(row) - len(row[2:].split("  ", 1)[1].lstrip(" ")) for row in rows}
    assert len(starts) == 1
    # GOALCHECK_LANG chooses Danish as --lang does; JSON is English whatever the language.
    danish = run_cli(args, exit_code=1, cwd=REPO, env={"GOALCHECK_LANG": "da"}).stdout
    assert danish == text
    json_args = [*args, "--format", "json"]
    english_json = run_cli(json_args, exit_code=1, cwd=REPO).stdout
    assert run_cli([*json_args, "--lang", "da"], exit_code=1, cwd=REPO).stdout == english_json


# The policy, as run takes it


@pytest.mark.parametrize(
    ("flags", "exit_code"),
    [([], 0), (["--strict"], 1), (["--fail-on", "fail,no_data"], 1), (["--fail-on", "pass"], 0)],
)
def test_explain_exits_as_run_would_under_the_same_policy(
    run_cli: RunCli, flags: list[str], exit_code: int
) -> None:
    # shift-work-plans has no data as of this day: it fails the run only when no_data does.
    args = ["--entity", "region-hovedstaden", "--as-of", "2026-11-23", *flags]
    run = json.loads(run_cli(["run", "-f", "json", *args], exit_code=1, cwd=REPO).stdout)
    (record,) = [r for r in run["results"] if r["id"] == "shift-work-plans"]
    assert record["fails_run"] is bool(exit_code)
    text = run_cli(["explain", "shift-work-plans", *args], exit_code=exit_code, cwd=REPO).stdout
    assert f"fails run    {'yes' if exit_code else 'no'}" in text


def test_explain_rejects_an_unknown_status_as_run_does(run_cli: RunCli) -> None:
    result = run_cli(["explain", "nps", "--fail-on", "nonsense"], exit_code=2, cwd=REPO)
    assert "'nonsense' is not a status; choose from pass, warn, fail, waived, pending, no_data" in (
        result.stderr
    )
