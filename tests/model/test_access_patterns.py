"""The declared access patterns are what the gateway does: a shopper's journey through the
real app (browse, product page, sign-in, address, cart, checkout, orders, cancel) makes
only requests that `loaders/access_patterns.py` declares, by operation, table and index."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

import gateway.app
from gateway.app import create_app
from gateway.lifespan import open_client
from gateway.passwords import hash_password
from gateway.settings import Settings
from loaders.access_patterns import ACCESS_PATTERNS, TRANSACTIONS
from loaders.dynamo import DynamoClient
from loaders.model import entity
from tests import operations
from tests.accounts.factories import PASSWORD, bearer, mint, registration, write_account
from tests.contract_files.examples import example
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient
from tests.model.stores import store_with_kettle

Request = tuple[str, str, str | None]  # operation, logical table, index


def _single(settings: Settings, operation: str, params: dict[str, Any]) -> list[Request]:
    def logical(name: str) -> str:
        return name.removeprefix(settings.table_prefix)

    if operation == "BatchGetItem":
        return [(operation, logical(name), None) for name in params["RequestItems"]]
    return [(operation, logical(params["TableName"]), params.get("IndexName"))]


@pytest.fixture(scope="module")
def recorded() -> list[tuple[str, dict[str, Any]]]:
    return []


@pytest.fixture(scope="module")
def recording(
    recorded: list[tuple[str, dict[str, Any]]],
) -> Iterator[None]:
    """Every request the app's client sends is recorded (operation and parameters)."""

    @asynccontextmanager
    async def recording_client(settings: Settings) -> AsyncIterator[DynamoClient]:
        async with open_client(settings) as client:

            def record(params: dict[str, Any], model: Any, **_: Any) -> None:
                recorded.append((model.name, params))

            client.meta.events.register("before-parameter-build.dynamodb", record)
            yield client

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(gateway.app, "open_client", recording_client)
        yield


@pytest.fixture(scope="module")
async def journey(
    recording: None,
    recorded: list[tuple[str, dict[str, Any]]],
    settings: Settings,
    dynamodb: DynamoClient,
    catalog: Catalog,
) -> list[tuple[str, dict[str, Any]]]:
    """A shopper's journey, on a product and seller of its own (the catalog only read)."""
    sid, pid = store_with_kettle(settings, "model", "Model Store")
    account = write_account(settings, hash_password(PASSWORD), "Journey")
    app = create_app(settings)
    async with app.router.lifespan_context(app), GraphQLClient.over(app) as graphql:
        await graphql(example("CategoryTree"))
        await graphql(example("CategoryPage"), {"slug": "headphones", "first": 5})
        await graphql(example("ProductPage"), {"id": "p-studio"})
        login = await graphql(
            example("Login"), {"username": account.username, "password": PASSWORD}
        )
        headers = bearer(login.data["login"]["token"])
        await graphql(
            "mutation Address($input: AddressInput!) { addAddress(input: $input) {"
            " address { id } errors { code } } }",
            {
                "input": {
                    "recipient": "J",
                    "line1": "1 Way",
                    "city": "X",
                    "postalCode": "1",
                    "country": "US",
                }
            },
            headers=headers,
        )
        me = await graphql(example("MyCart"), headers=headers)
        address_id = me.data["viewer"]["addresses"][0]["id"]
        variables = {"productId": pid, "sellerId": sid, "quantity": 2}
        await graphql(example("AddToCart"), variables, headers=headers)
        await graphql(example("MyCart"), headers=headers)
        preview = {"couponCode": "NONE", "shippingAddressId": address_id, "redeemPoints": 0}
        await graphql(
            operations.operation("discovery.graphql", "CheckoutPreview"), preview, headers=headers
        )
        checkout = await graphql(
            example("Checkout"),
            {
                "input": {
                    "shippingAddressId": address_id,
                    "paymentMethod": "CARD",
                    "idempotencyKey": str(uuid.uuid4()),
                }
            },
            headers=headers,
        )
        order_id = checkout.data["checkout"]["order"]["id"]
        await graphql(example("MyOrders"), headers=headers)
        await graphql(example("OrderDetail"), {"id": order_id}, headers=headers)
        cancelled = await graphql(example("CancelOrder"), {"id": order_id}, headers=headers)
        assert cancelled.data["cancelOrder"]["order"]["status"] == "CANCELLED"
        await _more(graphql, headers, address_id, sid, pid)
    return list(recorded)


async def _ok(graphql: GraphQLClient, query: str, variables: dict[str, Any], **kw: Any) -> Any:
    """The mutation's payload, which must carry no user errors."""
    data = (await graphql(query, variables, **kw)).data
    (payload,) = data.values()
    assert payload["errors"] == [], payload["errors"]
    return payload


