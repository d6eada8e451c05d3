"""The demo data set follows the storage contract and keeps its invariants."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, NoReturn

import pytest

from gateway.demo import DEMO_PASSWORD, PROFILES, generate
from gateway.passwords import verify_password
from loaders import ids, keys
from loaders.codec import Item
from loaders.model import (
    ATTEMPTS,
    CAMPAIGNS,
    CART,
    CATEGORIES,
    COUPONS,
    FILTERS,
    ORDER_ITEMS,
    ORDERS,
    PRODUCTS,
    REVIEWS,
    REWARDS,
    STOCK_TRANSACTIONS,
    TABLES,
    USERS,
    WISHLIST,
    Table,
)
from resolvers.people import display_name

Data = dict[Table, list[Item]]
ANCHOR = "2026-06-01T00:00:00.000Z"
PAST_ATTRIBUTES = ("created_at", "updated_at", "added_at", "used_at", "timestamp")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture(scope="module")
def demo() -> Data:
    return generate("demo")


@pytest.fixture(scope="module")
def small() -> Data:
    return generate("small")


@pytest.fixture(scope="module", params=PROFILES)
def data(request: pytest.FixtureRequest, demo: Data, small: Data) -> Data:
    return demo if request.param == "demo" else small


def of(data: Data, table: Table, entity: str) -> list[Item]:
    return [item for item in data[table] if item["entity"] == entity]


def by(items: list[Item], attribute: str) -> dict[str, Item]:
    return {item[attribute]: item for item in items}


def grouped(items: list[Item], attribute: str) -> dict[str, list[Item]]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        groups[item[attribute]].append(item)
    return groups


# Determinism -------------------------------------------------------------------------


def test_same_seed_gives_the_same_data(demo: Data, small: Data) -> None:
    assert generate("demo", seed=7) == demo
    assert generate("small", seed=7) == small


class _StoppedClock(datetime):
    @classmethod
    def now(cls, tz: tzinfo | None = None) -> NoReturn:
        raise AssertionError("the demo data must not read the clock")


def test_generation_never_reads_the_clock(monkeypatch: pytest.MonkeyPatch, small: Data) -> None:
    monkeypatch.setattr(ids, "datetime", _StoppedClock)
    assert generate("small") == small


def _portable(data: Data) -> str:
    """The data as JSON, without the password hash (salted at random once per process)."""
    tables = {
        table.name: [{k: v for k, v in item.items() if k != "password_hash"} for item in items]
        for table, items in data.items()
    }
    return json.dumps(tables, sort_keys=True)


def test_another_process_gives_the_same_data(small: Data) -> None:
    script = (
        "import sys; from tests.test_demo_data import _portable; from gateway.demo import generate;"
        " sys.stdout.write(_portable(generate('small')))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.stdout == _portable(small)


def test_another_seed_gives_other_data(small: Data) -> None:
    other = generate("small", seed=8)
    assert other != small
    assert {u["user_id"] for u in of(other, USERS, "User")}.isdisjoint(
        u["user_id"] for u in of(small, USERS, "User")
    )


def test_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="huge"):
        generate("huge")


# Shape -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "entity", "low", "high"),
    [
        (CATEGORIES, "Category", 35, 50),
        (PRODUCTS, "Product", 450, 550),
        (REVIEWS, "Review", 1800, 2200),
        (ORDERS, "Order", 250, 350),
        (CAMPAIGNS, "Campaign", 8, 12),
        (COUPONS, "Coupon", 3, 10),
        (CART, "CartItem", 20, 200),
        (WISHLIST, "Wishlist", 20, 200),
    ],
)
def test_demo_counts(demo: Data, table: Table, entity: str, low: int, high: int) -> None:
    assert low <= len(of(demo, table, entity)) <= high


def test_demo_and_small_user_counts(demo: Data, small: Data) -> None:
    for data, sellers, customers in ((demo, (45, 55), (180, 220)), (small, (5, 7), (18, 22))):
        users = of(data, USERS, "User")
        assert sum("admin" in u["roles"] for u in users) == 1
        assert sellers[0] <= sum(u["is_seller"] for u in users) <= sellers[1]
        assert customers[0] <= sum(u["roles"] == ["customer"] for u in users) <= customers[1]


def test_small_is_about_a_tenth(small: Data) -> None:
    assert 8 <= len(of(small, CATEGORIES, "Category")) <= 12
    assert 35 <= len(of(small, PRODUCTS, "Product")) <= 45
    assert 130 <= len(of(small, REVIEWS, "Review")) <= 170


def _plain(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return isinstance(value, str | int | bool)


def test_items_have_keys_entity_and_plain_values(data: Data) -> None:
    assert set(data) == set(TABLES)
    for table, items in data.items():
        assert items or table is ATTEMPTS, table.name  # failed sign-ins: none in demo data
        for item in items:
            assert all(isinstance(item.get(name), str) for name in ("pk", "sk", "entity")), item
            assert _plain(item), item
        primary_keys = [(item["pk"], item["sk"]) for item in items]
        assert len(primary_keys) == len(set(primary_keys)), table.name


def test_timestamps_are_iso_utc_milliseconds_and_not_in_the_future(data: Data) -> None:
    for items in data.values():
        for item in items:
            for name in (*PAST_ATTRIBUTES, "starts_at", "ends_at"):
                if name in item:
                    assert TIMESTAMP.fullmatch(item[name]), item
            for name in PAST_ATTRIBUTES:
                if name in item:
                    assert item[name] <= ANCHOR, item


# Keys --------------------------------------------------------------------------------

KeyRule = Callable[[Item], dict[str, str]]
KEY_RULES: dict[str, KeyRule] = {
    "User": lambda i: {
        **keys.UserKey(i["user_id"]).encode(),
        "gsi1pk": keys.email_index_partition(i["email"]),
        "gsi1sk": i["user_id"],
    },
    "UniqueUsername": lambda i: {"sk": keys.UNIQUE},
    "UniqueEmail": lambda i: {"sk": keys.UNIQUE},
    "Address": lambda i: {"sk": keys.address_sort_key(i["address_id"])},
    "Product": lambda i: keys.ProductKey(i["product_id"]).encode(),
    "Listing": lambda i: {
        **keys.ListingKey(i["product_id"], i["seller_id"]).encode(),
        "gsi2pk": i["seller_id"],
        "gsi2sk": keys.listing_index_sort_key(i["product_id"]),
    },
    "Image": lambda i: {"sk": keys.IMAGE_PREFIX + i["image_id"]},
    "Spec": lambda i: {"sk": keys.SPEC_PREFIX + i["name"]},
    "Filter": lambda i: {"sk": keys.FACET_PREFIX + i["name"]},
    "Category": lambda i: keys.CategoryKey(i["category_id"]).encode(),
    "Subcategory": lambda i: {"sk": keys.subcategory_sort_key(i["child_id"])},
    "CartItem": lambda i: {
        "pk": i["user_id"],
        "sk": keys.cart_item_sort_key(i["product_id"], i["seller_id"]),
    },
    "Order": lambda i: {
        "pk": i["user_id"],
        "sk": keys.order_sort_key(i["created_at"], i["order_id"]),
        "gsi1pk": i["order_id"],
        "gsi1sk": i["user_id"],
        "gsi2pk": i["status"],
        "gsi2sk": i["created_at"],
        "lsi1sk": keys.order_status_sort_key(i["status"], i["created_at"]),
        "lsi2sk": keys.order_amount_sort_key(i["total_cents"], i["order_id"]),
    },
    "OrderItem": lambda i: {
        "pk": i["order_id"],
        "sk": keys.order_item_sort_key(i["product_id"], i["seller_id"]),
        "gsi1pk": i["seller_id"],
        "gsi1sk": keys.seller_item_index_sort_key(i["created_at"], i["order_id"]),
    },
    "Review": lambda i: {
        "pk": i["product_id"],
        "sk": keys.review_sort_key(i["created_at"], i["reviewer_id"]),
        "gsi1pk": i["seller_id"],
        "gsi1sk": i["created_at"],
    },
    "Campaign": lambda i: {
        "pk": i["campaign_id"],
        "sk": keys.INFO,
        "gsi1pk": i["seller_id"],
        "gsi1sk": i["campaign_id"],
    },
    "CampaignTarget": lambda i: {"sk": keys.campaign_target_sort_key(i["user_id"])},
    "CampaignDay": lambda i: {"sk": keys.campaign_day_sort_key(i["date"])},
    "Wishlist": lambda i: {"sk": keys.wishlist_sort_key(i["wishlist_id"])},
    "WishlistItem": lambda i: {
        "sk": keys.wishlist_item_sort_key(i["wishlist_id"], i["product_id"]),
    },
    "Reward": lambda i: {"sk": keys.reward_sort_key(i["created_at"], i["type"], i["reward_id"])},
    "Coupon": lambda i: {"pk": keys.coupon_partition(i["code"]), "sk": keys.INFO},
    "CouponUsage": lambda i: {"sk": keys.coupon_usage_sort_key(i["user_id"], i["order_id"])},
    "StockTransaction": lambda i: {
        "pk": i["transaction_id"],
        "sk": i["timestamp"],
        "gsi1pk": i["product_id"],
        "gsi1sk": i["timestamp"],
        "gsi2pk": i["seller_id"],
        "gsi2sk": i["timestamp"],
    },
}
ENTITIES_BY_TABLE = {
    USERS: {"User", "UniqueUsername", "UniqueEmail", "Address"},
    PRODUCTS: {"Product", "Listing", "Image", "Spec", "Filter"},
    CATEGORIES: {"Category", "Subcategory"},
    CART: {"CartItem"},
    ORDERS: {"Order"},
    ORDER_ITEMS: {"OrderItem"},
    REVIEWS: {"Review", "ReviewGuard"},
    CAMPAIGNS: {"Campaign", "CampaignTarget", "CampaignDay"},
    WISHLIST: {"Wishlist", "WishlistItem"},
    REWARDS: {"Reward"},
    COUPONS: {"Coupon", "CouponUser", "CouponUsage"},
    STOCK_TRANSACTIONS: {"StockTransaction"},
    ATTEMPTS: set(),
    FILTERS: {"FacetCount"},
}


def test_entities_live_in_their_tables(data: Data) -> None:
    for table, items in data.items():
        assert {item["entity"] for item in items} == ENTITIES_BY_TABLE[table]


def test_keys_follow_the_formats(data: Data) -> None:
    for items in data.values():
        for item in items:
            rule = KEY_RULES.get(item["entity"])
            if rule is not None:
                expected = rule(item)
                assert {name: item.get(name) for name in expected} == expected, item


def test_unique_items_and_index_keys_point_at_their_user(data: Data) -> None:
    users = of(data, USERS, "User")
    unique = {(i["pk"], i["user_id"]) for i in data[USERS] if i["sk"] == keys.UNIQUE}
    expected = {(keys.unique_username_partition(u["username"]), u["user_id"]) for u in users}
    expected |= {(keys.unique_email_partition(u["email"]), u["user_id"]) for u in users}
    assert unique == expected
    assert all(a["pk"] in {u["user_id"] for u in users} for a in of(data, USERS, "Address"))


# Users -------------------------------------------------------------------------------


def test_usernames_and_emails_are_unique_and_lower_case(data: Data) -> None:
    users = of(data, USERS, "User")
    usernames = [u["username"] for u in users]
    emails = [u["email"] for u in users]
    assert len(set(usernames)) == len(users)
    assert len(set(emails)) == len(users)
    assert all(name == name.lower() for name in usernames + emails)


def test_known_demo_accounts(data: Data) -> None:
    users = by(of(data, USERS, "User"), "username")
    assert users["admin"]["roles"] == ["customer", "admin"]
    for number in (1, 2, 3):
        seller, customer = users[f"seller{number}"], users[f"customer{number}"]
        assert seller["roles"] == ["customer", "seller"]
        assert seller["is_seller"]
        assert seller["store_name"]
        assert seller["store_description"]
        assert customer["roles"] == ["customer"]
        assert not customer["is_seller"]
    hashes = {u["password_hash"] for u in users.values()}
    assert len(hashes) == 1
    assert verify_password(hashes.pop(), DEMO_PASSWORD)


def test_customers_have_one_to_three_addresses_one_default(data: Data) -> None:
    addresses = grouped(of(data, USERS, "Address"), "pk")
    for user in of(data, USERS, "User"):
        owned = addresses.get(user["user_id"], [])
        if user["roles"] == ["customer"]:
            assert 1 <= len(owned) <= 3
        if owned:
            assert sum(a["is_default"] for a in owned) == 1


# Categories --------------------------------------------------------------------------


def test_category_tree_is_consistent_and_three_levels_deep(data: Data) -> None:
    categories = by(of(data, CATEGORIES, "Category"), "category_id")
    links = {(i["pk"], i["child_id"]): i for i in of(data, CATEGORIES, "Subcategory")}
    assert len(links) == len(categories)
    for category in categories.values():
        parent_id = category["parent_id"]
        if parent_id == keys.ROOT_CATEGORY:
            assert category["path"] == [category["category_id"]]
            assert category["depth"] == 0
        else:
            parent = categories[parent_id]
            assert category["path"] == [*parent["path"], category["category_id"]]
            assert category["depth"] == parent["depth"] + 1
        link = links[(parent_id, category["category_id"])]
        assert (link["name"], link["position"]) == (category["name"], category["position"])
    siblings = grouped(list(categories.values()), "parent_id")
    for children in siblings.values():
        assert sorted(c["position"] for c in children) == list(range(len(children)))
    assert max(c["depth"] for c in categories.values()) >= 2
    slugs = [c["slug"] for c in categories.values()]
    assert len(set(slugs)) == len(slugs)


def test_products_sit_in_leaves_and_some_inner_categories(data: Data) -> None:
    categories = of(data, CATEGORIES, "Category")
    parents = {c["parent_id"] for c in categories}
    used = Counter(p["category_id"] for p in of(data, PRODUCTS, "Product"))
    leaves = {c["category_id"] for c in categories} - parents
    assert leaves <= set(used)
    assert sum(n for category, n in used.items() if category in parents) >= 2


# Products ----------------------------------------------------------------------------


def test_product_prices_follow_active_listings(data: Data) -> None:
    listings = grouped(of(data, PRODUCTS, "Listing"), "product_id")
    for product in of(data, PRODUCTS, "Product"):
        offers = listings[product["product_id"]]
        assert 1 <= len(offers) <= 4
        active = [o["price_cents"] for o in offers if o["is_active"]]
        assert product["min_price_cents"] == min(active)
        if product["is_active"]:
            assert product["gsi1pk"] == keys.category_partition(product["category_id"])
            assert product["gsi1sk"] == keys.category_price_sort_key(
                min(active), product["product_id"]
            )
        else:
            assert "gsi1pk" not in product
            assert "gsi1sk" not in product


def test_some_products_and_listings_are_inactive(demo: Data) -> None:
    assert any(not p["is_active"] for p in of(demo, PRODUCTS, "Product"))
    assert any(not listing["is_active"] for listing in of(demo, PRODUCTS, "Listing"))


def test_listings_name_their_seller_store(data: Data) -> None:
    sellers = by([u for u in of(data, USERS, "User") if u["is_seller"]], "user_id")
    for listing in of(data, PRODUCTS, "Listing"):
        assert listing["seller_name"] == sellers[listing["seller_id"]]["store_name"]
        assert listing["condition"] in ("NEW", "USED", "REFURBISHED")


def test_primary_image_is_the_first_image(data: Data) -> None:
    images = grouped(of(data, PRODUCTS, "Image"), "pk")
    for product in of(data, PRODUCTS, "Product"):
        own = sorted(images[product["product_id"]], key=lambda i: i["position"])
        assert 1 <= len(own) <= 5
        assert [i["position"] for i in own] == list(range(len(own)))
        first = own[0]
        assert product["primary_image"] == {
            "image_id": first["image_id"],
            "url": first["url"],
            "alt": first["alt"],
        }


# Reviews -----------------------------------------------------------------------------


def test_rating_aggregates_equal_the_reviews(data: Data) -> None:
    reviews = of(data, REVIEWS, "Review")
    for entity, id_name, sum_name, count_name, review_attribute in (
        ("Product", "product_id", "rating_sum", "rating_count", "product_id"),
        ("User", "user_id", "seller_rating_sum", "seller_rating_count", "seller_id"),
    ):
        table = PRODUCTS if entity == "Product" else USERS
        ratings = grouped(reviews, review_attribute)
        for item in of(data, table, entity):
            own = [r["rating"] for r in ratings.get(item[id_name], [])]
            assert (item[sum_name], item[count_name]) == (sum(own), len(own))


def test_reviews_are_one_per_reviewer_and_product_with_a_guard(data: Data) -> None:
    reviews = of(data, REVIEWS, "Review")
    users = by(of(data, USERS, "User"), "user_id")
    sellers_of = defaultdict(set)
    for listing in of(data, PRODUCTS, "Listing"):
        sellers_of[listing["product_id"]].add(listing["seller_id"])
    pairs = {(r["product_id"], r["reviewer_id"]) for r in reviews}
    assert len(pairs) == len(reviews)
    guards = {(g["pk"], g["sk"]): g["review_sk"] for g in of(data, REVIEWS, "ReviewGuard")}
    assert len(guards) == len(reviews)
    for review in reviews:
        guard_key = (review["product_id"], keys.review_guard_sort_key(review["reviewer_id"]))
        assert guards[guard_key] == review["sk"]
        assert review["seller_id"] in sellers_of[review["product_id"]]
        assert 1 <= review["rating"] <= 5
        reviewer = users[review["reviewer_id"]]
        assert review["reviewer_name"] == display_name(
            reviewer["first_name"], reviewer["last_name"]
        )
    assert any(r["verified_purchase"] for r in reviews)


# Stock -------------------------------------------------------------------------------


def test_stock_transactions_add_up_to_each_listing_stock(data: Data) -> None:
    history = defaultdict(list)
    for transaction in of(data, STOCK_TRANSACTIONS, "StockTransaction"):
        history[(transaction["product_id"], transaction["seller_id"])].append(transaction)
    listings = of(data, PRODUCTS, "Listing")
    assert len(history) == len(listings)
    for listing in listings:
        changes = sorted(
            history[(listing["product_id"], listing["seller_id"])], key=lambda t: t["timestamp"]
        )
        first = changes[0]
        assert first["transaction_type"] == "restock"
        assert first["stock_before"] == 0
        assert sum(t["quantity_change"] for t in changes) == listing["stock"]
        for before, after in itertools.pairwise(changes):
            assert after["stock_before"] == before["stock_after"]
        for change in changes:
            assert change["stock_after"] == change["stock_before"] + change["quantity_change"]
            assert change["stock_after"] >= 0
        assert 0 <= listing["stock"] <= 200


def test_some_listings_are_sold_out(demo: Data) -> None:
    assert any(listing["stock"] == 0 for listing in of(demo, PRODUCTS, "Listing"))


def test_orders_took_their_units(data: Data) -> None:
    placed: Counter[tuple[str, str, str]] = Counter()
    for transaction in of(data, STOCK_TRANSACTIONS, "StockTransaction"):
        if transaction["transaction_type"] == "order_placed":
            key = (transaction["order_id"], transaction["product_id"], transaction["seller_id"])
            placed[key] -= transaction["quantity_change"]
    for item in of(data, ORDER_ITEMS, "OrderItem"):
        assert placed[(item["order_id"], item["product_id"], item["seller_id"])] == item["quantity"]


# Orders, coupons, rewards ------------------------------------------------------------

LINE_STATUSES = {
    "PENDING": {"PENDING"},
    "CONFIRMED": {"PENDING"},
    "SHIPPED": {"SHIPPED"},
    "DELIVERED": {"DELIVERED", "RETURNED"},
    "CANCELLED": {"CANCELLED"},
}


def test_order_totals_and_statuses_agree_with_their_items(data: Data) -> None:
    items = grouped(of(data, ORDER_ITEMS, "OrderItem"), "order_id")
    for order in of(data, ORDERS, "Order"):
        lines = items[order["order_id"]]
        assert 1 <= len(lines) <= 4
        assert order["subtotal_cents"] == sum(line["line_total_cents"] for line in lines)
        assert order["total_cents"] == (
            order["subtotal_cents"] - order["discount_cents"] + order["shipping_cents"]
        )
        assert order["item_count"] == sum(line["quantity"] for line in lines)
        for line in lines:
            assert line["status"] in LINE_STATUSES[order["status"]]
            assert line["user_id"] == order["user_id"]
            assert line["line_total_cents"] == line["unit_price_cents"] * line["quantity"]


def test_coupon_uses_match_orders(data: Data) -> None:
    orders = by(of(data, ORDERS, "Order"), "order_id")
    usages = of(data, COUPONS, "CouponUsage")
    with_coupon = {o["order_id"] for o in orders.values() if "coupon_code" in o}
    assert {u["order_id"] for u in usages} == with_coupon
    for usage in usages:
        order = orders[usage["order_id"]]
        assert usage["pk"] == order["coupon_code"]
        assert usage["discount_cents"] == order["discount_cents"]
    per_user = Counter((u["pk"], u["user_id"]) for u in usages)
    users = {(i["pk"], i["sk"]): i["used"] for i in of(data, COUPONS, "CouponUser")}
    assert users == {(c, keys.coupon_user_sort_key(u)): n for (c, u), n in per_user.items()}
    for coupon in of(data, COUPONS, "Coupon"):
        assert coupon["used_count"] == sum(u["pk"] == coupon["code"] for u in usages)
        assert coupon["expires_at"] > 1_900_000_000
    codes = {c["code"]: c for c in of(data, COUPONS, "Coupon")}
    assert codes["WELCOME10"]["discount_type"] == "PERCENT"
    assert (codes["SAVE5"]["discount_type"], codes["SAVE5"]["discount_value"]) == ("FIXED", 500)


def test_reward_points_equal_the_rewards(data: Data) -> None:
    rewards = grouped(of(data, REWARDS, "Reward"), "pk")
    for user in of(data, USERS, "User"):
        points = [r["points"] for r in rewards.get(user["user_id"], [])]
        assert user["reward_points"] == sum(points) >= 0


# Campaigns ---------------------------------------------------------------------------


def test_campaigns_have_targets_and_daily_analytics(data: Data) -> None:
    by_campaign = grouped([i for i in data[CAMPAIGNS] if i["sk"] != keys.INFO], "pk")
    campaigns = of(data, CAMPAIGNS, "Campaign")
    assert len({c["status"] for c in campaigns}) >= 2
    for campaign in campaigns:
        rest = by_campaign[campaign["campaign_id"]]
        targets = [i for i in rest if i["entity"] == "CampaignTarget"]
        days = [i for i in rest if i["entity"] == "CampaignDay"]
        assert 10 <= len(targets) <= 40
        assert len(days) <= 30
        assert (campaign["status"] == "DRAFT") == (not days)
        for day in days:
            assert campaign["starts_at"][:10] <= day["date"] <= campaign["ends_at"][:10]


def test_listing_sales_and_items_to_ship_match_the_orders(data: Data) -> None:
    """The seller dashboard's figures, as the order paths keep them (loaders/seller_stats.py)."""
    orders = by(of(data, ORDERS, "Order"), "order_id")
    sold: Counter[tuple[str, str]] = Counter()
    for item in of(data, ORDER_ITEMS, "OrderItem"):
        order = orders[item["order_id"]]
        if order["status"] != "PENDING" and item["status"] not in ("CANCELLED", "RETURNED"):
            sold[(item["product_id"], item["seller_id"])] += item["quantity"]
        to_ship = item["status"] == "PENDING" and order["status"] != "CANCELLED"
        assert (item.get("gsi2pk") == item["seller_id"]) is to_ship
    for listing in of(data, PRODUCTS, "Listing"):
        assert listing.get("units_sold", 0) == sold[(listing["product_id"], listing["seller_id"])]
    assert sum(sold.values()) > 0
