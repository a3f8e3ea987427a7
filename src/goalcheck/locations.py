"""Find the line each key of a TOML document was written on.

``tomllib`` keeps no positions, so error messages and annotations would have no line to point
at. This module scans the text of a document that ``tomllib`` has already accepted and records,
for every key path (``("targets", 3, "threshold")``), the line where that key or table header
starts. It follows TOML's structure (tables, arrays of tables, dotted keys, inline tables,
arrays, multi-line strings) without building values, so it stays small and never has to judge
validity: the parser did that. It keeps what is open on an explicit stack, never recursing, and
records keys in a tree, so time and memory grow with the text, however deep it nests.
"""

from __future__ import annotations

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
        self._root: _Key | None = None

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest enclosing key that was written down."""
        if self._root is None:
            self._root = _Scanner(self._text).scan()
        node = self._root
        line: int | None = None
        for part in path:
            child = node.children.get(part)
            if child is None:
                break
            node = child
            line = child.line if child.line is not None else line
        return line


class _Key:
    """A key path as a node of a tree: one step per part, so a key of n parts costs n steps
    (a dict of every prefix of every key would cost n squared)."""

    __slots__ = ("array_index", "children", "line")

    def __init__(self) -> None:
        self.line: int | None = None
        self.children: dict[str | int, _Key] = {}
        self.array_index: int | None = None  # the current table, if an array of tables

    def child(self, part: str | int) -> _Key:
        node = self.children.get(part)
        if node is None:
            node = self.children[part] = _Key()
        return node

    def record(self, line: int) -> None:
        if self.line is None:
            self.line = line


class _Open:
    """An array or inline table whose items are being scanned."""

    __slots__ = ("closer", "count", "node")

    def __init__(self, node: _Key, closer: str) -> None:
        self.node = node
        self.closer = closer
        self.count = 0


# How many plain values of one array get a line of their own in messages.
_LOCATED_ITEMS = 1000
_BLANK = re.compile(r"[ \t\r]*")
_BLANK_LINES = re.compile(r"[ \t\r\n]*")
_SCALAR = re.compile(r"[^,\]}#\n]*")


def _end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where ``pattern``, which may match nothing, stops matching from ``pos``."""
    match = pattern.match(text, pos)
    return pos if match is None else match.end()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.root = _Key()
        self.table = self.root
        # Lines are counted as the scan moves on, which it only ever does forwards.
        self.counted = 0
        self.line_count = 1

    def line(self) -> int:
        self.line_count += self.text.count("\n", self.counted, self.pos)
        self.counted = self.pos
        return self.line_count

    def peek(self, length: int = 1) -> str:
        return self.text[self.pos : self.pos + length]

    def skip_blank(self, newlines: bool) -> None:
        text = self.text
        while True:
            self.pos = _end(_BLANK_LINES if newlines else _BLANK, text, self.pos)
            if not text.startswith("#", self.pos):
                return
            end = text.find("\n", self.pos)
            self.pos = len(text) if end < 0 else end

    def scan(self) -> _Key:
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.root
            line = self.line()
            if self.peek(2) == "[[":
                self.pos += 2
                parts = self.key()
                array = self.resolve(parts[:-1]).child(parts[-1])
                array.array_index = 0 if array.array_index is None else array.array_index + 1
                self.table = array.child(array.array_index)
                array.record(line)
                self.table.record(line)
                self.pos += 2  # "]]"
            elif self.peek() == "[":
                self.pos += 1
                self.table = self.resolve(self.key())
                self.table.record(line)
                self.pos += 1  # "]"
            else:
                self.value(self.key_value(self.table))

    def resolve(self, parts: list[str]) -> _Key:
        """A header's key path, entering the current element of any array of tables on it."""
        node = self.root
        for part in parts:
            node = node.child(part)
            if node.array_index is not None:
                node = node.child(node.array_index)
        return node

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

    def key_value(self, table: _Key) -> _Key:
        """Record ``key =`` and every table its dots imply; the node of the value that follows."""
        line = self.line()
        node = table
        for part in self.key():
            node = node.child(part)
            node.record(line)
        self.skip_blank(newlines=False)
        self.pos += 1  # "="
        self.skip_blank(newlines=False)
        return node

    def value(self, node: _Key) -> None:
        """Skip one value, recording the items of the arrays and tables in it.

        An explicit stack of what is open, not recursion: a document may nest deeply.
        """
        open_: list[_Open] = []
        while True:
            char = self.peek()
            if char in "\"'" and char:
                self.string()
            elif char == "[":
                self.pos += 1
                open_.append(_Open(node, "]"))
            elif char == "{":
                self.pos += 1
                open_.append(_Open(node, "}"))
            else:
                self.pos = _end(_SCALAR, self.text, self.pos)
            # The next item of the innermost open array or table, after closing any that end.
            while True:
                if not open_:
                    return
                top = open_[-1]
                self.skip_blank(newlines=True)
                if top.count and self.peek() == ",":
                    self.pos += 1
                    self.skip_blank(newlines=True)
                if self.peek() in (top.closer, ""):
                    self.pos += 1
                    open_.pop()
                    continue
                break
            if top.closer == "]" and top.count >= _LOCATED_ITEMS and self.peek() not in "[{":
                # A plain value deep in a long array: its line is not kept (an error there
                # points at the array), so a file of millions of numbers costs no node each.
                node = _Key()
            elif top.closer == "]":
                node = top.node.child(top.count)
                node.record(self.line())
            else:
                node = self.key_value(top.node)
            top.count += 1

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
