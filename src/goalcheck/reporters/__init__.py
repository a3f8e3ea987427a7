"""Output formats: one module per format, looked up by name and imported only when chosen.

Importing lazily keeps ``--format json`` free of rich, so machine output starts fast.
"""

from __future__ import annotations

import importlib
from typing import Protocol, TextIO, cast

from goalcheck.model import Report


class Reporter(Protocol):
    def write(self, report: Report, stream: TextIO) -> None: ...


# --format choice -> the module that renders it; the first is the default.
REPORTERS: dict[str, str] = {
    "table": "goalcheck.reporters.table",
    "json": "goalcheck.reporters.json",
}


def get_reporter(name: str) -> Reporter:
    return cast(Reporter, importlib.import_module(REPORTERS[name]))
