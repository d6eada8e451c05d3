"""A plain leaf field (an attribute read, a scalar or an enum) is served without graphql-core's
resolve info (schema/execution.py), and answers exactly as graphql-core's own path: the
same data, the same errors at the same paths, the same nulls propagated."""

from __future__ import annotations

import datetime
import decimal
import enum
from collections.abc import Callable
from typing import Any

import pytest
import strawberry
from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig

from schema.execution import GatewayExecutionContext
from schema.scalars import SCALARS


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.type
class Item:
    name: str
    note: str | None
    count: int
    colour: Colour
    since: datetime.date
    price: decimal.Decimal
    tags: list[str]

    @strawberry.field
    def double(self) -> int:
        return self.count * 2


GOOD: dict[str, Any] = {
    "name": "a",
    "note": None,
    "count": 3,
    "colour": Colour.BLUE,
    "since": datetime.date(2026, 12, 5),
    "price": decimal.Decimal("89.99"),
    "tags": ["x", "y"],
}


class Source:
    """What a bug could hand the schema in place of an Item: plain attributes, one wrong."""

    def __init__(self, **wrong: Any) -> None:
        self.__dict__.update(GOOD, **wrong)

    def double(self) -> int:
        return 0


class Unreadable(Source):
    @property
    def note(self) -> str:
        raise ValueError("the note is unreadable")


WRONG: list[Any] = [
    Source(name=None),  # required
    Source(count="many"),
    Source(colour="green"),
    Source(since="yesterday"),  # the custom scalar's serialize fails
    Source(note=ValueError("no note")),  # an error handed as the value
    Unreadable(),
    Source(note=7),  # not wrong: a String can represent a number, "7"
]


@strawberry.type
class Query:
    @strawberry.field
    def good(self) -> list[Item]:
        return [Item(**GOOD)]

    @strawberry.field
    def items(self) -> list[Item | None]:
        return [Item(**GOOD), *WRONG]


DOCUMENT = "{ items { name renamed: name note count colour since price tags double __typename } }"


def _answer(execution_context_class: type | None) -> tuple[Any, list[Any]]:
    schema = strawberry.Schema(
        query=Query,
        config=StrawberryConfig(scalar_map=SCALARS),
        execution_context_class=execution_context_class,
    )
    result = schema.execute_sync(DOCUMENT)
    return result.data, sorted(
        (e.formatted for e in result.errors or []), key=lambda e: e["path"][1]
    )


def test_every_value_and_error_is_graphql_cores() -> None:
    data, errors = _answer(GatewayExecutionContext)
    assert (data, errors) == _answer(None)
    assert data["items"][0] == {
        "name": "a",
        "renamed": "a",
        "note": None,
        "count": 3,
        "colour": "BLUE",
        "since": "2026-12-05",
        "price": "89.99",
        "tags": ["x", "y"],
        "double": 6,
        "__typename": "Item",
    }
    # A required leaf in error nulls its item; a nullable one, itself.
    assert [item is None for item in data["items"]] == [False, True, True, True, True] + [False] * 3
    assert data["items"][5]["note"] is None
    assert data["items"][7]["note"] == "7"
    assert [(e["path"][1:], e["message"]) for e in errors] == [
        ([1, "name"], "Cannot return null for non-nullable field Item.name."),
        ([2, "count"], "Int cannot represent non-integer value: 'many'"),
        ([3, "colour"], "Enum 'Colour' cannot represent value: 'green'"),
        (
            [4, "since"],
            "descriptor 'isoformat' for 'datetime.date' objects doesn't apply to a 'str' object",
        ),
        ([5, "note"], "no note"),
        ([6, "note"], "the note is unreadable"),
    ]


@pytest.fixture
def infos_built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    built: list[str] = []
    original = GatewayExecutionContext.build_resolve_info

    def counting(self: Any, field_def: Any, field_nodes: Any, *rest: Any) -> Any:
        built.append(field_nodes[0].name.value)
        return original(self, field_def, field_nodes, *rest)

    monkeypatch.setattr(GatewayExecutionContext, "build_resolve_info", counting)
    return built


def test_a_plain_leaf_builds_no_resolve_info(infos_built: list[str]) -> None:
    schema = strawberry.Schema(query=Query, execution_context_class=GatewayExecutionContext)
    result = schema.execute_sync("{ good { name count colour tags double } }")
    assert result.data is not None
    assert result.data["good"][0] == {
        "name": "a",
        "count": 3,
        "colour": "BLUE",
        "tags": ["x", "y"],
        "double": 6,
    }
    # The list, the list of strings and the resolver build theirs; the three leaves none.
    assert infos_built == ["good", "tags", "double"]


def _resolving_extension(seen: list[str]) -> type[SchemaExtension]:
    class SeesEveryField(SchemaExtension):
        def resolve(
            self,
            _next: Callable[..., Any],
            root: Any,
            info: GraphQLResolveInfo[Any],
            *args: str,
            **kwargs: Any,
        ) -> Any:
            seen.append(info.field_name)
            return _next(root, info, *args, **kwargs)

    return SeesEveryField


def test_an_extension_that_resolves_sees_every_field() -> None:
    seen: list[str] = []
    schema = strawberry.Schema(
        query=Query,
        execution_context_class=GatewayExecutionContext,
        extensions=[_resolving_extension(seen)],
    )
    result = schema.execute_sync("{ good { name count } }")
    assert result.data == {"good": [{"name": "a", "count": 3}]}
    assert seen == ["good", "name", "count"]
