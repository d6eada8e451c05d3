"""The demo data set, built in dependency order: each step reads what earlier ones made."""

from __future__ import annotations

from functools import cache

from gateway.demo.campaigns import build_campaigns
from gateway.demo.catalog import build_products, finish_category_pages, finish_products
from gateway.demo.categories import build_categories
from gateway.demo.context import Context
from gateway.demo.coupons import CouponBook
from gateway.demo.orders import build_orders
from gateway.demo.profiles import profile_named
from gateway.demo.reviews import build_reviews
from gateway.demo.shopping import build_carts, build_rewards, build_wishlists
from gateway.demo.stock import build_stock
from gateway.demo.users import build_people
from gateway.passwords import hash_password
from loaders.codec import Item
from loaders.model import Table

DEMO_PASSWORD = "shop-demo-password"


@cache
def demo_password_hash() -> str:
    """Hashed once per process: Argon2 is slow on purpose, and every demo user shares it."""
    return hash_password(DEMO_PASSWORD)


def generate(profile: str = "demo", seed: int = 7) -> dict[Table, list[Item]]:
    """Every item of the demo data set, by table, ready for BatchWriteItem.

    The same profile and seed give the same items (within a process: the password
    hash is salted at random once per process).
    """
    sizes = profile_named(profile)
    ctx = Context(seed)
    categories = build_categories(ctx, sizes)
    people = build_people(ctx, sizes, demo_password_hash())
    products = build_products(ctx, sizes, categories, people.sellers)
    finish_products(products)
    coupons = CouponBook()
    orders = build_orders(ctx, sizes, people.customers, products, coupons)
    coupons.write(ctx)
    build_stock(ctx, products, orders)
    build_reviews(ctx, sizes, people.customers, products, orders)
    finish_category_pages(ctx, products)
    build_carts(ctx, sizes, people.customers, products)
    build_wishlists(ctx, sizes, people.customers, products)
    build_rewards(ctx, people.customers, orders)
    build_campaigns(ctx, sizes, people.sellers, people.customers)
    return ctx.items
