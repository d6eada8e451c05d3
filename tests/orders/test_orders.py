"""A user's orders and one order: the owner sees them, nobody else does."""

from __future__ import annotations

import pytest

from gateway.settings import Settings
from tests.accounts.factories import table, write_account
from tests.cart.factories import Shopper, shopper, shoppers
from tests.graphql_client import GraphQLClient
from tests.orders.factories import admin_headers, operation, place, stocked, store


async def test_my_orders_lists_newest_first_with_items_in_three_rounds(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, _ = store(settings)
    buyer = shopper(settings)
    one, two = stocked(settings, seller_id, 10, 2500), stocked(settings, seller_id, 10)
    first = await place(graphql, settings, buyer, [(one, 2), (two, 1)])
    second = await place(graphql, settings, buyer, [(two, 3)])
    response = await graphql(operation("MyOrders"), {}, headers=buyer.headers)
    found = response.data["viewer"]["orders"]
    assert found["totalCount"] == 2
    assert [e["node"]["id"] for e in found["edges"]] == [second, first]
    older = found["edges"][1]["node"]
    assert older["status"] == "CONFIRMED"
    assert older["itemCount"] == 3
    assert older["total"] == {"amount": "60.00", "currencyCode": "USD"}
    items = {i["product"]["id"]: i for i in older["items"]}
    assert items[one.product_id]["quantity"] == 2
    assert items[one.product_id]["productName"] == one.name
    assert items[one.product_id]["status"] == "PENDING"
    assert items[one.product_id]["seller"]["id"] == seller_id
    assert items[one.product_id]["seller"]["storeName"] == f"Store {seller_id[-6:]}"
    assert found["pageInfo"]["hasNextPage"] is False
    # the profile with the orders page (which holds them all: it is the count too); each
    # order's items; products and sellers
    assert response.call_count("BatchGetItem") == 2
    assert response.call_count("Query") == 3
    assert response.body["extensions"]["dynamodb"]["rounds"] == 3


async def test_my_orders_pages_and_filters_by_status(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, _ = store(settings)
    buyer = shopper(settings)
    line = stocked(settings, seller_id, 20)
    placed = [await place(graphql, settings, buyer, [(line, 1)]) for _ in range(3)]
    cancelled = await graphql(operation("CancelOrder"), {"id": placed[1]}, headers=buyer.headers)
    assert cancelled.data["cancelOrder"]["errors"] == []
    page = await graphql(operation("MyOrders"), {"first": 2}, headers=buyer.headers)
    orders = page.data["viewer"]["orders"]
    assert [e["node"]["id"] for e in orders["edges"]] == [placed[2], placed[1]]
    assert orders["pageInfo"]["hasNextPage"] is True
    # A page that does not hold them all: the count is a Query of its own.
    assert orders["totalCount"] == 3
    assert page.call_count("Query") == 1 + 1 + 2  # page, count, each order's items
    rest = await graphql(
        operation("MyOrders"),
        {"first": 2, "after": orders["pageInfo"]["endCursor"]},
        headers=buyer.headers,
    )
    assert [e["node"]["id"] for e in rest.data["viewer"]["orders"]["edges"]] == [placed[0]]
    assert rest.data["viewer"]["orders"]["totalCount"] == 3  # a later page: counted whole
    confirmed = await graphql(
        operation("MyOrders"), {"first": 1, "status": "CONFIRMED"}, headers=buyer.headers
    )
    found = confirmed.data["viewer"]["orders"]
    assert found["totalCount"] == 2
    assert [e["node"]["id"] for e in found["edges"]] == [placed[2]]
    after = found["pageInfo"]["endCursor"]
    more = await graphql(
        operation("MyOrders"),
        {"first": 1, "status": "CONFIRMED", "after": after},
        headers=buyer.headers,
    )
    assert [e["node"]["id"] for e in more.data["viewer"]["orders"]["edges"]] == [placed[0]]
    elsewhere = await graphql(
        operation("MyOrders"), {"status": "CANCELLED", "after": after}, headers=buyer.headers
    )
    assert elsewhere.error_codes == ["BAD_USER_INPUT"]


async def test_my_orders_is_null_when_anonymous(graphql: GraphQLClient) -> None:
    response = await graphql(operation("MyOrders"), {})
    assert response.data == {"viewer": None}


async def test_order_detail_as_owner(graphql: GraphQLClient, settings: Settings) -> None:
    seller_id, _ = store(settings)
    buyer = shopper(settings)
    line = stocked(settings, seller_id, 5, 1500)
    order_id = await place(graphql, settings, buyer, [(line, 2)])
    response = await graphql(operation("OrderDetail"), {"id": order_id}, headers=buyer.headers)
    order = response.data["order"]
    assert order["id"] == order_id
    assert order["customer"] == {"id": buyer.user_id, "username": buyer.user_id}
    assert order["subtotal"]["amount"] == "30.00"
    assert order["shipping"]["amount"] == "4.99"
    assert order["total"]["amount"] == "34.99"
    assert order["updatedAt"] == order["createdAt"]
    assert order["shippingAddress"]["city"] == "Springfield"
    assert order["payment"] == {"method": "CARD", "status": "AUTHORIZED"}
    (item,) = order["items"]
    assert item["unitPrice"]["amount"] == "15.00"
    assert item["lineTotal"]["amount"] == "30.00"
    assert item["courier"] is None
    assert item["product"]["id"] == line.product_id
    assert item["seller"]["id"] == seller_id
    # the order by id, its items and the category tree; the customer, products and sellers
    assert (response.call_count("Query"), response.call_count("Scan")) == (2, 1)
    assert response.call_count("BatchGetItem") == 1
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2


@pytest.mark.parametrize(
    "as_admin", [pytest.param(True, id="admin"), pytest.param(False, id="another-user")]
)
async def test_order_detail_for_others(
    graphql: GraphQLClient, settings: Settings, as_admin: bool
) -> None:
    seller_id, _ = store(settings)
    buyer, other = shoppers(settings, 2)
    order_id = await place(graphql, settings, buyer, [(stocked(settings, seller_id, 5), 1)])
    headers = admin_headers() if as_admin else other.headers
    response = await graphql(operation("OrderDetail"), {"id": order_id}, headers=headers)
    if as_admin:
        assert response.data["order"]["customer"]["id"] == buyer.user_id
    else:
        assert response.data == {"order": None}


async def test_order_detail_needs_sign_in(graphql: GraphQLClient) -> None:
    response = await graphql(operation("OrderDetail"), {"id": "nope"})
    assert response.error_codes == ["UNAUTHENTICATED"]


async def test_order_detail_with_a_session_reads_the_callers_profile_with_it(
    graphql: GraphQLClient, settings: Settings
) -> None:
    account = write_account(settings, "unused-hash")
    address_id = "a-" + account.user_id
    table(settings, "Users").put_item(Item={
        "pk": account.user_id, "sk": f"ADDRESS#{address_id}", "entity": "Address",
        "address_id": address_id, "recipient": "Ada", "line1": "1 Main St",
        "city": "Springfield", "postal_code": "12345", "country": "US", "is_default": True,
        "created_at": "2026-01-01T00:00:00.000Z",
    })  # fmt: skip
    buyer = Shopper(account.user_id, address_id, account.token)
    seller_id, _ = store(settings)
    order_id = await place(graphql, settings, buyer, [(stocked(settings, seller_id, 5), 1)])
    response = await graphql(operation("OrderDetail"), {"id": order_id}, headers=buyer.headers)
    assert response.data["order"]["customer"]["id"] == account.user_id
    # The session and the caller's profile in one batch, with the order, its items and the
    # tree; then the products and sellers: the floor's five calls in two rounds.
    batches = [c["keys"] for c in response.calls if c["operation"] == "BatchGetItem"]
    assert batches[0] == 2
    assert response.call_count() == 5
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2


async def test_my_orders_read_with_the_session_shows_nothing_once_it_ended(
    graphql: GraphQLClient, settings: Settings
) -> None:
    account = write_account(settings, "unused-hash")
    live = await graphql(operation("MyOrders"), {}, headers=account.headers)
    assert live.data["viewer"]["orders"] == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {"hasNextPage": False, "endCursor": None},
    }
    # the session, the profile, the page and its count go out in one round
    assert live.body["extensions"]["dynamodb"]["rounds"] == 1
    logout = await graphql("mutation { logout { ok } }", headers=account.headers)
    assert logout.data == {"logout": {"ok": True}}
    ended = await graphql(operation("MyOrders"), {}, headers=account.headers)
    assert ended.error_codes == ["UNAUTHENTICATED"]
    assert ended.body["data"] == {"viewer": None}
