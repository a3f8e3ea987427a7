"""``goalcheck init``: a starter goals repository that validates and runs as written.

It writes a goals file with one entity and three targets (a threshold, a change from a base
year and a milestone), a data file with their two metrics, the JSON Schemas the files name
for editors, a pre-commit hook and a GitHub Actions workflow. The starter files are kept
under ``goalcheck/starter``; the schemas are made by the goalcheck that writes them.

It never overwrites: when any of the files (or anything at its path, a dangling symlink
included) exists, it writes nothing and says which. Files are created exclusively, never
through a symlink, and if writing fails half-way, what it wrote is removed again.
"""

from __future__ import annotations

import contextlib
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from goalcheck.errors import OutputError
from goalcheck.inert import inert

STARTER = Path(__file__).with_name("starter")


@dataclass(frozen=True)
class Starter:
    """One file ``init`` writes: where, what it is for, and its text."""

    path: str
    purpose: str
    text: str


def starter_files() -> list[Starter]:
    """The files ``init`` writes, with their paths relative to the folder."""
    from goalcheck.schemas import schema_text as schema  # only init and schema need them

    def starter(name: str) -> str:
        return (STARTER / name).read_text(encoding="utf-8")

    return [
        Starter("goals.toml", "the entity and its targets", starter("goals.toml")),
        Starter("data/figures.toml", "the documents and figures", starter("data/figures.toml")),
        Starter("schemas/goals.schema.json", "for editors: goals files", schema("goals")),
        Starter("schemas/data.schema.json", "for editors: data files", schema("data")),
        Starter(
            ".pre-commit-config.yaml",
            "a pre-commit hook: goalcheck validate",
            starter("pre-commit-config.yaml"),
        ),
        Starter(
            ".github/workflows/goalcheck.yml",
            "GitHub Actions: goalcheck run on each push",
            starter("workflows/goalcheck.yml"),
        ),
    ]


def write_starter(folder: Path) -> list[Starter]:
    """Write the starter files into ``folder`` (made if missing) and return them; or raise
    ``OutputError`` having written nothing, when anything is in the way."""
    if os.path.lexists(folder) and not folder.is_dir():
        raise OutputError(folder, "is not a folder; init writes the starter files into a folder")
    files = starter_files()
    in_the_way = _in_the_way(folder, [Path(f.path) for f in files])
    if len(in_the_way) == 1:
        ((path, what),) = in_the_way.items()
        raise OutputError(folder / path, f"{what}; init overwrites nothing, so wrote nothing")
    if in_the_way:
        paths = ", ".join(map(str, in_the_way))
        raise OutputError(folder, f"{paths} exist; init overwrites nothing, so wrote nothing")
    made: list[Path] = []  # what this call created, removed again if it cannot finish
    try:
        for item in files:
            path = folder / item.path
            _make_folders(path.parent, made)
            _create(path, item.text.encode("utf-8"), made)
    except OSError as exc:
        for path in reversed(made):
            with contextlib.suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    path.rmdir()
                else:
                    path.unlink()
        reason = exc.strerror or str(exc)
        raise OutputError(folder, f"cannot write the starter files: {reason}") from None
    return files


def _in_the_way(folder: Path, paths: list[Path]) -> dict[Path, str]:
    """What stands where a starter file or its folder goes, and what is wrong with it: any
    file at a file's path (a dangling symlink too); anything but a real folder at a folder's,
    since a symlink there could lead the file out of ``folder``."""
    found: dict[Path, str] = {}
    for path in paths:
        for parent in reversed(path.parents[:-1]):
            if (folder / parent).is_symlink():  # it could lead out of the folder
                found[parent] = f"is a symbolic link, where {path} goes"
            elif os.path.lexists(folder / parent) and not (folder / parent).is_dir():
                found[parent] = f"exists and is not a folder, where {path} goes"
        if os.path.lexists(folder / path):
            found[path] = "exists"
    return found


def _make_folders(path: Path, made: list[Path]) -> None:
    """Make ``path`` and the folders above it that are missing, recording each."""
    missing = []
    while not path.is_dir() and path != path.parent:
        missing.append(path)
        path = path.parent
    for item in reversed(missing):
        item.mkdir()
        made.append(item)


def _create(path: Path, data: bytes, made: list[Path]) -> None:
    """Create ``path`` with ``data``: exclusively, so that nothing there is replaced, and
    never through a symlink that appeared since the check."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(path, flags, 0o644)
    made.append(path)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(data)


def written(folder: Path, files: list[Starter]) -> str:
    """What ``init`` says it wrote, and what to do next."""
    width = max(len(item.path) for item in files) + 2
    where = inert(str(folder))  # the user's text, on a terminal
    here = "this folder" if folder == Path() else f"{where}/"
    lines = [f"Wrote a starter goals repository in {here}:"]
    lines += [f"  {item.path:<{width}}{item.purpose}" for item in files]
    go = "" if folder == Path() else f"cd {shlex.quote(where)} && "
    lines += [
        "",
        f"Next: {go}goalcheck run",
        "Then replace the invented organisation, report and figures with your own;",
        "every key is explained in a comment.",
    ]
    return "\n".join(lines) + "\n"
