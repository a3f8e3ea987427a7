"""The ``file=`` of a GitHub annotation: a path relative to the repository's root.

GitHub places an annotation on a file only when ``file=`` names it relative to the root of the
checkout, ``GITHUB_WORKSPACE``. goalcheck names files as the user gave them (``--config
../goals.toml`` makes ``../goals/acme.toml``), so each is resolved and shown relative to the
workspace when it lies under it, else relative to the current directory when it lies under
that, else as given; always with forward slashes. Other CI services name their checkout in
another variable (Azure Pipelines ``BUILD_SOURCESDIRECTORY``, GitLab ``CI_PROJECT_DIR``);
``Paths`` takes its name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

WORKSPACE_VARIABLE = "GITHUB_WORKSPACE"


def real(path: str) -> str | None:
    """``path`` resolved (symbolic links, ``..``), or ``None`` when it cannot be: a name with a
    NUL byte, a loop of links."""
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return None


def under(path: str, base: str) -> str | None:
    """``path`` relative to ``base`` when it lies under it (both resolved), else ``None``."""
    try:
        if os.path.commonpath([path, base]) != base:
            return None
        return os.path.relpath(path, base)
    except ValueError:  # another drive, on Windows
        return None


def forward(path: str) -> str:
    for separator in (os.sep, os.altsep):
        if separator and separator != "/":
            path = path.replace(separator, "/")
    return path


class Paths:
    """Shows files as annotations name them; the workspace and the current directory are
    resolved once, and each file once."""

    def __init__(
        self, environ: Mapping[str, str] | None = None, *, variable: str = WORKSPACE_VARIABLE
    ) -> None:
        environ = os.environ if environ is None else environ
        try:
            here: str | None = str(Path.cwd())
        except OSError:  # the current directory was removed
            here = None
        bases = (environ.get(variable), here)
        self._bases = [real for real in map(real, filter(None, bases)) if real is not None]
        self._shown: dict[str, str] = {}

    def shown(self, file: str) -> str:
        """``file`` relative to the workspace, else to the current directory, else as given."""
        if file not in self._shown:
            self._shown[file] = forward(self._relative(file))
        return self._shown[file]

    def _relative(self, file: str) -> str:
        if not file:
            return file
        resolved = real(file)
        if resolved is None:
            return file
        for base in self._bases:
            relative = under(resolved, base)
            if relative is not None and relative != os.curdir:
                return relative
        return file


def shown(file: str) -> str:
    """One file as an annotation names it, in the current environment and directory."""
    return Paths().shown(file)
