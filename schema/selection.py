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


def selected(info: Any) -> set[str]:
    """The names of the fields selected directly under the current one, through fragments."""
    return {name for field in info.selected_fields for name in _names(field.selections)}
