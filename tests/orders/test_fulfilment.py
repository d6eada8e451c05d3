"""Fulfilment: a seller sees the items they sold and ships them; the order follows."""

from __future__ import annotations

from typing import Any

from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from loaders.model import ORDER_ITEMS
from tests.cart.factories import shopper
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.orders.factories import admin_headers, operation, place, stocked, store


async def ship(
    graphql: GraphQLClient, headers: dict[str, str], order_id: str, product_id: str
) -> GraphQLResponse:
    variables: dict[str, Any] = {
        "orderId": order_id,
        "productId": product_id,
        "courier": "UPS",
        "trackingNumber": "1Z999",
    }
    return await graphql(operation("ShipOrderItem"), variables, headers=headers)


def codes(response: GraphQLResponse) -> list[str]:
    return [e["code"] for e in response.data["shipOrderItem"]["errors"]]


async def test_seller_sees_sold_items_newest_first_and_pages(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, seller_headers = store(settings)
    buyer = shopper(settings)
    line = stocked(settings, seller_id, 10)
    first = await place(graphql, settings, buyer, [(line, 1)])
    second = await place(graphql, settings, buyer, [(line, 2)])
    page = await graphql(operation("SellerOrderItems"), {"first": 1}, headers=seller_headers)
    found = page.data["viewer"]["sellerOrderItems"]
    (edge,) = found["edges"]
    assert edge["node"] == {
        "order": {"id": second, "status": "CONFIRMED"},
        "productName": line.name,
        "quantity": 2,
        "status": "PENDING",
        "courier": None,
    }
    assert found["pageInfo"]["hasNextPage"] is True
    rest = await graphql(
        operation("SellerOrderItems"),
        {"first": 5, "after": found["pageInfo"]["endCursor"]},
        headers=seller_headers,
    )
    nodes = [e["node"] for e in rest.data["viewer"]["sellerOrderItems"]["edges"]]
    assert [n["order"]["id"] for n in nodes] == [first]
    # The page read with the session check; its orders by the keys their items give: one
    # batch, no Query by order id.
    queried = [c["tables"] for c in page.calls if c["operation"] == "Query"]
    assert queried == [[settings.table_prefix + ORDER_ITEMS.name]]
    assert page.body["extensions"]["dynamodb"]["rounds"] == 2


async def test_an_item_whose_order_is_not_at_its_key_finds_it_by_id(
    graphql: GraphQLClient, settings: Settings, dynamodb: DynamoClient
) -> None:
    """An item written otherwise than by checkout (its `created_at` not its order's)."""
    seller_id, seller_headers = store(settings)
    buyer = shopper(settings)
    order_id = await place(graphql, settings, buyer, [(stocked(settings, seller_id, 10), 1)])
    (item,) = (
        await dynamodb.query(
            TableName=settings.table_prefix + ORDER_ITEMS.name,
            KeyConditionExpression="pk = :order",
            ExpressionAttributeValues={":order": {"S": order_id}},
        )
    )["Items"]
    await dynamodb.update_item(
        TableName=settings.table_prefix + ORDER_ITEMS.name,
        Key={"pk": item["pk"], "sk": item["sk"]},
        UpdateExpression="SET created_at = :other",
        ExpressionAttributeValues={":other": {"S": "2001-01-01T00:00:00.000Z"}},
    )
    page = await graphql(operation("SellerOrderItems"), {"first": 1}, headers=seller_headers)
    (edge,) = page.data["viewer"]["sellerOrderItems"]["edges"]
    assert edge["node"]["order"] == {"id": order_id, "status": "CONFIRMED"}
    assert page.call_count("Query") == 2  # the items, then the order by id


async def test_seller_order_items_are_for_sellers_only(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer = shopper(settings)
    response = await graphql(operation("SellerOrderItems"), {}, headers=buyer.headers)
    assert response.error_codes == ["FORBIDDEN"]
    anonymous = await graphql(operation("SellerOrderItems"), {})
    assert anonymous.body["data"] == {"viewer": None}


async def test_shipping_every_item_ships_the_order(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_a, headers_a = store(settings)
    seller_b, headers_b = store(settings)
    buyer = shopper(settings)
    one, two = stocked(settings, seller_a, 5), stocked(settings, seller_b, 5)
    order_id = await place(graphql, settings, buyer, [(one, 1), (two, 1)])
    assert codes(await ship(graphql, headers_b, order_id, one.product_id)) == ["NOT_FOUND"]
    shipped = await ship(graphql, headers_a, order_id, one.product_id)
    result = shipped.data["shipOrderItem"]
    assert result["errors"] == []
    assert result["item"]["status"] == "SHIPPED"
    assert result["item"]["courier"]["name"] == "UPS"
    assert result["item"]["courier"]["trackingNumber"] == "1Z999"
    assert result["item"]["courier"]["shippedAt"]
    detail = await graphql(operation("OrderDetail"), {"id": order_id}, headers=buyer.headers)
    assert detail.data["order"]["status"] == "CONFIRMED"
    assert codes(await ship(graphql, headers_a, order_id, one.product_id)) == ["INVALID_STATE"]
    cancel = await graphql(operation("CancelOrder"), {"id": order_id}, headers=buyer.headers)
    assert [e["code"] for e in cancel.data["cancelOrder"]["errors"]] == ["INVALID_STATE"]
    assert (await ship(graphql, headers_b, order_id, two.product_id)).data["shipOrderItem"][
        "errors"
    ] == []
    detail = await graphql(operation("OrderDetail"), {"id": order_id}, headers=buyer.headers)
    order = detail.data["order"]
    assert order["status"] == "SHIPPED"
    assert {i["courier"]["trackingNumber"] for i in order["items"]} == {"1Z999"}


async def test_shipping_a_cancelled_order_is_refused(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, headers = store(settings)
    buyer = shopper(settings)
    line = stocked(settings, seller_id, 5)
    order_id = await place(graphql, settings, buyer, [(line, 1)])
    await graphql(operation("CancelOrder"), {"id": order_id}, headers=buyer.headers)
    assert codes(await ship(graphql, headers, order_id, line.product_id)) == ["INVALID_STATE"]


async def test_shipping_needs_a_seller(graphql: GraphQLClient, settings: Settings) -> None:
    buyer = shopper(settings)
    anonymous = await ship(graphql, {}, "o", "p")
    assert anonymous.error_codes == ["UNAUTHENTICATED"]
    for headers in (buyer.headers, admin_headers()):
        assert (await ship(graphql, headers, "o", "p")).error_codes == ["FORBIDDEN"]
