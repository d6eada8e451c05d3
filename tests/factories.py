"""A small, known catalog written straight through boto3, with the storage contract's
key formats spelled out literally (so the tests pin the layout, not our key code)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3

from gateway.settings import Settings
from loaders.search import term_items

Item = dict[str, Any]
T0 = "2026-03-01T10:00:00.000Z"


def category(cid: str, name: str, parent: str, path: list[str], position: int) -> list[Item]:
    info = {
        "pk": cid, "sk": "INFO", "entity": "Category", "category_id": cid, "name": name,
        "slug": name.lower().replace(" ", "-"), "description": f"All {name.lower()}",
        "parent_id": parent, "path": path, "depth": len(path) - 1, "position": position,
        "created_at": T0, "updated_at": T0,
    }  # fmt: skip
    link = {"pk": parent, "sk": f"SUBCATEGORY#{cid}", "entity": "Subcategory", "child_id": cid,
            "name": name, "position": position}  # fmt: skip
    return [info, link]


def seller(uid: str, store: str, rating_sum: int = 0, rating_count: int = 0) -> list[Item]:
    return [{
        "pk": uid, "sk": "PROFILE", "entity": "User", "user_id": uid, "username": uid,
        "email": f"{uid}@example.com", "password_hash": "x", "first_name": store.split()[0],
        "last_name": "Seller", "roles": ["customer", "seller"], "is_seller": True,
        "store_name": store, "store_description": f"{store}, since 2020",
        "seller_rating_sum": rating_sum, "seller_rating_count": rating_count, "reward_points": 0,
        "created_at": T0, "updated_at": T0, "gsi1pk": f"{uid}@example.com", "gsi1sk": uid,
    }]  # fmt: skip


def product(
    pid: str, name: str, category_id: str, listings: list[tuple[str, str, int, int]],
    *, brand: str = "Sonic", active: bool = True, images: int = 1, rating: tuple[int, int] = (0, 0),
) -> list[Item]:  # fmt: skip
    """A product with its listings (seller id, store name, price cents, stock) and images."""
    min_price = min(price for _, _, price, _ in listings)
    info: Item = {
        "pk": pid, "sk": "INFO", "entity": "Product", "product_id": pid, "name": name,
        "description": f"The {name}", "brand": brand, "category_id": category_id,
        "tags": ["audio", name.split()[0].lower()], "is_active": active,
        "rating_sum": rating[0], "rating_count": rating[1], "min_price_cents": min_price,
        "currency": "USD", "created_at": T0, "updated_at": T0,
        "primary_image": {"image_id": "img0", "url": f"https://img.test/{pid}/0.jpg",
                          "alt": f"{name} 0"},
    }  # fmt: skip
    if active:
        info["gsi1pk"] = f"CATEGORY#{category_id}"
        info["gsi1sk"] = f"PRICE#{min_price:012d}#{pid}"
        info["gsi4sk"] = f"{info['created_at']}#{pid}"
        average = rating[0] * 1000 // rating[1] if rating[1] else 0
        info["gsi5sk"] = f"RATING#{average:012d}#{rating[1]:012d}#{pid}"
        info["rating_average"] = average
    items = [info]
    for sid, store, price, stock in listings:
        items.append({
            "pk": pid, "sk": f"SELLER#{sid}", "entity": "Listing", "product_id": pid,
            "seller_id": sid, "seller_name": store, "price_cents": price, "currency": "USD",
            "stock": stock, "condition": "NEW", "is_active": True, "created_at": T0,
            "updated_at": T0, "gsi2pk": sid, "gsi2sk": f"PRODUCT#{pid}",
        })  # fmt: skip
    for n in reversed(range(images)):  # written out of order on purpose
        items.append({"pk": pid, "sk": f"IMAGE#img{n}", "entity": "Image", "image_id": f"img{n}",
                      "url": f"https://img.test/{pid}/{n}.jpg", "alt": f"{name} {n}",
                      "position": n, "width": 800, "height": 600})  # fmt: skip
    return items


def review(pid: str, reviewer: str, seller_id: str, rating: int, day: int) -> list[Item]:
    created = f"2026-04-{day:02d}T09:00:00.000Z"
    return [
        {"pk": pid, "sk": f"REVIEW#{created}#{reviewer}", "entity": "Review",
         "review_id": f"r-{pid}-{reviewer}", "product_id": pid, "reviewer_id": reviewer,
         "reviewer_name": f"{reviewer.title()} Q.", "seller_id": seller_id, "rating": rating,
         "title": f"{rating} stars", "body": "Fine.", "verified_purchase": day % 2 == 0,
         "helpful_count": day, "created_at": created, "gsi1pk": seller_id, "gsi1sk": created},
        {"pk": pid, "sk": f"REVIEWER#{reviewer}", "entity": "ReviewGuard",
         "review_sk": f"REVIEW#{created}#{reviewer}"},
    ]  # fmt: skip


@dataclass
class Catalog:
    """What the tests may rely on: the tree Electronics > Audio > Headphones, Electronics >
    Phones, and Home; products priced so that price order is known."""

    tables: dict[str, list[Item]] = field(default_factory=dict)
    headphone_ids: list[str] = field(default_factory=list)
    bulk_ids: list[str] = field(default_factory=list)

    def add(self, table: str, items: list[Item]) -> None:
        self.tables.setdefault(table, []).extend(items)


def build_catalog() -> Catalog:
    c = Catalog()
    c.add("Categories", category("electronics", "Electronics", "ROOT", ["electronics"], 0))
    c.add("Categories", category("home", "Home", "ROOT", ["home"], 1))
    c.add("Categories", category("audio", "Audio", "electronics", ["electronics", "audio"], 0))
    c.add("Categories", category("phones", "Phones", "electronics", ["electronics", "phones"], 1))
    c.add("Categories", category("headphones", "Headphones", "audio",
                                 ["electronics", "audio", "headphones"], 0))  # fmt: skip
    c.add("Users", seller("s-acme", "Acme Audio", rating_sum=9, rating_count=2))
    c.add("Users", seller("s-budget", "Budget Sounds"))
    acme, budget = ("s-acme", "Acme Audio"), ("s-budget", "Budget Sounds")
    c.add("Products", product("p-studio", "Studio Headphones", "headphones",
                              [(*acme, 8999, 5), (*budget, 9999, 0)], images=3, rating=(12, 3)))  # fmt: skip
    c.add("Products", product("p-buds", "Ear Buds", "headphones", [(*budget, 4999, 12)]))
    c.add(
        "Products", product("p-amp", "Desk Amplifier", "audio", [(*acme, 12000, 1)], brand="Volt")
    )
    c.add("Products", product("p-phone", "Pocket Phone", "phones", [(*acme, 30000, 3)]))
    c.add(
        "Products",
        product("p-old", "Old Headphones", "headphones", [(*acme, 100, 1)], active=False),
    )
    c.headphone_ids = ["p-buds", "p-studio"]
    # 25 more headphones at 10.00 .. 34.00 (ties broken by id), for paging and batching.
    for n in range(25):
        pid = f"p-bulk-{n:02d}"
        c.add(
            "Products",
            product(pid, f"Bulk Headphones {n}", "headphones", [(*budget, 1000 + 100 * n, 2)]),
        )
        c.bulk_ids.append(pid)
    for day, (reviewer, rating) in enumerate([("ann", 5), ("bob", 4), ("cy", 3)], start=1):
        c.add("Reviews", review("p-studio", reviewer, "s-acme", rating, day))
    return c


def write_catalog(settings: Settings, catalog: Catalog | None = None) -> Catalog:
    """`catalog` (the known one by default) written to the tables of `settings`."""
    catalog = catalog or build_catalog()
    products = [i for i in catalog.tables.get("Products", []) if i["entity"] == "Product"]
    # Their search terms, as every product write derives them (the gateway's own items).
    catalog.add("Products", [term for product in products for term in term_items(product)])
    resource = boto3.resource(
        "dynamodb", endpoint_url=settings.dynamodb_endpoint, region_name=settings.aws_region
    )
    for table, items in catalog.tables.items():
        with resource.Table(settings.table_prefix + table).batch_writer() as batch:
            for item in items:
                batch.put_item(Item=item)
    return catalog
