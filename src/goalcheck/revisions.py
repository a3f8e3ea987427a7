"""Target revisions: which threshold is in force when a target is due. No I/O."""

from __future__ import annotations

from datetime import date

from goalcheck.model import Revision, Target


def in_force(target: Target, as_of: date) -> Revision | None:
    """The latest revision in force by the day the target is due, as far as is known on
    ``as_of``: a revision from a later day is not yet known then. ``None``: the first
    threshold holds."""
    day = min(target.period.end, as_of)
    started = [revision for revision in target.revisions if revision.since.start <= day]
    return started[-1] if started else None
