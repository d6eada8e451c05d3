"""What a seller sees of their own business: their stock log across products, their
catalog, their dashboard. Sellers see their own; administrators anyone's (through
`user(id)`); other customers are FORBIDDEN, as from every seller operation."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.auth import SELLER, Viewer
from gateway.errors import Forbidden
from loaders.codec import Item
from loaders.keys import INFO, ProductKey
from loaders.request import RequestLoaders
from loaders.seller_catalog_reads import SellerCatalogPage, catalog_position
from loaders.seller_reads import StockLogPage
from resolvers.prefetch import Prefetch, prefetch


@dataclass(frozen=True)
class CatalogEntry:
    """An entry of a seller's catalog (their Product item, or their Listing of another's
    product) and the product it is about."""

    entry: Item
    product: Item | None

    @property
    def position(self) -> tuple[str, str, str]:
        return catalog_position(self.entry)


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


def _catalog_page(
    seller_id: str, fetch: int, include_inactive: bool, after: list[str] | None
) -> SellerCatalogPage:
    position = (after[0], after[1], after[2]) if after else None
    return SellerCatalogPage(seller_id, fetch, include_inactive, position)


async def catalog(
    loaders: RequestLoaders,
    seller_id: str,
    fetch: int,
    include_inactive: bool,
    after: list[str] | None,
) -> list[CatalogEntry]:
    """Up to `fetch` of the products the seller created or lists, newest first: an index
    page, then one batch for the products of the listings in it."""
    entries = await loaders.sellers.catalog.load(
        _catalog_page(seller_id, fetch, include_inactive, after)
    )
    products = await loaders.items.load_many(
        [ProductKey(str(entry["product_id"])) for entry in entries if entry["sk"] != INFO]
    )
    found = iter(products)
    rows = [CatalogEntry(entry, entry if entry["sk"] == INFO else next(found)) for entry in entries]
    return [row for row in rows if row.product is not None]


async def catalog_count(
    loaders: RequestLoaders,
    seller_id: str,
    fetch: int,
    include_inactive: bool,
    after: list[str] | None,
) -> int:
    return await loaders.sellers.catalog_count(
        _catalog_page(seller_id, fetch, include_inactive, after)
    )


def prefetch_catalog(
    loaders: RequestLoaders,
    seller_id: str,
    fetch: int,
    include_inactive: bool,
    after: list[str] | None,
    *,
    counted: bool,
) -> list[Prefetch]:
    """Start the index page (and the count) `catalog` will read, before the caller is
    authorized."""
    page = _catalog_page(seller_id, fetch, include_inactive, after)
    started = [prefetch(loaders.sellers.catalog.load(page))]
    if counted:
        started.append(prefetch(loaders.sellers.catalog_count(page)))
    return started
