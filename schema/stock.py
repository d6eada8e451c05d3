"""A seller's offers and their stock: upsertListing, restock, and a product's stock
history (its StockTransactions)."""

from __future__ import annotations

from decimal import Decimal
from enum import Enum

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from loaders.codec import Item
from loaders.keys import ProductKey
from loaders.stock import transaction_position
from resolvers import stock as offers  # `stock` is an argument of upsertListing
from schema.order import Order, order_reference
from schema.pagination import Connection, connection, window
from schema.product import Condition, Listing, Product
from schema.scalars import DateTime
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.enum(description="What changed a listing's stock.")
class StockTransactionType(Enum):
    RESTOCK = "restock"
    ORDER_PLACED = "order_placed"
    ORDER_CANCELLED = "order_cancelled"
    REFUND = "refund"
    MANUAL_ADJUSTMENT = "manual_adjustment"


@strawberry.type(description="One change of a listing's stock, as the audit log keeps it.")
class StockTransaction:
    id: strawberry.ID
    timestamp: DateTime
    type: StockTransactionType
    quantity_change: int = strawberry.field(description="Signed: stockAfter - stockBefore.")
    stock_before: int
    stock_after: int
    seller_id: strawberry.ID = strawberry.field(description="Whose listing changed.")
    performed_by: strawberry.ID = strawberry.field(
        description="The user who made the change: the seller, an administrator or a buyer."
    )
    notes: str | None
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> StockTransaction:
        return cls(
            id=strawberry.ID(item["transaction_id"]),
            timestamp=item["timestamp"],
            type=StockTransactionType(item["transaction_type"]),
            quantity_change=int(item["quantity_change"]),
            stock_before=int(item["stock_before"]),
            stock_after=int(item["stock_after"]),
            seller_id=strawberry.ID(item["seller_id"]),
            performed_by=strawberry.ID(item["performed_by"]),
            notes=item.get("notes"),
            item=item,
        )

    @strawberry.field(description="The product whose listing's stock changed.")
    async def product(self, info: Info) -> Product | None:
        found = await info.context.loaders.items.load(ProductKey(self.item["product_id"]))
        return Product.from_item(found) if found else None

    @strawberry.field(description="The order that moved the stock, if one did (its id only).")
    async def order(self, info: Info) -> Order | None:
        return await order_reference(info, self.item.get("order_id"))


@strawberry.type
class UpsertListingPayload:
    listing: Listing | None
    errors: list[UserError]


@strawberry.type
class RestockPayload:
    listing: Listing | None
    errors: list[UserError]


@strawberry.type
class StockQuery:
    @strawberry.field(
        description="A product's stock history, newest first: a seller sees their own "
        "listing's, an administrator every seller's."
    )
    async def stock_transactions(
        self,
        info: Info,
        product_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[StockTransaction]:
        viewer = await require_user(info)
        seller_id = offers.history_scope(viewer)
        binding = f"stockTransactions:{product_id}:{seller_id or ''}"
        page = window(info.context.settings.cursor_secret, binding, first, after)
        rows = await offers.stock_history(
            info.context.loaders, str(product_id), seller_id, page.fetch, page.after
        )
        return connection(page, rows, StockTransaction.from_item, transaction_position)


@strawberry.type
class StockMutation:
    @strawberry.mutation(
        description="Offer a product, or change your offer: price (more than 0, at most 2 "
        "decimals), units in stock, condition (NEW for a new offer by default)."
    )
    async def upsert_listing(
        self,
        info: Info,
        product_id: strawberry.ID,
        price: Decimal,
        stock: int,
        condition: Condition | None = None,
    ) -> UpsertListingPayload:
        viewer = await require_user(info)
        request = offers.ListingRequest(
            product_id=str(product_id),
            price=price,
            stock=stock,
            condition=condition.value if condition is not None else None,
        )
        found, errors = await attempt(offers.upsert_listing(info.context.loaders, viewer, request))
        listing = (
            Listing.from_item(found.listing, Product.from_item(found.product)) if found else None
        )
        return UpsertListingPayload(listing=listing, errors=errors)

    @strawberry.mutation(description="Add units to your listing of a product.")
    async def restock(
        self, info: Info, product_id: strawberry.ID, quantity: int, notes: str | None = None
    ) -> RestockPayload:
        viewer = await require_user(info)
        done, errors = await attempt(
            offers.restock(info.context.loaders, viewer, str(product_id), quantity, notes)
        )
        listing = Listing.from_item(done.listing, Product.from_item(done.product)) if done else None
        return RestockPayload(listing=listing, errors=errors)
