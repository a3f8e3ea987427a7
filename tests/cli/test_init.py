"""goalcheck init (issue 12): a starter goals repository that validates and runs as written,
and never overwrites anything."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from conftest import GOALCHECK, RunCli, run_process
from goalcheck import scaffold

FILES = [
    "goals.toml",
    "data/figures.toml",
    "schemas/goals.schema.json",
    "schemas/data.schema.json",
    ".pre-commit-config.yaml",
    ".github/workflows/goalcheck.yml",
]

WRITTEN = """\
  goals.toml                       the entity and its targets
  data/figures.toml                the documents and figures
  schemas/goals.schema.json        for editors: goals files
  schemas/data.schema.json         for editors: data files
  .pre-commit-config.yaml          a pre-commit hook: goalcheck validate
  .github/workflows/goalcheck.yml  GitHub Actions: goalcheck run on each push
"""


def _tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_init_writes_a_starter_that_validates_and_runs(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "targets"
    out = run_cli(["init", str(folder)], exit_code=0).stdout
    assert out == (
        f"Wrote a starter goals repository in {folder}/:\n{WRITTEN}\n"
        f"Next: cd {folder} && goalcheck run\n"
        "Then replace the invented organisation, report and figures with your own;\n"
        "every key is explained in a comment.\n"
    )
    assert [f for f in FILES if not (folder / f).is_file()] == []
    assert run_cli(["validate"], exit_code=0, cwd=folder).stdout == (
        "goals.toml: ok: 1 entity, 3 targets, 2 metrics, 4 figures (4 observations),"
        " 0 initiatives, 0 warnings\n"
    )
    report = json.loads(run_cli(["run", "--format", "json"], exit_code=0).stdout)
    assert report["summary"] == {
        "pass": 3,
        "warn": 0,
        "fail": 0,
        "waived": 0,
        "pending": 0,
        "no_data": 0,
    }
    verdicts = {r["id"]: (r["status"], r["final"], r["margin"]) for r in report["results"]}
    assert verdicts == {
        "sick-leave": ("pass", True, 0.1),
        "sick-leave-down": ("pass", True, 0.06),
        "whistleblower-scheme": ("pass", True, 149),
    }


def test_init_in_this_folder_as_a_real_process(tmp_path: Path) -> None:
    proc = run_process(GOALCHECK, "init", cwd=tmp_path)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("Wrote a starter goals repository in this folder:\n")
    assert "\nNext: goalcheck run\n" in proc.stdout
    assert _tree(tmp_path) == sorted([*FILES, "data", "schemas", ".github", ".github/workflows"])
    table = run_process(GOALCHECK, "run", cwd=tmp_path)
    assert table.returncode == 0
    assert table.stdout.splitlines()[-1] == "3 targets: 3 pass, 0 fail"


def test_the_schemas_are_the_ones_goalcheck_prints_and_the_files_name_them(
    run_cli: RunCli, tmp_path: Path
) -> None:
    run_cli(["init", str(tmp_path)], exit_code=0)
    for name in ("goals", "data"):
        written = (tmp_path / f"schemas/{name}.schema.json").read_text(encoding="utf-8")
        assert written == run_cli(["schema", name], exit_code=0).stdout
    goals = (tmp_path / "goals.toml").read_text(encoding="utf-8")
    data = (tmp_path / "data/figures.toml").read_text(encoding="utf-8")
    assert goals.startswith("#:schema ./schemas/goals.schema.json\n")
    assert data.startswith("#:schema ../schemas/data.schema.json\n")


@pytest.mark.parametrize("name", ["goals.toml", "data/figures.toml"])
def test_every_key_is_explained_in_a_comment_where_it_first_appears(name: str) -> None:
    lines = (scaffold.STARTER / name).read_text(encoding="utf-8").splitlines()
    seen: set[str] = set()
    unexplained = []
    for index, line in enumerate(lines):
        match = re.match(r"(\[\[?[a-z_]+|[a-z_]+) ?=?", line)
        if not match or line.startswith("#"):
            continue
        key = match[1]
        if key not in seen and not lines[index - 1].startswith("#"):
            unexplained.append(line)
        seen.add(key)
    assert unexplained == []
    assert len(seen) >= 6


def test_the_pre_commit_hook_and_the_workflow_are_yaml_that_run_goalcheck(
    tmp_path: Path, run_cli: RunCli
) -> None:
    run_cli(["init", str(tmp_path)], exit_code=0)
    hooks = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks["repos"][0]["hooks"]
    assert (hook["entry"], hook["language"], hook["pass_filenames"]) == (
        "goalcheck validate",
        "system",
        False,
    )
    assert re.search(hook["files"], "data/figures.toml")
    workflow_text = (tmp_path / ".github/workflows/goalcheck.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(workflow_text)
    steps = workflow["jobs"]["goalcheck"]["steps"]
    runs = [step["run"].strip() for step in steps if "run" in step]
    assert runs[1:3] == [
        "goalcheck validate",
        "goalcheck run --format github --output junit=goalcheck-junit.xml"
        " --output json=goalcheck.json",
    ]


# Never overwriting


@pytest.mark.parametrize("existing", FILES)
def test_init_refuses_when_any_file_exists_and_writes_nothing(
    run_cli: RunCli, tmp_path: Path, existing: str
) -> None:
    (tmp_path / existing).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / existing).write_text("mine\n", encoding="utf-8")
    before = _tree(tmp_path)
    result = run_cli(["init", str(tmp_path)], exit_code=2)
    assert result.stdout == ""
    assert result.stderr == (
        f"{tmp_path / existing}: error: exists; init overwrites nothing, so wrote nothing\n"
    )
    assert _tree(tmp_path) == before
    assert (tmp_path / existing).read_text(encoding="utf-8") == "mine\n"


def test_a_second_init_names_every_file_in_the_way(run_cli: RunCli, tmp_path: Path) -> None:
    run_cli(["init", str(tmp_path)], exit_code=0)
    assert run_cli(["init", str(tmp_path)], exit_code=2).stderr == (
        f"{tmp_path}: error: {', '.join(FILES)} exist; init overwrites nothing, so wrote nothing\n"
    )


def test_a_dangling_symlink_counts_as_a_file_and_is_not_followed(
    run_cli: RunCli, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.toml"
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo/goals.toml").symlink_to(target)
    run_cli(["init", str(tmp_path / "repo")], exit_code=2)
    assert not target.exists()


def test_a_symlinked_folder_is_refused_so_nothing_is_written_outside(
    run_cli: RunCli, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "repo").mkdir()
    (tmp_path / "repo/data").symlink_to(outside)
    result = run_cli(["init", str(tmp_path / "repo")], exit_code=2)
    assert result.stderr == (
        f"{tmp_path / 'repo/data'}: error: is a symbolic link, where data/figures.toml goes;"
        " init overwrites nothing, so wrote nothing\n"
    )
    assert list(outside.iterdir()) == []
    assert _tree(tmp_path / "repo") == ["data"]


def test_a_file_where_a_folder_goes_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "data").write_text("", encoding="utf-8")
    assert run_cli(["init", str(tmp_path)], exit_code=2).stderr == (
        f"{tmp_path / 'data'}: error: exists and is not a folder, where data/figures.toml goes;"
        " init overwrites nothing, so wrote nothing\n"
    )


def test_init_into_a_file_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    assert run_cli(["init", str(tmp_path / "notes.txt")], exit_code=2).stderr == (
        f"{tmp_path / 'notes.txt'}: error: is not a folder;"
        " init writes the starter files into a folder\n"
    )


def test_a_failure_half_way_removes_what_was_written(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create = scaffold._create
    calls = []

    def full_disk(path: Path, data: bytes, made: list[Path]) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        create(path, data, made)

    monkeypatch.setattr(scaffold, "_create", full_disk)
    folder = tmp_path / "new"
    result = run_cli(["init", str(folder)], exit_code=2)
    assert result.stderr == (
        f"{folder}: error: cannot write the starter files: No space left on device\n"
    )
    assert not folder.exists()
    assert len(calls) == 4


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root writes anyway")
def test_a_folder_it_cannot_write_to_is_one_line(run_cli: RunCli, tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        result = run_cli(["init", str(tmp_path)], exit_code=2)
    finally:
        tmp_path.chmod(0o700)
    assert (
        result.stderr == f"{tmp_path}: error: cannot write the starter files: Permission denied\n"
    )
    assert _tree(tmp_path) == []


def test_a_folder_name_cannot_drive_the_terminal(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "new\x1b[2J"
    out = run_cli(["init", str(folder)], exit_code=0).stdout
    assert "\x1b" not in out
    assert f"in {tmp_path}/new\\x1b[2J/:" in out
