"""A plan's initiatives, and the consistency warnings about them."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from goalcheck.i18n import Message
from goalcheck.loading.files import TomlDocument, resolve_source
from goalcheck.model import (
    ConsistencyWarning,
    DocumentSpec,
    EntitySpec,
    Initiative,
    InitiativeSpec,
    Objective,
)


def resolve_initiatives(
    entity: EntitySpec,
    initiatives: Mapping[str, tuple[InitiativeSpec, TomlDocument]],
    objectives: Mapping[int, Objective],
    documents: Mapping[str, DocumentSpec],
) -> dict[str, Initiative]:
    resolved: dict[str, Initiative] = {}
    for initiative_id, (spec, document) in initiatives.items():
        key = ("initiatives", initiative_id)
        if spec.objective is not None and spec.objective not in objectives:
            known = ", ".join(str(n) for n in objectives) or "none"
            raise document.error(
                f"unknown objective {spec.objective}; objectives defined: {known}",
                (*key, "objective"),
            )
        if spec.budget_years is not None and spec.budget_years[0] > spec.budget_years[1]:
            raise document.error(
                "budget_years is [first, last], and the first year is after the last",
                (*key, "budget_years"),
            )
        if spec.completed is not None and spec.status != "completed":
            raise document.error(
                f"a completion date goes with status 'completed', not {spec.status!r}",
                (*key, "completed"),
            )
        if (
            spec.started is not None
            and spec.completed is not None
            and spec.started.start > spec.completed.end
        ):
            raise document.error(
                f"started {spec.started} is after completed {spec.completed}", (*key, "started")
            )
        if spec.status == "completed" and spec.completed is None and entity.status_date is None:
            raise document.error(
                "a completed initiative needs a completion date, or the entity a status_date"
                " (the latest it can have been completed by)",
                key,
            )
        resolved[initiative_id] = Initiative(
            id=initiative_id,
            entity=entity.id,
            name_da=spec.name_da,
            summary=spec.summary,
            priority_year=spec.priority_year,
            status=spec.status,
            status_da=spec.status_da,
            objective=spec.objective,
            objective_name_da=spec.objective_name_da,
            budget_years=(spec.budget_years[0], spec.budget_years[1])
            if spec.budget_years
            else None,
            completed=spec.completed,
            started=spec.started,
            sources=(resolve_source(spec.source, documents, document, (*key, "source")),),
            note=spec.note,
            file=str(document.path),
            locate=partial(document.lines.line_of, key),
        )
    return resolved


def _same_name(printed: str, name: str) -> bool:
    """Whether an objective's name as an initiative prints it is the objective's name.

    Plans shorten names ("Opgaveløsning tæt på patienten" for objective 2, "Ny opgaveløsning
    tæt på patienten"), so one name containing the other counts as the same.
    """

    def norm(text: str) -> str:
        return " ".join(text.casefold().strip().rstrip(".").split())

    a, b = norm(printed), norm(name)
    return a == b or a in b or b in a


def consistency_warnings(
    entity: str, initiatives: Mapping[str, Initiative], objectives: Mapping[int, Objective]
) -> tuple[ConsistencyWarning, ...]:
    warnings: list[ConsistencyWarning] = []
    for initiative in initiatives.values():
        message: Message | None = None
        number, printed = initiative.objective, initiative.objective_name_da
        if number is None and printed is None:
            message = Message("names no objective (målsætning) it supports")
        elif number is not None and printed is not None and objectives:
            objective = objectives[number]
            if not _same_name(printed, objective.name_da):
                message = Message(
                    "says it supports objective {number} but names it {printed}; objective"
                    " {number} is {name}",
                    number=number,
                    printed=repr(printed),
                    name=repr(objective.name_da),
                )
                matches = [o.number for o in objectives.values() if _same_name(printed, o.name_da)]
                if matches:
                    message = Message(
                        "{warning}, and {printed} is objective {other}",
                        warning=message,
                        printed=repr(printed),
                        other=matches[0],
                    )
        if message is not None:
            warnings.append(
                ConsistencyWarning(
                    entity=entity,
                    subject=initiative.id,
                    message=message,
                    file=initiative.file,
                    line=initiative.at_line(),
                    sources=initiative.sources,
                )
            )
    return tuple(warnings)
