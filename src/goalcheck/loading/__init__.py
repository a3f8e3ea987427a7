"""Read goals and data files into the domain model: goals files, the files they include, the
data files they name. Everything is resolved and checked here; any problem is one InputError.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from goalcheck.errors import InputError
from goalcheck.inert import inert, is_inert
from goalcheck.limits import MAX_INCLUDE_DEPTH
from goalcheck.loading.files import (
    NamedBy,
    TomlDocument,
    format_key,
    read_toml,
    resolve_source,
    tomllib,
    validate_model,
)
from goalcheck.loading.metrics import resolve_metrics
from goalcheck.loading.plans import consistency_warnings, resolve_initiatives
from goalcheck.loading.tables import Table, read_table
from goalcheck.loading.targets import resolve_indicators, resolve_targets
from goalcheck.loading.units import resolve_units
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
    TableSpec,
    UnitSpec,
)

__all__ = ["TomlDocument", "format_key", "load", "read_toml", "tomllib"]


def load(config: Path) -> Goals:
    """Load a goals file, the goals files it includes and the data files they name.

    Everything is resolved and checked here; any problem is one ``InputError``.
    """
    loader = _Loader()
    loader.walk(read_toml(config))
    if not loader.entities:
        raise InputError(
            config, "names no entity: give an [entity] table or include a file with one"
        )
    files = tuple(dict.fromkeys(loader.files))  # a data file two entities share, once
    return Goals(entities=tuple(loader.entities.values()), files=files)


_DataFile = tuple[TomlDocument, DataFile, list[Table]]
"""A data file as read: its document, its model, and the tables it names, read."""


@dataclass
class _Visit:
    """A goals file on the walk, and how many of its includes have been followed."""

    document: TomlDocument
    includes: list[str]
    followed: int = 0


class _Loader:
    """One load: the entities found so far, in order, and every file read."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.files: list[Path] = []
        self.documents: dict[str, TomlDocument] = {}
        self.data: dict[int, DataFile] = {}  # by id() of a document in self.documents
        self.tables: dict[int, list[Table]] = {}  # the tables each data file names
        # Where each included file was first included: a file is included once, so files
        # that include one file many times over cannot multiply the work.
        self.included: dict[object, tuple[TomlDocument, KeyPath]] = {}

    def read(self, path: Path, named_by: NamedBy | None = None) -> TomlDocument:
        """Read a file another file names, and remember it was read; a file that several
        entities share (a data file) is read and parsed once."""
        real = os.path.realpath(path)
        if real in self.documents:
            return self.documents[real]
        document = read_toml(path, named_by)
        self.documents[real] = document
        self.files.append(path)
        return document

    def data_file(self, path: Path, named_by: NamedBy) -> _DataFile:
        """A data file and its tables, read and checked once however many entities name it."""
        document = self.read(path, named_by)
        if id(document) not in self.data:
            data = validate_model(DataFile, document)
            if not (
                data.metrics
                or data.documents
                or data.objectives
                or data.initiatives
                or data.units
                or data.tables
            ):
                raise document.error(
                    "defines no units, documents, metrics, tables, objectives or initiatives"
                )
            self.data[id(document)] = data
            self.tables[id(document)] = [
                self.table(document, spec, i) for i, spec in enumerate(data.tables)
            ]
        return document, self.data[id(document)], self.tables[id(document)]

    def table(self, document: TomlDocument, spec: TableSpec, index: int) -> Table:
        key = ("tables", index)
        if (problem := _path_problem(spec.file)) is not None:
            raise document.error(problem, (*key, "file"))
        table = read_table(_relative_to(document.path, spec.file), spec, document, key)
        self.files.append(table.path)
        return table

    def walk(self, root: TomlDocument) -> None:
        """Each goals file's entity, then those of its includes in order, depth first.

        An explicit stack, not recursion: the chain of includes is as long as a user makes it,
        up to ``MAX_INCLUDE_DEPTH``.
        """
        self.files.append(root.path)
        stack = [self.visit(root)]
        while stack:
            top = stack[-1]
            if top.followed == len(top.includes):
                stack.pop()
                continue
            index = top.followed
            top.followed += 1
            stack.append(self.visit(self.include(stack, index)))

    def include(self, stack: list[_Visit], index: int) -> TomlDocument:
        """The file that the innermost goals file on ``stack`` includes at ``index``."""
        parent = stack[-1].document
        name = stack[-1].includes[index]
        key = ("include", index)
        if (problem := _path_problem(name)) is not None:
            raise parent.error(problem, key)
        if len(stack) >= MAX_INCLUDE_DEPTH:
            raise parent.error(f"includes nest more than {MAX_INCLUDE_DEPTH} files deep", key)
        path = _relative_to(parent.path, name)
        child = self.read(path, _named_in(parent, key, "included file", path))
        identity = _identity(child)
        if any(_identity(visit.document) == identity for visit in stack):
            cycle = " -> ".join(v.document.path.name for v in stack)
            raise parent.error(f"includes form a cycle: {cycle} -> {path.name}", key)
        if identity in self.included:
            first, first_key = self.included[identity]
            line = first.lines.line_of(first_key)
            where = f"{first.path}" if line is None else f"{first.path}:{line}"
            raise parent.error(
                f"included file {str(path)!r} is already included by {where};"
                " a file is included once",
                key,
            )
        self.included[identity] = (parent, key)
        return child

    def visit(self, document: TomlDocument) -> _Visit:
        goals = validate_model(GoalsFile, document)
        if goals.entity is None:
            for section in ("targets", "indicators"):
                if getattr(goals, section):
                    raise document.error(
                        f"{section} need an [entity] table in the same file", (section,)
                    )
        else:
            if (known := self.entities.get(goals.entity.id)) is not None:
                raise document.error(
                    f"entity {known.id!r} is already defined in {known.file}", ("entity", "id")
                )
            entity = _load_entity(document, goals.entity, goals, self.data_file)
            self.entities[entity.id] = entity
        return _Visit(document, list(goals.include))


