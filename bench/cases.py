"""What each contract operation is sent: variables from the demo data, the caller's token,
and for writes the state they need (a cart to check out, an order to cancel), prepared
through the gateway (`bench.driver`) before the timed request."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from bench.case_state import first_offer, listing, new_product, offered_product, seller_product
from bench.cases_writes import WRITES
from bench.contract import Operation
from bench.driver import ADDRESS, BENCH_PASSWORD, Driver, checkout_input
from bench.measure import Prepare, Request, Variables
from bench.picks import Picks
from gateway.demo import DEMO_PASSWORD

CaseFactory = Callable[[Picks, Driver], Prepare]


def _admin(_: Picks) -> str:
    return "admin"


def _read(variables: Variables, username: Callable[[Picks], str] | None = None) -> CaseFactory:
    def factory(picks: Picks, driver: Driver) -> Prepare:
        async def prepare(_: int) -> Request:
            token = await driver.token(username(picks)) if username else None
            return Request(variables, token)

        return prepare

    return factory


def _picked(
    build: Callable[[Picks], Variables], username: Callable[[Picks], str] | None = None
) -> CaseFactory:
    def factory(picks: Picks, driver: Driver) -> Prepare:
        return _read(build(picks), username)(picks, driver)

    return factory


def _write(make: Callable[[Picks, Driver, int], Awaitable[Request]]) -> CaseFactory:
    def factory(picks: Picks, driver: Driver) -> Prepare:
        return functools.partial(make, picks, driver)

    return factory


async def _register(picks: Picks, driver: Driver, run: int) -> Request:
    name = f"bench{driver.tag}r{run}"
    return Request(
        {
            "input": {
                "username": name,
                "email": f"{name}@bench.example.com",
                "password": BENCH_PASSWORD,
                "firstName": "Reg",
                "lastName": "Bench",
            }
        }
    )


async def _logout(picks: Picks, driver: Driver, run: int) -> Request:
    """A session of its own to end: a sign-in first (untimed)."""
    user = await driver.user(run)
    return Request({}, await driver.login(user.username, BENCH_PASSWORD))


async def _update_profile(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    return Request({"input": {"firstName": f"Bench{run}", "phone": "+1-555-555-0100"}}, user.token)


async def _add_address(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    return Request({"input": ADDRESS | {"label": f"Extra {run}"}}, user.token)


async def _become_seller(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    return Request(
        {"storeName": f"Bench Store {driver.tag} {run}", "storeDescription": "Load"}, user.token
    )


async def _create_wishlist(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    return Request({"name": f"List {run}", "isPublic": False}, user.token)


async def _add_to_wishlist(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    created = await driver.call("CreateWishlist", {"name": f"For {run}"}, user.token)
    product_id, _ = listing(picks, run)
    return Request(
        {"wishlistId": created["wishlist"]["id"], "productId": product_id, "priority": 1},
        user.token,
    )


async def _add_to_cart(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    await driver.call("ClearCart", {}, user.token)
    product_id, seller_id = listing(picks, run)
    return Request({"productId": product_id, "sellerId": seller_id, "quantity": 1}, user.token)


async def _with_line(picks: Picks, driver: Driver, run: int, **extra: Any) -> Request:
    user = await driver.user(run)
    product_id, seller_id = listing(picks, run)
    await driver.fill_cart(user, [(product_id, seller_id)])
    return Request({"productId": product_id, "sellerId": seller_id} | extra, user.token)


async def _update_cart_item(picks: Picks, driver: Driver, run: int) -> Request:
    return await _with_line(picks, driver, run, quantity=2)


async def _remove_from_cart(picks: Picks, driver: Driver, run: int) -> Request:
    return await _with_line(picks, driver, run)


async def _clear_cart(picks: Picks, driver: Driver, run: int) -> Request:
    request = await _with_line(picks, driver, run)
    return Request({}, request.token)


async def _checkout(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    await driver.fill_cart(user, [listing(picks, 2 * run), listing(picks, 2 * run + 1)])
    return Request({"input": checkout_input(user)}, user.token)


async def _checkout_preview(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    await driver.fill_cart(user, [listing(picks, 2 * run), listing(picks, 2 * run + 1)])
    return Request({"shippingAddressId": user.address_id, "redeemPoints": 0}, user.token)


async def _checkout_with_points(picks: Picks, driver: Driver, run: int) -> Request:
    """An order placed first (untimed) earns the point the timed checkout spends."""
    user = await driver.user(run)
    await driver.order(user, [listing(picks, 2 * run)])
    await driver.fill_cart(user, [listing(picks, 2 * run + 1)])
    return Request({"input": checkout_input(user) | {"redeemPoints": 1}}, user.token)


async def _cancel_order(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    order_id = await driver.order(user, [listing(picks, run)])
    return Request({"id": order_id}, user.token)


async def _ship_order_item(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    product_id = picks.seller_listings[run % len(picks.seller_listings)]
    order_id = await driver.order(user, [(product_id, picks.seller_id)])
    return Request(
        {
            "orderId": order_id,
            "productId": product_id,
            "courier": "UPS",
            "trackingNumber": f"1Z{run:08d}",
        },
        await driver.token(picks.seller_username),
    )


async def _write_review(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    product_id, _ = listing(picks, run * 13 + 1)
    return Request(
        {"input": {"productId": product_id, "rating": 4, "title": "Bench", "body": "Measured."}},
        user.token,
    )


CAMPAIGN = {
    "channel": "EMAIL",
    "startsAt": "2026-12-01T00:00:00.000Z",
    "endsAt": "2026-12-31T00:00:00.000Z",
    "budget": "100.00",
}


async def _create_campaign(picks: Picks, driver: Driver, run: int) -> Request:
    token = await driver.token(picks.campaign_seller_username)
    return Request({"input": CAMPAIGN | {"name": f"Bench {driver.tag} {run}"}}, token)


async def _campaign(picks: Picks, driver: Driver, run: int) -> tuple[str, str]:
    request = await _create_campaign(picks, driver, run)
    created = await driver.call("CreateCampaign", request.variables, request.token)
    return str(created["campaign"]["id"]), request.token or ""


async def _set_campaign_status(picks: Picks, driver: Driver, run: int) -> Request:
    campaign_id, token = await _campaign(picks, driver, run)
    return Request({"id": campaign_id, "status": "ACTIVE"}, token)


async def _target_users(picks: Picks, driver: Driver, run: int) -> Request:
    campaign_id, token = await _campaign(picks, driver, run)
    return Request({"id": campaign_id, "userIds": picks.customer_ids}, token)


async def _create_category(picks: Picks, driver: Driver, run: int) -> Request:
    # Every case that creates one numbers its runs from 0: a counter keeps slugs unique.
    driver.categories += 1
    slug = f"bench-{driver.tag}-{driver.categories}"
    return Request(
        {"input": {"name": f"Bench {run}", "slug": slug, "parentId": picks.category_id}},
        await driver.token("admin"),
    )


async def _category(picks: Picks, driver: Driver, run: int) -> tuple[str, str]:
    request = await _create_category(picks, driver, run)
    created = await driver.call("CreateCategory", request.variables, request.token)
    return str(created["category"]["id"]), request.token or ""


async def _move_category(picks: Picks, driver: Driver, run: int) -> Request:
    category_id, token = await _category(picks, driver, run)
    return Request({"id": category_id, "newParentId": picks.other_root_id}, token)


async def _delete_category(picks: Picks, driver: Driver, run: int) -> Request:
    category_id, token = await _category(picks, driver, run)
    return Request({"id": category_id}, token)


async def _create_product(picks: Picks, driver: Driver, run: int) -> Request:
    return Request(new_product(picks, run), await driver.token(picks.seller_username))


async def _update_product(picks: Picks, driver: Driver, run: int) -> Request:
    product_id, token = await seller_product(picks, driver, run)
    changes = {"name": f"Bench product {run} renamed", "description": "Edited.", "tags": ["x"]}
    return Request({"id": product_id, "input": changes}, token)


async def _upsert_listing(picks: Picks, driver: Driver, run: int) -> Request:
    """A first offer of the seller's on its new product."""
    product_id, token = await seller_product(picks, driver, run)
    return Request(first_offer(product_id), token)


