"""Read goals and data files into the domain model; the only module that reads input files.

Every problem found here becomes one ``InputError`` naming the file, the key path and the line.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from goalcheck import formula as formulas
from goalcheck.errors import InputError
from goalcheck.locations import KeyLines, KeyPath
from goalcheck.model import (
    RATIO_UNITS,
    UNITS,
    Change,
    ConsistencyWarning,
    DataFile,
    DocumentSpec,
    Entity,
    EntitySpec,
    Goals,
    GoalsFile,
    Indicator,
    IndicatorSpec,
    Initiative,
    InitiativeSpec,
    Metric,
    MetricSpec,
    Objective,
    ObjectiveSpec,
    Source,
    SourceSpec,
    Target,
    TargetSpec,
    Waiver,
)
from goalcheck.period import Period

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]

M = TypeVar("M", bound=BaseModel)

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_SIMPLE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def format_key(path: Sequence[str | int]) -> str:
    """``("targets", 3, "threshold")`` -> ``targets[3].threshold``, quoting odd keys."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            name = part if _SIMPLE_KEY.fullmatch(part) else '"' + part.replace('"', '\\"') + '"'
            text += f".{name}" if text else name
    return text


@dataclass(frozen=True)
class TomlDocument:
    """A parsed TOML file that can say where its keys are."""

    path: Path
    data: dict[str, Any]
    lines: KeyLines

    def error(self, message: str, key: Sequence[str | int] = ()) -> InputError:
        return InputError(
            self.path, message, key=format_key(key) or None, line=self.lines.line_of(key)
        )


def read_toml(path: Path) -> TomlDocument:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a TOML file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        raise InputError(path, "is a binary file, not TOML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, "is not UTF-8 text", line=bad_line) from None
    if not text.strip():
        raise InputError(path, "is empty")
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line: int | None = None
        column: int | None = None
        if position := _TOML_POSITION.search(message):
            line, column = int(position[1]), int(position[2])
            message = message[: position.start()]
        raise InputError(path, f"invalid TOML: {message}", line=line, column=column) from None
    if not data:
        raise InputError(path, "holds no keys, only comments")
    return TomlDocument(path, data, KeyLines(text))


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
    goals = _validate(GoalsFile, document)
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
        data = _validate(DataFile, data_document)
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
            sources=(_source(objective.source, sources, doc, ("objectives", number, "source")),),
        )
        for number, (objective, doc) in sorted(objectives.items(), key=lambda i: int(i[0]))
    }
    resolved_initiatives = _resolve_initiatives(spec, initiatives, resolved_objectives, sources)
    entity = Entity(
        id=spec.id,
        name=spec.name,
        status_date=spec.status_date,
        status_date_note=spec.status_date_note,
        file=str(document.path),
        metrics=_resolve_metrics(metrics, sources),
        targets=(),
        objectives=resolved_objectives,
        initiatives=resolved_initiatives,
        warnings=_consistency_warnings(spec.id, resolved_initiatives, resolved_objectives),
    )
    targets = _resolve_targets(document, goals, entity, sources)
    indicators = _resolve_indicators(document, goals, entity)
    return replace(entity, targets=targets, indicators=indicators)


