"""Order, sales and availability subscriptions: who may follow what, and each change seen
once committed, whoever wrote it."""

from __future__ import annotations

import time

from starlette.applications import Starlette

from gateway.settings import Settings
from tests.accounts.factories import mint, registration, table, unique
from tests.accounts.operations import LOGOUT, REGISTER
from tests.cart.factories import shopper
from tests.graphql_client import GraphQLClient
from tests.live.subscribers import subscribed, until_listening
from tests.operations import operation
from tests.orders.factories import admin_headers, place, stocked, store
from tests.real_clients import served

ORDER_UPDATES = """
subscription OrderUpdates($id: ID!) {
  orderUpdated(id: $id) {
    id status updatedAt items { productName status courier { name trackingNumber } }
  }
}"""
MY_ORDERS = "subscription { myOrders { id status total { amount currencyCode } } }"
NEW_SALES = "subscription { sellerOrderItems { order { id status } productName quantity status } }"
AVAILABILITY = """
subscription Availability($productId: ID!) {
  productAvailability(productId: $productId) {
    id minPrice { amount currencyCode } sellers { seller { id } price { amount } stock inStock }
  }
}"""


def _token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


async def _ship(graphql: GraphQLClient, headers: dict[str, str], order_id: str, pid: str) -> None:
    shipped = await graphql(
        operation("orders.graphql", "ShipOrderItem"),
        {"orderId": order_id, "productId": pid, "courier": "DHL", "trackingNumber": "T-1"},
        headers=headers,
    )
    assert shipped.data["shipOrderItem"]["errors"] == []


async def test_the_customer_and_the_seller_follow_an_order_as_it_ships(
    live_app: Starlette, settings: Settings
) -> None:
    seller_id, seller_headers = store(settings)
    widget = stocked(settings, seller_id, stock=5)
    buyer = shopper(settings)
    async with served(live_app) as url, GraphQLClient.over(live_app) as graphql:
        order_id = await place(graphql, settings, buyer, [(widget, 1)])
        variables = {"id": order_id}
        async with (
            subscribed(url, ORDER_UPDATES, token=buyer.token, variables=variables) as customer,
            subscribed(url, NEW_SALES, token=_token(seller_headers)) as seller,
        ):
            await until_listening(live_app, 2)
            await _ship(graphql, seller_headers, order_id, widget.product_id)
            (update,) = await customer.events()
            (sale,) = await seller.events()
    items = update["data"]["orderUpdated"]["items"]
    assert items == [
        {
            "productName": widget.name,
            "status": "SHIPPED",
            "courier": {"name": "DHL", "trackingNumber": "T-1"},
        }
    ]
    assert sale["data"]["sellerOrderItems"]["status"] == "SHIPPED"
    assert sale["data"]["sellerOrderItems"]["order"]["id"] == order_id


async def test_an_order_that_is_not_the_callers_is_not_found(
    live_app: Starlette, settings: Settings
) -> None:
    seller_id, _ = store(settings)
    buyer, stranger = shopper(settings), shopper(settings)
    async with served(live_app) as url, GraphQLClient.over(live_app) as graphql:
        order_id = await place(graphql, settings, buyer, [(stocked(settings, seller_id, 5), 1)])
        for token in (stranger.token, None):
            async with subscribed(
                url, ORDER_UPDATES, token=token, variables={"id": order_id}
            ) as client:
                line = await client.until("error", "next")
            errors = line.get("errors") or line["payload"]["errors"]
            assert errors[0]["extensions"]["code"] == "NOT_FOUND"


async def test_an_administrator_follows_any_order(live_app: Starlette, settings: Settings) -> None:
    seller_id, seller_headers = store(settings)
    widget = stocked(settings, seller_id, stock=5)
    buyer = shopper(settings)
    async with served(live_app) as url, GraphQLClient.over(live_app) as graphql:
        order_id = await place(graphql, settings, buyer, [(widget, 1)])
        admin = _token(admin_headers())
        async with subscribed(url, ORDER_UPDATES, token=admin, variables={"id": order_id}) as c:
            await until_listening(live_app, 1)
            await _ship(graphql, seller_headers, order_id, widget.product_id)
            (update,) = await c.events()
    assert update["data"]["orderUpdated"]["id"] == order_id


async def test_my_orders_sees_an_order_placed(live_app: Starlette, settings: Settings) -> None:
    seller_id, _ = store(settings)
    buyer = shopper(settings)
    async with (
        served(live_app) as url,
        GraphQLClient.over(live_app) as graphql,
        subscribed(url, MY_ORDERS, token=buyer.token) as client,
    ):
        await until_listening(live_app, 1)
        order_id = await place(graphql, settings, buyer, [(stocked(settings, seller_id, 5), 2)])
        first = await client.until("next")
    assert first["payload"]["data"]["myOrders"]["id"] == order_id


async def test_anyone_follows_a_products_offers(live_app: Starlette, settings: Settings) -> None:
    seller_id, _ = store(settings)
    widget = stocked(settings, seller_id, stock=5, price_cents=1000)
    async with (
        served(live_app) as url,
        subscribed(url, AVAILABILITY, variables={"productId": widget.product_id}) as client,
    ):
        await until_listening(live_app, 1)
        table(settings, "Products").update_item(  # another service restocks
            Key={"pk": widget.product_id, "sk": f"SELLER#{seller_id}"},
            UpdateExpression="SET stock = :s",
            ExpressionAttributeValues={":s": 42},
        )
        (event,) = await client.events()
    (offer,) = event["data"]["productAvailability"]["sellers"]
    assert offer == {
        "seller": {"id": seller_id},
        "price": {"amount": "10.00"},
        "stock": 42,
        "inStock": True,
    }


async def test_new_sales_are_for_sellers_only(live_app: Starlette, settings: Settings) -> None:
    async with (
        served(live_app) as url,
        subscribed(url, NEW_SALES, token=shopper(settings).token) as c,
    ):
        line = await c.until("error", "next")
    errors = line.get("errors") or line["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_bad_token_is_refused_at_connection(
    live_app: Starlette, settings: Settings
) -> None:
    async with served(live_app) as url, subscribed(url, MY_ORDERS, token="not-a-token") as client:
        closed = await client.until("closed")
    assert closed["code"] == 4403


async def test_the_socket_closes_when_the_token_expires(
    live_app: Starlette, settings: Settings
) -> None:
    token = mint({"sub": unique("u-exp-"), "roles": ["customer"], "exp": int(time.time()) + 2})
    async with served(live_app) as url, subscribed(url, MY_ORDERS, token=token) as client:
        await client.until("connected")
        closed = await client.until("closed")
    assert closed["code"] == 4403
    assert "expired" in closed["reason"]


async def test_the_socket_closes_when_its_session_ends(
    live_app: Starlette, settings: Settings
) -> None:
    async with served(live_app) as url, GraphQLClient.over(live_app) as graphql:
        registered = await graphql(REGISTER, {"input": registration()})
        token = registered.data["register"]["token"]
        async with subscribed(url, MY_ORDERS, token=token) as client:
            await client.until("connected")
            await until_listening(live_app, 2)  # its subscription, and its session's watch
            logout = await graphql(LOGOUT, headers={"Authorization": f"Bearer {token}"})
            assert logout.data["logout"]["errors"] == []
            closed = await client.until("closed")
    assert closed["code"] == 4403
    assert "session has ended" in closed["reason"]
