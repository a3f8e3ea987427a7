"""Which keys a file model accepts at a key path, to list them beside an unknown key."""

from __future__ import annotations

from collections.abc import Sequence
from types import UnionType
from typing import Annotated, Union, get_args, get_origin

from pydantic import BaseModel


def allowed_keys(root: type[BaseModel], path: Sequence[str | int]) -> list[str] | None:
    """The keys the table at ``path`` accepts, in the order the model declares them; ``None``
    when ``path`` is not a table of a known model (a dict of metrics by id, say)."""
    current: object = root
    for part in path:
        current = _unwrap(current)
        origin = get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            current = field.annotation
        elif origin in (dict, list):
            args = get_args(current)
            current = args[-1] if origin is dict else args[0]
        else:
            return None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return None


def _unwrap(annotation: object) -> object:
    """``X | None`` and ``Annotated[X, ...]`` -> ``X``; anything else as it is."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            kept = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(kept) != 1:
                return annotation
            annotation = kept[0]
        else:
            return annotation
