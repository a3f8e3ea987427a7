"""Read goals and data files into the domain model: goals files, the files they include, the
data files they name. Everything is resolved and checked here; any problem is one InputError.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from goalcheck.errors import InputError
from goalcheck.loading.files import (
    TomlDocument,
    format_key,
    read_toml,
    resolve_source,
    tomllib,
    validate_model,
)
from goalcheck.loading.metrics import resolve_metrics
from goalcheck.loading.plans import consistency_warnings, resolve_initiatives
from goalcheck.loading.targets import resolve_indicators, resolve_targets
from goalcheck.locations import KeyPath
from goalcheck.model import (
    DataFile,
    DocumentSpec,
    Entity,
    EntitySpec,
    Goals,
    GoalsFile,
    InitiativeSpec,
    MetricSpec,
    Objective,
    ObjectiveSpec,
)

__all__ = ["TomlDocument", "format_key", "load", "read_toml", "tomllib"]


def load(config: Path) -> Goals:
    """Load a goals file, the goals files it includes and the data files they name.

    Everything is resolved and checked here; any problem is one ``InputError``.
    """
    entities: list[Entity] = []
    _load_goals_file(config, entities, trail=())
    if not entities:
        raise InputError(
            config, "names no entity: give an [entity] table or include a file with one"
        )
    return Goals(entities=tuple(entities))


def _load_goals_file(path: Path, entities: list[Entity], trail: tuple[Path, ...]) -> None:
    document = read_toml(path)
    goals = validate_model(GoalsFile, document)
    if goals.entity is None:
        for section in ("targets", "indicators"):
            if getattr(goals, section):
                raise document.error(
                    f"{section} need an [entity] table in the same file", (section,)
                )
    else:
        for entity in entities:
            if entity.id == goals.entity.id:
                raise document.error(
                    f"entity {entity.id!r} is already defined in {entity.file}", ("entity", "id")
                )
        entities.append(_load_entity(document, goals.entity, goals))
    here = (*trail, path.resolve())
    for index, name in enumerate(goals.include):
        key = ("include", index)
        child = _relative_to(path, name)
        if child.resolve() in here:
            cycle = " -> ".join(str(p.name) for p in (*here, child.resolve()))
            raise document.error(f"includes form a cycle: {cycle}", key)
        _require_file(document, child, key, "included file")
        _load_goals_file(child, entities, here)


def _relative_to(goals_file: Path, name: str) -> Path:
    """A path named in a goals file, relative to it, tidied for messages (no ``a/../b``)."""
    return Path(os.path.normpath(goals_file.parent / name))


def _require_file(document: TomlDocument, path: Path, key: KeyPath, what: str) -> None:
    if not path.is_file():
        missing = "is a directory" if path.is_dir() else "does not exist"
        raise document.error(f"{what} {str(path)!r} {missing}", key)


_T = TypeVar("_T")


def _merge(
    into: dict[str, tuple[_T, TomlDocument]],
    items: Mapping[str, _T],
    document: TomlDocument,
    section: str,
    what: str,
) -> None:
    """Collect one data file's definitions; the same key in two data files is an error."""
    for key, item in items.items():
        if key in into:
            raise document.error(
                f"{what} {key!r} is already defined in {into[key][1].path}", (section, key)
            )
        into[key] = (item, document)


def _load_entity(document: TomlDocument, spec: EntitySpec, goals: GoalsFile) -> Entity:
    documents: dict[str, tuple[DocumentSpec, TomlDocument]] = {}
    metrics: dict[str, tuple[MetricSpec, TomlDocument]] = {}
    objectives: dict[str, tuple[ObjectiveSpec, TomlDocument]] = {}
    initiatives: dict[str, tuple[InitiativeSpec, TomlDocument]] = {}
    seen: set[Path] = set()
    for index, name in enumerate(spec.data):
        key = ("entity", "data", index)
        path = _relative_to(document.path, name)
        if path.resolve() in seen:
            raise document.error(f"data file {name!r} is already listed", key)
        seen.add(path.resolve())
        _require_file(document, path, key, "data file")
        data_document = read_toml(path)
        data = validate_model(DataFile, data_document)
        if not (data.metrics or data.documents or data.objectives or data.initiatives):
            raise data_document.error("defines no documents, metrics, objectives or initiatives")
        _merge(documents, data.documents, data_document, "documents", "document")
        _merge(metrics, data.metrics, data_document, "metrics", "metric")
        _merge(objectives, data.objectives, data_document, "objectives", "objective")
        _merge(initiatives, data.initiatives, data_document, "initiatives", "initiative")

    sources = {doc_id: doc_spec for doc_id, (doc_spec, _) in documents.items()}
    resolved_objectives = {
        int(number): Objective(
            number=int(number),
            name=objective.name,
            name_da=objective.name_da,
            sources=(
                resolve_source(objective.source, sources, doc, ("objectives", number, "source")),
            ),
        )
        for number, (objective, doc) in sorted(objectives.items(), key=lambda i: int(i[0]))
    }
    resolved_initiatives = resolve_initiatives(spec, initiatives, resolved_objectives, sources)
    entity = Entity(
        id=spec.id,
        name=spec.name,
        status_date=spec.status_date,
        status_date_note=spec.status_date_note,
        file=str(document.path),
        metrics=resolve_metrics(metrics, sources),
        targets=(),
        objectives=resolved_objectives,
        initiatives=resolved_initiatives,
        warnings=consistency_warnings(spec.id, resolved_initiatives, resolved_objectives),
    )
    targets = resolve_targets(document, goals, entity, sources)
    indicators = resolve_indicators(document, goals, entity)
    return replace(entity, targets=targets, indicators=indicators)
