"""The documentation's reference pages, generated from the code that they describe.

- The keys of goals and data files, and of the JSON that ``run --format json`` prints, come
  from the JSON Schemas (``goalcheck schema``), whose descriptions are the models' field
  docstrings. Each key is written down once, in the model. The same text appears in the
  reference, in ``goalcheck schema`` and in an editor's hover.
- The command line comes from typer, as ``goalcheck --help`` prints it.
- The units come from ``goalcheck.model.units.UNITS``.

``tools/docs_hooks.py`` hands these pages to MkDocs; ``python tools/reference.py NAME`` prints
one, to read or diff.
"""

from __future__ import annotations

import sys
from collections import deque
from typing import Any

Schema = dict[str, Any]

# Where each schema's top level sits, as the reader writes or reads it.
_TOP = {"goals": "the file", "data": "the file", "results": "the document"}
_INTRO = {
    "goals": (
        "# Goals files\n\n"
        "A goals file names an organisation (an *entity*), the data files that hold its figures,"
        " and its targets. A goals file may also just include other goals files. This page is"
        " generated from the models that read the files, as `goalcheck schema goals` is; the"
        " [tutorial](../tutorial.md) writes one step by step.\n"
    ),
    "data": (
        "# Data files\n\n"
        "A data file holds the documents that figures and targets are printed in, the metrics"
        " and their figures, tables to read figures from, and a plan's objectives and"
        " initiatives. This page is generated from the models that read the files, as"
        " `goalcheck schema data` is.\n"
    ),
    "results": (
        "# JSON output\n\n"
        "What `goalcheck run --format json` prints: one document, with each key of the document"
        " on its own line and each record of an array on one line of compact JSON. Numbers are"
        " written exactly as judged. `schema_version` changes only when a change would break a"
        " reader. This page is generated from the results schema (`goalcheck schema results`),"
        " which a test holds against real output.\n"
    ),
}


def keys_page(name: str) -> str:
    """The reference page of one schema: a section for each table (model) in it."""
    from goalcheck.schemas import json_schema

    schema = json_schema(name)
    definitions: dict[str, Schema] = schema.get("$defs", {})
    sections = _sections(schema, definitions, _TOP[name])
    parts = [_INTRO[name]]
    # Each model's section title, by its name in $defs: what a key holding it links to.
    anchors = {ref: title for ref, title, _, _ in sections}
    for _, title, paths, model in sections:
        parts.append(_section(title, paths, model, definitions, anchors))
    return "\n".join(parts)


def _sections(
    top: Schema, definitions: dict[str, Schema], top_name: str
) -> list[tuple[str, str, list[str], Schema]]:
    """Each model once, breadth first from the top: its name in $defs (``""`` for the top), its
    section title, every path it is found at, and its schema."""
    found: dict[str, list[str]] = {"": [top_name]}
    order = [""]
    queue: deque[tuple[str, Schema, str]] = deque([("", top, "")])
    while queue:
        _, model, prefix = queue.popleft()
        for key, prop in model.get("properties", {}).items():
            path = f"{prefix}.{key}" if prefix else key
            for ref, suffix in _refs(prop):
                where = path + suffix
                if ref not in found:
                    found[ref] = []
                    order.append(ref)
                    queue.append((ref, definitions[ref], where))
                found[ref].append(where)
    return [
        (
            ref,
            "The top level" if ref == "" else f"`{found[ref][0]}`",
            found[ref],
            top if ref == "" else definitions[ref],
        )
        for ref in order
    ]


def _refs(prop: Schema, suffix: str = "") -> list[tuple[str, str]]:
    """The models a property holds, with how it holds them: ``[]`` in an array, ``.<key>`` in
    a table of them by key."""
    if "$ref" in prop:
        return [(prop["$ref"].rsplit("/", 1)[1], suffix)]
    found: list[tuple[str, str]] = []
    for choice in prop.get("anyOf", []) + prop.get("oneOf", []):
        found += _refs(choice, suffix)
    if isinstance(prop.get("items"), dict):
        found += _refs(prop["items"], suffix + "[]")
    for values in _by_key(prop):
        found += _refs(values, suffix + ".<key>")
    return found


def _by_key(prop: Schema) -> list[Schema]:
    """What a table holds under each of its keys, whatever keys it allows."""
    values = list(prop.get("patternProperties", {}).values())
    if isinstance(prop.get("additionalProperties"), dict):
        values.append(prop["additionalProperties"])
    return values


def _section(
    title: str,
    paths: list[str],
    model: Schema,
    definitions: dict[str, Schema],
    anchors: dict[str, str],
) -> str:
    lines = [f"## {title}", ""]
    if model.get("description"):
        lines += [_one_line(model["description"]), ""]
    if len(paths) > 1:
        lines += ["Found at " + ", ".join(f"`{p}`" for p in paths) + ".", ""]
    properties = model.get("properties", {})
    if not properties:
        return "\n".join([*lines, "No keys.", ""])
    required = set(model.get("required", []))
    lines += ["| Key | Value | Required | Meaning |", "| --- | --- | --- | --- |"]
    for key, prop in properties.items():
        value = _type(prop, definitions, anchors)
        if "default" in prop and prop["default"] not in (None, [], {}):
            value += f"; default `{_literal(prop['default'])}`"
        lines.append(
            f"| `{key}` | {_cell(value)} | {'yes' if key in required else 'no'}"
            f" | {_cell(_one_line(prop.get('description', '')))} |"
        )
    return "\n".join([*lines, ""])


