"""The tutorial, docs/tutorial.md, runs as written: every file, every command, every output.

The page follows these conventions, and this module holds it to them:

- A fenced block with a ``title="PATH"`` attribute is a file. The test writes the block's
  whole content to PATH, relative to the folder the tutorial starts in (not to the folder a
  ``cd`` went to), at the point where the block stands in the page.
- A ``console`` block holds commands. A line that starts with ``$ `` is a command; the lines
  after it, up to the next command or the end of the block, are exactly its standard output.
  A command with no output is followed directly by the next command. Its standard error must
  be empty: the page shows all that a command prints.
- The commands run in page order, in one temporary folder, as real processes without a shell.
  ``goalcheck`` is the installed command; ``cat`` is the system's. ``cd DIR`` is done by the
  test: the commands after it run in DIR. ``echo $?`` is not run: the line after it is the
  exit status of the command before it, in the same block. A command not followed by
  ``echo $?`` must exit with status 0.
- Any other fenced block must be a ``text`` block with no ``$ `` line, so that no command and
  no file on the page goes unchecked.
- The environment is fixed, so that the output does not depend on the machine: 80 columns, no
  colour, UTF-8, and no ``GOALCHECK_*`` or ``GITHUB_*`` variables. Verdicts depend on the day:
  the page passes ``--as-of`` to every command whose output does.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import GOALCHECK, REPO
from goalcheck.loading import tomllib

PAGE = REPO / "docs" / "tutorial.md"

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
TITLE = re.compile(r'\btitle="(?P<title>[^"]+)"')
STATUS = "echo $?"
PROGRAMS = {"goalcheck": GOALCHECK, "cat": "cat"}


@dataclass
class Command:
    """A ``$`` line of a console block, the output the page shows, and its exit status."""

    line: int
    text: str
    output: list[str]
    status: int = 0


@dataclass(frozen=True)
class File:
    """A block with a title: write its content to its path."""

    line: int
    path: str
    content: str


class PageError(AssertionError):
    """The page breaks one of the conventions above."""


def parse(page: str) -> list[Command | File]:
    """The page's files and commands, in order; raises PageError on a block it cannot check."""
    steps: list[Command | File] = []
    lines = page.splitlines()
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        if re.match(r"^\s+(`{3,}|~{3,})", line):
            raise PageError(f"line {number}: an indented fenced block is not checked")
        opening = FENCE.match(line)
        if opening is None:
            continue
        start, fence, info = number, opening["fence"], opening["info"].strip()
        body: list[str] = []
        while True:
            if number >= len(lines):
                raise PageError(f"line {start}: the block is never closed")
            line = lines[number]
            number += 1
            if line.startswith(fence[0] * len(fence)) and not line.strip(fence[0]).strip():
                break
            body.append(line)
        language = info.split()[0] if info else ""
        title = TITLE.search(info)
        if title is not None:
            content = "\n".join(body) + "\n" if body else ""
            steps.append(File(start, title["title"], content))
        elif language == "console":
            steps += _commands(start, body)
        elif language != "text" or any(text.startswith("$ ") for text in body):
            raise PageError(f"line {start}: a ```{info} block is neither run nor written")
    return steps


def _commands(start: int, body: list[str]) -> list[Command]:
    if not body or not body[0].startswith("$ "):
        raise PageError(f"line {start}: a console block must start with a '$ ' command")
    commands: list[Command] = []
    for offset, text in enumerate(body, start=start + 1):
        if not text.startswith("$ "):
            commands[-1].output.append(text)
        elif not text[2:].strip():
            raise PageError(f"line {offset}: a '$' with no command")
        else:
            commands.append(Command(offset, text[2:], []))
    folded: list[Command] = []
    for previous, command in zip([None, *commands[:-1]], commands, strict=True):
        if command.text != STATUS:
            folded.append(command)
            continue
        if previous is None or previous.text == STATUS or previous.text.startswith("cd "):
            raise PageError(f"line {command.line}: 'echo $?' must follow a command in its block")
        if len(command.output) != 1 or not command.output[0].isdigit():
            raise PageError(f"line {command.line}: 'echo $?' must show one exit status")
        folded[-1].status = int(command.output[0])
    return folded


