"""The cart: what a signed-in user means to buy, one line per product and seller."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from gateway.errors import Problem, Rejected, UserErrorCode
from loaders import cart
from loaders.codec import Item
from loaders.ids import timestamp
from loaders.keys import CartItemKey, ItemKey, ListingKey, ProductKey
from loaders.request import RequestLoaders
from resolvers import validation

QUANTITIES = (1, 99)
DEFAULT_CURRENCY = "USD"

TRANSACTION_ACTIONS = 100  # TransactWriteItems' limit
FIXED_CHECKOUT_ACTIONS = 8  # order, idempotency, coupon, its user and usage, 2 rewards, user
ACTIONS_PER_LINE = 3  # order item, listing stock update, stock transaction
MAX_CART_LINES = (TRANSACTION_ACTIONS - FIXED_CHECKOUT_ACTIONS) // ACTIONS_PER_LINE
"""30 lines: the most one checkout transaction commits. A checkout writes 8 fixed actions
(the order, the idempotency item, the coupon, its per-user counter and its usage, the
points redeemed and earned, and the user's balance) plus 3 per line (the order item, the
listing's stock and its stock transaction), and TransactWriteItems takes at most 100:
(100 - 8) // 3 = 30."""
assert MAX_CART_LINES >= 20, "a cart must hold at least 20 lines"

NO_LISTING = Problem(
    UserErrorCode.NOT_FOUND, "This seller does not offer this product for sale.", ("product_id",)
)
NO_LINE = Problem(
    UserErrorCode.NOT_FOUND, "Your cart has no line for this product and seller.", ("product_id",)
)
CART_FULL = Problem(
    UserErrorCode.INVALID_INPUT,
    f"A cart holds at most {MAX_CART_LINES} lines (what one checkout can commit); "
    "check out or remove a line first.",
)


@dataclass(frozen=True)
class CartLine:
    item: Item
    listing: Item | None
    product: Item | None

    @property
    def quantity(self) -> int:
        return int(self.item["quantity"])

    @property
    def currency(self) -> str:
        return str(self.item.get("currency", DEFAULT_CURRENCY))

    @property
    def current_price_cents(self) -> int | None:
        return int(self.listing["price_cents"]) if self.listing else None

    @property
    def price_cents(self) -> int:
        """What checkout charges: the listing's price now (the price when added if it is gone)."""
        current = self.current_price_cents
        return int(self.item["unit_price_cents"]) if current is None else current

    @property
    def line_total_cents(self) -> int:
        return self.price_cents * self.quantity

    @property
    def available(self) -> bool:
        return (
            is_for_sale(self.listing, self.product)
            and self.listing is not None
            and int(self.listing.get("stock", 0)) >= self.quantity
        )


@dataclass(frozen=True)
class Cart:
    lines: list[CartLine]

    @property
    def item_count(self) -> int:
        """Units, not lines."""
        return sum(line.quantity for line in self.lines)

    @property
    def subtotal_cents(self) -> int:
        return sum(line.line_total_cents for line in self.lines)

    @property
    def currency(self) -> str:
        return self.lines[0].currency if self.lines else DEFAULT_CURRENCY


def is_for_sale(listing: Item | None, product: Item | None) -> bool:
    return (
        listing is not None
        and bool(listing.get("is_active", True))
        and product is not None
        and bool(product.get("is_active", True))
    )


async def user_cart(loaders: RequestLoaders, user_id: str, *, consistent: bool = False) -> Cart:
    """The cart's lines with their listings and products: one Query, one BatchGetItem."""
    lines = (
        await cart.cart_items(loaders.dynamo, user_id, consistent=True)
        if consistent
        else await loaders.accounts.cart_lines.load(user_id)
    )
    return await with_listings(loaders, lines)


async def with_listings(loaders: RequestLoaders, items: list[Item], *, fresh: bool = False) -> Cart:
    """The lines with their listings and products, one BatchGetItem. `fresh` reads past
    the catalog cache: what checkout charges is never a price kept from before another
    process changed it."""
    listings = [ListingKey(i["product_id"], i["seller_id"]) for i in items]
    products = [ProductKey(i["product_id"]) for i in items]
    keys: list[ItemKey] = [*listings, *products]
    if fresh:
        read = await loaders.dynamo.batch_get(keys)
        found = [read[key] for key in keys]
    else:
        found = await asyncio.gather(*(loaders.items.load(key) for key in keys))
    return Cart([CartLine(item, found[n], found[len(items) + n]) for n, item in enumerate(items)])


def _check_quantity(quantity: int) -> None:
    validation.reject_invalid(
        validation.number_between(quantity, "quantity", "The quantity", *QUANTITIES)
    )


async def add_to_cart(
    loaders: RequestLoaders, user_id: str, product_id: str, seller_id: str, quantity: int
) -> Cart:
    """Add units of a listing; a line already in the cart grows by `quantity`."""
    _check_quantity(quantity)
    listing, product, items = await asyncio.gather(
        loaders.items.load(ListingKey(product_id, seller_id)),
        loaders.items.load(ProductKey(product_id)),
        cart.cart_items(loaders.dynamo, user_id, consistent=True),
    )
    if listing is None or not is_for_sale(listing, product):
        raise Rejected(NO_LISTING)
    previous = next(
        (i for i in items if i["product_id"] == product_id and i["seller_id"] == seller_id), None
    )
    if previous is None and len(items) >= MAX_CART_LINES:
        raise Rejected(CART_FULL)
    total = quantity + (int(previous["quantity"]) if previous else 0)
    if total > QUANTITIES[1]:
        raise Rejected(
            validation.invalid(
                "quantity",
                f"A line holds at most {QUANTITIES[1]} units; it has {total - quantity}.",
            )
        )
    now = timestamp()
    line: Item = {
        "user_id": user_id,
        "product_id": product_id,
        "seller_id": seller_id,
        "quantity": total,
        "unit_price_cents": previous["unit_price_cents"] if previous else listing["price_cents"],
        "currency": listing.get("currency", DEFAULT_CURRENCY),
        "added_at": previous["added_at"] if previous else now,
        "updated_at": now,
    }
    await cart.put_line(loaders.dynamo, line)
    others = [i for i in items if i is not previous]
    return await with_listings(loaders, sorted([*others, line], key=_line_order))


async def update_cart_item(
    loaders: RequestLoaders, user_id: str, product_id: str, seller_id: str, quantity: int
) -> Cart:
    _check_quantity(quantity)
    key = CartItemKey(user_id, product_id, seller_id)
    if not await cart.set_quantity(loaders.dynamo, key, quantity, timestamp()):
        raise Rejected(NO_LINE)
    return await user_cart(loaders, user_id, consistent=True)


async def remove_from_cart(
    loaders: RequestLoaders, user_id: str, product_id: str, seller_id: str
) -> Cart:
    if not await cart.delete_line(loaders.dynamo, CartItemKey(user_id, product_id, seller_id)):
        raise Rejected(NO_LINE)
    return await user_cart(loaders, user_id, consistent=True)


async def clear_cart(loaders: RequestLoaders, user_id: str) -> Cart:
    items = await cart.cart_items(loaders.dynamo, user_id, consistent=True)
    await cart.delete_lines(loaders.dynamo, items)
    return Cart([])


def _line_order(item: Item) -> tuple[str, str]:
    return (item["product_id"], item["seller_id"])
