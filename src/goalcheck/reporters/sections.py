"""How the table and the HTML group what they show: under each objective, in number order, or
under an area, in order of first use; one rule, so that both group alike."""

from __future__ import annotations

from goalcheck.i18n import _, n_
from goalcheck.model import Entity

SectionKey = tuple[str, object]
"""``("objective", 3)`` or ``("area", "employees")``."""


def objective_progress(entity: Entity, number: int) -> str:
    """How far the objective's initiatives are: ``4 initiatives, 1 completed (25 %)``."""
    members = entity.supporting(number)
    done = sum(1 for i in members if i.status == "completed")
    share = f" ({done * 100 // len(members)} %)" if members else ""
    return n_(
        "{count} initiative, {done} completed{share}",
        "{count} initiatives, {done} completed{share}",
        len(members),
    ).format(count=len(members), done=done, share=share)


def section_key(
    entity: Entity, area: str | None, objective: int | None, initiative: str | None = None
) -> SectionKey:
    """Where a row goes: under its objective, else under its area. A target that names an
    initiative and neither goes under the initiative's objective."""
    if objective is None and area is None and initiative is not None:
        objective = entity.initiatives[initiative].objective
    return ("objective", objective) if objective is not None else ("area", area)


def area_title(area: str | None) -> str:
    """An area's heading: its name, capitalised; ``No objective stated`` for none."""
    name = area or _("no objective stated")
    return name[:1].upper() + name[1:]
