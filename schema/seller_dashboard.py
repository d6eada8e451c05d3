"""A seller's dashboard (`User.sellerDashboard`)."""

from __future__ import annotations

import strawberry

from gateway.auth import require_account_access
from gateway.context import Context
from loaders.codec import Item
from resolvers import seller_dashboard, seller_views
from resolvers.prefetch import Prefetch, prefetch
from resolvers.seller_catalog import CURRENCY
from schema.money import Money
from schema.product import Listing, Product, Rating
from schema.selection import children, names_under

Info = strawberry.Info[Context, None]

_FROM_LISTINGS = {"activeListingCount", "unitsSold", "revenue", "lowStock"}


@strawberry.type(
    description="A seller's business at a glance. unitsSold and revenue count confirmed, "
    "shipped and delivered order items, less cancellations and returns."
)
class SellerDashboard:
    seller_id: strawberry.Private[str]
    profile: strawberry.Private[Item]

    @strawberry.field(description="The products you created or list, inactive ones included.")
    async def product_count(self, info: Info) -> int:
        return await seller_dashboard.product_count(info.context.loaders, self.seller_id)

    @strawberry.field
    async def active_listing_count(self, info: Info) -> int:
        found = await seller_dashboard.sales(info.context.loaders, self.seller_id)
        return found.active_listings

    @strawberry.field
    async def units_sold(self, info: Info) -> int:
        return (await seller_dashboard.sales(info.context.loaders, self.seller_id)).units

    @strawberry.field
    async def revenue(self, info: Info) -> Money:
        found = await seller_dashboard.sales(info.context.loaders, self.seller_id)
        return Money.from_cents(found.revenue_cents, CURRENCY)

    @strawberry.field(description="Orders with at least one of your items still to ship.")
    async def orders_to_ship(self, info: Info) -> int:
        return await seller_dashboard.orders_to_ship(info.context.loaders, self.seller_id)

    @strawberry.field(description="Your rating as a seller, from your offers' reviews.")
    def rating(self) -> Rating:
        return Rating.from_sums(
            self.profile.get("seller_rating_sum"), self.profile.get("seller_rating_count")
        )

    @strawberry.field(
        description="Your active listings with at most `below` units (default "
        f"{seller_dashboard.DEFAULT_LOW_STOCK}), the fewest first."
    )
    async def low_stock(self, info: Info, below: int | None = None) -> list[Listing]:
        found = await seller_dashboard.low_stock(info.context.loaders, self.seller_id, below)
        return [Listing.from_item(listing, Product.from_item(p)) for listing, p in found]


async def dashboard(info: Info, user_id: str, profile: Item) -> SellerDashboard:
    viewer = await require_account_access(info, user_id)
    seller_views.require_seller_view(viewer)
    return SellerDashboard(seller_id=user_id, profile=profile)


def prefetch_dashboard(info: Info, user_id: str) -> list[Prefetch]:
    """Start the reads the selected dashboard fields will make, in the user's round."""
    started: list[Prefetch] = []
    loaders = info.context.loaders
    for field in children(info, "sellerDashboard"):
        wanted = names_under(field)
        if wanted & _FROM_LISTINGS:
            started.append(prefetch(loaders.sellers.listings.load(user_id)))
        if "ordersToShip" in wanted:
            started.append(prefetch(loaders.sellers.pending_items.load(user_id)))
        if "productCount" in wanted:
            started.append(prefetch(seller_dashboard.product_count(loaders, user_id)))
    return started
