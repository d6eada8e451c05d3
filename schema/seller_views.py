"""The `User` fields of a seller's own views: stockTransactions (and, beside it, the
catalog and the dashboard). `schema/user.py` declares the fields; their work is here."""

from __future__ import annotations

import strawberry

from gateway.auth import require_account_access
from gateway.context import Context
from gateway.errors import BadUserInput
from loaders.stock import seller_transaction_position
from resolvers import seller_views
from resolvers.prefetch import Prefetch
from schema.pagination import Connection, Window, connection, optional_int, window
from schema.product import Product
from schema.selection import child_arguments, children, names_under
from schema.stock import StockTransaction

Info = strawberry.Info[Context, None]


def _log_window(info: Info, user_id: str, first: int | None, after: str | None) -> Window:
    return window(
        info.context.settings.cursor_secret, f"user.stockTransactions:{user_id}", first, after
    )


async def stock_log(
    info: Info, user_id: str, first: int | None, after: str | None
) -> Connection[StockTransaction]:
    viewer = await require_account_access(info, user_id)
    seller_views.require_seller_view(viewer)
    page = _log_window(info, user_id, first, after)
    rows = await seller_views.stock_log(info.context.loaders, user_id, page.fetch, page.after)
    return connection(page, rows, StockTransaction.from_item, seller_transaction_position)


def _catalog_window(
    info: Info, user_id: str, first: int | None, after: str | None, include_inactive: bool
) -> Window:
    binding = f"user.sellerProducts:{user_id}:{int(include_inactive)}"
    return window(info.context.settings.cursor_secret, binding, first, after)


def _product(row: seller_views.CatalogEntry) -> Product:
    assert row.product is not None
    return Product.from_item(row.product)


async def seller_products(
    info: Info, user_id: str, first: int | None, after: str | None, include_inactive: bool
) -> Connection[Product]:
    viewer = await require_account_access(info, user_id)
    seller_views.require_seller_view(viewer)
    page = _catalog_window(info, user_id, first, after, include_inactive)
    loaders = info.context.loaders

    async def count() -> int:
        return await seller_views.catalog_count(
            loaders, user_id, page.fetch, include_inactive, page.after
        )

    rows = await seller_views.catalog(loaders, user_id, page.fetch, include_inactive, page.after)
    return connection(page, rows, _product, lambda row: row.position, count)


def prefetch_seller_views(info: Info, user_id: str) -> list[Prefetch]:
    """Start what the seller's views below `User` will read, in the user's own round."""
    started: list[Prefetch] = []
    for field in children(info, "sellerProducts"):
        arguments = field.arguments
        include_inactive = bool(arguments.get("includeInactive"))
        try:
            page = _catalog_window(
                info,
                user_id,
                optional_int(arguments.get("first")),
                arguments.get("after"),
                include_inactive,
            )
        except (BadUserInput, ValueError):
            continue  # the field itself reports it
        started += seller_views.prefetch_catalog(
            info.context.loaders,
            user_id,
            page.fetch,
            include_inactive,
            page.after,
            counted="totalCount" in names_under(field),
        )
    for arguments in child_arguments(info, "stockTransactions"):
        try:
            page = _log_window(
                info, user_id, optional_int(arguments.get("first")), arguments.get("after")
            )
        except (BadUserInput, ValueError):
            continue  # the field itself reports it
        started.append(
            seller_views.prefetch_stock_log(info.context.loaders, user_id, page.fetch, page.after)
        )
    return started