def _type(prop: Schema, definitions: dict[str, Schema], anchors: dict[str, str]) -> str:
    """A property's value in words: ``"<" or "<="``, ``number from 0``, ``array of text``."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[1]
        title = anchors.get(name, f"`{name}`")
        return f"table: see [{title.strip('`')}](#{_anchor(title)})"
    if "const" in prop:
        return f"`{_literal(prop['const'])}`"
    if "enum" in prop:
        if {"%", "yes/no"} <= set(prop["enum"]):
            return f"a built-in [unit]({_UNITS_PAGE})"
        return " or ".join(f"`{_literal(v)}`" for v in prop["enum"])
    if _is_period(prop):
        return f"a [period]({_UNITS_PAGE}#periods)"
    for combined in ("anyOf", "oneOf"):
        if combined in prop:
            choices = [c for c in prop[combined] if c.get("type") != "null"]
            text = " or ".join(_type(c, definitions, anchors) for c in choices)
            nullable = len(choices) < len(prop[combined])
            return text + (" or null" if nullable else "")
    kind = prop.get("type")
    if isinstance(kind, list):
        return " or ".join(_type({**prop, "type": k}, definitions, anchors) for k in kind)
    if kind == "array":
        items = prop.get("items")
        if isinstance(items, dict):
            return f"array of {_type(items, definitions, anchors)}"
        if isinstance(prop.get("prefixItems"), list):
            inner = ", ".join(_type(i, definitions, anchors) for i in prop["prefixItems"])
            return f"[{inner}]"
        return "array"
    if kind == "object":
        values = _by_key(prop)
        if values:
            inner = " or ".join(_type(v, definitions, anchors) for v in values)
            return f"table of {inner} by key"
        return "table"
    if kind in ("number", "integer"):
        word = "whole number" if kind == "integer" else "number"
        low = prop.get("minimum", prop.get("exclusiveMinimum"))
        high = prop.get("maximum", prop.get("exclusiveMaximum"))
        if low is not None and high is not None:
            return f"{word} from {low} to {high}"
        if low is not None:
            return f"{word}, at least {low}"
        if high is not None:
            return f"{word}, at most {high}"
        return word
    if kind == "string":
        if "pattern" in prop:
            return f"text matching `{prop['pattern']}`"
        return "text"
    if kind == "boolean":
        return "`true` or `false`"
    if kind == "null":
        return "null"
    return "any value"


_UNITS_PAGE = "units-and-periods.md"


def _is_period(prop: Schema) -> bool:
    """A period: a year as a number, or text for a year, half-year, quarter, month or day."""
    choices = prop.get("anyOf", [])
    patterns = [c.get("pattern", "") for c in choices]
    return any(p.startswith("^[0-9]{4}(-H[12]") for p in patterns)


def _anchor(title: str) -> str:
    """The id MkDocs' toc extension gives a heading: lower case, words joined by hyphens."""
    import re

    text = re.sub(r"[^\w\s-]", "", title.strip("`").lower())
    return re.sub(r"[\s]+", "-", text.strip())


def _literal(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _one_line(text: str) -> str:
    """A docstring as one line of Markdown: reStructuredText's ``code`` becomes `code`."""
    return " ".join(text.replace("``", "`").split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def cli_page() -> str:
    """The command line, as typer documents it: every command, argument and option."""
    import typer
    from typer.cli import get_docs_for_click

    from goalcheck.cli import app

    command = typer.main.get_command(app)
    context = typer.Context(command)
    text = get_docs_for_click(obj=command, ctx=context, name="goalcheck", title="Command line")
    return (
        text.replace("## `goalcheck ", "## `")
        + "\nThis page is generated from the command line itself, as `goalcheck --help` prints"
        " it.\n"
    )


def units_table() -> str:
    """The built-in units, with what each means and the range its figures must fall in."""
    from goalcheck.model.units import UNITS

    lines = ["| Unit | Meaning | Range |", "| --- | --- | --- |"]
    for unit in UNITS.values():
        low = "" if unit.minimum is None else f"from {unit.minimum}"
        high = "" if unit.maximum is None else f"to {unit.maximum}"
        span = " ".join(p for p in (low, high) if p) or "any"
        lines.append(f"| `{_cell(unit.symbol)}` | {_cell(unit.description)} | {span} |")
    return "\n".join(lines) + "\n"


PAGES = {
    "reference/goals-file.md": lambda: keys_page("goals"),
    "reference/data-file.md": lambda: keys_page("data"),
    "reference/json.md": lambda: keys_page("results"),
    "reference/cli.md": cli_page,
}

# Markers that a hand-written page puts where a generated part goes.
PARTS = {"<!-- generated: units -->": units_table}


if __name__ == "__main__":
    print(PAGES[sys.argv[1]]())