async def _restock(picks: Picks, driver: Driver, run: int) -> Request:
    product_id, token = await offered_product(picks, driver, run)
    return Request({"productId": product_id, "quantity": 5, "notes": "Bench"}, token)


CASES: dict[str, CaseFactory] = {
    "CategoryTree": _read({}),
    "CategoryPage": _picked(lambda p: {"id": p.category_id, "first": 20}),
    "CategoryBySlug": _picked(lambda p: {"slug": p.leaf_slug}),
    "ProductPage": _picked(lambda p: {"id": p.product_id}),
    "ProductCards": _picked(lambda p: {"ids": p.card_ids}),
    "MoreReviews": _picked(lambda p: {"productId": p.product_id, "first": 10}),
    "SellerStorefront": _picked(lambda p: {"id": p.seller_id, "first": 20}),
    "SellerReviews": _picked(lambda p: {"sellerId": p.seller_id, "first": 10}),
    "SearchProducts": _picked(lambda p: {"text": p.search_word, "first": 10}),
    "CampaignDetail": _picked(
        lambda p: {"id": p.campaign_id, "first": 10}, lambda p: p.campaign_seller_username
    ),
    "CreateCampaign": _write(_create_campaign),
    "SetCampaignStatus": _write(_set_campaign_status),
    "TargetUsers": _write(_target_users),
    "CreateProduct": _write(_create_product),
    "UpdateProduct": _write(_update_product),
    "UpsertListing": _write(_upsert_listing),
    "Restock": _write(_restock),
    "CreateCategory": _write(_create_category),
    "MoveCategory": _write(_move_category),
    "DeleteCategory": _write(_delete_category),
    "ValidateCoupon": _picked(lambda p: {"code": p.coupon_code}),
    "Me": _read({}, lambda p: p.cart_username),
    "MyCart": _read({}, lambda p: p.cart_username),
    "MyRewards": _read({"first": 10}, lambda p: p.orders_username),
    "MyWishlists": _read({}, lambda p: p.wishlist_username),
    "MyOrders": _read({"first": 10}, lambda p: p.orders_username),
    "OrderDetail": _picked(lambda p: {"id": p.order_id}, lambda p: p.orders_username),
    "SellerOrderItems": _read({"first": 10}, lambda p: p.seller_username),
    "StockHistory": _picked(
        lambda p: {"productId": p.product_id, "first": 10}, lambda p: p.seller_username
    ),
    "MyCampaigns": _read({}, lambda p: p.campaign_seller_username),
    "Login": _read({"username": "customer1", "password": DEMO_PASSWORD}),
    "Register": _write(_register),
    "Logout": _write(_logout),
    "UpdateProfile": _write(_update_profile),
    "AddAddress": _write(_add_address),
    "BecomeSeller": _write(_become_seller),
    "CreateWishlist": _write(_create_wishlist),
    "AddToWishlist": _write(_add_to_wishlist),
    "AddToCart": _write(_add_to_cart),
    "UpdateCartItem": _write(_update_cart_item),
    "RemoveFromCart": _write(_remove_from_cart),
    "ClearCart": _write(_clear_cart),
    "Checkout": _write(_checkout),
    "CheckoutPreview": _write(_checkout_preview),
    "CheckoutWithPoints": _write(_checkout_with_points),
    "CancelOrder": _write(_cancel_order),
    "ShipOrderItem": _write(_ship_order_item),
    "WriteReview": _write(_write_review),
    "MyProducts": _read({"first": 20}, lambda p: p.seller_username),
    "SellerDashboard": _read({"lowStockBelow": 10}, lambda p: p.seller_username),
    "MyStockLog": _read({"first": 20}, lambda p: p.seller_username),
    "SharedWishlist": _picked(lambda p: {"id": p.public_wishlist_id}),
    "MyOrdersFiltered": _picked(
        lambda p: {
            "from": p.order_days[0],
            "to": p.order_days[1],
            "search": p.order_search_word,
            "first": 10,
        },
        lambda p: p.orders_username,
    ),
    "MyOrderStats": _read({}, lambda p: p.orders_username),
    "OrdersByStatus": _picked(lambda p: {"status": p.busiest_status, "first": 20}, _admin),
    "CouponUsage": _picked(lambda p: {"code": p.used_coupon_code, "first": 10}, _admin),
    "Search": _picked(lambda p: {"text": p.search_text, "first": 10}),
    "SearchSuggestions": _picked(lambda p: {"prefix": p.search_word[:4]}),
    "FindCategories": _picked(lambda p: {"text": p.category_word}),
    "AllCategories": _read({}),
    # Stock is a filter no key condition holds: the page reads ahead, as a shopper's does.
    "FilteredCategoryPage": _picked(
        lambda p: {
            "id": p.category_id,
            "first": 20,
            "sort": "PRICE_DESC",
            "filter": {"inStock": True},
        }
    ),
} | {name: _write(make) for name, make in WRITES.items()}


def prepare_for(operation: Operation, picks: Picks, driver: Driver) -> Prepare:
    """How to prepare each run of the operation; unknown ones are sent without variables."""
    factory = CASES.get(operation.name, _read({}))
    return factory(picks, driver)
