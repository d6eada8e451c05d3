"""The customers' operations (account settings, orders after checkout) make only the
requests and transactions that `loaders/access_patterns.py` declares: a journey of their
own through the real app, recorded as `test_access_patterns.py` records the shopper's."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from gateway.app import create_app
from gateway.mail import verify_sender
from gateway.passwords import hash_password
from gateway.settings import Settings
from loaders.access_patterns import ACCESS_PATTERNS
from loaders.dynamo import DynamoClient
from loaders.model import entity
from tests import operations
from tests.accounts.factories import PASSWORD, bearer, mint, registration, write_account
from tests.accounts.mailbox import last_code
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient
from tests.model.stores import store_with_kettle
from tests.model.test_access_patterns import (
    _ok,
    _single,
    _transactions,
    recorded,
    recording,
)

__all__ = ["recorded", "recording"]  # the fixtures, shared with the shopper's journey

ADDRESS = {"recipient": "J", "line1": "1 Way", "city": "X", "postalCode": "1", "country": "US"}


def settings_op(name: str) -> str:
    return operations.operation("account_settings.graphql", name)


def lifecycle(name: str) -> str:
    return operations.operation("orders_lifecycle.graphql", name)


@pytest.fixture(scope="module")
async def customer_journey(
    recording: None,
    recorded: list[tuple[str, dict[str, Any]]],
    settings: Settings,
    dynamodb: DynamoClient,
    catalog: Catalog,
) -> list[tuple[str, dict[str, Any]]]:
    sid, pid = store_with_kettle(settings, "cj", "Journey Store")
    account = write_account(settings, hash_password(PASSWORD), "Journey")
    await verify_sender(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app), GraphQLClient.over(app) as graphql:
        headers = account.headers
        home = await _ok(graphql, "mutation($i: AddressInput!) { addAddress(input: $i) { address { id } errors { code } } }", {"i": ADDRESS}, headers=headers)  # fmt: skip
        work = await _ok(graphql, "mutation($i: AddressInput!) { addAddress(input: $i) { address { id } errors { code } } }", {"i": ADDRESS}, headers=headers)  # fmt: skip
        await _ok(graphql, settings_op("UpdateAddress"), {"id": work["address"]["id"], "input": ADDRESS | {"isDefault": True}}, headers=headers)  # fmt: skip
        await _ok(graphql, settings_op("DeleteAddress"), {"id": work["address"]["id"]}, headers=headers)  # fmt: skip
        listed = await _ok(graphql, 'mutation { createWishlist(name: "Later", isPublic: true) { wishlist { id } errors { code } } }', {}, headers=headers)  # fmt: skip
        wishlist_id = listed["wishlist"]["id"]
        await _ok(graphql, "mutation($w: ID!, $p: ID!) { addToWishlist(wishlistId: $w, productId: $p) { wishlist { id } errors { code } } }", {"w": wishlist_id, "p": pid}, headers=headers)  # fmt: skip
        await graphql(settings_op("SharedWishlist"), {"id": wishlist_id})
        await _ok(graphql, settings_op("RemoveFromWishlist"), {"wishlistId": wishlist_id, "productId": pid}, headers=headers)  # fmt: skip
        await _ok(graphql, settings_op("DeleteWishlist"), {"id": wishlist_id}, headers=headers)
        await graphql("mutation($p: ID!, $s: ID!) { addToCart(productId: $p, sellerId: $s, quantity: 1) { errors { code } } }", {"p": pid, "s": sid}, headers=headers)  # fmt: skip
        checkout = {"shippingAddressId": home["address"]["id"], "paymentMethod": "CARD", "idempotencyKey": str(uuid.uuid4())}  # fmt: skip
        placed = await _ok(graphql, "mutation($i: CheckoutInput!) { checkout(input: $i) { order { id } errors { code } } }", {"i": checkout}, headers=headers)  # fmt: skip
        order_id = placed["order"]["id"]
        seller_headers = bearer(mint({"sub": sid, "roles": ["customer", "seller"]}))
        await _ok(graphql, 'mutation($o: ID!, $p: ID!) { shipOrderItem(orderId: $o, productId: $p, courier: "UPS", trackingNumber: "1Z") { item { status } errors { code } } }', {"o": order_id, "p": pid}, headers=seller_headers)  # fmt: skip
        await _ok(graphql, lifecycle("MarkDelivered"), {"orderId": order_id, "productId": pid}, headers=seller_headers)  # fmt: skip
        await _ok(graphql, lifecycle("ReturnItem"), {"orderId": order_id, "productId": pid, "reason": "Loud"}, headers=headers)  # fmt: skip
        await graphql(lifecycle("MyOrdersFiltered"), {"search": "kettle", "from": "2020-01-01"}, headers=headers)  # fmt: skip
        await graphql(lifecycle("MyOrdersFiltered"), {"to": "2099-01-01"}, headers=headers)
        await graphql("{ viewer { orders(status: RETURNED, from: \"2020-01-01\") { edges { node { id } } } } }", headers=headers)  # fmt: skip
        await graphql(lifecycle("MyOrderStats"), headers=headers)
        admin = bearer(mint({"sub": "u-cj-admin", "roles": ["customer", "admin"]}))
        await graphql(lifecycle("OrdersByStatus"), {"status": "RETURNED", "first": 5}, headers=admin)  # fmt: skip
        coupon_code = f"CJ{uuid.uuid4().hex[:8]}".upper()
        coupon = {"code": coupon_code, "discountType": "PERCENT", "discountValue": "10", "validUntil": "2036-01-01T00:00:00.000Z", "usageLimit": 5}  # fmt: skip
        await _ok(graphql, lifecycle("CreateCoupon"), {"input": coupon}, headers=admin)
        await graphql(lifecycle("CouponUsage"), {"code": coupon_code}, headers=admin)
        await _ok(graphql, settings_op("ChangePassword"), {"currentPassword": PASSWORD, "newPassword": "journey passphrase"}, headers=headers)  # fmt: skip
        await _ok(graphql, settings_op("RequestPasswordReset"), {"email": account.email})
        code = last_code(settings, account.email)
        wrong = f"{(int(code) + 1) % 1_000_000:06d}"
        reset = {"email": account.email, "newPassword": "another passphrase"}
        await graphql(settings_op("ResetPassword"), reset | {"code": wrong})
        await _ok(graphql, settings_op("ResetPassword"), reset | {"code": code})
        await _ok(graphql, settings_op("RegisterSeller"), {"input": registration(storeName="Journey")})  # fmt: skip
    return list(recorded)


def test_the_customers_requests_are_declared(
    customer_journey: list[tuple[str, dict[str, Any]]], settings: Settings
) -> None:
    declared = {(p.operation, entity(p.entity).table.name, p.index) for p in ACCESS_PATTERNS}
    made = {
        request
        for operation, params in customer_journey
        if operation != "TransactWriteItems"
        for request in _single(settings, operation, params)
    }
    assert {("Query", "Orders", "StatusDateIndex"), ("Query", "Orders", "AmountIndex")} <= made
    assert made - declared == set(), "declare these in loaders/access_patterns.py"


def test_the_customers_transactions_are_declared(
    customer_journey: list[tuple[str, dict[str, Any]]], settings: Settings
) -> None:
    made = _transactions(customer_journey, settings)
    assert [actions for actions, matches in made if not matches] == []
    matched = set().union(*(matches for _, matches in made))
    assert {
        "update_address", "delete_address", "delete_wishlist", "mark_order_item_delivered",
        "return_order_item", "set_password",
    } <= matched  # fmt: skip
