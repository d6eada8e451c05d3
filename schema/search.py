"""`searchProducts` and `searchSuggestions`: products by the words of their name, brand,
tags and description, most relevant first."""

from __future__ import annotations

import strawberry

from gateway.context import Context
from gateway.errors import BadUserInput
from resolvers import search
from schema.cursors import INVALID_CURSOR, encode_cursor
from schema.pagination import Connection, Edge, PageInfo, known_count, window
from schema.product import Product
from schema.product_filter import ProductFilterInput, product_filter
from schema.selection import selected

Info = strawberry.Info[Context, None]

_RANKING = (
    "most relevant first: an exact name match, then by the weight of the matched words "
    "(name 6, brand 4, tag 2, description 1; twice that for a whole word, once for a word "
    "that the last word of the text only starts), ties by id"
)


@strawberry.type
class SearchSuggestion:
    text: str = strawberry.field(description="The product's name, to show as typed ahead.")
    product: Product


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Active products whose name, brand, tags or description hold words of "
        f"`text`, the last word also as the start of a word; {_RANKING}. At most "
        f"{search.MAX_QUERY_TERMS} words; the ranking considers the first "
        f"{search.MAX_MATCHES_PER_TERM} products of each word. With a `filter`, the best "
        f"{search.MAX_FILTERED_HITS} matches are the ones filtered (and counted)."
    )
    async def search_products(
        self,
        info: Info,
        text: str,
        filter: ProductFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Product]:
        secret = info.context.settings.cursor_secret
        narrowed = product_filter(filter)
        binding = search.query_binding(text, narrowed)
        page = window(secret, binding, first, after)
        offset = 0 if page.after is None else page.after
        if not isinstance(offset, int) or offset < 0:
            raise BadUserInput(INVALID_CURSOR)
        found = await search.search_products(
            info.context.loaders,
            text,
            offset,
            page.size,
            narrowed,
            counted="totalCount" in selected(info),
        )
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
            counter=known_count(found.total),
        )

    @strawberry.field(
        description="As the user types: at most `first` (up to "
        f"{search.MAX_SUGGESTIONS}) active products that hold every word of `prefix`, the "
        f"last one as the start of a word; {_RANKING}. Empty below 2 characters."
    )
    async def search_suggestions(
        self, info: Info, prefix: str, first: int = 8
    ) -> list[SearchSuggestion]:
        found = await search.suggestions(info.context.loaders, prefix, first)
        return [SearchSuggestion(text=s.text, product=Product.from_item(s.product)) for s in found]
