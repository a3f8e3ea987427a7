"""Shell completion (``goalcheck --install-completion``): entity ids, statuses and formats.

A callback runs on every <TAB>, inside the shell: it never raises and never writes; on any
trouble it offers nothing. What a callback needs is imported when it is called, so that
defining the command line loads no model.
"""

from __future__ import annotations

from pathlib import Path

import typer

from goalcheck.formats import REPORTERS


def complete_entity(ctx: typer.Context, incomplete: str) -> list[str]:
    """The entity ids of the goals file the command would load: ``--config`` (or
    ``GOALCHECK_CONFIG``) as typed so far, else the nearest goals.toml."""
    try:
        from goalcheck.config_discovery import find_goals
        from goalcheck.loading import load

        given = ctx.params.get("config")
        config = Path(given) if given else find_goals()
        ids = [entity.id for entity in load(config).entities]
    except Exception:  # a completion must not fail the shell: a bad file offers nothing
        return []
    return [entity_id for entity_id in ids if entity_id.startswith(incomplete)]


def complete_statuses(incomplete: str) -> list[str]:
    """``--fail-on``'s statuses: the one after the last comma, after those already typed."""
    from goalcheck.model import Status

    head, comma, last = incomplete.rpartition(",")
    typed = {name.strip().replace("-", "_") for name in head.split(",")} if comma else set()
    prefix = head + comma
    return [
        prefix + status.value
        for status in Status
        if status.value.startswith(last) and status.value not in typed
    ]


def complete_output(incomplete: str) -> list[str]:
    """``--output``'s ``FORMAT=``; after the ``=`` nothing, so the shell completes the path."""
    if "=" in incomplete:
        return []
    return [f"{name}=" for name in REPORTERS if name.startswith(incomplete)]
