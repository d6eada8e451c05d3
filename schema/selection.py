"""Looking ahead at what a query selects below the current field.

The walks read graphql-core's nodes under the current field and convert only the children
asked for into Strawberry's `SelectedField`: `info.selected_fields` converts the whole
subtree (a `viewer`'s cart, its lines, their products…) each time a field looks ahead.
Directives are not evaluated, as Strawberry's conversion does not evaluate them: a field
under `@skip` counts as selected.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionNode
from strawberry.types.nodes import (
    FragmentSpread,
    InlineFragment,
    SelectedField,
    Selection,
    convert_arguments,
)


def _names(selections: Iterable[Selection]) -> Iterable[str]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection.name
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _names(selection.selections)


def _field_nodes(raw: Any, selections: Iterable[SelectionNode]) -> Iterator[FieldNode]:
    """The fields of a selection set, through its fragments (`raw`: graphql-core's info)."""
    for selection in selections:
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _field_nodes(raw, selection.selection_set.selections)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = raw.fragments.get(selection.name.value)
            if fragment is not None:
                yield from _field_nodes(raw, fragment.selection_set.selections)


def _below(raw: Any, fields: Iterable[FieldNode]) -> Iterator[FieldNode]:
    """The fields selected directly under `fields`."""
    for field in fields:
        if field.selection_set is not None:
            yield from _field_nodes(raw, field.selection_set.selections)


def _named(raw: Any, fields: Iterable[FieldNode], name: str) -> list[FieldNode]:
    """The selections of the child field `name` under `fields` (aliases make several)."""
    return [node for node in _below(raw, fields) if node.name.value == name]


def children(info: Any, name: str) -> list[SelectedField]:
    """Each selection of a child field (aliases make several).

    In their `arguments`, variables come coerced; literals come as their text (`first: 5`
    gives "5").
    """
    raw = info._raw_info
    return [SelectedField.from_node(raw, node) for node in _named(raw, raw.field_nodes, name)]


def child_arguments(info: Any, name: str) -> list[dict[str, Any]]:
    """The arguments of each selection of a child field (aliases make several)."""
    raw = info._raw_info
    return [convert_arguments(raw, node.arguments) for node in _named(raw, raw.field_nodes, name)]


def names_under(field: SelectedField) -> set[str]:
    """The names of the fields selected directly under `field`, through fragments."""
    return set(_names(field.selections))


def selects_path(info: Any, *path: str) -> bool:
    """Whether the query selects the fields of `path`, one under the other, below the
    current field."""
    raw = info._raw_info
    level: list[FieldNode] = list(raw.field_nodes)
    for name in path:
        level = _named(raw, level, name)
    return bool(level)


def selected(info: Any) -> set[str]:
    """The names of the fields selected directly under the current one, through fragments."""
    raw = info._raw_info
    return {node.name.value for node in _below(raw, raw.field_nodes)}
