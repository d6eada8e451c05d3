"""Finding categories: by words of their name, and the whole tree as one flat list."""

from __future__ import annotations

import strawberry

from gateway.context import Context
from resolvers import category_search
from schema.category import Category

Info = strawberry.Info[Context, None]


@strawberry.type
class DiscoveryQuery:
    @strawberry.field(
        description="Categories whose name holds every word of `text`, case and accents "
        "ignored, the last word also as the start of a word: an exact name first, then "
        "parents before children, siblings in position order."
    )
    async def search_categories(self, info: Info, text: str) -> list[Category]:
        tree = await info.context.loaders.category_tree()
        return [Category.from_item(c, tree) for c in category_search.search_categories(tree, text)]

    @strawberry.field(
        description="Every category, flat: parents before their children, siblings in "
        "position order (depth first from the roots)."
    )
    async def all_categories(self, info: Info) -> list[Category]:
        tree = await info.context.loaders.category_tree()
        return [Category.from_item(c, tree) for c in category_search.all_categories(tree)]
