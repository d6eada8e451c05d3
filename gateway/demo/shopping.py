"""What customers keep between orders: carts, wishlists and reward points."""

from __future__ import annotations

from datetime import datetime, timedelta

from gateway.demo.catalog import Listing, ProductRecord
from gateway.demo.context import ANCHOR, CURRENCY, Context, stamp
from gateway.demo.orders import DELIVERED, OrderRecord
from gateway.demo.profiles import Profile
from gateway.demo.users import Person
from loaders.codec import Item
from loaders.ids import owned_wishlist_id
from loaders.keys import (
    cart_item_sort_key,
    reward_sort_key,
    wishlist_item_sort_key,
    wishlist_sort_key,
)
from loaders.model import CART, REWARDS, WISHLIST

WISHLIST_NAMES = ("Wish list", "Birthday ideas", "Home office", "Gift ideas", "Someday")
WISHLIST_NOTES = ("Wait for a sale", "In blue if possible", "For the holidays", "Compare first")
EARN, REDEEM, ADJUST = "EARN", "REDEEM", "ADJUST"
WELCOME_POINTS = 100
REDEEM_SHARE = 0.3


def build_carts(
    ctx: Context, profile: Profile, customers: list[Person], products: list[ProductRecord]
) -> None:
    listings = [
        listing
        for product in products
        if product.item["is_active"]
        for listing in product.listings
        if listing.is_active and listing.item["stock"] > 0
    ]
    for customer in ctx.rng.sample(customers, min(profile.carts, len(customers))):
        chosen: dict[tuple[str, str], Listing] = {}
        for listing in ctx.rng.sample(listings, ctx.rng.randint(1, 3)):
            chosen[(listing.product.product_id, listing.seller.user_id)] = listing
        for (product_id, seller_id), listing in chosen.items():
            since = max(customer.created, listing.created, ANCHOR - timedelta(days=30))
            added = ctx.between(since, ANCHOR - timedelta(hours=1))
            price = listing.price_cents
            if ctx.chance(0.15):  # the price has changed since it was added
                price = max(99, price + ctx.rng.choice((-1, 1)) * 500)
            ctx.add(
                CART,
                {
                    "pk": customer.user_id,
                    "sk": cart_item_sort_key(product_id, seller_id),
                    "entity": "CartItem",
                    "user_id": customer.user_id,
                    "product_id": product_id,
                    "seller_id": seller_id,
                    "quantity": ctx.weighted((1, 2, 3), (70, 25, 5)),
                    "unit_price_cents": price,
                    "currency": CURRENCY,
                    "added_at": stamp(added),
                    "updated_at": stamp(ctx.after(added, 2)),
                },
            )


def build_wishlists(
    ctx: Context, profile: Profile, customers: list[Person], products: list[ProductRecord]
) -> None:
    owners = ctx.rng.sample(customers, min(profile.wishlist_owners, len(customers)))
    for owner in owners:
        for name in ctx.rng.sample(WISHLIST_NAMES, ctx.weighted((1, 2), (75, 25))):
            created = ctx.between(owner.created, ANCHOR - timedelta(days=1))
            wishlist_id = owned_wishlist_id(owner.user_id, ctx.new_id(created))
            wishlist: Item = {
                "pk": owner.user_id,
                "sk": wishlist_sort_key(wishlist_id),
                "entity": "Wishlist",
                "user_id": owner.user_id,
                "wishlist_id": wishlist_id,
                "name": name,
                "is_public": ctx.chance(0.3),
                "created_at": stamp(created),
            }
            if ctx.chance(0.4):
                wishlist["description"] = f"{name} of {owner.item['first_name']}"
            ctx.add(WISHLIST, wishlist)
            available = [product for product in products if product.created < created]
            count = min(ctx.rng.randint(1, 6), len(available))
            for product in ctx.rng.sample(available, count):
                item: Item = {
                    "pk": owner.user_id,
                    "sk": wishlist_item_sort_key(wishlist_id, product.product_id),
                    "entity": "WishlistItem",
                    "wishlist_id": wishlist_id,
                    "product_id": product.product_id,
                    "priority": ctx.rng.randint(1, 5),
                    "added_at": stamp(ctx.after(created, 60)),
                }
                if ctx.chance(0.25):
                    item["notes"] = ctx.pick(WISHLIST_NOTES)
                ctx.add(WISHLIST, item)


def _reward(
    ctx: Context,
    person: Person,
    at: datetime,
    kind: str,
    points: int,
    description: str,
    order_id: str | None = None,
) -> None:
    created_at = stamp(at)
    reward_id = ctx.new_id(at)
    item: Item = {
        "pk": person.user_id,
        "sk": reward_sort_key(created_at, kind, reward_id),
        "entity": "Reward",
        "reward_id": reward_id,
        "type": kind,
        "points": points,
        "description": description,
        "created_at": created_at,
    }
    if order_id is not None:
        item["order_id"] = order_id
    ctx.add(REWARDS, item)
    person.item["reward_points"] += points


def build_rewards(ctx: Context, customers: list[Person], orders: list[OrderRecord]) -> None:
    """A welcome bonus, a point per dollar of each delivered order, and some redemptions."""
    delivered: dict[str, list[OrderRecord]] = {}
    for order in orders:
        if order.status == DELIVERED:
            delivered.setdefault(order.customer.user_id, []).append(order)
    for customer in customers:
        _reward(ctx, customer, customer.created, ADJUST, WELCOME_POINTS, "Welcome bonus")
        last = customer.created
        for order in sorted(delivered.get(customer.user_id, []), key=lambda o: o.updated):
            points = order.total_cents // 100
            _reward(ctx, customer, order.updated, EARN, points, "Order delivered", order.order_id)
            last = order.updated
        balance = int(customer.item["reward_points"])
        if balance >= 200 and ctx.chance(REDEEM_SHARE):
            redeemed = balance // 2 // 100 * 100
            at = ctx.between(last, ANCHOR)
            _reward(ctx, customer, at, REDEEM, -redeemed, "Redeemed at checkout")
