"""User text made inert for terminals, logs and one-line messages: control characters escaped.

A label, note, id, key or file name comes from a file anyone may have written. Printed raw, an
ESC can clear a screen, retitle a terminal or plant a hidden hyperlink, a newline can forge a
line of output, and a bidirectional override can make text read backwards. ``inert`` shows
each such character as an escape (``\\x1b``, ``\\n``, ``\\u202e``) instead. It is applied where
text leaves goalcheck for a person; the JSON output keeps text exact, and JSON escapes it.
"""

from __future__ import annotations

import re

# C0 controls and DEL, C1 controls, line and paragraph separators, bidirectional marks,
# embeddings, overrides and isolates, and lone surrogates (undecodable bytes in a file name).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match[0]
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def inert(text: str) -> str:
    """``text`` with every control character, separator and bidi control shown escaped."""
    return _UNSAFE.sub(_escape, text)


def is_inert(text: str) -> bool:
    """Whether ``text`` has nothing that ``inert`` would escape."""
    return _UNSAFE.search(text) is None


MAX_LINE = 600
"""The longest message line: a key or value from the input may be megabytes long."""


def abridged(text: str, limit: int = MAX_LINE) -> str:
    """``text``, or its start and end around ``…`` when it is longer than ``limit``."""
    if len(text) <= limit:
        return text
    keep = (limit - 5) // 2
    return f"{text[:keep]} … {text[-keep:]}"
