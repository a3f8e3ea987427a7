"""Draw docs/table.svg: goalcheck's table for Aleris-Hamlet, as a terminal shows it.

rich records what the table reporter prints and writes it as SVG, colours and all, so the
picture is the table itself, not a photograph of one. Run ``python tools/table_screenshot.py``
after a change to the table; a test fails while the committed picture differs.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PICTURE = REPO / "docs" / "table.svg"
AS_OF = date(2026, 11, 23)


def draw() -> str:
    """The SVG of ``goalcheck run --entity aleris-hamlet --as-of 2026-11-23``, 100 wide."""
    import io

    from rich.console import Console

    from goalcheck.engine import evaluate
    from goalcheck.loading import load
    from goalcheck.reporters import Options
    from goalcheck.reporters.table import render

    goals = load(REPO / "goals.toml")
    chosen = type(goals)(
        entities=tuple(e for e in goals.entities if e.id == "aleris-hamlet"), files=goals.files
    )
    console = Console(
        file=io.StringIO(), record=True, width=100, force_terminal=True, color_system="truecolor"
    )
    render(evaluate(chosen, AS_OF), console, Options())
    return console.export_svg(title="goalcheck run --entity aleris-hamlet", unique_id="goalcheck")


if __name__ == "__main__":
    PICTURE.write_text(draw(), encoding="utf-8")
    sys.stdout.write(f"wrote {PICTURE.relative_to(REPO)}\n")
