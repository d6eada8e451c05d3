"""`searchProducts`: products by words of their name, brand and tags, most relevant first."""

from __future__ import annotations

import strawberry

from gateway.context import Context
from gateway.errors import BadUserInput
from resolvers import search
from schema.cursors import INVALID_CURSOR, encode_cursor
from schema.pagination import Connection, Edge, PageInfo, window
from schema.product import Product

Info = strawberry.Info[Context, None]


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Active products whose name, brand or tags hold words of `text`, most "
        "relevant first: an exact name match, then by the weight of the matched words "
        f"(name 3, brand 2, tag 1), ties by id. At most {search.MAX_QUERY_TERMS} words; "
        f"the ranking considers the first {search.MAX_MATCHES_PER_TERM} products of each word."
    )
    async def search_products(
        self, info: Info, text: str, first: int | None = None, after: str | None = None
    ) -> Connection[Product]:
        secret = info.context.settings.cursor_secret
        binding = search.query_binding(text)
        page = window(secret, binding, first, after)
        offset = 0 if page.after is None else page.after
        if not isinstance(offset, int) or offset < 0:
            raise BadUserInput(INVALID_CURSOR)
        found = await search.search_products(info.context.loaders, text, offset, page.size)
        edges = [
            Edge(
                cursor=encode_cursor(secret, binding, row.next_offset),
                node=Product.from_item(row.item),
            )
            for row in found.rows
        ]
        end = (
            encode_cursor(secret, binding, found.next_offset)
            if found.next_offset > offset
            else None
        )
        return Connection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=found.has_next_page,
                has_previous_page=offset > 0,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=end,
            ),
        )
