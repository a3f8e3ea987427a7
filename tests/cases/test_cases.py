"""Data-driven cases: each folder holds goals.toml, its data and expected.toml.

expected.toml says what a user running goalcheck in that folder must see: ``exit`` (0, 1 or
2), optionally ``args`` (default ``["run"]``), the one ``stderr`` line of a bad input (or the
warnings of a valid one), the last line of a ``usage_error``, and the ``summary`` counts of the
JSON output, with optionally each result's status by id (``statuses``) and the tallies of
targets judged in each group (``groups``). Adding a case is adding a folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RunCli
from goalcheck.loading import tomllib

CASES = sorted(p for p in Path(__file__).parent.iterdir() if (p / "expected.toml").is_file())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Path, run_cli: RunCli) -> None:
    expected = tomllib.loads((case / "expected.toml").read_text(encoding="utf-8"))
    args = expected.get("args", ["run"])
    result = run_cli(args, exit_code=expected["exit"], cwd=case)
    if "usage_error" in expected:  # click's usage message, its last line says what is wrong
        assert result.stdout == ""
        assert result.stderr.splitlines()[-1] == expected["usage_error"]
    elif expected["exit"] == 2:
        assert result.stdout == ""
        assert result.stderr == expected["stderr"] + "\n"
    else:
        assert result.stderr == expected.get("stderr", "")
    if {"summary", "statuses", "groups"} & set(expected):
        as_json = run_cli([*args, "--format", "json"], exit_code=expected["exit"], cwd=case)
        document = json.loads(as_json.stdout)
        assert document["summary"] == expected.get("summary", document["summary"])
        statuses = {result["id"]: result["status"] for result in document["results"]}
        assert statuses == expected.get("statuses", statuses)
        tallies = [f"{each['target']}: {each['text']}" for each in document["groups"]]
        assert tallies == expected.get("groups", tallies)


def test_every_bad_input_case_names_its_file() -> None:
    for case in CASES:
        expected = tomllib.loads((case / "expected.toml").read_text(encoding="utf-8"))
        if expected["exit"] == 2 and "stderr" in expected:
            assert expected["stderr"].split(":")[0].endswith((".toml", "data"))
            assert ": error: " in expected["stderr"]
