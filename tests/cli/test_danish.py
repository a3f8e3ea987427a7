"""Danish for people, English for tools: --lang da and GOALCHECK_LANG, and the catalogue."""

from __future__ import annotations

import gettext
import io
import json

import pytest

from conftest import REPO, RunCli
from goalcheck import i18n

ALERIS = ["run", "--entity", "aleris-hamlet", "--as-of", "2026-11-23"]


def test_the_table_speaks_danish_with_decimal_commas(run_cli: RunCli) -> None:
    table = run_cli([*ALERIS, "--lang", "da"], exit_code=1, cwd=REPO, env={"COLUMNS": "100"})
    lines = [line.rstrip() for line in table.stdout.splitlines()]
    assert lines[0] == "Aleris-Hamlet (pr. 23.11.2026)"
    assert lines[2].split() == ["Mål", "Tal", "Resultat", "Margin"]
    assert any("sick-leave-total" in line and "4,19 %" in line and "IKKE BESTÅET" in line
               for line in lines)  # fmt: skip
    assert lines[-1] == (
        "15 mål: 4 bestået, 6 ikke bestået, 5 ingen data (10 af 10 resultater foreløbige)"
    )


def test_markdown_speaks_danish_too(run_cli: RunCli) -> None:
    markdown = run_cli([*ALERIS, "--lang", "da", "--format", "markdown"], exit_code=1, cwd=REPO)
    assert markdown.stdout.startswith(
        "## goalcheck: ❌ kontrollen fejler\n\n4 bestået, 6 ikke bestået, 5 ingen data,"
        " pr. 23.11.2026.\n"
    )
    assert (
        "| **❌ ikke bestået** | `sick-leave-total` Total sick leave: under 4 % senest 2020 |"
        in markdown.stdout
    )
    assert "4,19 % (2019, foreløbigt) | -0,19 |" in markdown.stdout
    assert "intet tal for 2020 eller en tidligere periode" in markdown.stdout  # a reason, too


@pytest.mark.parametrize("output_format", ["json", "junit", "csv", "github", "sarif"])
def test_the_formats_for_tools_stay_english(run_cli: RunCli, output_format: str) -> None:
    english = run_cli([*ALERIS, "--format", output_format], exit_code=1, cwd=REPO).stdout
    danish = run_cli(
        [*ALERIS, "--format", output_format], exit_code=1, cwd=REPO, env={"GOALCHECK_LANG": "da"}
    ).stdout
    assert danish == english


def test_goalcheck_lang_chooses_the_language_and_a_wrong_one_is_a_usage_error(
    run_cli: RunCli,
) -> None:
    danish = run_cli(ALERIS, exit_code=1, cwd=REPO, env={"GOALCHECK_LANG": "da"})
    assert "IKKE BESTÅET" in danish.stdout
    wrong = run_cli(ALERIS, exit_code=2, cwd=REPO, env={"GOALCHECK_LANG": "fi"})
    assert wrong.stdout == ""
    assert "'fi' is not one of 'en', 'da'" in wrong.stderr


@pytest.mark.parametrize(
    ("english", "danish"),
    [("4.19", "4,19"), ("1055", "1.055"), ("20500", "20.500"), ("-0.19", "-0,19"),
     ("+2", "+2"), ("0", "0"), ("1234567.5", "1.234.567,5")],
)  # fmt: skip
def test_danish_numbers(english: str, danish: str) -> None:
    with i18n.speaking("da"):
        assert i18n.number_text(english) == danish
    assert i18n.number_text(english) == english


def _source_messages() -> set[str]:
    from babel.messages.extract import extract_from_dir

    keywords = {"_": None, "N_": None, "n_": (1, 2), "Message": None}
    found: set[str] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(REPO / "src" / "goalcheck"), keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_a_danish_translation() -> None:
    from babel.messages.pofile import read_po

    path = REPO / "src" / "goalcheck" / "locale" / "da" / "LC_MESSAGES" / "goalcheck.po"
    with path.open("rb") as file:
        catalogue = read_po(file)
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalogue
        if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    assert _source_messages() - translated == set()  # run `make catalogue`, then translate
    assert not any(m.fuzzy for m in catalogue if m.id)


def test_the_compiled_catalogue_is_the_written_one() -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    folder = REPO / "src" / "goalcheck" / "locale" / "da" / "LC_MESSAGES"
    compiled = io.BytesIO()
    with (folder / "goalcheck.po").open("rb") as file:
        write_mo(compiled, read_po(file))
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)
    with (folder / "goalcheck.mo").open("rb") as file:
        shipped = gettext.GNUTranslations(file)
    assert shipped._catalog == expected._catalog  # type: ignore[attr-defined]  # run `make catalogue`


def test_consistency_warnings_speak_danish_in_the_table(run_cli: RunCli) -> None:
    args = ["run", "--entity", "region-hovedstaden", "--as-of", "2026-11-23"]
    danish = run_cli([*args, "--lang", "da"], exit_code=1, cwd=REPO).stdout
    assert danish.rstrip().endswith(
        "data/region-hovedstaden.toml:193: warning: initiatives.clinical-supervisors-pool:"
        " nævner ingen målsætning, som det støtter"
    )
    english = run_cli(
        [*args, "--format", "json"], exit_code=1, cwd=REPO, env={"GOALCHECK_LANG": "da"}
    )
    messages = [w["message"] for w in json.loads(english.stdout)["warnings"]]
    assert messages[-1] == "names no objective (målsætning) it supports"  # JSON: English
