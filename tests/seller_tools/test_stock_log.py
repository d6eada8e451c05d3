"""viewer.stockTransactions: a seller's whole stock log across products, newest first."""

from __future__ import annotations

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
    new_product,
    person,
)
from tests.seller_catalog.factories import (
    operation as seller_operation,
)
from tests.seller_tools.factories import send, shop

ADMIN_VIEW = """
query($id: ID!) {
  user(id: $id) { stockTransactions(first: 10) { edges { node { type product { id } } } } }
}"""


def log(response: GraphQLResponse) -> list[dict[str, Any]]:
    return [e["node"] for e in response.data["viewer"]["stockTransactions"]["edges"]]


async def restock(graphql: GraphQLClient, who: Person, product_id: str, quantity: int) -> None:
    variables = {"productId": product_id, "quantity": quantity}
    await graphql(seller_operation("Restock"), variables, headers=who.headers)


async def test_the_log_holds_every_product_newest_first(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated, stock=5)
    seller = found.seller
    second = await new_product(isolated_graphql, seller, found.category_id, name="Lamp")
    await listed(isolated_graphql, seller, second, "4", 2)
    await restock(isolated_graphql, seller, found.product_id, 3)
    await restock(isolated_graphql, seller, second, 1)
    buyer = shopper(isolated.settings)
    put_cart_line(
        isolated.settings, buyer.user_id, Stocked(found.product_id, seller.user_id, "", 1000), 2
    )
    placed = await isolated_graphql(
        cart_operation("Checkout"), checkout_input(buyer), headers=buyer.headers
    )
    order_id = placed.data["checkout"]["order"]["id"]
    # Another seller's changes are not in this log.
    await restock(
        isolated_graphql, (await shop(isolated_graphql, isolated)).seller, found.product_id, 1
    )

    response = await send(isolated_graphql, "MyStockLog", seller, first=10)
    assert [
        (n["type"], n["quantityChange"], n["stockAfter"], n["product"]["id"]) for n in log(response)
    ] == [
        ("ORDER_PLACED", -2, 6, found.product_id),
        ("RESTOCK", 1, 3, second),
        ("RESTOCK", 3, 8, found.product_id),
    ]
    assert log(response)[0]["order"] == {"id": order_id}
    assert {n["product"]["name"] for n in log(response)} == {"Trail Lantern", "Lamp"}
    # The profile and the log's page in one round, the products in one batch.
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2
    assert response.call_count("Query") == 1
    assert response.call_count() == 3

    first = await send(isolated_graphql, "MyStockLog", seller, first=2)
    info = first.data["viewer"]["stockTransactions"]["pageInfo"]
    assert info["hasNextPage"] is True
    rest = await send(isolated_graphql, "MyStockLog", seller, first=2, after=info["endCursor"])
    assert [n["id"] for n in log(first) + log(rest)] == [n["id"] for n in log(response)]
    assert rest.data["viewer"]["stockTransactions"]["pageInfo"]["hasNextPage"] is False


async def test_who_sees_a_stock_log(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    found = await shop(isolated_graphql, isolated)
    await restock(isolated_graphql, found.seller, found.product_id, 2)
    other = person(isolated.settings, SELLER)
    assert log(await send(isolated_graphql, "MyStockLog", other)) == []
    admin = person(isolated.settings, ADMIN)
    assert log(await send(isolated_graphql, "MyStockLog", admin)) == []
    seen = await isolated_graphql(ADMIN_VIEW, {"id": found.seller.user_id}, headers=admin.headers)
    edges = seen.data["user"]["stockTransactions"]["edges"]
    assert [e["node"] for e in edges] == [{"type": "RESTOCK", "product": {"id": found.product_id}}]
    refused = await send(isolated_graphql, "MyStockLog", person(isolated.settings, CUSTOMER))
    assert refused.error_codes == ["FORBIDDEN"]
    anonymous = await send(isolated_graphql, "MyStockLog", None)
    assert anonymous.data == {"viewer": None}
