"""A category subtree of products that differ in everything category pages filter and sort
by, written straight to the tables, and the pages computed from it independently."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gateway.settings import Settings
from tests.factories import Catalog, category, write_catalog

Item = dict[str, Any]
PARENT, CHILD, ELSEWHERE = "f-parent", "f-child", "f-elsewhere"
SELLERS = ("s-one", "s-two")
COLORS = ("black", "red", "blue")
BRANDS = ("Volt", "SoundMax", "Acme")
SIZE = 30


@dataclass(frozen=True)
class Made:
    """A product as the tests see it."""

    pid: str
    category_id: str
    price: int
    brand: str
    created_at: str
    rating: tuple[int, int]
    stock: dict[str, int]  # by seller, active listings
    facets: dict[str, str]
    active: bool = True


def made(n: int) -> Made:
    count = n % 4
    return Made(
        pid=f"fp-{n:02d}",
        category_id=(PARENT, CHILD)[n % 2],
        price=1000 + (n * 37 % 11) * 100,  # ties on price
        brand=BRANDS[n % 3],
        created_at=f"2026-03-{1 + n % 9:02d}T10:00:00.000Z",  # ties on the date
        rating=(count * (1 + n % 5) - (n % 2 if count else 0), count),
        stock={SELLERS[0]: n % 3} | ({SELLERS[1]: 4} if n % 4 == 0 else {}),
        facets={"color": COLORS[n % 5 % 3]} | ({"size": "L"} if n % 3 == 0 else {}),
    )


def items_of(product: Made) -> list[Item]:
    pid, (total, count) = product.pid, product.rating
    average = total * 1000 // count if count else 0
    info: Item = {
        "pk": pid, "sk": "INFO", "entity": "Product", "product_id": pid, "name": f"Item {pid}",
        "description": "A thing", "brand": product.brand, "category_id": product.category_id,
        "tags": [], "is_active": product.active, "rating_sum": total, "rating_count": count,
        "min_price_cents": product.price, "currency": "USD", "created_at": product.created_at,
        "updated_at": product.created_at,
    }  # fmt: skip
    if product.active:
        info |= {
            "gsi1pk": f"CATEGORY#{product.category_id}",
            "gsi1sk": f"PRICE#{product.price:012d}#{pid}",
            "gsi4sk": f"{product.created_at}#{pid}",
            "gsi5sk": f"RATING#{average:012d}#{count:012d}#{pid}",
            "rating_average": average,
        }
    listings = [
        {"pk": pid, "sk": f"SELLER#{seller}", "entity": "Listing", "product_id": pid,
         "seller_id": seller, "seller_name": seller, "price_cents": product.price,
         "currency": "USD", "stock": stock, "condition": "NEW", "is_active": True,
         "created_at": product.created_at, "updated_at": product.created_at,
         "gsi2pk": seller, "gsi2sk": f"PRODUCT#{pid}"}
        for seller, stock in product.stock.items()
    ]  # fmt: skip
    facets = [
        {"pk": pid, "sk": f"FILTER#{name}", "entity": "Filter", "product_id": pid,
         "name": name, "value": value}
        for name, value in product.facets.items()
    ]  # fmt: skip
    return [info, *listings, *facets]


def products() -> list[Made]:
    """`SIZE` products in the subtree, one inactive, one in another category."""
    found = [made(n) for n in range(SIZE)]
    found.append(Made("fp-off", PARENT, 1500, "Volt", "2026-03-05T10:00:00.000Z", (5, 1),
                      {SELLERS[0]: 3}, {"color": "black"}, active=False))  # fmt: skip
    found.append(Made("fp-away", ELSEWHERE, 1500, "Volt", "2026-03-05T10:00:00.000Z", (5, 1),
                      {SELLERS[0]: 3}, {"color": "black"}))  # fmt: skip
    return found


def write_shelf(settings: Settings, made: list[Made]) -> None:
    written = Catalog()
    written.add("Categories", category(PARENT, "Gadgets", "ROOT", [PARENT], 0))
    written.add("Categories", category(CHILD, "Small gadgets", PARENT, [PARENT, CHILD], 0))
    written.add("Categories", category(ELSEWHERE, "Elsewhere", "ROOT", [ELSEWHERE], 1))
    for product in made:
        written.add("Products", items_of(product))
    write_catalog(settings, written)


def in_subtree(product: Made) -> bool:
    return product.active and product.category_id in (PARENT, CHILD)


Order = Callable[[Made], Any]
ORDERS: dict[str, tuple[Order, bool]] = {  # the key, and whether it sorts high first
    "PRICE_ASC": (lambda p: (p.price, p.pid), False),
    "PRICE_DESC": (lambda p: (p.price, p.pid), True),
    "NEWEST": (lambda p: (p.created_at, p.pid), True),
    "RATING": (
        lambda p: (Fraction(p.rating[0], p.rating[1]) if p.rating[1] else 0, p.rating[1], p.pid),
        True,
    ),
}

Keep = Callable[[Made], bool]
FILTERS: dict[str, tuple[dict[str, Any], Keep]] = {
    "none": ({}, lambda p: True),
    "price": ({"minPrice": "13.00", "maxPrice": "17"}, lambda p: 1300 <= p.price <= 1700),
    "in-stock": ({"inStock": True}, lambda p: any(n > 0 for n in p.stock.values())),
    "brands": ({"brands": ["volt", "ACME"]}, lambda p: p.brand in ("Volt", "Acme")),
    "seller": ({"sellerId": SELLERS[1]}, lambda p: SELLERS[1] in p.stock),
    "facet": (
        {"facets": [{"name": "color", "value": "Black"}, {"name": "size", "value": "l"}]},
        lambda p: p.facets.get("color") == "black" and p.facets.get("size") == "L",
    ),
}


def expected(made: list[Made], keep: Keep, sort: str) -> list[str]:
    """The pages' products, computed without the gateway."""
    key, high_first = ORDERS[sort]
    kept = [p for p in made if in_subtree(p) and keep(p)]
    return [p.pid for p in sorted(kept, key=key, reverse=high_first)]
