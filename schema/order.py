"""Orders: what a checkout placed, with its items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.auth import NOT_YOURS, require_account_access
from gateway.context import Context
from gateway.errors import Forbidden, GatewayError
from loaders import orders
from loaders.codec import Item
from loaders.keys import ProductKey, SellerKey, UserKey
from resolvers.pricing import points_value_cents
from schema.money import Money
from schema.scalars import DateTime
from schema.selection import selected

if TYPE_CHECKING:
    from schema.product import Product
    from schema.seller import Seller
    from schema.user import User

Info = strawberry.Info[Context, None]


@strawberry.type
class ShippingAddress:
    recipient: str
    line1: str
    line2: str | None
    city: str
    region: str | None
    postal_code: str
    country: str
    phone: str | None

    @classmethod
    def from_map(cls, found: Item) -> ShippingAddress:
        return cls(
            recipient=found.get("recipient", ""),
            line1=found.get("line1", ""),
            line2=found.get("line2"),
            city=found.get("city", ""),
            region=found.get("region"),
            postal_code=found.get("postal_code", ""),
            country=found.get("country", ""),
            phone=found.get("phone"),
        )


@strawberry.type
class Payment:
    method: str
    status: str = strawberry.field(
        description="AUTHORIZED, CAPTURED, PARTIALLY_REFUNDED (items returned) or REFUNDED."
    )
    refunded: Money = strawberry.field(description="What returns gave back so far.")

    @classmethod
    def from_map(cls, found: Item, currency: str) -> Payment:
        return cls(
            method=found.get("method", ""),
            status=found.get("status", ""),
            refunded=Money.from_cents(int(found.get("refunded_cents", 0)), currency),
        )


@strawberry.type(description="Who carries a shipped item.")
class Courier:
    name: str
    tracking_number: str
    shipped_at: DateTime | None

    @classmethod
    def from_map(cls, found: Item) -> Courier:
        return cls(
            name=found.get("name", ""),
            tracking_number=found.get("tracking_number", ""),
            shipped_at=found.get("shipped_at"),
        )


@strawberry.type(description="One product of an order, as it was bought.")
class OrderItem:
    quantity: int
    unit_price: Money
    line_total: Money
    product_name: str = strawberry.field(description="The product's name when it was bought.")
    image_url: str | None
    status: str
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> OrderItem:
        currency = item.get("currency", "USD")
        return cls(
            quantity=int(item["quantity"]),
            unit_price=Money.from_cents(int(item["unit_price_cents"]), currency),
            line_total=Money.from_cents(int(item["line_total_cents"]), currency),
            product_name=item.get("product_name", ""),
            image_url=item.get("image_url"),
            status=item.get("status", "PENDING"),
            item=item,
        )

    @strawberry.field(description="Set once the item has shipped.")
    def courier(self) -> Courier | None:
        found = self.item.get("courier")
        return Courier.from_map(found) if found else None

    @strawberry.field(description="Null if the product is gone.")
    async def product(
        self, info: Info
    ) -> Annotated[Product, strawberry.lazy("schema.product")] | None:
        from schema.product import Product

        found = await info.context.loaders.items.load(ProductKey(self.item["product_id"]))
        return Product.from_item(found) if found else None

    @strawberry.field
    async def seller(self, info: Info) -> Annotated[Seller, strawberry.lazy("schema.seller")]:
        from schema.seller import Seller

        found = await info.context.loaders.items.load(SellerKey(self.item["seller_id"]))
        return Seller.from_user(found) if found else Seller.from_listing(self.item)


@strawberry.type(description="An order. Only its owner and administrators see more than its id.")
class Order:
    """Built from an order item the caller may see (its fields then read the item, no
    I/O), or by `order_reference` for an order another object names."""

    id: strawberry.ID
    item: strawberry.Private[Item | None] = None
    refusal: strawberry.Private[GatewayError | None] = None  # why the caller sees only the id
    seller_id: strawberry.Private[str | None] = None  # a seller's view: their items only

    @classmethod
    def from_item(cls, item: Item, seller_id: str | None = None) -> Order:
        return cls(id=strawberry.ID(item["order_id"]), item=item, seller_id=seller_id)

    def _order(self) -> Item:
        if self.item is None:
            raise self.refusal or Forbidden(NOT_YOURS)
        return self.item

    def _money(self, attribute: str) -> Money:
        return Money.from_item(self._order(), attribute) or Money.from_cents(0)

    @strawberry.field(description="PENDING, CONFIRMED, SHIPPED, DELIVERED, CANCELLED or RETURNED.")
    def status(self) -> str:
        return str(self._order().get("status", ""))

    @strawberry.field(description="Units: the sum of the quantities.")
    def item_count(self) -> int:
        return int(self._order().get("item_count", 0))

    @strawberry.field
    def subtotal(self) -> Money:
        return self._money("subtotal_cents")

    @strawberry.field
    def discount(self) -> Money:
        return self._money("discount_cents")

    @strawberry.field(description="Reward points spent on the order (100 points are 1.00).")
    def points_redeemed(self) -> int:
        return int(self._order().get("points_redeemed", 0))

    @strawberry.field(description="What the points redeemed took off the total.")
    def points_discount(self) -> Money:
        order = self._order()
        cents = points_value_cents(int(order.get("points_redeemed", 0)))
        return Money.from_cents(cents, order.get("currency", "USD"))

    @strawberry.field
    def shipping(self) -> Money:
        return self._money("shipping_cents")

    @strawberry.field
    def total(self) -> Money:
        return self._money("total_cents")

    @strawberry.field
    def coupon_code(self) -> str | None:
        return self._order().get("coupon_code")

    @strawberry.field
    def shipping_address(self) -> ShippingAddress | None:
        found = self._order().get("shipping_address")
        return ShippingAddress.from_map(found) if found else None

    @strawberry.field
    def payment(self) -> Payment | None:
        order = self._order()
        found = order.get("payment")
        return Payment.from_map(found, order.get("currency", "USD")) if found else None

    @strawberry.field
    def created_at(self) -> DateTime | None:
        return self._order().get("created_at")

    @strawberry.field
    def updated_at(self) -> DateTime | None:
        return self._order().get("updated_at")

    @strawberry.field(description="Who placed the order.")
    async def customer(self, info: Info) -> Annotated[User, strawberry.lazy("schema.user")] | None:
        from schema.user import User

        user_id = self._order().get("user_id")
        found = await info.context.loaders.items.load(UserKey(user_id)) if user_id else None
        return User.from_item(found) if found else None

    @strawberry.field(description="By product id, then seller id: one Query per order.")
    async def items(self, info: Info) -> list[OrderItem]:
        self._order()
        found = await info.context.loaders.orders.items.load(str(self.id))
        return [
            OrderItem.from_item(item)
            for item in found
            if self.seller_id is None or item["seller_id"] == self.seller_id
        ]


async def order_reference(info: Info, order_id: str | None) -> Order | None:
    """An order another object names: its id for anyone; the rest read (one Query by id)
    only when asked for, and shown to its owner and administrators only."""
    if not order_id:
        return None
    if selected(info) <= {"id", "__typename"}:
        return Order(id=strawberry.ID(order_id))
    item = await orders.order_by_id(info.context.loaders.dynamo, order_id) or {}
    if item:
        try:
            await require_account_access(info, item["user_id"])
        except GatewayError as refusal:
            return Order(id=strawberry.ID(order_id), refusal=refusal)
    return Order(id=strawberry.ID(order_id), item=item)