def environment() -> dict[str, str]:
    dropped = ("GOALCHECK_", "GITHUB_", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "TTY_")
    env = {key: value for key, value in os.environ.items() if not key.startswith(dropped)}
    env.update(COLUMNS="80", LINES="24", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    return env


def run(command: Command, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    argv = shlex.split(command.text)
    program = PROGRAMS.get(argv[0])
    if program is None:
        pytest.fail(f"docs/tutorial.md:{command.line}: the test cannot run {argv[0]!r}")
    return subprocess.run(
        [program, *argv[1:]],
        cwd=cwd,
        capture_output=True,
        env=environment(),
        check=False,
        timeout=60,
    )


def test_the_tutorial_runs_as_written(tmp_path: Path) -> None:
    steps = parse(PAGE.read_text(encoding="utf-8"))
    assert any(isinstance(step, Command) for step in steps), "the tutorial runs no command"
    cwd = tmp_path
    for step in steps:
        where = f"docs/tutorial.md:{step.line}"
        if isinstance(step, File):
            path = (tmp_path / step.path).resolve()
            assert path.is_relative_to(tmp_path.resolve()), (
                f"{where}: {step.path} leaves the folder"
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(step.content.encode("utf-8"))
            continue
        if step.text.startswith("cd "):
            (folder,) = shlex.split(step.text)[1:]
            cwd = cwd / folder
            assert cwd.is_dir(), f"{where}: no folder {folder}"
            assert step.output == [], f"{where}: cd prints nothing"
            continue
        result = run(step, cwd)
        shown = "".join(f"{line}\n" for line in step.output)
        assert result.stdout.decode("utf-8") == shown, f"{where}: $ {step.text}: stdout differs"
        assert result.stderr.decode("utf-8") == "", f"{where}: $ {step.text}: stderr not shown"
        assert result.returncode == step.status, f"{where}: $ {step.text}: exit status"


def test_the_parser_finds_every_command_and_file() -> None:
    steps = parse(PAGE.read_text(encoding="utf-8"))
    commands = [step for step in steps if isinstance(step, Command)]
    files = [step.path for step in steps if isinstance(step, File)]
    assert [command.text.split()[0] for command in commands] == [
        *["goalcheck", "cd", "goalcheck"],  # 1. init, and the starter passes
        *["goalcheck", "goalcheck", "goalcheck"],  # 4. validate, run, run --format github
        *["goalcheck", "goalcheck", "goalcheck"],  # 5. validate, run, explain
        *["cat", "goalcheck"],  # 6. the workflow, run --format github
    ]
    assert [command.status for command in commands] == [0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1]
    assert files == [
        "my-targets/data/figures.toml",
        "my-targets/goals.toml",
        "my-targets/goals.toml",
    ]


@pytest.mark.parametrize(
    ("page", "error"),
    [
        ("Text only.\n", None),
        ("```toml\na = 1\n```\n", "neither run nor written"),
        ("```sh\n$ goalcheck run\n```\n", "neither run nor written"),
        ("```text\n$ goalcheck run\n```\n", "neither run nor written"),
        ("```console\ngoalcheck run\n```\n", "must start with"),
        ("```console\n```\n", "must start with"),
        ("```console\n$ echo $?\n0\n```\n", "must follow a command"),
        ("```console\n$ goalcheck run\n$ echo $?\n0\n$ echo $?\n0\n```\n", "must follow"),
        ("```console\n$ cd a\n$ echo $?\n0\n```\n", "must follow a command"),
        ("```console\n$ \n```\n", "no command"),
        ("```console\n$ goalcheck run\n$ echo $?\n```\n", "one exit status"),
        ("- item\n\n    ```console\n    $ goalcheck run\n    ```\n", "indented"),
        ("```console\n$ goalcheck run\n", "never closed"),
    ],
)
def test_the_parser_rejects_what_it_would_not_check(page: str, error: str | None) -> None:
    if error is None:
        assert parse(page) == []
        return
    with pytest.raises(PageError, match=error):
        parse(page)


def test_a_command_keeps_its_output_and_status() -> None:
    page = '```toml title="a/b.toml"\nx = "æ"\n```\n\n```console\n$ cd a\n$ cat b.toml\nx = "æ"\n'
    page += "$ goalcheck run\n\nFAIL\n$ echo $?\n1\n```\n"
    assert parse(page) == [
        File(1, "a/b.toml", 'x = "æ"\n'),
        Command(6, "cd a", []),
        Command(7, "cat b.toml", ['x = "æ"']),
        Command(9, "goalcheck run", ["", "FAIL"], status=1),
    ]


def test_the_figures_and_targets_are_the_bundled_transcription() -> None:
    """The page's Aleris-Hamlet figures and targets are those of data/ and goals/, as printed."""
    steps = parse(PAGE.read_text(encoding="utf-8"))
    written = {step.path: step.content for step in steps if isinstance(step, File)}
    data = tomllib.loads(written["my-targets/data/figures.toml"])
    goals = tomllib.loads(written["my-targets/goals.toml"])  # the last one written
    bundled_data = tomllib.loads((REPO / "data" / "aleris-hamlet.toml").read_text("utf-8"))
    bundled_goals = tomllib.loads((REPO / "goals" / "aleris-hamlet.toml").read_text("utf-8"))
    for key, document in data["documents"].items():
        bundled = bundled_data["documents"][key]
        assert document == {name: bundled[name] for name in document}, key
    assert set(data["metrics"]) == {
        "engagement_index",
        "sick_leave_short",
        "sick_leave_long",
        "sick_leave_total",
    }
    for key, metric in data["metrics"].items():
        bundled = bundled_data["metrics"][key]
        for name in ("label", "label_da", "unit", "source", "figures", "formula"):
            assert metric.get(name) == bundled.get(name), f"{key}.{name}"
    targets = {target["id"]: target for target in bundled_goals["targets"]}
    assert [target["id"] for target in goals["targets"]] == ["engagement-index", "sick-leave-total"]
    for target in goals["targets"]:
        assert target == targets[target["id"]], target["id"]
    assert goals["entity"]["id"] == bundled_goals["entity"]["id"]
    assert goals["entity"]["name"] == bundled_goals["entity"]["name"]
