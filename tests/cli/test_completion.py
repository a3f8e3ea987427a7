"""Shell completion (issue 11): entity ids of the goals file, --fail-on's statuses, --output's
formats. The callbacks are called as click calls them, and once through the shell's protocol.

(XLSX output is not here: it needs binary outputs in goalcheck.outputs first.)"""

from __future__ import annotations

import shlex
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
import typer

from conftest import GOALCHECK, REPO, run_process
from goalcheck.completion import complete_entity, complete_output, complete_statuses
from goalcheck.reporters import REPORTERS

BUNDLED = REPO / "goals.toml"
ENTITIES = ["aleris-hamlet", "region-hovedstaden"]


def _context(**params: Any) -> typer.Context:
    """What a completion callback reads of click's context: the params parsed so far."""
    return cast(typer.Context, SimpleNamespace(params=params))


def test_entities_come_from_the_config_given() -> None:
    assert complete_entity(_context(config=BUNDLED), "") == ENTITIES
    assert complete_entity(_context(config=str(BUNDLED)), "reg") == ["region-hovedstaden"]
    assert complete_entity(_context(config=BUNDLED), "nobody") == []


def test_entities_come_from_the_nearest_goals_file_without_a_config(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO / "docs")
    assert complete_entity(_context(config=None), "") == ENTITIES
    assert complete_entity(_context(), "al") == ["aleris-hamlet"]


def test_entity_completion_offers_nothing_rather_than_failing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert complete_entity(_context(config=tmp_path / "missing.toml"), "") == []
    broken = tmp_path / "goals.toml"
    broken.write_text("this is [ not toml", encoding="utf-8")
    assert complete_entity(_context(config=broken), "") == []
    assert complete_entity(_context(config=tmp_path), "") == []  # a directory
    empty = tmp_path / "repo"
    (empty / ".git").mkdir(parents=True)
    monkeypatch.chdir(empty)
    assert complete_entity(_context(), "") == []  # no goals.toml to discover


def test_statuses_complete_after_the_last_comma() -> None:
    every = ["pass", "warn", "fail", "waived", "pending", "no_data"]
    assert complete_statuses("") == every
    assert complete_statuses("w") == ["warn", "waived"]
    assert complete_statuses("fail,n") == ["fail,no_data"]
    # Those already typed are not offered again (as written, or with a hyphen).
    assert complete_statuses("fail,no-data,") == [
        "fail,no-data," + s for s in ("pass", "warn", "waived", "pending")
    ]
    assert complete_statuses("fail,x") == []


def test_outputs_complete_to_a_format_and_its_equals_sign() -> None:
    assert complete_output("") == [f"{name}=" for name in REPORTERS]
    assert complete_output("j") == ["json=", "junit="]
    assert complete_output("junit=") == []  # the path: the shell's own file completion
    assert complete_output("junit=rep") == []


def _bash_complete(words: str, env: dict[str, str] | None = None, cwd: Path = REPO) -> list[str]:
    """What bash's completion function gets from the installed command for ``words``."""
    cword = len(shlex.split(words)) - (0 if words.endswith(" ") else 1)
    variables = {
        "_GOALCHECK_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(cword),
        **(env or {}),
    }
    done = run_process(GOALCHECK, cwd=cwd, env=variables)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return [line for line in done.stdout.splitlines() if line]  # nothing: one empty line


@pytest.mark.skipif(not Path(GOALCHECK).exists(), reason="the goalcheck command is not installed")
def test_completion_through_the_shell_protocol(tmp_path: Path) -> None:
    assert _bash_complete("goalcheck run --entity ") == ENTITIES
    assert _bash_complete(f"goalcheck validate --config {BUNDLED} -e re") == ["region-hovedstaden"]
    # GOALCHECK_CONFIG is --config's default, so completion reads it too; a missing one: nothing.
    env = {"GOALCHECK_CONFIG": str(BUNDLED)}
    assert _bash_complete("goalcheck explain x --entity al", env, cwd=tmp_path) == ["aleris-hamlet"]
    missing = {"GOALCHECK_CONFIG": str(tmp_path / "missing.toml")}
    assert _bash_complete("goalcheck run --entity ", missing) == []
    assert _bash_complete("goalcheck run --fail-on fail,p") == ["fail,pass", "fail,pending"]
    assert _bash_complete("goalcheck run -o ju") == ["junit="]
