"""The errors a user can fix, and the exit statuses goalcheck ends with."""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path

from goalcheck.inert import abridged, inert


class ExitCode(IntEnum):
    OK = 0  # no target failed
    FAILED = 1  # at least one target failed (or, with --strict, had no data)
    USAGE = 2  # bad flags, bad or unreadable input, an output that cannot be written
    INTERNAL = 3  # a bug in goalcheck: one line, and the traceback with GOALCHECK_DEBUG=1


class GoalcheckError(Exception):
    """An error in what the user gave us; ``str()`` is the one line printed on stderr."""


class InputError(GoalcheckError):
    """Something wrong in a goals or data file, located as precisely as we can."""

    def __init__(
        self,
        file: Path | str,
        message: str,
        *,
        key: str | None = None,
        line: int | None = None,
        column: int | None = None,
        cell: str | None = None,
    ) -> None:
        self.file = Path(file)
        self.message = message
        self.key = key
        self.line = line
        self.column = column
        self.cell = cell
        """A table's cell: ``C7`` in a CSV file, ``2019!C7`` in a workbook's sheet."""
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.file)
        if self.cell is not None:
            where += f":{self.cell}"
        elif self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        what = f"{self.key}: {self.message}" if self.key else self.message
        return abridged(inert(f"{where}: error: {what}"))


class OutputError(GoalcheckError):
    """An output that must not or cannot be written: named after the path the user gave."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        return abridged(inert(f"{self.path}: error: {self.message}"))
