"""TOML files: reading them, and saying precisely what is wrong in them.

The only module that reads input files. Every problem becomes one ``InputError`` naming the
file, the line and the key path.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from goalcheck.errors import InputError
from goalcheck.inert import inert, is_inert
from goalcheck.limits import NUMBER_LIMITS
from goalcheck.loading.input_files import NamedBy, read_bytes
from goalcheck.loading.keys import allowed_keys
from goalcheck.loading.nesting import TOO_DEEP, nesting_problem
from goalcheck.locations import KeyLines, KeyPath
from goalcheck.model import (
    DataFile,
    DocumentSpec,
    GoalsFile,
    Source,
    SourceSpec,
)
from goalcheck.model.files import GROUP_VALUE_PATTERN

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]

__all__ = [
    "NamedBy",
    "TomlDocument",
    "format_key",
    "read_toml",
    "resolve_source",
    "suggest",
    "tomllib",
    "validate_model",
]

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
    identity: tuple[int, int] | None = None
    """The file's device and inode: the same for every path that reaches it."""

    def error(self, message: str, key: Sequence[str | int] = ()) -> InputError:
        return InputError(
            self.path, message, key=format_key(key) or None, line=self.lines.line_of(key)
        )


def read_toml(path: Path, named_by: NamedBy | None = None) -> TomlDocument:
    """Read and parse one goals or data file, within the limits; any problem is an InputError.

    ``named_by`` says a problem with what the path names (nothing, a directory, a FIFO) where
    the path was written, for a file another file names; the goals file itself has none.
    """
    if not is_inert(str(path)):
        raise InputError(inert(str(path)), "the path has a control character")
    raw, identity = read_bytes(path, named_by)
    if b"\x00" in raw:
        raise InputError(path, "is a binary file, not TOML text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise InputError(path, "is not UTF-8 text", line=bad_line) from None
    if not text.strip():
        raise InputError(path, "is empty")
    # tomllib recurses once per level of nesting: deep enough text would exhaust the stack.
    if (problem := nesting_problem(text)) is not None:
        raise InputError(path, problem[1], line=problem[0])
    data = _parse(path, text)
    if not data:
        raise InputError(path, "holds no keys, only comments")
    return TomlDocument(path, data, KeyLines(text), identity)


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(text, parse_float=_parse_float)
        return data
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line: int | None = None
        column: int | None = None
        if position := _TOML_POSITION.search(message):
            line, column = int(position[1]), int(position[2])
            message = message[: position.start()]
        raise InputError(path, f"invalid TOML: {message}", line=line, column=column) from None
    except _UnreadableNumber as exc:
        raise InputError(
            path, f"{_abridged(exc.literal)} is out of range; {NUMBER_LIMITS}", line=exc.line(text)
        ) from None
    except ValueError as exc:
        # Python refuses to convert an integer of more than some thousands of digits.
        if (found := _long_integer(text)) is not None:
            line, digits = found
            raise InputError(
                path, f"an integer of {digits} digits; {NUMBER_LIMITS}", line=line
            ) from None
        raise InputError(path, f"invalid TOML: {inert(str(exc))}") from None
    except RecursionError:  # the nesting scan should have caught this first
        raise InputError(path, TOO_DEEP) from None


class _UnreadableNumber(Exception):
    """A number ``Decimal`` cannot hold (an exponent of twenty digits); tomllib says nowhere."""

    def __init__(self, literal: str) -> None:
        super().__init__(literal)
        self.literal = literal

    def line(self, text: str) -> int | None:
        """The line of the number's first appearance: in a comment or string it is a guess."""
        index = text.find(self.literal)
        return None if index < 0 else text.count("\n", 0, index) + 1


def _parse_float(literal: str) -> Decimal:
    try:
        return Decimal(literal)
    except ArithmeticError:
        raise _UnreadableNumber(literal) from None


_DIGITS = re.compile(r"[0-9A-Fa-f_]+")


def _long_integer(text: str) -> tuple[int, int] | None:
    """The line and length of the first run of digits longer than Python converts, if any."""
    limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)()
    for run in _DIGITS.finditer(text):
        digits = len(run[0]) - run[0].count("_")
        if limit and digits > limit:
            return text.count("\n", 0, run.start()) + 1, digits
    return None


def _abridged(literal: str) -> str:
    return literal if len(literal) <= 40 else literal[:37] + "…"


def validate_model(model: type[M], document: TomlDocument) -> M:
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise _input_error(exc, document, model) from None


def _input_error(
    exc: ValidationError, document: TomlDocument, model: type[BaseModel]
) -> InputError:
    """The first problem pydantic found, by line, said in the user's terms; an unknown key
    first of all, since a typo (``statement``) is often why a required key is missing."""
    errors = exc.errors(include_url=False)
    errors.sort(key=lambda error: error["type"] != "extra_forbidden")
    problems = [_describe(error, document, model) for error in errors]
    problems.sort(key=lambda p: (not p.message.startswith("unknown key"), p.line or sys.maxsize))
    first = problems[0]
    if len(problems) > 1:
        more = len(problems) - 1
        first.message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return first


def _describe(
    error: Mapping[str, Any], document: TomlDocument, model: type[BaseModel]
) -> InputError:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    is_key = "[key]" in loc
    path = tuple(part for part in loc if part != "[key]")
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        # A key that is right elsewhere (notes of a metric, at the top) is not its own hint.
        name = str(path[-1])
        allowed = allowed_keys(model, path[:-1])
        if allowed is None:
            hint = suggest(name, _FIELD_NAMES - {name})
        else:  # a close key that is allowed here, else every key that is
            hint = suggest(name, allowed) or "; the keys here are " + ", ".join(allowed)
        message = f"unknown key {path[-1]!r}{hint}"
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
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a table, got {_toml_kind(value)}"
    elif kind == "list_type":
        message = f"expected an array, got {_toml_kind(value)}"
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
    r"^https?://\S+$": "a url starts with http:// or https:// and has no spaces",
    r"^[a-z][a-z0-9_]{0,49}$": (
        "a group's name is up to 50 lower-case letters, digits and underscores, from a letter"
    ),
    GROUP_VALUE_PATTERN: "a group's value is 1 to 100 characters, without control characters"
    " or a blank at either end",
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


def suggest(name: str, choices: Sequence[str] | frozenset[str]) -> str:
    close = difflib.get_close_matches(name, sorted(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def resolve_source(
    spec: SourceSpec,
    documents: Mapping[str, DocumentSpec],
    document: TomlDocument,
    key: KeyPath,
) -> Source:
    if spec.document not in documents:
        known = ", ".join(sorted(documents)) or "none"
        raise document.error(
            f"unknown document {spec.document!r}{suggest(spec.document, list(documents))};"
            f" documents defined: {known}",
            (*key, "document"),
        )
    doc = documents[spec.document]
    return Source(
        document=doc.title, section=spec.section, page=spec.page, file=doc.file, url=spec.url
    )
