"""What a seller sees of their own business: their stock log across products, their
catalog, their dashboard. Sellers see their own; administrators anyone's (through
`user(id)`); other customers are FORBIDDEN, as from every seller operation."""

from __future__ import annotations

from gateway.auth import SELLER, Viewer
from gateway.errors import Forbidden
from loaders.codec import Item
from loaders.request import RequestLoaders
from loaders.seller_reads import StockLogPage
from resolvers.prefetch import Prefetch, prefetch

SELLERS_ONLY = "Only sellers have a catalog, a dashboard and a stock log; become a seller first."


def require_seller_view(viewer: Viewer) -> None:
    """The caller may see a seller's own views: a seller, or an administrator."""
    if not viewer.is_admin and SELLER not in viewer.roles:
        raise Forbidden(SELLERS_ONLY)


def _log_page(seller_id: str, fetch: int, after: list[str] | None) -> StockLogPage:
    return StockLogPage(seller_id, fetch, (after[0], after[1], after[2]) if after else None)


async def stock_log(
    loaders: RequestLoaders, seller_id: str, fetch: int, after: list[str] | None
) -> list[Item]:
    """Up to `fetch` of the seller's stock transactions, every product's, newest first."""
    return await loaders.sellers.stock_log.load(_log_page(seller_id, fetch, after))


def prefetch_stock_log(
    loaders: RequestLoaders, seller_id: str, fetch: int, after: list[str] | None
) -> Prefetch:
    """Start the page `stock_log` will read, before the caller is authorized (nothing read
    leaves the request's loaders until `stock_log` is asked)."""
    return prefetch(stock_log(loaders, seller_id, fetch, after))
