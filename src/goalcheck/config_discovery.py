"""Which goals file a command reads when ``--config`` is not given: the nearest goals.toml."""

from __future__ import annotations

import os
from pathlib import Path

from goalcheck.errors import InputError

GOALS_FILE = "goals.toml"
ENVIRONMENT_VARIABLE = "GOALCHECK_CONFIG"


def find_goals(start: Path | None = None) -> Path:
    """``goals.toml`` in ``start`` (the current directory by default) or the nearest of its
    parents, up to the repository's root (a folder holding ``.git``) or the filesystem's.

    The path is as found, relative to ``start``: ``goals.toml``, ``../../goals.toml``; so
    messages and outputs name it as the user would. A ``goals.toml`` that is not a regular
    file is still found, for the loader to say what is wrong with it.
    """
    here = Path.cwd() if start is None else start.absolute()
    # ``parents`` is finite and never recurses, however deep the working directory.
    for depth, folder in enumerate((here, *here.parents)):
        if os.path.lexists(folder / GOALS_FILE):
            return Path(*[os.pardir] * depth, GOALS_FILE)
        if os.path.lexists(folder / ".git"):
            break
    where = str(here) if folder == here else f"{here} and its parents up to {folder}"
    raise InputError(
        GOALS_FILE,
        f"no such file (looked in {where}; set --config or {ENVIRONMENT_VARIABLE})",
    )
