"""Products with their listings, images, specs and facets.

Prices, ratings and stock that depend on later steps are filled in by `finish_products`
and the stock and review steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from gateway.demo.categories import CategoryNode
from gateway.demo.context import CURRENCY, Context, stamp
from gateway.demo.profiles import Profile
from gateway.demo.users import Person
from gateway.demo.vocabulary import TITLE_NOUNS, Family
from loaders.catalog_writes import index_keys, seller_catalog_keys
from loaders.codec import Item
from loaders.facet_counts import counted_facets, counter_items
from loaders.keys import (
    ListingKey,
    ProductKey,
    category_partition,
    category_price_sort_key,
    facet_sort_key,
    image_sort_key,
    listing_index_sort_key,
    spec_sort_key,
)
from loaders.model import FILTERS, PRODUCTS

IMAGE_BASE = "https://img.example.com/"
IMAGE_SIZES = ((1200, 1200), (1600, 1200), (1200, 1600))
NEW, USED, REFURBISHED = "NEW", "USED", "REFURBISHED"
# Price of a listing relative to the product's list price, in percent, by condition.
CONDITION_PRICE = {NEW: (92, 110), REFURBISHED: (72, 88), USED: (50, 78)}
INNER_CATEGORY_SHARE = 0.05


@dataclass
class Listing:
    item: Item
    product: ProductRecord
    seller: Person
    created: datetime

    @property
    def price_cents(self) -> int:
        return int(self.item["price_cents"])

    @property
    def is_active(self) -> bool:
        return bool(self.item["is_active"])


@dataclass
class ProductRecord:
    item: Item
    created: datetime
    noun: str
    listings: list[Listing] = field(default_factory=list)

    @property
    def product_id(self) -> str:
        return str(self.item["product_id"])

    @property
    def image_url(self) -> str | None:
        image = self.item.get("primary_image")
        return None if image is None else str(image["url"])


# Key builders keys.py lacks (it has the prefixes): candidates to move there.
def _price_cents(ctx: Context, list_price: int, condition: str) -> int:
    low, high = CONDITION_PRICE[condition]
    cents = list_price * ctx.rng.randint(low, high) // 100
    return max(99, cents // 100 * 100 + 99)  # $x.99


class _ProductFactory:
    def __init__(self, ctx: Context, sellers: list[Person]) -> None:
        self.ctx = ctx
        self.sellers = sellers
        self.names: set[str] = set()

    def _name(self, family: Family, brand: str, noun: str) -> str:
        ctx = self.ctx
        while True:
            if family.titled:
                name = f"The {ctx.pick(family.models)} {ctx.pick(TITLE_NOUNS)}: A {noun}"
            else:
                name = f"{brand} {ctx.pick(family.models)} {noun}"
            if name in self.names:
                name = f"{name} (Gen {ctx.rng.randint(2, 5)})"
            if name not in self.names:
                self.names.add(name)
                return name

    def product(self, category: CategoryNode) -> ProductRecord:
        ctx, family = self.ctx, category.family
        brand = ctx.pick(family.brands)
        noun = ctx.pick(category.nouns)
        name = self._name(family, brand, noun)
        sellers = ctx.rng.sample(self.sellers, ctx.weighted((1, 2, 3, 4), (45, 30, 15, 10)))
        newest_seller = max(seller.created for seller in sellers)
        created = ctx.between(newest_seller + timedelta(days=1), ctx.days_ago(7, 7))
        product_id = ctx.new_id(created)
        description = " ".join((f"{name}.", *ctx.rng.sample(family.blurbs, 2)))
        item: Item = {
            **ProductKey(product_id).encode(),
            "entity": "Product",
            "product_id": product_id,
            "name": name,
            "description": description,
            "brand": brand,
            "category_id": category.category_id,
            "tags": sorted({category.name.lower(), *ctx.rng.sample(family.tags, 2)}),
            "is_active": ctx.chance(0.95),
            "rating_sum": 0,
            "rating_count": 0,
            "currency": CURRENCY,
            "created_at": stamp(created),
            "updated_at": stamp(ctx.after(created, 90)),
        }
        record = ProductRecord(ctx.add(PRODUCTS, item), created, noun)
        list_price = 100 * ctx.rng.randint(*category.price_dollars)
        for index, seller in enumerate(sellers):
            self._listing(record, seller, index, list_price)
        self._images(record, name)
        self._details(record, family, brand)
        return record

    def _listing(self, record: ProductRecord, seller: Person, index: int, list_price: int) -> None:
        ctx = self.ctx
        created = record.created if index == 0 else ctx.after(record.created, 120)
        condition = NEW if index == 0 else ctx.weighted((NEW, USED, REFURBISHED), (60, 20, 20))
        item: Item = {
            **ListingKey(record.product_id, seller.user_id).encode(),
            "entity": "Listing",
            "product_id": record.product_id,
            "seller_id": seller.user_id,
            "seller_name": seller.item["store_name"],
            "price_cents": _price_cents(ctx, list_price, condition),
            "currency": CURRENCY,
            "stock": 0,
            "condition": condition,
            "is_active": index == 0 or ctx.chance(0.9),
            "created_at": stamp(created),
            "updated_at": stamp(created),
            "gsi2pk": seller.user_id,
            "gsi2sk": listing_index_sort_key(record.product_id),
            # No demo product has a creator: each listing is its seller's catalog entry.
            **seller_catalog_keys(seller.user_id, stamp(created), record.product_id),
        }
        record.listings.append(Listing(ctx.add(PRODUCTS, item), record, seller, created))

    def _images(self, record: ProductRecord, name: str) -> None:
        ctx = self.ctx
        for position in range(ctx.weighted((1, 2, 3, 4, 5), (15, 20, 30, 20, 15))):
            image_id = ctx.new_id(record.created)
            width, height = ctx.pick(IMAGE_SIZES)
            image: Item = {
                "pk": record.product_id,
                "sk": image_sort_key(image_id),
                "entity": "Image",
                "image_id": image_id,
                "url": f"{IMAGE_BASE}{record.product_id}/{position}.jpg",
                "alt": f"{name}, view {position + 1}",
                "position": position,
                "width": width,
                "height": height,
            }
            ctx.add(PRODUCTS, image)
            if position == 0:
                record.item["primary_image"] = {
                    "image_id": image_id,
                    "url": image["url"],
                    "alt": image["alt"],
                }

    def _details(self, record: ProductRecord, family: Family, brand: str) -> None:
        ctx = self.ctx
        for spec in ctx.rng.sample(family.specs, ctx.rng.randint(2, len(family.specs))):
            item: Item = {
                "pk": record.product_id,
                "sk": spec_sort_key(spec.name),
                "entity": "Spec",
                "name": spec.name,
                "value": ctx.pick(spec.values),
            }
            if spec.unit:
                item["unit"] = spec.unit
            if spec.group:
                item["group"] = spec.group
            ctx.add(PRODUCTS, item)
        facet_name, facet_values = family.facet
        facets = {
            "brand": brand,
            "color": ctx.pick(family.colors),
            facet_name: ctx.pick(facet_values),
        }
        for facet, value in facets.items():
            ctx.add(
                PRODUCTS,
                {
                    "pk": record.product_id,
                    "sk": facet_sort_key(facet),
                    "entity": "Filter",
                    "name": facet,
                    "value": value,
                },
            )


def build_products(
    ctx: Context, profile: Profile, categories: list[CategoryNode], sellers: list[Person]
) -> list[ProductRecord]:
    """Most products go to leaf categories (every leaf gets some), a few to inner ones."""
    leaves = [node for node in categories if node.is_leaf]
    inner = [node for node in categories if not node.is_leaf]
    inner_count = max(2, round(profile.products * INNER_CATEGORY_SHARE))
    factory = _ProductFactory(ctx, sellers)
    products = []
    for index in range(profile.products):
        if index < inner_count:
            category = ctx.pick(inner)
        else:
            category = leaves[(index - inner_count) % len(leaves)]
        products.append(factory.product(category))
    return products


def finish_products(products: list[ProductRecord]) -> None:
    """Set each product's lowest active price and its CategoryPriceIndex keys."""
    for record in products:
        item = record.item
        active = [listing.price_cents for listing in record.listings if listing.is_active]
        item["min_price_cents"] = min(active)
        if item["is_active"]:
            item["gsi1pk"] = category_partition(item["category_id"])
            item["gsi1sk"] = category_price_sort_key(item["min_price_cents"], record.product_id)


def finish_category_pages(ctx: Context, products: list[ProductRecord]) -> None:
    """Once the ratings are in: each product's category page keys (the NEWEST and RATING
    indexes'), and the facet counters of the Filters table, as the gateway's writes keep
    them."""
    facets: dict[str, list[Item]] = {}
    for item in ctx.items[PRODUCTS]:
        if item.get("entity") == "Filter":
            facets.setdefault(str(item["pk"]), []).append(item)
    for record in products:
        keys = index_keys(record.item)
        record.item.update({name: value for name, value in keys.items() if value is not None})
    counted = [counted_facets(r.item, facets.get(r.product_id, [])) for r in products]
    for counter in counter_items(counted):
        ctx.add(FILTERS, counter)
