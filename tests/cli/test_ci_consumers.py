"""JUnit and SARIF as their consumers check them: against the schemas CI servers validate with.

JUnit is validated against Jenkins' ``junit-10.xsd`` and SARIF against the SARIF 2.1.0 JSON
Schema, both copied under ``tests/schemas`` (its README names their sources), on the bundled
goals and on a project whose labels, names and file name hold what a terminal, XML or a URI
would choke on.
"""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from conftest import GOALCHECK, REPO, RunCli, run_process
from goalcheck import __version__

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
JUNIT_XSD = xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))
SARIF_SCHEMA = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SARIF = jsonschema.Draft4Validator(
    SARIF_SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
)

POLICIES = [
    ("2024-05-01",),
    ("2026-01-01",),
    ("2026-01-01", "--strict"),
    ("2024-05-01", "--require-explanations"),
    ("2024-05-01", "--fail-on", "fail,pending"),
]
# What XML 1.0 cannot carry, and what no report should hand a terminal: C0 controls other than
# tab and newline, DEL, C1 controls, bidi controls, lone surrogates.
RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def assert_valid_junit(text: str) -> ET.Element:
    """``text`` as a JUnit consumer reads it: well-formed XML 1.0, valid against junit-10.xsd."""
    data = text.encode("utf-8")  # a lone surrogate would fail here
    errors = [f"{e.path}: {e.reason}" for e in JUNIT_XSD.iter_errors(io.BytesIO(data))]
    assert errors == []
    return ET.fromstring(data)


def assert_valid_sarif(text: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in SARIF.iter_errors(log)]
    assert errors == []
    return log


def results_of(log: dict[str, Any]) -> list[dict[str, Any]]:
    (run,) = log["runs"]
    results: list[dict[str, Any]] = run["results"]
    return results


def definition_line(goals: Path, target_id: str) -> int:
    """The line of the ``[[targets]]`` header above ``id = "<target_id>"``, counted from 1."""
    lines = goals.read_text(encoding="utf-8").splitlines()
    at = lines.index(f'id = "{target_id}"')
    return max(n for n in range(at) if lines[n] == "[[targets]]") + 1


# --- JUnit --------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", POLICIES, ids=" ".join)
def test_junit_of_the_bundled_goals_is_valid_against_junit_10_xsd(
    run_cli: RunCli, policy: tuple[str, ...]
) -> None:
    as_of, *flags = policy
    args = ["run", "--as-of", as_of, *flags]
    document = json.loads(run_cli([*args, "-f", "json"], exit_code=1, cwd=REPO).stdout)
    root = assert_valid_junit(run_cli([*args, "-f", "junit"], exit_code=1, cwd=REPO).stdout)
    cases = list(root.iter("testcase"))
    assert len(cases) == len(document["results"])
    failed = [f"{r['entity']}/{r['id']}" for r in document["results"] if r["fails_run"]]
    failures = [
        f"{suite.attrib['name']}/{case.attrib['name']}"
        for suite in root
        for case in suite.iter("testcase")
        if case.find("failure") is not None
    ]
    assert failures == failed
    assert "skipped" not in root.attrib  # not in the schema: each suite counts its own
    assert sum(int(suite.attrib["skipped"]) for suite in root) == sum(
        1 for case in cases if case.find("skipped") is not None
    )