async def _more(
    graphql: GraphQLClient, headers: dict[str, str], address_id: str, sid: str, pid: str
) -> None:
    """The rest of the journey: a second order, shipped by its seller; a review; a
    wishlist; rewards; the seller's storefront; a new account, signed in by email."""
    await graphql(example("AddToCart"), {"productId": pid, "sellerId": sid, "quantity": 1},
                  headers=headers)  # fmt: skip
    checkout = {"shippingAddressId": address_id, "paymentMethod": "CARD",
                "idempotencyKey": str(uuid.uuid4())}  # fmt: skip
    order = await _ok(graphql, example("Checkout"), {"input": checkout}, headers=headers)
    seller_headers = bearer(mint({"sub": sid, "roles": ["customer", "seller"]}))
    sold = await graphql(
        "{ viewer { sellerOrderItems(first: 5) { nodes { order { id } } } } }",
        headers=seller_headers,
    )
    assert sold.data["viewer"]["sellerOrderItems"]["nodes"][0]["order"]["id"]
    ship = (
        'mutation($o: ID!, $p: ID!) { shipOrderItem(orderId: $o, productId: $p, courier: "UPS",'
        ' trackingNumber: "1Z") { item { status } errors { code } } }'
    )
    await _ok(graphql, ship, {"o": order["order"]["id"], "p": pid}, headers=seller_headers)
    review = {"productId": pid, "rating": 5, "title": "Boils fast", "body": "It does."}
    await _ok(
        graphql,
        "mutation($i: ReviewInput!) { writeReview(input: $i) { review { id } errors { code } } }",
        {"i": review},
        headers=headers,
    )
    wishlist = await _ok(
        graphql,
        'mutation { createWishlist(name: "Later") { wishlist { id } errors { code } } }',
        {},
        headers=headers,
    )
    await _ok(
        graphql,
        "mutation($w: ID!, $p: ID!) { addToWishlist(wishlistId: $w, productId: $p) {"
        " wishlist { id } errors { code } } }",
        {"w": wishlist["wishlist"]["id"], "p": pid},
        headers=headers,
    )
    await graphql(
        "{ viewer { wishlists { items { product { id } } } rewards(first: 5) { nodes { points } } } }",
        headers=headers,
    )
    await graphql(
        "query($s: ID!) { seller(id: $s) { storeName products(first: 5) { nodes { id } }"
        " reviews(first: 5) { nodes { id } } } }",
        {"s": sid},
    )
    account = registration()
    await _ok(
        graphql,
        "mutation($i: RegisterInput!) { register(input: $i) { token errors { code } } }",
        {"i": account},
    )
    await _ok(graphql, example("Login"), {"username": account["email"], "password": PASSWORD})


def _transactions(
    journey: list[tuple[str, dict[str, Any]]], settings: Settings
) -> list[tuple[list[tuple[str, str]], set[str]]]:
    """Each transaction made, as its (table, action) pairs, with the declared transactions
    whose actions include them all."""
    declared = {
        t.name: {(entity(name).table.name, action) for name, action in t.actions}
        for t in TRANSACTIONS
    }
    made = []
    for operation, params in journey:
        if operation == "TransactWriteItems":
            actions = {
                (body["TableName"].removeprefix(settings.table_prefix), action)
                for item in params["TransactItems"]
                for action, body in item.items()
            }
            matches = {name for name, allowed in declared.items() if actions <= allowed}
            made.append((sorted(actions), matches))
    return made


def test_the_journey_makes_every_kind_of_request(
    journey: list[tuple[str, dict[str, Any]]], settings: Settings
) -> None:
    operations = {operation for operation, _ in journey}
    assert {"Scan", "Query", "BatchGetItem", "GetItem", "PutItem"} <= operations
    matched = set().union(*(matches for _, matches in _transactions(journey, settings)))
    assert {
        "register_user", "add_address", "checkout", "cancel_order", "ship_order_item",
        "write_review", "add_wishlist_item",
    } <= matched  # fmt: skip


def test_every_request_is_a_declared_access_pattern(
    journey: list[tuple[str, dict[str, Any]]], settings: Settings
) -> None:
    declared = {(p.operation, entity(p.entity).table.name, p.index) for p in ACCESS_PATTERNS}
    made = {
        request
        for operation, params in journey
        if operation != "TransactWriteItems"
        for request in _single(settings, operation, params)
    }
    assert made - declared == set(), "declare these in loaders/access_patterns.py"


def test_every_transaction_is_a_declared_one(
    journey: list[tuple[str, dict[str, Any]]], settings: Settings
) -> None:
    undeclared = [actions for actions, matches in _transactions(journey, settings) if not matches]
    assert undeclared == [], "declare these in loaders/access_patterns.py TRANSACTIONS"
