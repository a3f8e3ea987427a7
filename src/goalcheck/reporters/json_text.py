"""JSON text for the results document: a record per line, numbers exactly as judged.

The document's top level is laid out one key to a line, and each array's records one to a
line, so a record can be found with grep and compared with diff; within a record, JSON is
compact. Records go through the standard library's C encoder: a decimal that a float prints
as the same digits is handed over as that float, and a record holding any other decimal
(more digits than a float keeps, or one a float would print with an exponent) is written by
the exact encoder below. Either way each number is written as the decimal judged, never
rounded through a binary float.

Characters that could reorder or hide text in a viewer (bidirectional controls, line and
paragraph separators, C1 controls, lone surrogates) are written as ``\\u`` escapes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any, TextIO

from goalcheck import streams

_ESCAPED = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NON_ASCII = re.compile("[^\x00-\x7f]")


class _Exact(Exception):
    """A record holds a decimal the C encoder cannot write exactly."""


def _refuse(value: object) -> Any:
    raise _Exact


_COMPACT = json.JSONEncoder(
    ensure_ascii=False, separators=(", ", ": "), default=_refuse, allow_nan=False
)


def number(value: Decimal | None) -> int | float | Decimal | None:
    """A decimal as the JSON number to write: whole ones as integers, and as a float where the
    float prints the very same digits (``4.19``); else the decimal, written exactly."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    if repr(as_float) == decimal_text(value):
        return as_float
    return value


def decimal_text(value: Decimal) -> str:
    """A finite decimal as a JSON number, in full: no exponent, no trailing zeros."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def record(value: Any) -> str:
    """One record as compact JSON text."""
    try:
        text = _COMPACT.encode(value)
    except _Exact:
        text = "".join(_exact(value))
    return _ESCAPED.sub(_escape, text)


def document(value: Mapping[str, Any]) -> Iterator[str]:
    """The document's text, in pieces: a key to a line, an array's records a line each. An
    array may be given as an iterator, whose records are then made as they are written."""
    yield "{"
    for index, (key, item) in enumerate(value.items()):
        yield ("," if index else "") + "\n  " + record(key) + ": "
        if isinstance(item, list | Iterator):
            yield from _array(item)
        else:
            yield record(item)
    yield "\n}\n"


def _array(items: Iterable[Any]) -> Iterator[str]:
    empty = True
    for position, element in enumerate(items):
        yield ("[" if position == 0 else ",") + "\n    " + record(element)
        empty = False
    yield "[]" if empty else "\n  ]"


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match[0]):04x}"


def _exact(value: Any) -> Iterator[str]:
    """``value`` as compact JSON, decimals in full. Recursive over goalcheck's own records,
    whose depth is fixed: user input never adds a level."""
    if isinstance(value, Decimal):
        yield decimal_text(value)
    elif isinstance(value, dict):
        yield "{"
        for index, (key, item) in enumerate(value.items()):
            yield (", " if index else "") + json.dumps(key, ensure_ascii=False) + ": "
            yield from _exact(item)
        yield "}"
    elif isinstance(value, list | tuple):
        yield "["
        for index, item in enumerate(value):
            if index:
                yield ", "
            yield from _exact(item)
        yield "]"
    else:
        yield json.dumps(value, ensure_ascii=False)


def for_stream(pieces: list[str], stream: TextIO | None = None) -> list[str]:
    """JSON text as ``stream`` (stdout by default) can carry it: on one that cannot encode it
    (ASCII only), the same document with every other character in JSON's ``\\u`` escapes,
    exact still."""
    if streams.utf(streams.encoding(stream)) or all(streams.can_encode(p, stream) for p in pieces):
        return pieces
    return [ascii_only(piece) for piece in pieces]


def ascii_only(text: str) -> str:
    """JSON text with every non-ASCII character written as a ``\\u`` escape: the same document,
    for a stream that cannot carry UTF-8. Outside strings JSON text is ASCII already."""

    def escape(match: re.Match[str]) -> str:
        return json.dumps(match[0])[1:-1]

    return _NON_ASCII.sub(escape, text)
