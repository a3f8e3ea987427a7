"""The output formats by name: the registry ``--format`` and ``-o`` choose from.

It names each format's module without importing any, so the command line can list the
choices (and ``goalcheck --help`` print them) before a model or a reporter is loaded.
"""

from __future__ import annotations

# --format choice -> the module that renders it; the first is the default.
REPORTERS: dict[str, str] = {
    "table": "goalcheck.reporters.table",
    "json": "goalcheck.reporters.json",
    "junit": "goalcheck.reporters.junit",
    "github": "goalcheck.reporters.github",
    "markdown": "goalcheck.reporters.markdown",
    "csv": "goalcheck.reporters.csv",
    "html": "goalcheck.reporters.html",
    "sarif": "goalcheck.reporters.sarif",
    "azure": "goalcheck.reporters.azure",
    "gitlab": "goalcheck.reporters.gitlab",
    "tap": "goalcheck.reporters.tap",
    "xlsx": "goalcheck.reporters.xlsx",
}

# The formats people read, drawn in --lang; the others (JSON, JUnit, GitHub, CSV...) stay in
# English for tools.
HUMAN_FORMATS = frozenset({"table", "markdown", "html"})

# The formats that are bytes, not text: written only to a file (-o xlsx=PATH).
BINARY_FORMATS = frozenset({"xlsx"})