def _resolve_initiatives(
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
            sources=(_source(spec.source, documents, document, (*key, "source")),),
            note=spec.note,
            file=str(document.path),
            line=document.lines.line_of(key),
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


def _consistency_warnings(
    entity: str, initiatives: Mapping[str, Initiative], objectives: Mapping[int, Objective]
) -> tuple[ConsistencyWarning, ...]:
    warnings: list[ConsistencyWarning] = []
    for initiative in initiatives.values():
        message = None
        number, printed = initiative.objective, initiative.objective_name_da
        if number is None and printed is None:
            message = "names no objective (målsætning) it supports"
        elif number is not None and printed is not None and objectives:
            objective = objectives[number]
            if not _same_name(printed, objective.name_da):
                message = (
                    f"says it supports objective {number} but names it {printed!r};"
                    f" objective {number} is {objective.name_da!r}"
                )
                matches = [o.number for o in objectives.values() if _same_name(printed, o.name_da)]
                if matches:
                    message += f", and {printed!r} is objective {matches[0]}"
        if message is not None:
            warnings.append(
                ConsistencyWarning(
                    entity=entity,
                    subject=initiative.id,
                    message=message,
                    file=initiative.file,
                    line=initiative.line,
                    sources=initiative.sources,
                )
            )
    return tuple(warnings)


def _validate(model: type[M], document: TomlDocument) -> M:
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise _input_error(exc, document) from None


def _input_error(exc: ValidationError, document: TomlDocument) -> InputError:
    """The first problem pydantic found, by line, said in the user's terms."""
    problems = [_describe(error, document) for error in exc.errors(include_url=False)]
    problems.sort(key=lambda p: p.line if p.line is not None else sys.maxsize)
    first = problems[0]
    if len(problems) > 1:
        more = len(problems) - 1
        first.message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return first


def _describe(error: Mapping[str, Any], document: TomlDocument) -> InputError:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    is_key = "[key]" in loc
    path = tuple(part for part in loc if part != "[key]")
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        message = f"unknown key {path[-1]!r}" + _suggest(str(path[-1]), _FIELD_NAMES)
    elif kind == "missing":
        message = f"missing required key {path[-1]!r}"
    elif kind == "literal_error":
        message = f"expected {error['ctx']['expected']}, got {_toml_kind(value)}"
    elif kind in ("value_error", "assertion_error"):
        message = str(error["ctx"]["error"])
    elif kind == "string_pattern_mismatch":
        message = f"{value!r} is not a valid {'key' if is_key else 'value'} here: " + (
            _PATTERN_HINTS.get(error["ctx"]["pattern"], f"it must match {error['ctx']['pattern']}")
        )
    else:
        text = str(error["msg"])
        message = text[0].lower() + text[1:]
        if not is_key and kind.endswith("_type"):
            message += f", got {_toml_kind(value)}"
    line_path = path[:-1] if kind == "missing" else path
    line = document.lines.line_of(line_path)
    return InputError(document.path, message, key=format_key(path) or None, line=line)


_PATTERN_HINTS = {
    r"^[a-z][a-z0-9_]*$": "metric ids are lower-case letters, digits and underscores",
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "ids are lower-case letters and digits joined by hyphens",
}


def _toml_kind(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | Decimal):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({value!r})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _all_field_names(*roots: type[BaseModel]) -> frozenset[str]:
    """Every key any file model accepts, for "did you mean" hints on unknown keys."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    pending = list(roots)
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            pending.extend(
                arg
                for arg in _walk_types(info.annotation)
                if isinstance(arg, type) and issubclass(arg, BaseModel)
            )
    return frozenset(names)


def _walk_types(annotation: object) -> list[object]:
    found = [annotation]
    for arg in getattr(annotation, "__args__", ()):
        found.extend(_walk_types(arg))
    return found


_FIELD_NAMES = _all_field_names(GoalsFile, DataFile)


def _suggest(name: str, choices: Sequence[str] | frozenset[str]) -> str:
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


# --- metrics -------------------------------------------------------------------------------


def _source(
    spec: SourceSpec,
    documents: Mapping[str, DocumentSpec],
    document: TomlDocument,
    key: KeyPath,
) -> Source:
    if spec.document not in documents:
        known = ", ".join(sorted(documents)) or "none"
        raise document.error(
            f"unknown document {spec.document!r}{_suggest(spec.document, list(documents))};"
            f" documents defined: {known}",
            (*key, "document"),
        )
    doc = documents[spec.document]
    return Source(document=doc.title, section=spec.section, page=spec.page, file=doc.file)


def _resolve_metrics(
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    documents: Mapping[str, DocumentSpec],
) -> dict[str, Metric]:
    series: dict[str, dict[Period, Decimal]] = {}
    own_sources: dict[str, Source] = {}
    parsed: dict[str, formulas.Formula] = {}
    for metric_id, (spec, document) in metrics.items():
        key = ("metrics", metric_id)
        own_sources[metric_id] = _source(spec.source, documents, document, (*key, "source"))
        unit = UNITS[spec.unit]
        if spec.formula is not None:
            if spec.figures:
                raise document.error(
                    "a metric has either figures or a formula, not both", (*key, "formula")
                )
            parsed[metric_id] = _parse_formula(spec, metrics, document, key)
        for period, value in spec.figures.items():
            if not unit.admits(value):
                raise document.error(unit.out_of_range(value), (*key, "figures", str(period)))
        for period in spec.notes:
            if period not in spec.figures and spec.formula is None:
                raise document.error(
                    f"note for period {period}, which has no figure", (*key, "notes", str(period))
                )
        if spec.formula is None:
            series[metric_id] = dict(sorted(spec.figures.items()))

    for metric_id in _formula_order(parsed, metrics):
        series[metric_id] = _derive(metric_id, parsed[metric_id], metrics, series)

    resolved: dict[str, Metric] = {}
    for metric_id, (spec, _) in metrics.items():
        sources = [own_sources[metric_id]]
        for name in _components(metric_id, parsed):
            if own_sources[name] not in sources:
                sources.append(own_sources[name])
        resolved[metric_id] = Metric(
            id=metric_id,
            label=spec.label,
            label_da=spec.label_da,
            unit=spec.unit,
            sources=tuple(sources),
            note=spec.note,
            figures=series[metric_id],
            notes=dict(spec.notes),
            formula=spec.formula,
        )
    return resolved


def _parse_formula(
    spec: MetricSpec,
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    document: TomlDocument,
    key: KeyPath,
) -> formulas.Formula:
    assert spec.formula is not None
    where = (*key, "formula")
    try:
        parsed = formulas.parse(spec.formula)
    except formulas.FormulaError as exc:
        raise document.error(f"invalid formula {spec.formula!r}: {exc}", where) from None
    if not parsed.names:
        raise document.error(
            "a formula must use at least one metric; a constant is a figure", where
        )
    for name in parsed.names:
        if name not in metrics:
            raise document.error(
                f"unknown metric {name!r} in formula{_suggest(name, list(metrics))}", where
            )
    units = {name: metrics[name][0].unit for name in parsed.names}
    try:
        unit = formulas.infer_unit(parsed, units)
    except formulas.FormulaError as exc:
        raise document.error(f"units do not add up: {exc}", where) from None
    if unit != spec.unit and not (unit == formulas.DIMENSIONLESS and spec.unit in RATIO_UNITS):
        raise document.error(
            f"the formula gives {unit!r} but the metric's unit is {spec.unit!r}", where
        )
    return parsed


def _formula_order(
    parsed: Mapping[str, formulas.Formula],
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
) -> list[str]:
    """Derived metrics in an order where each comes after those it uses; cycles are errors."""
    order: list[str] = []
    done: set[str] = set()

    def visit(metric_id: str, trail: list[str]) -> None:
        if metric_id in done or metric_id not in parsed:
            return
        if metric_id in trail:
            cycle = [*trail[trail.index(metric_id) :], metric_id]
            document = metrics[metric_id][1]
            raise document.error(
                "formulas form a cycle: " + " -> ".join(cycle), ("metrics", metric_id, "formula")
            )
        for name in parsed[metric_id].names:
            visit(name, [*trail, metric_id])
        done.add(metric_id)
        order.append(metric_id)

    for metric_id in parsed:
        visit(metric_id, [])
    return order


def _derive(
    metric_id: str,
    parsed: formulas.Formula,
    metrics: Mapping[str, tuple[MetricSpec, TomlDocument]],
    series: Mapping[str, Mapping[Period, Decimal]],
) -> dict[Period, Decimal]:
    """The derived figures, for each period in which every metric used has a figure."""
    spec, document = metrics[metric_id]
    unit = UNITS[spec.unit]
    where = ("metrics", metric_id, "formula")
    periods = set.intersection(*(set(series[name]) for name in parsed.names))
    values: dict[Period, Decimal] = {}
    for period in sorted(periods):
        try:
            value = formulas.evaluate(parsed, {name: series[name][period] for name in parsed.names})
        except formulas.FormulaError as exc:
            raise document.error(f"{exc} in the figures for {period}", where) from None
        if not unit.admits(value):
            raise document.error(
                f"the formula gives, for {period}, {unit.out_of_range(value)}", where
            )
        values[period] = value
    return values


def _components(metric_id: str, parsed: Mapping[str, formulas.Formula]) -> list[str]:
    """Every metric a derived metric is computed from, directly or not, in first-use order."""
    found: list[str] = []
    pending = list(parsed[metric_id].names) if metric_id in parsed else []
    while pending:
        name = pending.pop(0)
        if name not in found:
            found.append(name)
            pending.extend(parsed[name].names if name in parsed else ())
    return found


# --- targets -------------------------------------------------------------------------------


def _resolve_targets(
    document: TomlDocument,
    goals: GoalsFile,
    entity: Entity,
    documents: Mapping[str, DocumentSpec],
) -> tuple[Target, ...]:
    targets: list[Target] = []
    first_line: dict[str, int | None] = {}
    for index, spec in enumerate(goals.targets):
        key = ("targets", index)
        if spec.id in first_line:
            line = first_line[spec.id]
            where = f" on line {line}" if line is not None else ""
            raise document.error(
                f"duplicate target id {spec.id!r} (first defined{where})", (*key, "id")
            )
        first_line[spec.id] = document.lines.line_of(key)
        _check_grouping(spec, entity, document, key)
        _KIND_CHECKS[spec.kind](spec, entity, document, key)
        _check_warning_band(spec, document, key)
        source = _source(spec.source, documents, document, (*key, "source"))
        targets.append(
            Target(
                id=spec.id,
                entity=entity.id,
                kind=spec.kind,
                area=spec.area,
                objective=spec.objective,
                label=spec.label,
                statement_da=spec.statement_da,
                metric=spec.metric,
                initiative=spec.initiative,
                condition=spec.condition
                or (">=" if spec.kind in ("progress", "portfolio") else None),
                threshold=spec.threshold,
                bounds=spec.bounds,
                change=(
                    Change(base_period=spec.change.base_period, percent=spec.change.percent)
                    if spec.change
                    else None
                ),
                unit=spec.unit,
                period=spec.period,
                warn_threshold=spec.warn_threshold,
                waiver=(
                    Waiver(
                        until=spec.waiver.until,
                        reason=spec.waiver.reason,
                        decided_by=spec.waiver.decided_by,
                    )
                    if spec.waiver
                    else None
                ),
                explanation=spec.explanation,
                sources=(source,),
                note=spec.note,
                file=str(document.path),
                line=first_line[spec.id],
            )
        )
    return tuple(targets)


def _check_warning_band(spec: TargetSpec, document: TomlDocument, key: KeyPath) -> None:
    """A warning band lies on the passing side of a one-sided threshold."""
    warn = spec.warn_threshold
    if warn is None:
        return
    where = (*key, "warn_threshold")
    condition = spec.condition or ">="
    if spec.kind not in ("threshold", "progress") or condition not in ("<", "<=", ">", ">="):
        raise document.error(
            "a warning band goes with a threshold or progress target whose condition is"
            f" '<', '<=', '>' or '>=', not {condition!r}",
            where,
        )
    if spec.change is not None or not isinstance(spec.threshold, Decimal):
        raise document.error("a warning band needs a plain threshold, not a change", where)
    below = condition in ("<", "<=")
    if (below and warn >= spec.threshold) or (not below and warn <= spec.threshold):
        side = "under" if below else "over"
        raise document.error(
            f"warn_threshold {warn} must be {side} the threshold {spec.threshold}: the band"
            " warns of a figure that passes but comes close",
            where,
        )
    assert spec.unit is not None
    unit = UNITS[spec.unit]
    if not unit.admits(warn):
        raise document.error(f"warn_threshold {unit.out_of_range(warn)}", where)


def _check_grouping(
    spec: TargetSpec | IndicatorSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    """A target or indicator sits under an area or an objective.

    A portfolio rule sits under every objective, and a target that names an initiative may
    leave both out: it sits with the initiative.
    """
    is_portfolio = isinstance(spec, TargetSpec) and spec.kind == "portfolio"
    has_initiative = isinstance(spec, TargetSpec) and spec.initiative is not None
    if spec.area is not None and spec.objective is not None:
        raise document.error("give either area or objective, not both", (*key, "objective"))
    if spec.area is None and spec.objective is None and not (is_portfolio or has_initiative):
        raise document.error("missing required key 'area' (or 'objective')", key)
    if spec.objective is not None and spec.objective not in entity.objectives:
        known = ", ".join(str(n) for n in entity.objectives) or "none"
        raise document.error(
            f"unknown objective {spec.objective}; objectives defined: {known}",
            (*key, "objective"),
        )


def _forbid(spec: TargetSpec, document: TomlDocument, key: KeyPath, *names: str) -> None:
    for name in names:
        if getattr(spec, name) is not None:
            raise document.error(f"{name!r} does not go with a {spec.kind} target", (*key, name))


def _require(spec: TargetSpec, document: TomlDocument, key: KeyPath, *names: str) -> None:
    for name in names:
        if getattr(spec, name) is None:
            raise document.error(f"missing required key {name!r} for a {spec.kind} target", key)


def _known_metric(metric_id: str, entity: Entity, document: TomlDocument, key: KeyPath) -> Metric:
    if metric_id not in entity.metrics:
        raise document.error(
            f"unknown metric {metric_id!r}{_suggest(metric_id, list(entity.metrics))}",
            (*key, "metric"),
        )
    return entity.metrics[metric_id]


def _metric_of(spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath) -> Metric:
    assert spec.metric is not None
    metric = _known_metric(spec.metric, entity, document, key)
    if spec.unit is not None and spec.unit != metric.unit:
        raise document.error(
            f"the target is in {spec.unit!r} but metric {metric.id!r}"
            f" is measured in {metric.unit!r}",
            (*key, "unit"),
        )
    return metric


def _check_initiative(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    if spec.initiative is not None and spec.initiative not in entity.initiatives:
        suggestion = _suggest(spec.initiative, list(entity.initiatives))
        raise document.error(
            f"unknown initiative {spec.initiative!r}{suggestion}", (*key, "initiative")
        )


def _check_threshold_target(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    _check_initiative(spec, entity, document, key)
    _require(spec, document, key, "metric", "condition", "unit")
    _metric_of(spec, entity, document, key)
    _check_condition(spec, document, key)


def _check_progress_target(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    _forbid(spec, document, key, "change")
    _check_initiative(spec, entity, document, key)
    _require(spec, document, key, "metric", "threshold", "unit")
    _metric_of(spec, entity, document, key)
    if spec.condition not in (None, ">=", "between"):
        raise document.error(
            "a progress target counts up to its threshold: condition is '>=' (the default)"
            " or 'between'",
            (*key, "condition"),
        )
    _check_condition(spec, document, key)


def _check_milestone_target(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    _forbid(spec, document, key, "condition", "threshold", "bounds", "change")
    if spec.metric is None and spec.initiative is None:
        raise document.error(
            "a milestone needs a yes/no metric (metric = ...) or, for an initiative's"
            " completion, the initiative (initiative = ...)",
            key,
        )
    _check_initiative(spec, entity, document, key)
    if spec.metric is None:
        if spec.unit not in (None, "yes/no"):
            raise document.error("a milestone is in unit 'yes/no'", (*key, "unit"))
        return
    metric = _metric_of(spec, entity, document, key)
    if metric.unit != "yes/no":
        raise document.error(
            f"a milestone's metric must be in unit 'yes/no' (1 when done), and {metric.id!r}"
            f" is in {metric.unit!r}",
            (*key, "metric"),
        )


def _check_portfolio_target(
    spec: TargetSpec, entity: Entity, document: TomlDocument, key: KeyPath
) -> None:
    _forbid(spec, document, key, "metric", "initiative", "change", "area")
    _require(spec, document, key, "threshold")
    if not entity.objectives:
        raise document.error(
            "a portfolio rule needs the entity's objectives; its data defines none", key
        )
    if spec.unit not in (None, "count"):
        raise document.error(
            "a portfolio rule counts initiatives: its unit is 'count'", (*key, "unit")
        )
    if spec.condition not in (None, ">=", ">", "==", "between"):
        raise document.error(
            f"a portfolio rule counts initiatives up to a threshold; {spec.condition!r}"
            " does not fit",
            (*key, "condition"),
        )
    # A portfolio rule's unit and condition default to counting up: check it as such.
    counted = spec.model_copy(update={"unit": "count", "condition": spec.condition or ">="})
    _check_condition(counted, document, key)


_KIND_CHECKS = {
    "threshold": _check_threshold_target,
    "progress": _check_progress_target,
    "milestone": _check_milestone_target,
    "portfolio": _check_portfolio_target,
}


def _check_condition(spec: TargetSpec, document: TomlDocument, key: KeyPath) -> None:
    """The keys a condition needs, and thresholds the unit admits."""
    condition = spec.condition or ">="
    assert spec.unit is not None
    unit = UNITS[spec.unit]
    if condition == "between":
        if not isinstance(spec.threshold, tuple):
            raise document.error("'between' needs threshold = [low, high]", (*key, "threshold"))
        if spec.bounds is None:
            raise document.error(
                '\'between\' needs bounds: "[]" (both inclusive), "()" (neither), "[)" or "(]"',
                key,
            )
        if spec.change is not None:
            raise document.error("'between' cannot be combined with change", (*key, "change"))
    else:
        if spec.bounds is not None:
            raise document.error(
                f"bounds only go with condition 'between', not {condition!r}",
                (*key, "bounds"),
            )
        if isinstance(spec.threshold, tuple):
            raise document.error(
                f"a range needs condition 'between', not {condition!r}",
                (*key, "threshold"),
            )
        if spec.threshold is None and spec.change is None:
            raise document.error("missing required key 'threshold' (or 'change')", key)
        if spec.threshold is not None and spec.change is not None:
            raise document.error("give either threshold or change, not both", (*key, "change"))
    values = spec.threshold if isinstance(spec.threshold, tuple) else (spec.threshold,)
    for value in values:
        if value is not None and not unit.admits(value):
            raise document.error(f"threshold {unit.out_of_range(value)}", (*key, "threshold"))


def _resolve_indicators(
    document: TomlDocument, goals: GoalsFile, entity: Entity
) -> tuple[Indicator, ...]:
    indicators: list[Indicator] = []
    for index, spec in enumerate(goals.indicators):
        key = ("indicators", index)
        _check_grouping(spec, entity, document, key)
        _known_metric(spec.metric, entity, document, key)
        indicators.append(
            Indicator(
                id=spec.id,
                entity=entity.id,
                area=spec.area,
                objective=spec.objective,
                label=spec.label,
                metric=spec.metric,
                note=spec.note,
                file=str(document.path),
                line=document.lines.line_of(key),
            )
        )
    return tuple(indicators)
