"""The JSON Schemas describe the files goalcheck really reads."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import REPO
from goalcheck.cli import SchemaName
from goalcheck.loading import tomllib
from goalcheck.schemas import SCHEMAS, json_schema


def test_the_schema_command_offers_every_schema() -> None:
    assert [name.value for name in SchemaName] == list(SCHEMAS) == ["goals", "data", "results"]


def _toml(path: Path) -> dict[str, object]:
    return tomllib.loads(path.read_text(encoding="utf-8"), parse_float=float)


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("goals.toml", "goals"),
        ("goals/aleris-hamlet.toml", "goals"),
        ("goals/region-hovedstaden.toml", "goals"),
        ("data/aleris-hamlet.toml", "data"),
        ("data/region-hovedstaden.toml", "data"),
    ],
)
def test_the_bundled_files_follow_their_schema_and_name_it(path: str, schema: str) -> None:
    file = REPO / path
    jsonschema.validate(_toml(file), json_schema(schema))
    first = file.read_text(encoding="utf-8").splitlines()[0]
    named = (file.parent / first.removeprefix("#:schema ").strip()).resolve()
    assert named == REPO / "schemas" / f"{schema}.schema.json"


def test_the_goals_schema_rejects_a_typo_as_goalcheck_does() -> None:
    goals = _toml(REPO / "goals/aleris-hamlet.toml")
    goals["targets"][0]["thresold"] = 4  # type: ignore[index]
    with pytest.raises(jsonschema.ValidationError, match="thresold"):
        jsonschema.validate(goals, json_schema("goals"))


def test_the_goals_schema_rejects_an_unknown_unit_as_an_editor_would() -> None:
    schema = json_schema("goals")
    target = {
        "id": "t", "area": "a", "label": "L", "statement_da": "S", "metric": "m",
        "condition": "<", "threshold": 4, "period": "2020",
        "source": {"document": "d", "section": "s"},
    }  # fmt: skip
    jsonschema.validate({"targets": [{**target, "unit": "%"}]}, schema)
    jsonschema.validate({"targets": [{**target, "unit": "days per FTE"}]}, schema)
    jsonschema.validate({"targets": [{**target, "unit": "beds"}]}, schema)  # declared in data
    for wrong in ("percent", "Days", "tCO2e", " beds", "DKK/people", "a\x1bb"):
        with pytest.raises(jsonschema.ValidationError, match="not valid under any"):
            jsonschema.validate({"targets": [{**target, "unit": wrong}]}, schema)


def _data(unit: str, units: dict[str, object] | None = None) -> dict[str, object]:
    metric = {"label": "Beds", "unit": unit, "source": {"document": "d", "section": "s"}}
    data: dict[str, object] = {"metrics": {"beds": metric}}
    if units is not None:
        data["units"] = units
    return data


def test_the_data_schema_admits_only_built_in_units_in_a_file_that_declares_none() -> None:
    schema = json_schema("data")
    jsonschema.validate(_data("%"), schema)
    with pytest.raises(jsonschema.ValidationError, match="'beds' is not one of"):
        jsonschema.validate(_data("beds"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(_data("percent"), schema)


def test_the_data_schema_admits_a_unit_in_a_file_that_declares_units() -> None:
    schema = json_schema("data")
    units = {"beds": {"description": "hospital beds", "minimum": 0}}
    jsonschema.validate(_data("beds", units), schema)
    with pytest.raises(jsonschema.ValidationError, match="not valid under any"):
        jsonschema.validate(_data("percent", units), schema)
    with pytest.raises(jsonschema.ValidationError, match="'descripton' was unexpected"):
        jsonschema.validate(_data("beds", {"beds": {"descripton": "typo"}}), schema)


def _properties(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of the schema's top level and of each of its $defs, by a dotted name."""
    for owner, node in [("(top)", schema), *schema.get("$defs", {}).items()]:
        for key, value in node.get("properties", {}).items():
            yield f"{owner}.{key}", value


@pytest.mark.parametrize(
    ("name", "nested"), [("goals", "RevisionSpec.decided_by"), ("data", "TableColumns.metric")]
)
def test_every_key_of_a_file_says_what_it_means(name: str, nested: str) -> None:
    properties = dict(_properties(json_schema(name)))
    assert nested in properties  # the walk reaches the models nested in $defs
    undescribed = [key for key, value in properties.items() if not value.get("description")]
    assert undescribed == []


def test_a_key_is_described_from_its_docstring() -> None:
    period = json_schema("goals")["$defs"]["TargetSpec"]["properties"]["period"]
    assert period["description"].startswith("When the target is due: a year (2020)")


@pytest.mark.parametrize("name", SCHEMAS)
def test_each_schema_has_an_id_named_after_its_file(name: str) -> None:
    schema = json_schema(name)
    assert schema["$id"].startswith("https://")
    assert schema["$id"].endswith(f"/schemas/{name}.schema.json")
    assert len({json_schema(other)["$id"] for other in SCHEMAS}) == len(SCHEMAS)


_SUBSCHEMA = ("if", "then", "else", "not", "items", "additionalProperties", "contains")
_SUBSCHEMAS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUBSCHEMA_MAPS = ("properties", "patternProperties", "$defs")


def _every_property(node: dict[str, Any], where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property anywhere in the schema, nested ones and those inside conditions and
    combinations included, by a path of the keywords that lead to it."""
    for key, value in node.get("properties", {}).items():
        yield f"{where}.properties.{key}", value
    for keyword in _SUBSCHEMA:
        if isinstance(node.get(keyword), dict):
            yield from _every_property(node[keyword], f"{where}.{keyword}")
    for keyword in _SUBSCHEMAS:
        for index, item in enumerate(node.get(keyword, [])):
            yield from _every_property(item, f"{where}.{keyword}[{index}]")
    for keyword in _SUBSCHEMA_MAPS:
        for key, value in node.get(keyword, {}).items():
            yield from _every_property(value, f"{where}.{keyword}.{key}")


@pytest.mark.parametrize(
    ("name", "nested"),
    [
        ("goals", "$defs.TargetSpec.properties.change"),
        ("data", "then.properties.metrics.additionalProperties.properties.unit"),
        ("results", "$defs.Summary.properties.pass"),
    ],
)
def test_every_property_of_every_schema_says_what_it_means(name: str, nested: str) -> None:
    properties = dict(_every_property(json_schema(name), "(top)"))
    assert f"(top).{nested}" in properties  # the walk reaches conditions and nested models
    undescribed = [key for key, value in properties.items() if not value.get("description")]
    assert undescribed == []


def test_the_results_schema_says_what_the_json_output_means() -> None:
    schema = json_schema("results")
    result = schema["$defs"]["ResultRecord"]["properties"]
    assert result["final"]["description"] == (
        "Whether the verdict is settled: true when actual is the figure for target_period itself"
        " (a year-to-date one only once it passes), for a settled milestone, and for a portfolio"
        " rule; false for a verdict on an earlier period's figure (provisional), or on none."
    )
    assert result["status"]["description"].startswith('The verdict: "pass", "warn" (met inside')
    assert schema["properties"]["as_of"]["description"] == (
        "The day everything was judged as of, YYYY-MM-DD (--as-of; by default today)."
    )
    # An inherited field is described as in the record it comes from.
    other, disagreement = (
        schema["$defs"][name]["properties"]["published"]["description"]
        for name in ("OtherValueRecord", "DisagreementRecord")
    )
    assert other == disagreement
    assert other.startswith("When the value became known")
