"""What each contract operation is sent: variables from the demo data, the caller's token,
and for writes the state they need (a cart to check out, an order to cancel), prepared
through the gateway before the timed request."""

from __future__ import annotations

import functools
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bench.contract import Operation
from bench.measure import Prepare, Request, Variables
from bench.picks import Picks
from bench.targets import AsgiTarget
from gateway.demo import DEMO_PASSWORD

BENCH_PASSWORD = "bench-password-0123"


class PreparationFailed(Exception):
    """A request the bench sends to set a write up was refused."""


@dataclass
class PoolUser:
    token: str
    user_id: str
    address_id: str
    username: str


@dataclass
class Driver:
    """Untimed calls to the gateway that sign users in and set state up."""

    gateway: AsgiTarget
    documents: dict[str, str]
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    tokens: dict[str, str] = field(default_factory=dict)
    pool: dict[int, PoolUser] = field(default_factory=dict)
    categories: int = 0  # categories created so far

    async def call(self, name: str, variables: Variables, token: str | None = None) -> Any:
        if name not in self.documents:
            raise PreparationFailed(f"the contract has no {name}")
        body = await self.gateway.post(self.documents[name], Request(variables, token), trace=False)
        data = body.get("data") or {}
        field_value = next(iter(data.values()), None) if data else None
        problems = body.get("errors") or (
            field_value.get("errors") if isinstance(field_value, dict) else None
        )
        if problems or field_value is None:
            raise PreparationFailed(f"{name} {variables}: {problems or body}")
        return field_value

    async def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        answer = await self.call("Login", {"username": username, "password": password})
        return str(answer["token"])

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = await self.login(username)
        return self.tokens[username]

    async def user(self, index: int) -> PoolUser:
        """A user of the bench's own, registered on first use, with an address."""
        if index not in self.pool:
            self.pool[index] = await self._register(f"bench{self.tag}u{index}")
        return self.pool[index]

    async def _register(self, name: str) -> PoolUser:
        problem: PreparationFailed | None = None
        for attempt in range(3):  # a retried name, should a sign-up fail under load
            username = name if attempt == 0 else f"{name}x{attempt}"
            try:
                registered = await self.call(
                    "Register",
                    {
                        "input": {
                            "username": username,
                            "email": f"{username}@bench.example.com",
                            "password": BENCH_PASSWORD,
                            "firstName": "Bench",
                            "lastName": "User",
                        }
                    },
                )
                token = str(registered["token"])
                added = await self.call("AddAddress", {"input": ADDRESS}, token)
            except PreparationFailed as failed:
                print(f"bench: could not set user {username} up: {failed}", file=sys.stderr)
                problem = failed
                continue
            user_id = str(registered["user"]["id"])
            return PoolUser(token, user_id, str(added["address"]["id"]), username)
        assert problem is not None
        raise problem

    async def fill_cart(self, user: PoolUser, lines: list[tuple[str, str]]) -> None:
        await self.call("ClearCart", {}, user.token)
        for product_id, seller_id in lines:
            await self.call(
                "AddToCart",
                {"productId": product_id, "sellerId": seller_id, "quantity": 1},
                user.token,
            )

    async def order(self, user: PoolUser, lines: list[tuple[str, str]]) -> str:
        await self.fill_cart(user, lines)
        placed = await self.call("Checkout", {"input": checkout_input(user)}, user.token)
        return str(placed["order"]["id"])


ADDRESS = {
    "label": "Bench",
    "recipient": "Bench User",
    "line1": "1 Load Street",
    "city": "Springfield",
    "postalCode": "12345",
    "country": "US",
}


def checkout_input(user: PoolUser) -> Variables:
    return {
        "shippingAddressId": user.address_id,
        "paymentMethod": "CARD",
        "idempotencyKey": uuid.uuid4().hex,
    }


CaseFactory = Callable[[Picks, Driver], Prepare]


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


def _listing(picks: Picks, run: int) -> tuple[str, str]:
    return picks.listings[(run * 7) % len(picks.listings)]


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
    product_id, _ = _listing(picks, run)
    return Request(
        {"wishlistId": created["wishlist"]["id"], "productId": product_id, "priority": 1},
        user.token,
    )


async def _add_to_cart(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    await driver.call("ClearCart", {}, user.token)
    product_id, seller_id = _listing(picks, run)
    return Request({"productId": product_id, "sellerId": seller_id, "quantity": 1}, user.token)


async def _with_line(picks: Picks, driver: Driver, run: int, **extra: Any) -> Request:
    user = await driver.user(run)
    product_id, seller_id = _listing(picks, run)
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
    await driver.fill_cart(user, [_listing(picks, 2 * run), _listing(picks, 2 * run + 1)])
    return Request({"input": checkout_input(user)}, user.token)


async def _cancel_order(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    order_id = await driver.order(user, [_listing(picks, run)])
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
    product_id, _ = _listing(picks, run * 13 + 1)
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
    "CancelOrder": _write(_cancel_order),
    "ShipOrderItem": _write(_ship_order_item),
    "WriteReview": _write(_write_review),
}


def prepare_for(operation: Operation, picks: Picks, driver: Driver) -> Prepare:
    """How to prepare each run of the operation; unknown ones are sent without variables."""
    factory = CASES.get(operation.name, _read({}))
    return factory(picks, driver)
