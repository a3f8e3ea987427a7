"""Find the line each key of a TOML document was written on.

``tomllib`` keeps no positions, so error messages and annotations would have no line to point
at. This module scans the text of a document that ``tomllib`` has already accepted and records,
for every key path (``("targets", 3, "threshold")``), the line where that key or table header
starts. It follows TOML's structure (tables, arrays of tables, dotted keys, inline tables,
arrays, multi-line strings) without building values, so it stays small and never has to judge
validity: the parser did that.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

KeyPath = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match[1]
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, code)

    return _ESCAPE.sub(replace, text)


class KeyLines:
    """Lines of the keys of one TOML document, scanned on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: dict[KeyPath, int] | None = None

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest enclosing key that was written down."""
        if self._lines is None:
            self._lines = _Scanner(self._text).scan()
        key = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return None


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.newlines = [i for i, char in enumerate(text) if char == "\n"]
        self.lines: dict[KeyPath, int] = {}
        self.table: KeyPath = ()
        self.array_tables: dict[KeyPath, int] = {}

    def line(self) -> int:
        return bisect.bisect_left(self.newlines, self.pos) + 1

    def record(self, path: KeyPath, line: int) -> None:
        self.lines.setdefault(path, line)

    def peek(self, length: int = 1) -> str:
        return self.text[self.pos : self.pos + length]

    def skip_blank(self, newlines: bool) -> None:
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char in " \t\r" or (newlines and char == "\n"):
                self.pos += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                return

    def scan(self) -> dict[KeyPath, int]:
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            line = self.line()
            if self.peek(2) == "[[":
                self.pos += 2
                parts = self.key()
                prefix = self.resolve(parts[:-1])
                array = (*prefix, parts[-1])
                index = self.array_tables.get(array, -1) + 1
                self.array_tables[array] = index
                self.table = (*array, index)
                self.record(array, line)
                self.record(self.table, line)
                self.pos += 2  # "]]"
            elif self.peek() == "[":
                self.pos += 1
                self.table = self.resolve(self.key())
                self.record(self.table, line)
                self.pos += 1  # "]"
            else:
                self.key_value(self.table)

    def resolve(self, parts: list[str]) -> KeyPath:
        """A header's key path, entering the current element of any array of tables on it."""
        path: KeyPath = ()
        for part in parts:
            path = (*path, part)
            if path in self.array_tables:
                path = (*path, self.array_tables[path])
        return path

    def key(self) -> list[str]:
        parts: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            char = self.peek()
            if char in "\"'":
                parts.append(self.string())
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if match is None:  # pragma: no cover - tomllib accepted the document
                    raise ValueError(f"unexpected {char!r} in a key")
                parts.append(match[0])
                self.pos = match.end()
            self.skip_blank(newlines=False)
            if self.peek() != ".":
                return parts
            self.pos += 1

    def key_value(self, table: KeyPath) -> None:
        line = self.line()
        parts = self.key()
        for depth in range(1, len(parts) + 1):
            self.record((*table, *parts[:depth]), line)
        self.skip_blank(newlines=False)
        self.pos += 1  # "="
        self.skip_blank(newlines=False)
        self.value((*table, *parts))

    def value(self, path: KeyPath) -> None:
        char = self.peek()
        if char in "\"'":
            self.string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            while self.pos < len(self.text) and self.text[self.pos] not in ",]}#\n":
                self.pos += 1

    def array(self, path: KeyPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.pos += 1
                return
            self.record((*path, index), self.line())
            self.value((*path, index))
            index += 1
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.pos += 1

    def inline_table(self, path: KeyPath) -> None:
        self.pos += 1
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.pos += 1
                return
            self.key_value(path)
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.pos += 1

    def string(self) -> str:
        """Skip a string of any of TOML's four kinds and return its (key) text."""
        quote = self.peek()
        if self.peek(3) == quote * 3:
            end = self.pos + 3
            while True:
                end = self.text.index(quote * 3, end)
                if quote == "'" or not _escaped(self.text, end):
                    break
                end += 1
            while self.text[end + 3 : end + 4] == quote:  # up to two quotes may close it
                end += 1
            body = self.text[self.pos + 3 : end]
            self.pos = end + 3
            return body
        end = self.pos + 1
        while True:
            end = self.text.index(quote, end)
            if quote == "'" or not _escaped(self.text, end):
                break
            end += 1
        body = self.text[self.pos + 1 : end]
        self.pos = end + 1
        return body if quote == "'" else _unescape(body)


def _escaped(text: str, index: int) -> bool:
    """Whether the character at ``index`` is escaped by an odd run of backslashes."""
    count = 0
    while index - count - 1 >= 0 and text[index - count - 1] == "\\":
        count += 1
    return count % 2 == 1
