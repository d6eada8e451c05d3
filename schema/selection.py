"""Looking ahead at what a query selects below the current field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def _names(selections: Iterable[Selection]) -> Iterable[str]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _names(selection.selections)


def _fields(selections: Iterable[Selection]) -> Iterable[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _fields(selection.selections)


def children(info: Any, name: str) -> list[SelectedField]:
    """Each selection of a child field (aliases make several).

    In their `arguments`, variables come coerced; literals come as their text (`first: 5`
    gives "5").
    """
    return [
        child
        for field in info.selected_fields
        for child in _fields(field.selections)
        if child.name == name
    ]


def child_arguments(info: Any, name: str) -> list[dict[str, Any]]:
    """The arguments of each selection of a child field (aliases make several)."""
    return [child.arguments for child in children(info, name)]


def names_under(field: SelectedField) -> set[str]:
    """The names of the fields selected directly under `field`, through fragments."""
    return set(_names(field.selections))


def selects_path(info: Any, *path: str) -> bool:
    """Whether the query selects the fields of `path`, one under the other, below the
    current field."""
    level: list[SelectedField] = list(info.selected_fields)
    for name in path:
        level = [
            child for field in level for child in _fields(field.selections) if child.name == name
        ]
    return bool(level)


def selected(info: Any) -> set[str]:
    """The names of the fields selected directly under the current one, through fragments."""
    return {name for field in info.selected_fields for name in _names(field.selections)}
