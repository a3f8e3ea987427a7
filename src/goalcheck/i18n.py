"""Human-facing text in English or Danish: the standard library's gettext, one catalogue.

The words a person reads (the table, Markdown, HTML, ``explain`` and the summary line) are
written in English in the code, marked with ``_()``, and looked up in
``locale/da/LC_MESSAGES/goalcheck.mo`` when the language is Danish. Machine formats (JSON,
JUnit, CSV, GitHub commands) are rendered in English whatever the language, so their keys and
numbers never change with it.

A reason the engine gives is a ``Message``: English text, as JSON writes it, that remembers its
template and values, so a Danish table can tell it in Danish.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

LANGUAGES = ("en", "da")
DOMAIN = "goalcheck"
LOCALE = Path(__file__).parent / "locale"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def default_language() -> str:
    """``GOALCHECK_LANG`` when it names a language goalcheck speaks, else English."""
    wanted = os.environ.get("GOALCHECK_LANG", "").strip().lower()[:2]
    return wanted if wanted in LANGUAGES else "en"


def use(language: str) -> None:
    """Tell everything from now on in ``language`` (``en`` or ``da``)."""
    global _translations, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; goalcheck speaks {', '.join(LANGUAGES)}")
    _language = language
    if language == "en":
        _translations = gettext.NullTranslations()
    else:
        _translations = gettext.translation(DOMAIN, LOCALE, languages=[language])


def language() -> str:
    return _language


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Tell what is rendered inside in ``language``, then go back."""
    before = _language
    use(language)
    try:
        yield
    finally:
        use(before)


def _(message: str) -> str:
    """``message`` in the language in use."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue where it is defined; it is told later, by ``_``."""
    return message


def n_(singular: str, plural: str, count: int) -> str:
    """The singular or plural form of a message for ``count``, in the language in use."""
    return _translations.ngettext(singular, plural, count)


def number_text(text: str) -> str:
    """A number written out in English (``1055``, ``4.19``, ``-0.5``) as the language writes
    it: in Danish ``1.055``, ``4,19``, ``-0,5``."""
    if _language != "da":
        return text
    sign = "-" if text.startswith("-") else "+" if text.startswith("+") else ""
    whole, _, fraction = text.lstrip("+-").partition(".")
    if whole.isdigit() and len(whole) > 3:
        groups: list[str] = []
        while len(whole) > 3:
            whole, groups = whole[:-3], [whole[-3:], *groups]
        whole = ".".join([whole, *groups])
    return sign + whole + ("," + fraction if fraction else "")


def day_text(day: date) -> str:
    """A day as the language writes it: ``2026-11-23``, in Danish ``23.11.2026``."""
    if _language == "da":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return day.isoformat()


class Message(str):
    """English text that can be told in another language: its ``str`` is the English, as
    machine formats write it; ``tell`` gives it in the language in use. Values that are
    numbers are written as the language writes numbers."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Message:
        text = super().__new__(cls, template.format(**{k: _plain(v) for k, v in values.items()}))
        text.template = template
        text.values = values
        return text

    def tell(self) -> str:
        shown = {key: _shown(value) for key, value in self.values.items()}
        return _(self.template).format(**shown)


def tell(text: str) -> str:
    """Any text a reporter shows: a ``Message`` in the language in use, else as it is."""
    return text.tell() if isinstance(text, Message) else text


def _plain(value: object) -> str:
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def _shown(value: object) -> str:
    if isinstance(value, Message):
        return value.tell()
    if isinstance(value, Decimal):
        return number_text(_plain(value))
    if isinstance(value, date):
        return day_text(value)
    return str(value)
