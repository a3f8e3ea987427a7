"""Portfolio rules: how many of a plan's initiatives support each of its objectives. No I/O."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from goalcheck import conditions
from goalcheck.model import Entity, Result, Status, Target


def judge_portfolio(entity: Entity, target: Target) -> Iterator[Result]:
    """One result per objective: how many initiatives say they support it."""
    assert target.threshold is not None
    assert target.condition is not None
    for number, objective in entity.objectives.items():
        if target.objective is not None and number != target.objective:
            continue
        count = Decimal(len(entity.supporting(number)))
        met = conditions.meets(target.condition, target.bounds, count, target.threshold)
        yield Result(
            id=f"{target.id}/{number}",
            target=target,
            subject_label=f"{number}. {objective.name_da}",
            status=Status.PASS if met else Status.FAIL,
            actual=count,
            actual_period=entity.status_date,
            final=True,
            threshold=target.threshold,
            margin=conditions.margin(target.condition, count, target.threshold),
            margin_unit="count",
            objective=number,
            sources=tuple(dict.fromkeys((*target.sources, *objective.sources))),
        )
