"""Shared fixtures: a CLI runner that checks exit statuses, and builders for domain objects."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner
from typer.testing import Result as CliResult

from goalcheck.cli import app
from goalcheck.engine import judge
from goalcheck.model import (
    Change,
    Entity,
    Initiative,
    Metric,
    Objective,
    Report,
    Result,
    Source,
    Target,
)
from goalcheck.period import Period

REPO = Path(__file__).resolve().parent.parent
SOURCE = Source(document="Test report", section="Results")

RunCli = Callable[..., CliResult]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> RunCli:
    """Invoke the CLI as a user would; assert the exit status; re-raise unexpected errors."""
    runner = CliRunner()

    def run(
        args: Sequence[str],
        *,
        exit_code: int,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> CliResult:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        result = runner.invoke(app, list(args), env=env)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert result.exit_code == exit_code, (
            f"exit {result.exit_code}, expected {exit_code}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
        return result

    return run


def make_metric(
    figures: dict[str, str] | None = None, unit: str = "%", metric_id: str = "m"
) -> Metric:
    return Metric(
        id=metric_id,
        label="A metric",
        label_da=None,
        unit=unit,
        sources=(SOURCE,),
        figures={Period.parse(p): Decimal(v) for p, v in (figures or {}).items()},
    )


def make_target(**overrides: Any) -> Target:
    fields: dict[str, Any] = {
        "id": "t",
        "entity": "acme",
        "area": "employees",
        "label": "A target",
        "statement_da": "Et mål",
        "statement": "Et mål",
        "lang": "da",
        "metric": "m",
        "condition": "<",
        "threshold": Decimal(4),
        "bounds": None,
        "change": None,
        "unit": "%",
        "period": Period.parse("2020"),
        "sources": (SOURCE,),
        "file": "goals.toml",
    }
    fields.update(overrides)
    if "revisions" in fields:
        fields["revisions"] = tuple(fields["revisions"])
    if isinstance(fields["period"], str):
        fields["period"] = Period.parse(fields["period"])
    if isinstance(fields["change"], dict):
        change = fields["change"]
        fields["change"] = Change(
            base_period=Period.parse(change["base_period"]),
            percent=Decimal(change["percent"]) if "percent" in change else None,
            by=Decimal(change["by"]) if "by" in change else None,
        )
    return Target(**fields)


GOALCHECK = str(Path(sys.executable).with_name("goalcheck"))  # the installed command


def run_process(
    *argv: str, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a real process (``GOALCHECK`` or ``sys.executable`` first), capturing its text."""
    return subprocess.run(
        list(argv),
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        check=False,
        timeout=60,
    )


LATER = date(2099, 12, 31)  # a day after every period the engine tests use, unless they say


def make_entity(
    metrics: Sequence[Metric] = (),
    *,
    initiatives: Sequence[Initiative] = (),
    objectives: Sequence[Objective] = (),
    status_date: str | None = None,
) -> Entity:
    return Entity(
        id="acme",
        name="Acme",
        file="goals.toml",
        status_date=Period.parse(status_date) if status_date else None,
        metrics={metric.id: metric for metric in metrics},
        targets=(),
        objectives={objective.number: objective for objective in objectives},
        initiatives={initiative.id: initiative for initiative in initiatives},
    )


def judge_one(target: Target, metric: Metric | None = None, as_of: date = LATER) -> Result:
    """Judge a target that yields one result, against one metric."""
    (result,) = judge(make_entity([metric] if metric else []), target, as_of)
    return result


def make_report(*results: Result, as_of: date = LATER) -> Report:
    return Report(as_of=as_of, entities=(make_entity(),), results=results)


def make_initiative(**overrides: Any) -> Initiative:
    fields: dict[str, Any] = {
        "id": "summit",
        "entity": "acme",
        "name_da": "Topmøde",
        "summary": "Hold a summit.",
        "priority_year": 2023,
        "status": "completed",
        "status_da": "Gennemført",
        "objective": 1,
        "objective_name_da": "Attraktiv arbejdsplads",
        "budget_years": None,
        "completed": None,
        "sources": (SOURCE,),
        "file": "data/figures.toml",
    }
    fields.update(overrides)
    if isinstance(fields["completed"], str):
        fields["completed"] = Period.parse(fields["completed"])
    return Initiative(**fields)


def make_objective(number: int, name_da: str) -> Objective:
    return Objective(number=number, name=f"Objective {number}", name_da=name_da, sources=(SOURCE,))


def toml_value(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    return str(value)


def target_toml(**overrides: object) -> str:
    """A ``[[targets]]`` block; ``None`` drops a key."""
    fields: dict[str, object] = {
        "id": "sick-leave",
        "area": "employees",
        "label": "Sick leave",
        "statement_da": "Sygefravær under 4%",
        "metric": "sick_leave",
        "condition": "<",
        "threshold": 4,
        "unit": "%",
        "period": "2020",
        "source": {"document": "report", "section": "Goals"},
    }
    fields.update(overrides)
    lines = ["[[targets]]"]
    lines += [f"{key} = {toml_value(value)}" for key, value in fields.items() if value is not None]
    return "\n".join(lines) + "\n"


GOALS_HEADER = """\
[entity]
id = "acme"
name = "Acme"
data = ["data/figures.toml"]

"""

DATA = """\
[documents.report]
title = "Test report"

[metrics.sick_leave]
label = "Sick leave"
label_da = "Sygefravær"
unit = "%"
source = { document = "report", section = "Results" }
figures = { 2018 = 4.5, 2019 = 4.19 }
"""


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """Write a goals file and a data file into a fresh folder; return the goals file."""

    def write(targets: str = "", data: str = DATA, header: str = GOALS_HEADER) -> Path:
        (tmp_path / "data").mkdir(exist_ok=True)
        (tmp_path / "data" / "figures.toml").write_text(data, encoding="utf-8")
        goals = tmp_path / "goals.toml"
        goals.write_text(header + targets, encoding="utf-8")
        return goals

    return write


# Two invented sources that disagree on one figure, published the same day: sick leave 2017,
# 4.3 % by the region's count, 4.2 % by the hospital's own.
DISAGREEING = """\
[documents.region-2017]
title = "Example Region: sick leave 2017"
published = "2018-03"

[documents.hospital-2017]
title = "Example Hospital: annual report 2017"
published = "2018-03"

[metrics.sick_leave]
label = "Sick leave"
unit = "%"
source = { document = "region-2017", section = "Sygefravær" }

[[metrics.sick_leave.observations]]
period = 2017
value = 4.3

[[metrics.sick_leave.observations]]
period = 2017
value = 4.2
source = { document = "hospital-2017", section = "Sygefravær" }
"""
