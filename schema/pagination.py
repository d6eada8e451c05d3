"""Relay connections over DynamoDB pages: fetch `first + 1`, keep `first`, sign positions."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry

from gateway.errors import BadUserInput
from schema.cursors import decode_cursor, encode_cursor

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[NodeT]):
    cursor: str
    node: NodeT


@strawberry.type
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]]
    page_info: PageInfo
    counter: strawberry.Private[Callable[[], Awaitable[int]] | None] = None

    @strawberry.field
    def nodes(self) -> list[NodeT]:
        return [edge.node for edge in self.edges]

    @strawberry.field(
        description="How many items the same arguments page through; null where counting is not cheap."
    )
    async def total_count(self) -> int | None:
        return await self.counter() if self.counter is not None else None


@dataclass(frozen=True)
class Window:
    """A page request: its size, the decoded position to resume after, and what binds its cursors."""

    size: int
    after: Any
    binding: str
    secret: bytes

    @property
    def fetch(self) -> int:
        """How many rows to read: one more than the page, to know whether a next page exists."""
        return self.size + 1


def optional_int(value: object) -> int | None:
    """An Int argument as lookahead sees it: coerced from a variable, or a literal's text."""
    return None if value is None else int(str(value))


def window(secret: bytes, binding: str, first: int | None, after: str | None) -> Window:
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 0 <= size <= MAX_PAGE_SIZE:
        raise BadUserInput(f"first must be between 0 and {MAX_PAGE_SIZE}, got {size}")
    position = decode_cursor(secret, binding, after) if after is not None else None
    return Window(size, position, binding, secret)


def known_count(total: int | None) -> Callable[[], Awaitable[int]] | None:
    """The `totalCount` counter of a count already read with the page (None: not read)."""
    if total is None:
        return None

    async def count() -> int:
        return total

    return count


def connection(
    page: Window,
    rows: Sequence[RowT],
    node: Callable[[RowT], NodeT],
    position: Callable[[RowT], Any],
    counter: Callable[[], Awaitable[int]] | None = None,
) -> Connection[NodeT]:
    kept = rows[: page.size]
    edges = [
        Edge(cursor=encode_cursor(page.secret, page.binding, position(row)), node=node(row))
        for row in kept
    ]
    info = PageInfo(
        has_next_page=len(rows) > page.size,
        has_previous_page=page.after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=info, counter=counter)


def resumable_connection(
    page: Window,
    rows: Sequence[RowT],
    node: Callable[[RowT], NodeT],
    position: Callable[[RowT], Any],
    resume_after: Any | None,
    total: int | None,
) -> Connection[NodeT]:
    """A connection whose page may stop short of `first` at a read bound: then it has a
    next page, and its end cursor is at `resume_after`, where the next page goes on."""
    found = connection(page, rows, node, position, known_count(total))
    if resume_after is None or len(rows) > page.size:
        return found
    found.page_info.has_next_page = True
    found.page_info.end_cursor = encode_cursor(page.secret, page.binding, resume_after)
    return found
