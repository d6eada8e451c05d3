"""Looking ahead (schema/selection.py) sees what Strawberry's own `info.selected_fields`
sees, through fragments, inline fragments and aliases, without converting the subtree."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from schema.selection import child_arguments, children, names_under, selected, selects_path


@strawberry.type
class Leaf:
    a: int = 1
    b: int = 2

    @strawberry.field
    def child(self, first: int | None = None) -> Leaf:
        return Leaf()


SEEN: dict[str, Any] = {}


def strawberrys_children(info: strawberry.Info, name: str) -> list[SelectedField]:
    def fields(selections: list[Selection]) -> list[SelectedField]:
        found: list[SelectedField] = []
        for selection in selections:
            if isinstance(selection, SelectedField):
                found.append(selection)
            elif isinstance(selection, (FragmentSpread, InlineFragment)):
                found += fields(selection.selections)
        return found

    return [c for f in info.selected_fields for c in fields(f.selections) if c.name == name]


@strawberry.type
class Query:
    @strawberry.field
    def root(self, info: strawberry.Info) -> Leaf:
        SEEN.update(
            selected=selected(info),
            arguments=child_arguments(info, "child"),
            children=children(info, "child"),
            names=[names_under(field) for field in children(info, "child")],
            path=selects_path(info, "child", "b"),
            no_path=selects_path(info, "child", "child"),
            strawberrys=strawberrys_children(info, "child"),
        )
        return Leaf()


QUERY = """
query Look($n: Int) {
  root {
    a
    ...F
    ... on Leaf { child(first: 3) { a } }
    other: child(first: $n) { ...G }
  }
}
fragment F on Leaf { b }
fragment G on Leaf { b }
"""


def test_the_walk_sees_what_strawberry_sees() -> None:
    result = strawberry.Schema(query=Query).execute_sync(QUERY, variable_values={"n": 5})
    assert result.errors is None
    assert SEEN["selected"] == {"a", "b", "child"}
    assert SEEN["arguments"] == [{"first": "3"}, {"first": 5}]  # literals as text
    assert SEEN["names"] == [{"a"}, {"b"}]
    assert (SEEN["path"], SEEN["no_path"]) == (True, False)
    assert SEEN["children"] == SEEN["strawberrys"]
    assert [field.alias for field in SEEN["children"]] == [None, "other"]