def test_junit_says_where_each_target_is_and_why_a_result_is_skipped(run_cli: RunCli) -> None:
    text = run_cli(["run", "--as-of", "2024-05-01", "-f", "junit"], exit_code=1, cwd=REPO).stdout
    root = assert_valid_junit(text)
    for suite in root:
        assert suite.attrib["file"] == f"goals/{suite.attrib['name']}.toml"
        for case in suite.iter("testcase"):
            assert set(case.attrib) == {"classname", "name", "time"}
            match = re.fullmatch(r"file: (\S+)\nline: (\d+)", case.findtext("system-out") or "")
            assert match is not None, case.findtext("system-out")
            goals = (REPO / match[1]).read_text(encoding="utf-8").splitlines()
            assert goals[int(match[2]) - 1] == "[[targets]]"
            if (skipped := case.find("skipped")) is not None:
                assert skipped.text == skipped.attrib["message"]
                assert skipped.attrib["type"] in {"no_data", "pending", "waived"}
                assert skipped.text.startswith(skipped.attrib["type"].replace("_", " ") + ": ")
    (case,) = (c for c in root.iter("testcase") if c.attrib["name"] == "sick-leave-total")
    line = definition_line(REPO / "goals/aleris-hamlet.toml", "sick-leave-total")
    assert case.findtext("system-out") == f"file: goals/aleris-hamlet.toml\nline: {line}"
    failure = case.find("failure")
    assert failure is not None
    assert failure.attrib["type"] == "fail"
    assert failure.text == failure.attrib["message"]
    assert failure.text.startswith("fail: 4.19 % (2019, provisional); target Total sick leave")


# --- a hostile project --------------------------------------------------------------------

# As written in TOML: a NUL, a terminal's title and clear-screen sequences, a vertical tab, a
# noncharacter XML cannot carry, a right-to-left override, and a newline that would forge a line.
HOSTILE = r"\u0000 \u001b]0;pwned\u0007 \u001b[2J \u000b \ufffe \u202e sæt\nforged"
HOSTILE_SHOWN = r"\x00 \x1b]0;pwned\x07 \x1b[2J \x0b " + "\ufffe" + r" \u202e sæt\nforged"
GOALS_FILE = "mål #1 %&'.toml"  # as a URI: m%C3%A5l%20%231%20%25%26%27.toml

HOSTILE_GOALS = f"""\
[entity]
id = "acme"
name = "Acme {HOSTILE}"
data = ["data/figures.toml"]

[[targets]]
id = "sick-leave"
area = "employees"
label = "Sick leave {HOSTILE}"
statement_da = "Sygefravær under 4 % {HOSTILE}"
metric = "sick_leave"
condition = "<"
threshold = 4
unit = "%"
period = "2020"
explanation = "{HOSTILE}"
source = {{ document = "report", section = "Goals {HOSTILE}" }}

[[targets]]
id = "close"
area = "employees"
label = "Close {HOSTILE}"
statement_da = "Tæt på"
metric = "sick_leave"
condition = "<"
threshold = 5
warn_threshold = 4
unit = "%"
period = "2019"
source = {{ document = "report", section = "Goals" }}

[[targets]]
id = "unknown"
area = "social"
label = "Unknown {HOSTILE}"
statement_da = "Ukendt"
metric = "sick_leave"
condition = "<"
threshold = 4
unit = "%"
period = "2017"
source = {{ document = "report", section = "Goals" }}
"""

