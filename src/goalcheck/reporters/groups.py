"""Targets judged in each group (``for_each``): their results side by side, and a tally.

Shared by the table and Markdown, without rich: a matrix of targets by group, one verdict
symbol in each cell, and "2 of 5 hospitals fail". A symbol always says the status by its
shape, never by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from goalcheck.i18n import _, language
from goalcheck.model import Group, Result, Status, Target
from goalcheck.reporters import words

SYMBOLS = {
    Status.PASS: "✓",
    Status.WARN: "!",
    Status.FAIL: "✗",
    Status.WAIVED: "~",
    Status.PENDING: "…",
    Status.NO_DATA: "?",
}
ASCII_SYMBOLS = {
    Status.PASS: "+",
    Status.WARN: "!",
    Status.FAIL: "x",
    Status.WAIVED: "~",
    Status.PENDING: ".",
    Status.NO_DATA: "?",
}
ABSENT = "·"
"""A group the target has no result for: its metric has no figures for it."""


@dataclass
class EachGroup:
    """A ``for_each`` target's results, by the value of its group."""

    target: Target
    name: str
    results: dict[str, Result] = field(default_factory=dict)

    def tally(self) -> str:
        """``2 of 5 hospitals fail``, with any other status that is not a pass."""
        counts = dict.fromkeys(Status, 0)
        for result in self.results.values():
            counts[result.status] += 1
        total = len(self.results)
        # The group's name is the user's: made plural in English only (units), else as written.
        names = words.plural(total, self.name).split(" ", 1)[1] if language() == "en" else self.name
        text = _("{fail} of {total} {names} fail").format(
            fail=counts[Status.FAIL], total=total, names=names
        )
        others = [
            f"{counts[s]} {words.status_word(s)}"
            for s in (Status.WARN, Status.WAIVED, Status.PENDING, Status.NO_DATA)
            if counts[s]
        ]
        return text + (f" ({', '.join(others)})" if others else "")


def each_group(results: list[Result]) -> list[EachGroup]:
    """The ``for_each`` targets among ``results``, in order, each with its groups' results."""
    found: dict[tuple[str, str], EachGroup] = {}
    for result in results:
        target = result.target
        if target.for_each is None or not result.group:
            continue
        key = (target.entity, target.id)
        if key not in found:
            found[key] = EachGroup(target, target.for_each)
        found[key].results[dict(result.group)[target.for_each]] = result
    return list(found.values())


def columns(groups: list[EachGroup]) -> dict[str, list[str]]:
    """The group values to lay out as columns, for each group name, in order of first use."""
    found: dict[str, dict[str, None]] = {}
    for each in groups:
        values = found.setdefault(each.name, {})
        for value in each.results:
            values.setdefault(value)
    return {name: list(values) for name, values in found.items()}


def group_text(group: Group) -> str:
    """``hospital Søborg``; ``gender women, hospital Søborg`` for more than one name."""
    return ", ".join(f"{name} {value}" for name, value in group)