def _identity(document: TomlDocument) -> object:
    """What a file is known by, however a path reaches it; its path for text read otherwise."""
    return document.identity or document.path


def _path_problem(name: str) -> str | None:
    """What is wrong with a path written in a file, as one inert line; None if nothing."""
    if is_inert(name):
        return None
    return f'the path "{inert(name)}" has a control character'


def _named_in(document: TomlDocument, key: KeyPath, what: str, path: Path) -> NamedBy:
    """Say what is wrong with the file at ``path`` where ``document`` names it, at ``key``."""
    return lambda problem: document.error(f"{what} {str(path)!r} {problem}", key)


def _relative_to(goals_file: Path, name: str) -> Path:
    """A path named in a goals file, relative to it, tidied for messages (no ``a/../b``) where
    that names the same file: after a symlink, ``..`` leads where the link points, not back."""
    joined = goals_file.parent / name
    tidy = Path(os.path.normpath(joined))
    if tidy == joined or os.path.realpath(tidy) == os.path.realpath(joined):
        return tidy
    return joined


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


def _load_entity(
    document: TomlDocument,
    spec: EntitySpec,
    goals: GoalsFile,
    read: Callable[[Path, NamedBy], _DataFile],
) -> Entity:
    documents: dict[str, tuple[DocumentSpec, TomlDocument]] = {}
    metrics: dict[str, tuple[MetricSpec, TomlDocument]] = {}
    objectives: dict[str, tuple[ObjectiveSpec, TomlDocument]] = {}
    initiatives: dict[str, tuple[InitiativeSpec, TomlDocument]] = {}
    units: dict[str, tuple[UnitSpec, TomlDocument]] = {}
    tables: list[Table] = []
    seen: set[object] = set()
    for index, name in enumerate(spec.data):
        key = ("entity", "data", index)
        if (problem := _path_problem(name)) is not None:
            raise document.error(problem, key)
        path = _relative_to(document.path, name)
        data_document, data, data_tables = read(path, _named_in(document, key, "data file", path))
        tables.extend(data_tables)
        if _identity(data_document) in seen:
            raise document.error(f"data file {name!r} is already listed", key)
        seen.add(_identity(data_document))
        _merge(units, data.units, data_document, "units", "unit")
        _merge(documents, data.documents, data_document, "documents", "document")
        _merge(metrics, data.metrics, data_document, "metrics", "metric")
        _merge(objectives, data.objectives, data_document, "objectives", "objective")
        _merge(initiatives, data.initiatives, data_document, "initiatives", "initiative")

    sources = {doc_id: doc_spec for doc_id, (doc_spec, _) in documents.items()}
    declared = resolve_units(units)
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
        metrics=resolve_metrics(metrics, sources, declared, tables),
        units=declared,
        targets=(),
        objectives=resolved_objectives,
        initiatives=resolved_initiatives,
        warnings=consistency_warnings(spec.id, resolved_initiatives, resolved_objectives),
    )
    targets = resolve_targets(document, goals, entity, sources)
    indicators = resolve_indicators(document, goals, entity)
    return replace(entity, targets=targets, indicators=indicators)
