from __future__ import annotations

import pytest

from goalcheck.loading import tomllib
from goalcheck.locations import KeyLines

DOCUMENT = '''\
# a comment with [brackets] and "quotes" = 1
title = "x = [not a table]"
owner.name = "dotted"

[entity]
id = "acme"
data = [
  "a.toml",   # comment
  "b.toml",
]

[[targets]]
id = "first"
source = { document = "r", section = "S", page = 3 }
description = """
multi-line
[[not a table]]
"""

[[targets]]
id = "second"
threshold = [
  1,
  2,
]

[targets.change]
base_period = "2018"

[metrics."odd key".figures]
2019 = 4.19
"2020" = 4
'literal' = 'C:\\x'

[[targets]]
id = "third"
note = 'C:\\path\\'
'''

EXPECTED = {
    ("title",): 2,
    ("owner",): 3,
    ("owner", "name"): 3,
    ("entity",): 5,
    ("entity", "id"): 6,
    ("entity", "data"): 7,
    ("entity", "data", 0): 8,
    ("entity", "data", 1): 9,
    ("targets",): 12,
    ("targets", 0): 12,
    ("targets", 0, "id"): 13,
    ("targets", 0, "source"): 14,
    ("targets", 0, "source", "page"): 14,
    ("targets", 0, "description"): 15,
    ("targets", 1): 20,
    ("targets", 1, "id"): 21,
    ("targets", 1, "threshold"): 22,
    ("targets", 1, "threshold", 1): 24,
    ("targets", 1, "change"): 27,
    ("targets", 1, "change", "base_period"): 28,
    ("metrics", "odd key", "figures"): 30,
    ("metrics", "odd key", "figures", "2019"): 31,
    ("metrics", "odd key", "figures", "2020"): 32,
    ("metrics", "odd key", "figures", "literal"): 33,
    ("targets", 2): 35,
    ("targets", 2, "note"): 37,
}


def test_the_fixture_is_valid_toml() -> None:
    data = tomllib.loads(DOCUMENT)
    assert data["targets"][1]["change"]["base_period"] == "2018"
    assert data["targets"][2]["note"] == "C:\\path\\"


@pytest.mark.parametrize(("path", "line"), EXPECTED.items())
def test_every_key_is_found_on_its_line(path: tuple[str | int, ...], line: int) -> None:
    assert KeyLines(DOCUMENT).line_of(path) == line


def test_a_key_not_written_falls_back_to_its_nearest_enclosing_key() -> None:
    lines = KeyLines(DOCUMENT)
    assert lines.line_of(("targets", 1, "threshold", 1, "deeper")) == 24
    assert lines.line_of(("targets", 0, "unit")) == 12
    assert lines.line_of(("nothing",)) is None
    assert lines.line_of(()) is None


def test_escaped_quotes_do_not_end_a_string() -> None:
    text = 'a = "say \\"hi\\" # not a comment"\nb = 1\nc = """x\\""""\nd = 2\n'
    assert tomllib.loads(text)["d"] == 2
    lines = KeyLines(text)
    assert (lines.line_of(("b",)), lines.line_of(("c",)), lines.line_of(("d",))) == (2, 3, 4)


def test_deep_nesting_is_scanned_without_recursion() -> None:
    lines = KeyLines("a = " + "[" * 100_000 + "]" * 100_000 + "\nb = { c = { d = [1] } }\n")
    assert lines.line_of(("a", *[0] * 99_999)) == 1
    assert lines.line_of(("b", "c", "d", 0)) == 2


def test_a_long_dotted_key_is_recorded_part_by_part() -> None:
    # Every prefix is a key of its own; as tuples, 20 000 parts would take 200 million slots.
    parts = ["k"] * 20_000
    lines = KeyLines("x = 1\n" + ".".join(parts) + " = 1\n")
    assert lines.line_of(tuple(parts)) == 2
    assert lines.line_of(tuple(parts[:7])) == 2
    assert lines.line_of(("x",)) == 1
