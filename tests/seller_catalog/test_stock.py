"""restock and stockTransactions over HTTP: every stock change is in the audit log, and
its changes add up to the stock's movement since the product was first listed."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.cart.factories import Stocked, checkout_input, put_cart_line, shopper
from tests.cart.factories import operation as cart_operation
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.seller_catalog.factories import (
    ADMIN,
    CUSTOMER,
    SELLER,
    Person,
    listed,
    listing_item,
    new_product,
    operation,
    payload_codes,
    person,
    root_category,
    stock_transactions,
)


async def restock(
    graphql: GraphQLClient, who: Person, product_id: str, quantity: int, notes: str | None = None
) -> GraphQLResponse:
    variables = {"productId": product_id, "quantity": quantity, "notes": notes}
    return await graphql(operation("Restock"), variables, headers=who.headers)


async def history(
    graphql: GraphQLClient,
    headers: dict[str, str],
    product_id: str,
    first: int | None = None,
    after: str | None = None,
) -> GraphQLResponse:
    variables = {"productId": product_id, "first": first, "after": after}
    return await graphql(operation("StockHistory"), variables, headers=headers)


def nodes(response: GraphQLResponse) -> list[dict[str, Any]]:
    return [edge["node"] for edge in response.data["stockTransactions"]["edges"]]


async def listed_product(
    graphql: GraphQLClient, isolated: Isolated, stock: int
) -> tuple[Person, str]:
    seller = person(isolated.settings, SELLER)
    product_id = await new_product(graphql, seller, root_category(isolated.settings))
    await listed(graphql, seller, product_id, "10", stock)
    return seller, product_id


async def test_restock_adds_to_the_sellers_listing(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, product_id = await listed_product(isolated_graphql, isolated, stock=4)
    response = await restock(isolated_graphql, seller, product_id, 6, "  Spring delivery ")
    assert response.data["restock"] == {"listing": {"stock": 10}, "errors": []}
    # The listing and the product in one round, then one transaction.
    assert response.call_count() == 3
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2
    assert response.call_count("TransactWriteItems") == 1
    assert listing_item(isolated.settings, product_id, seller.user_id)["stock"] == 10
    (record,) = stock_transactions(isolated.settings, product_id)
    assert record["transaction_type"] == "restock"
    assert (record["stock_before"], record["stock_after"], record["quantity_change"]) == (4, 10, 6)
    assert record["performed_by"] == seller.user_id
    assert record["seller_id"] == seller.user_id
    assert record["notes"] == "Spring delivery"
    assert record["gsi2pk"] == seller.user_id


async def test_who_may_restock(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    seller, product_id = await listed_product(isolated_graphql, isolated, stock=1)
    other = await restock(isolated_graphql, person(isolated.settings, SELLER), product_id, 1)
    assert payload_codes(other, "restock") == ["NOT_FOUND"]  # they have no listing of it
    admin = await restock(isolated_graphql, person(isolated.settings, ADMIN), product_id, 1)
    assert admin.error_codes == ["FORBIDDEN"]
    anonymous = await isolated_graphql(
        operation("Restock"), {"productId": product_id, "quantity": 1}
    )
    assert anonymous.error_codes == ["UNAUTHENTICATED"]
    assert listing_item(isolated.settings, product_id, seller.user_id)["stock"] == 1
    assert stock_transactions(isolated.settings, product_id) == []


async def test_restock_refuses_a_quantity_below_one(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, product_id = await listed_product(isolated_graphql, isolated, stock=1)
    response = await restock(isolated_graphql, seller, product_id, 0)
    errors = response.data["restock"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_INPUT", ["quantity"])]
    assert response.call_count() == 0


async def test_stock_history_adds_up_to_the_stock_change(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, product_id = await listed_product(isolated_graphql, isolated, stock=10)
    await listed(isolated_graphql, seller, product_id, "10", 7)  # manual: -3
    await restock(isolated_graphql, seller, product_id, 5, "Pallet")  # +5
    await listed(isolated_graphql, seller, product_id, "12", 12)  # a price change only
    buyer = shopper(isolated.settings)
    put_cart_line(
        isolated.settings, buyer.user_id, Stocked(product_id, seller.user_id, "", 1000), 2
    )
    placed = await isolated_graphql(
        cart_operation("Checkout"), checkout_input(buyer), headers=buyer.headers
    )
    order_id = placed.data["checkout"]["order"]["id"]
    response = await history(isolated_graphql, seller.headers, product_id)
    found = nodes(response)
    assert [
        (n["type"], n["quantityChange"], n["stockBefore"], n["stockAfter"], n["performedBy"])
        for n in found
    ] == [
        ("ORDER_PLACED", -2, 12, 10, buyer.user_id),
        ("RESTOCK", 5, 7, 12, seller.user_id),
        ("MANUAL_ADJUSTMENT", -3, 10, 7, seller.user_id),
    ]
    assert [n["order"] for n in found] == [{"id": order_id}, None, None]
    assert [n["notes"] for n in found] == [None, "Pallet", None]
    stock_now = listing_item(isolated.settings, product_id, seller.user_id)["stock"]
    assert sum(n["quantityChange"] for n in found) == stock_now - 10
    assert response.call_count() == 1  # one index Query


async def test_stock_history_pages_newest_first(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, product_id = await listed_product(isolated_graphql, isolated, stock=0)
    for quantity in (1, 2, 3):
        await restock(isolated_graphql, seller, product_id, quantity)
    first = await history(isolated_graphql, seller.headers, product_id, first=2)
    assert [n["quantityChange"] for n in nodes(first)] == [3, 2]
    info = first.data["stockTransactions"]["pageInfo"]
    assert info["hasNextPage"] is True
    rest = await history(isolated_graphql, seller.headers, product_id, 2, info["endCursor"])
    assert [n["quantityChange"] for n in nodes(rest)] == [1]
    assert rest.data["stockTransactions"]["pageInfo"]["hasNextPage"] is False
    # A seller's cursor is bound to their view: an administrator cannot replay it.
    admin = person(isolated.settings, ADMIN)
    replayed = await history(isolated_graphql, admin.headers, product_id, 2, info["endCursor"])
    assert replayed.error_codes == ["BAD_USER_INPUT"]


async def test_who_sees_stock_history(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    seller, product_id = await listed_product(isolated_graphql, isolated, stock=1)
    other = person(isolated.settings, SELLER)
    await listed(isolated_graphql, other, product_id, "11", 1)
    await restock(isolated_graphql, seller, product_id, 2)
    await restock(isolated_graphql, other, product_id, 4)
    own = await history(isolated_graphql, seller.headers, product_id)
    assert [n["quantityChange"] for n in nodes(own)] == [2]
    theirs = await history(isolated_graphql, other.headers, product_id)
    assert [n["quantityChange"] for n in nodes(theirs)] == [4]
    stranger = await history(
        isolated_graphql, person(isolated.settings, SELLER).headers, product_id
    )
    assert nodes(stranger) == []
    admin = await history(isolated_graphql, person(isolated.settings, ADMIN).headers, product_id)
    assert [n["quantityChange"] for n in nodes(admin)] == [4, 2]
    customer = await history(
        isolated_graphql, person(isolated.settings, CUSTOMER).headers, product_id
    )
    assert customer.error_codes == ["FORBIDDEN"]
    anonymous = await isolated_graphql(operation("StockHistory"), {"productId": product_id})
    assert anonymous.error_codes == ["UNAUTHENTICATED"]


async def test_concurrent_restocks_record_an_exact_chain(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, product_id = await listed_product(isolated_graphql, isolated, stock=3)
    results = await asyncio.gather(
        *(restock(isolated_graphql, seller, product_id, n) for n in range(1, 6))
    )
    assert all(r.data["restock"]["errors"] == [] for r in results)
    assert listing_item(isolated.settings, product_id, seller.user_id)["stock"] == 18
    records = sorted(
        stock_transactions(isolated.settings, product_id), key=lambda r: r["stock_before"]
    )
    chain = [(int(r["stock_before"]), int(r["stock_after"])) for r in records]
    assert [before for before, _ in chain] == [3, *(after for _, after in chain[:-1])]
    assert chain[-1][1] == 18


ORDER_OF_STOCK_CHANGE = """
query ($productId: ID!) {
  stockTransactions(productId: $productId, first: 1) {
    edges { node { order { id status total { amount } } } }
  }
}"""


async def test_the_order_of_a_stock_change_shows_more_than_its_id_to_admins_only(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller, product_id = await listed_product(isolated_graphql, isolated, stock=5)
    buyer = shopper(isolated.settings)
    put_cart_line(
        isolated.settings, buyer.user_id, Stocked(product_id, seller.user_id, "", 1000), 1
    )
    placed = await isolated_graphql(
        cart_operation("Checkout"), checkout_input(buyer), headers=buyer.headers
    )
    order_id = placed.data["checkout"]["order"]["id"]
    variables = {"productId": product_id}

    as_admin = await isolated_graphql(
        ORDER_OF_STOCK_CHANGE, variables, headers=person(isolated.settings, ADMIN).headers
    )
    (edge,) = as_admin.data["stockTransactions"]["edges"]
    assert edge["node"]["order"] == {
        "id": order_id,
        "status": "CONFIRMED",
        "total": {"amount": "14.99"},
    }

    as_seller = await isolated_graphql(ORDER_OF_STOCK_CHANGE, variables, headers=seller.headers)
    assert as_seller.error_codes == ["FORBIDDEN"]  # status is non-null: the order is null
    (edge,) = as_seller.body["data"]["stockTransactions"]["edges"]
    assert edge["node"]["order"] is None
