"""Ids from the demo data that make each operation read real data."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from loaders.codec import Item
from loaders.model import (
    CAMPAIGNS,
    CART,
    CATEGORIES,
    COUPONS,
    ORDER_ITEMS,
    ORDERS,
    PRODUCTS,
    USERS,
    WISHLIST,
    Table,
)

IN_PROGRESS = ("PENDING", "CONFIRMED", "SHIPPED")


@dataclass(frozen=True)
class Picks:
    category_id: str  # a root with the largest subtree: the storefront's entry page
    subtree_size: int
    leaf_slug: str
    leaf_category_id: str  # where the bench's products go
    product_id: str  # active, with the most reviews
    card_ids: list[str]  # ten active products
    seller_id: str
    seller_username: str
    orders_username: str  # the customer with the most orders
    order_id: str  # that customer's order with the most items
    wishlist_username: str
    cart_username: str
    coupon_code: str
    listings: list[tuple[str, str]]  # (product id, seller id): active, with stock to sell
    seller_listings: list[str]  # products seller_username sells, with stock
    usernames_with_orders: list[str]
    other_root_id: str  # where MoveCategory moves a category to
    campaign_id: str
    campaign_seller_username: str
    customer_ids: list[str]  # three, for TargetUsers
    search_word: str  # the commonest word of product names
    search_text: str  # that word and the start of the word most often beside it
    category_word: str  # a word of category names, for FindCategories
    public_wishlist_id: str  # the public wishlist with the most items
    order_search_word: str  # the commonest word of orders_username's orders' products
    order_days: tuple[str, str]  # the days orders_username's orders span
    busiest_status: str  # the status of an order still in progress with the most orders
    used_coupon_code: str  # the coupon used most


def _of(data: dict[Table, list[Item]], table: Table, entity: str) -> list[Item]:
    return [i for i in data[table] if i.get("entity") == entity]


def pick(data: dict[Table, list[Item]]) -> Picks:
    categories = _of(data, CATEGORIES, "Category")
    subtree = Counter(ancestor for c in categories for ancestor in c["path"])
    roots = sorted(
        (c for c in categories if c["depth"] == 0), key=lambda c: -subtree[c["category_id"]]
    )
    leaves = [c for c in categories if subtree[c["category_id"]] == 1]
    products = [p for p in _of(data, PRODUCTS, "Product") if p["is_active"]]
    on_sale = {p["product_id"] for p in products}
    listings = [
        lst
        for lst in _of(data, PRODUCTS, "Listing")
        if lst["is_active"] and lst["product_id"] in on_sale
    ]
    sellers_of = Counter(lst["product_id"] for lst in listings)
    ranked = sorted(
        products, key=lambda p: (-p["rating_count"], -sellers_of[p["product_id"]], p["product_id"])
    )
    users = _of(data, USERS, "User")
    name_of = {u["user_id"]: u["username"] for u in users}
    seller = next(u for u in users if u["username"] == "seller1")
    orders = _of(data, ORDERS, "Order")
    per_user = Counter(o["user_id"] for o in orders)
    orders_user = max(per_user, key=lambda u: (per_user[u], u))
    items_per_order = Counter(i["order_id"] for i in _of(data, ORDER_ITEMS, "OrderItem"))
    order = max(
        (o for o in orders if o["user_id"] == orders_user),
        key=lambda o: (items_per_order[o["order_id"]], o["order_id"]),
    )
    wishlists = Counter(i["pk"] for i in _of(data, WISHLIST, "WishlistItem"))
    carts = Counter(i["pk"] for i in _of(data, CART, "CartItem"))
    coupons = [c for c in _of(data, COUPONS, "Coupon") if c["is_active"]]
    stocked = [(lst["product_id"], lst["seller_id"]) for lst in listings if lst["stock"] >= 20]
    campaigns = sorted(_of(data, CAMPAIGNS, "Campaign"), key=lambda c: c["campaign_id"])
    customers = sorted(u["user_id"] for u in users if u["roles"] == ["customer"])
    words = Counter(w for p in products for w in _words(p["name"]))
    search_word = words.most_common(1)[0][0] if words else "pro"
    beside = Counter(
        w for p in products if search_word in _words(p["name"]) for w in _words(p["name"])
    )
    beside.pop(search_word, None)
    mine = [o for o in orders if o["user_id"] == orders_user]
    order_words = Counter(w for o in mine for w in o.get("product_words", ()))
    statuses = Counter(o["status"] for o in orders if o["status"] in IN_PROGRESS)
    return Picks(
        category_id=roots[0]["category_id"],
        subtree_size=subtree[roots[0]["category_id"]],
        leaf_slug=sorted(leaves, key=lambda c: c["category_id"])[0]["slug"],
        leaf_category_id=sorted(leaves, key=lambda c: c["category_id"])[-1]["category_id"],
        product_id=ranked[0]["product_id"],
        card_ids=[p["product_id"] for p in ranked[:10]],
        seller_id=seller["user_id"],
        seller_username=seller["username"],
        orders_username=name_of[orders_user],
        order_id=order["order_id"],
        wishlist_username=name_of[max(wishlists, key=lambda u: (wishlists[u], u))],
        cart_username=name_of[max(carts, key=lambda u: (carts[u], u))],
        coupon_code=(coupons or _of(data, COUPONS, "Coupon"))[0]["code"],
        listings=sorted(stocked),
        seller_listings=sorted(p for p, s in stocked if s == seller["user_id"]),
        usernames_with_orders=sorted(name_of[u] for u in per_user),
        other_root_id=roots[1]["category_id"] if len(roots) > 1 else roots[0]["category_id"],
        campaign_id=campaigns[0]["campaign_id"] if campaigns else "none",
        campaign_seller_username=name_of[campaigns[0]["seller_id"]] if campaigns else "seller1",
        customer_ids=customers[:3],
        search_word=search_word,
        search_text=" ".join([search_word, *(w[:4] for w, _ in beside.most_common(1))]),
        category_word=max(
            (w for c in categories for w in _words(c["name"])), key=len, default="audio"
        ),
        public_wishlist_id=_public_wishlist(data),
        order_search_word=order_words.most_common(1)[0][0] if order_words else "pro",
        order_days=(
            min(o["created_at"] for o in mine)[:10],
            max(o["created_at"] for o in mine)[:10],
        ),
        busiest_status=statuses.most_common(1)[0][0] if statuses else "CONFIRMED",
        used_coupon_code=_used_coupon(data),
    )


def _words(name: str) -> list[str]:
    return [w.lower() for w in name.split() if len(w) > 3 and w.isalpha()]


def _public_wishlist(data: dict[Table, list[Item]]) -> str:
    public = {w["wishlist_id"] for w in _of(data, WISHLIST, "Wishlist") if w["is_public"]}
    items = Counter(
        i["wishlist_id"] for i in _of(data, WISHLIST, "WishlistItem") if i["wishlist_id"] in public
    )
    return max(sorted(public), key=lambda w: items[w], default="none")


def _used_coupon(data: dict[Table, list[Item]]) -> str:
    code_of = {c["pk"]: c["code"] for c in _of(data, COUPONS, "Coupon")}
    uses = Counter(u["pk"] for u in _of(data, COUPONS, "CouponUsage"))
    busiest = max(sorted(uses), key=lambda pk: uses[pk], default=None)
    return code_of[busiest] if busiest else next(iter(code_of.values()), "NONE")
