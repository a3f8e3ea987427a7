"""Start-up without the cyclic garbage collector: a measured 5 % of a run.

Importing typer, pydantic and goalcheck, and building the file models, allocate hundreds of
thousands of objects and leave almost no garbage cycles, yet the collector ran about 90 times
over them (11 ms of a 190 ms run). ``main()`` pauses it for start-up; once the modules are in
and the user's files are about to be read, ``resume()`` freezes what start-up made (no later
collection scans it again) and turns the collector back on, so that a run over hundreds of
thousands of figures is collected as usual.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Turn the collector off for start-up, if it is on."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what start-up made and turn the collector back on, if ``pause`` turned it off."""
    global _paused
    if _paused:
        gc.freeze()
        gc.enable()
        _paused = False