HOSTILE_DATA = f"""\
[documents.report]
title = "Test report {HOSTILE}"

[metrics.sick_leave]
label = "Sick leave {HOSTILE}"
label_da = "Sygefravær"
unit = "%"
source = {{ document = "report", section = "Results {HOSTILE}" }}
figures = {{ 2018 = 4.5, 2019 = 4.19 }}
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A project whose every user text is hostile, and whose goals file's name needs escaping
    in a URI; returns its folder."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "figures.toml").write_text(HOSTILE_DATA, encoding="utf-8")
    (tmp_path / GOALS_FILE).write_text(HOSTILE_GOALS, encoding="utf-8")
    return tmp_path


def test_junit_of_a_hostile_project_is_well_formed_valid_and_inert(
    run_cli: RunCli, hostile: Path
) -> None:
    args = ["run", "-c", GOALS_FILE, "--as-of", "2024-01-01", "-f", "junit"]
    text = run_cli(args, exit_code=1, cwd=hostile).stdout
    assert RAW.search(text) is None
    root = assert_valid_junit(text)
    (suite,) = root
    assert suite.attrib["file"] == GOALS_FILE
    entity_name = suite.find("properties/property[@name='entity_name']")
    assert entity_name is not None
    assert entity_name.attrib["value"] == "Acme " + HOSTILE_SHOWN.replace("\ufffe", "\ufffd")
    failure, warn, skipped = suite.iter("testcase")
    message = failure.find("failure")
    assert message is not None
    assert message.attrib["message"].startswith(
        "fail: 4.19 % (2019, provisional); target Sick leave "
        + HOSTILE_SHOWN.replace("\ufffe", "\ufffd")
    )
    assert failure.findtext("system-out") == f"file: {GOALS_FILE}\nline: 6"
    assert (warn.findtext("system-out") or "").startswith("warn: 4.19 % (2019, final)")
    assert (warn.findtext("system-out") or "").endswith(f"\nfile: {GOALS_FILE}\nline: 19")
    assert skipped.find("skipped") is not None


# --- SARIF --------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", POLICIES, ids=" ".join)
def test_sarif_of_the_bundled_goals_is_valid_and_has_what_fails_the_run(
    run_cli: RunCli, policy: tuple[str, ...]
) -> None:
    as_of, *flags = policy
    args = ["run", "--as-of", as_of, *flags]
    document = json.loads(run_cli([*args, "-f", "json"], exit_code=1, cwd=REPO).stdout)
    log = assert_valid_sarif(run_cli([*args, "-f", "sarif"], exit_code=1, cwd=REPO).stdout)
    results = results_of(log)
    found = {r["partialFingerprints"]["goalcheckResult/v1"]: r for r in results}
    assert len(found) == len(results)  # one fingerprint each
    expected = {
        f"{r['entity']}/{r['id']}": ("error" if r["fails_run"] else "warning", r["kind"])
        for r in document["results"]
        if r["fails_run"] or r["status"] == "warn"
    }
    assert {key: (r["level"], r["ruleId"]) for key, r in found.items()} == {
        key: (level, f"goalcheck/{kind}") for key, (level, kind) in expected.items()
    }
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        uri = location["physicalLocation"]["artifactLocation"]["uri"]
        assert re.fullmatch(r"goals/[a-z-]+\.toml", uri)
        lines = (REPO / uri).read_text(encoding="utf-8").splitlines()
        assert lines[location["physicalLocation"]["region"]["startLine"] - 1] == "[[targets]]"


def test_sarif_names_the_tool_its_rules_and_one_known_result_exactly(run_cli: RunCli) -> None:
    args = ["run", "--as-of", "2024-05-01"]
    log = assert_valid_sarif(run_cli([*args, "-f", "sarif"], exit_code=1, cwd=REPO).stdout)
    assert (log["version"], log["$schema"]) == (
        "2.1.0",
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    )
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("goalcheck", __version__)
    assert driver["informationUri"].startswith("https://")
    assert [rule["id"] for rule in driver["rules"]] == [
        "goalcheck/threshold",
        "goalcheck/milestone",
        "goalcheck/progress",
        "goalcheck/portfolio",
    ]
    for rule in driver["rules"]:
        assert rule["name"]
        assert rule["shortDescription"]["text"]
        # A page of the documentation site: written in docs/, or generated (tools/reference.py).
        page = rule["helpUri"].removeprefix(driver["informationUri"] + "/").split("#")[0]
        source = page.removesuffix(".html") + ".md"
        assert (REPO / "docs" / source).is_file() or source == "reference/goals-file.md", page
    junit = assert_valid_junit(run_cli([*args, "-f", "junit"], exit_code=1, cwd=REPO).stdout)
    failure = junit.find("testsuite/testcase[@name='sick-leave-total']/failure")
    assert failure is not None
    (result,) = (
        r
        for r in results_of(log)
        if r["partialFingerprints"]["goalcheckResult/v1"] == "aleris-hamlet/sick-leave-total"
    )
    line = definition_line(REPO / "goals/aleris-hamlet.toml", "sick-leave-total")
    assert result == {
        "ruleId": "goalcheck/threshold",
        "ruleIndex": 0,
        "level": "error",
        "message": {"text": failure.attrib["message"]},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "goals/aleris-hamlet.toml"},
                    "region": {"startLine": line},
                }
            }
        ],
        "partialFingerprints": {"goalcheckResult/v1": "aleris-hamlet/sick-leave-total"},
        "properties": {"status": "fail", "entity": "aleris-hamlet"},
    }
    assert result["message"]["text"].startswith(
        "fail: 4.19 % (2019, provisional); target Total sick leave"
    )


def test_sarif_names_files_relative_to_the_current_directory(
    run_cli: RunCli, tmp_path: Path
) -> None:
    config = str(REPO / "goals.toml")  # absolute, under the current directory
    args = ["run", "-c", config, "--as-of", "2024-05-01", "-f", "sarif"]
    log = assert_valid_sarif(run_cli(args, exit_code=1, cwd=REPO).stdout)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results_of(log)
    }
    assert uris == {"goals/aleris-hamlet.toml", "goals/region-hovedstaden.toml"}
    # Run elsewhere, the files lie outside the current directory: absolute file URIs.
    log = assert_valid_sarif(run_cli(args, exit_code=1, cwd=tmp_path).stdout)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results_of(log)
    }
    assert uris == {
        (REPO / "goals" / name).as_uri()
        for name in ("aleris-hamlet.toml", "region-hovedstaden.toml")
    }


def test_sarif_of_a_hostile_project_is_valid_and_inert(run_cli: RunCli, hostile: Path) -> None:
    args = ["run", "-c", GOALS_FILE, "--as-of", "2024-01-01", "-f", "sarif"]
    text = run_cli([*args, "--require-explanations"], exit_code=1, cwd=hostile).stdout
    assert RAW.search(text) is None
    log = assert_valid_sarif(text)

    def strings(value: Any) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for key, item in value.items() for s in [key, *strings(item)]]
        if isinstance(value, list):
            return [s for item in value for s in strings(item)]
        return []

    assert [s for s in strings(log) if RAW.search(s)] == []
    failed, warned = results_of(log)
    assert (failed["level"], warned["level"]) == ("error", "warning")
    assert failed["message"]["text"].startswith(
        f"fail: 4.19 % (2019, provisional); target Sick leave {HOSTILE_SHOWN}: under 4 %"
    )
    assert "\n" not in failed["message"]["text"]
    location = failed["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "m%C3%A5l%20%231%20%25%26%27.toml"},
        "region": {"startLine": 6},
    }
    assert warned["locations"][0]["physicalLocation"]["region"] == {"startLine": 19}
    assert failed["partialFingerprints"] == {"goalcheckResult/v1": "acme/sick-leave"}


def test_sarif_file_and_an_ascii_stdout_carry_the_same_document(hostile: Path) -> None:
    args = ["run", "-c", GOALS_FILE, "--as-of", "2024-01-01"]
    written = hostile / "goalcheck.sarif"
    proc = run_process(GOALCHECK, *args, "-f", "sarif", "-o", f"sarif={written}", cwd=hostile)
    assert (proc.returncode, proc.stderr) == (1, "")
    ascii_proc = run_process(
        GOALCHECK, *args, "-f", "sarif", cwd=hostile, env={"PYTHONIOENCODING": "ascii"}
    )
    assert (ascii_proc.returncode, ascii_proc.stderr) == (1, "")
    assert ascii_proc.stdout.isascii()
    assert "sæt" in proc.stdout
    from_file = assert_valid_sarif(written.read_text(encoding="utf-8"))
    assert from_file == assert_valid_sarif(proc.stdout) == assert_valid_sarif(ascii_proc.stdout)
