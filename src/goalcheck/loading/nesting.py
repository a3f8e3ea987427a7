"""How deep a TOML text nests and how long its keys are, found before the parser runs.

``tomllib`` recurses once per level of nested arrays and inline tables, so ``a = [[[[...``
a hundred thousand deep ends in a ``RecursionError``; a dotted key of thousands of parts
builds tables thousands deep. This scan reads the text once, left to right, with an explicit
stack and no recursion, and stops at the first place that goes past ``MAX_NESTING``. It skips
strings of all four kinds and comments, so brackets and dots inside them do not count. It does
not judge validity: where the text stops looking like TOML it gives up and leaves the parser to
say what is wrong.

A level is a table or an array. A table header is as deep as it has parts, one more for an
array of tables (``[[a.b]]``); an array of tables passed on the way (``a`` in ``[a.b]`` after
``[[a]]``) is not counted, which keeps the scan free of a table of every header seen, and the
data at most twice as deep as the limit: far from any recursion limit.
"""

from __future__ import annotations

import re

from goalcheck.limits import MAX_NESTING

__all__ = ["nesting_problem"]

TOO_DEEP = f"arrays and tables nest more than {MAX_NESTING} levels deep"

_SPACE = re.compile(r"[ \t]*")
_WHITE = re.compile(r"[ \t\r\n]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
# A number, date, time or boolean: it runs up to whatever may follow a value.
_SCALAR = re.compile(r"[^,\]}\n#\"'\[{]+")
_BASIC_STOP = re.compile(r'[\\"\n]')
_MULTILINE_BASIC_STOP = re.compile(r'[\\"]')
_LITERAL_STOP = re.compile(r"['\n]")
# What needs looking at inside an array, and inside an inline table (where a comma comes before
# a key); whatever lies between is numbers, dates, booleans, blanks and commas.
_IN_ARRAY = re.compile(r"[\[\]{}\"'#]")
_IN_TABLE = re.compile(r"[\[\]{}\"'#,]")
_CLOSING = {"[": "]", "{": "}"}

# Most lines of a goals or data file hold a plain key and a plain value (a string or a
# scalar), or only a comment: nothing in them can nest, so each is skipped in one step, as is
# each such key and value of an inline table. No two parts of these patterns can match the
# same character, so text that does not fit fails at once instead of backtracking through its
# blanks. They match one line or pair at a time because a repeat of such a group makes Python's
# regex engine slow down with each repeat.
_PLAIN_KEY = r"""(?:[A-Za-z0-9_-]+|"[^"\\\n]*"|'[^'\n]*')[ \t]*=[ \t]*"""
_PLAIN_STRING = r"""(?:"[^"\\\n]*"[ \t]*|'[^'\n]*'[ \t]*)"""
_PLAIN_LINE = re.compile(
    r"[ \t]*(?:" + _PLAIN_KEY + "(?:" + _PLAIN_STRING + r"""|[^\[\]{}"'#\n \t][^\[\]{}"'#\n]*))?"""
    r"(?:#[^\n]*)?\r?\n"
)
_PLAIN_PAIR = re.compile(
    r"[ \t]*" + _PLAIN_KEY + "(?:" + _PLAIN_STRING + r"""|[^\[\]{}"'#,\n \t][^\[\]{}"'#,\n]*)"""
    r"(?=[,}])"
)


class _GiveUp(Exception):
    """The text is not TOML here; the parser will say why."""


class _Problem(Exception):
    """The first place the text nests too deep or has too long a key."""

    def __init__(self, pos: int, message: str) -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message


def nesting_problem(text: str) -> tuple[int, str] | None:
    """The line and message of the first place ``text`` goes past ``MAX_NESTING``, if any."""
    try:
        _Scan(text).document()
    except _GiveUp:
        return None
    except _Problem as problem:
        return text.count("\n", 0, problem.pos) + 1, problem.message
    return None


class _Scan:
    """One pass over the text; depths count the tables and arrays around a point."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.pos)
        if match is not None:
            self.pos = match.end()

    def skip_blank(self) -> None:
        """Skip blank lines and comments, as a document and an array may hold between items.

        A loop, not one regex: Python's regex engine slows down with each repeat of a group.
        """
        text = self.text
        while True:
            self.skip(_WHITE)
            if not text.startswith("#", self.pos):
                return
            end = text.find("\n", self.pos)
            self.pos = len(text) if end < 0 else end

    def expect(self, token: str) -> None:
        if not self.text.startswith(token, self.pos):
            raise _GiveUp
        self.pos += len(token)

    def document(self) -> None:
        table_depth = 0
        while True:
            self.skip_blank()
            if self.pos >= len(self.text):
                return
            plain = _PLAIN_LINE.match(self.text, self.pos)
            if plain is not None:
                self.pos = plain.end()
                continue
            start = self.pos
            if self.peek() == "[":
                array = self.text.startswith("[[", self.pos)
                self.pos += 2 if array else 1
                # [[a.b]] is an array b holding tables: one level deeper than [a.b].
                table_depth = self.key(start, 0) + array
                if table_depth > MAX_NESTING:
                    raise _Problem(start, TOO_DEEP)
                self.skip(_SPACE)
                self.expect("]]" if array else "]")
            else:
                self.key_value(table_depth)
            self.skip(_SPACE)
            if self.peek() == "#":
                self.skip_blank()
            elif self.peek() not in ("\n", "\r", ""):
                raise _GiveUp

    def key(self, start: int, depth: int) -> int:
        """Skip a key, dotted or not; the number of its parts, checked against the limits."""
        parts = 0
        while True:
            self.skip(_SPACE)
            char = self.peek()
            if char in ("'", '"'):
                if self.text.startswith(char * 3, self.pos):
                    raise _GiveUp  # keys are never multi-line strings
                self.string()
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if match is None:
                    raise _GiveUp
                self.pos = match.end()
            parts += 1
            self.skip(_SPACE)
            if self.peek() != ".":
                break
            self.pos += 1
        if parts > MAX_NESTING:
            raise _Problem(start, f"a key of {parts} parts; keys have at most {MAX_NESTING}")
        # a.b.c = 1 makes tables a and b around the value.
        if depth + parts - 1 > MAX_NESTING:
            raise _Problem(start, TOO_DEEP)
        return parts

    def key_value(self, depth: int) -> None:
        """Skip ``key = value``, the value with all it holds, at ``depth``."""
        parts = self.key(self.pos, depth)
        self.skip(_SPACE)
        self.expect("=")
        self.skip(_SPACE)
        self.value(depth + parts)

    def value(self, depth: int) -> None:
        """Skip one value; ``depth`` is the level an array or table opened here would be at."""
        # The arrays and inline tables open around the point: their opening bracket and level.
        open_: list[tuple[str, int]] = []
        text = self.text
        while True:
            char = self.peek()
            if char in ("'", '"'):
                self.string()
                if not open_:
                    return
            elif char in ("[", "{"):
                if open_ and open_[-1][0] == "[":
                    depth = open_[-1][1] + 1
                if depth > MAX_NESTING:
                    raise _Problem(self.pos, TOO_DEEP)
                open_.append((char, depth))
                self.pos += 1
                if char == "{":
                    depth = self.table_key(depth)
            elif char in ("]", "}"):
                if not open_ or _CLOSING[open_[-1][0]] != char:
                    raise _GiveUp
                open_.pop()
                self.pos += 1
                if not open_:
                    return
            elif char == "#":
                self.skip_blank()
            elif char == "," and open_ and open_[-1][0] == "{":
                self.pos += 1
                depth = self.table_key(open_[-1][1])
            elif not open_:
                match = _SCALAR.match(text, self.pos)
                if match is None:
                    raise _GiveUp
                self.pos = match.end()
                return
            else:
                # Numbers, dates, booleans, blanks and an array's commas: nothing to count.
                stop = (_IN_ARRAY if open_[-1][0] == "[" else _IN_TABLE).search(text, self.pos)
                if stop is None:
                    raise _GiveUp
                self.pos = stop.start()

    def table_key(self, level: int) -> int:
        """Skip ``key =`` in an inline table at ``level``: the level of a table its value opens.

        At the table's end (``}``) there is no key, and the level no longer matters.
        """
        self.skip_blank()
        plain = _PLAIN_PAIR.match(self.text, self.pos)
        if plain is not None:
            self.pos = plain.end()
            return level
        if self.peek() == "}":
            return level
        parts = self.key(self.pos, level)
        self.skip(_SPACE)
        self.expect("=")
        return level + parts

    def string(self) -> None:
        """Skip a string of any of TOML's four kinds; give up on one that does not end."""
        text = self.text
        quote = text[self.pos]
        if text.startswith(quote * 3, self.pos):
            if quote == "'":
                end = text.find("'''", self.pos + 3)
                if end < 0:
                    raise _GiveUp
            else:
                end = self.pos + 3
                while True:
                    stop = _MULTILINE_BASIC_STOP.search(text, end)
                    if stop is None:
                        raise _GiveUp
                    if stop[0] == "\\":
                        end = stop.end() + 1  # the escaped character, even a quote
                    elif text.startswith('"""', stop.start()):
                        end = stop.start()
                        break
                    else:
                        end = stop.end()
            self.pos = end + 3
            # Up to two more quotes belong to the string: '''it's'''' ends with a quote.
            for _ in range(2):
                if self.peek() == quote:
                    self.pos += 1
            return
        if quote == "'":
            stop = _LITERAL_STOP.search(text, self.pos + 1)
            if stop is None or stop[0] != "'":
                raise _GiveUp
            self.pos = stop.end()
            return
        end = self.pos + 1
        while True:
            stop = _BASIC_STOP.search(text, end)
            if stop is None or stop[0] == "\n":
                raise _GiveUp
            if stop[0] == "\\":
                end = stop.end() + 1
            else:
                self.pos = stop.end()
                return
