"""viewer.sellerDashboard: figures that stay exact through checkouts, cancellations and
shipping, concurrent ones included."""

from __future__ import annotations

import asyncio
from typing import Any

from boto3.dynamodb.conditions import Key

from tests.accounts.factories import table, unique
from tests.cart.factories import Shopper, Stocked, checkout_input, put_cart_line, shopper, shoppers
from tests.cart.factories import operation as cart_operation
from tests.conftest import Isolated
from tests.factories import product
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.orders.factories import operation as orders_operation
from tests.seller_catalog.factories import (
    ADMIN,
    CUSTOMER,
    SELLER,
    Person,
    listed,
    new_product,
    person,
)
from tests.seller_tools.factories import send, shop

ADMIN_VIEW = """
query($id: ID!) { user(id: $id) { sellerDashboard { unitsSold ordersToShip } } }"""


def figures(response: GraphQLResponse) -> dict[str, Any]:
    found: dict[str, Any] = response.data["viewer"]["sellerDashboard"]
    return found


async def check_out(graphql: GraphQLClient, buyer: Shopper) -> str:
    placed = await graphql(
        cart_operation("Checkout"), checkout_input(buyer), headers=buyer.headers, trace=False
    )
    assert placed.data["checkout"]["errors"] == []
    order_id: str = placed.data["checkout"]["order"]["id"]
    return order_id


async def cancel(graphql: GraphQLClient, buyer: Shopper, order_id: str) -> None:
    done = await graphql(
        orders_operation("CancelOrder"), {"id": order_id}, headers=buyer.headers, trace=False
    )
    assert done.data["cancelOrder"]["errors"] == []


async def ship(graphql: GraphQLClient, seller: Person, order_id: str, product_id: str) -> None:
    variables = {
        "orderId": order_id,
        "productId": product_id,
        "courier": "Post",
        "trackingNumber": "T1",
    }
    done = await graphql(orders_operation("ShipOrderItem"), variables, headers=seller.headers)
    assert done.data["shipOrderItem"]["errors"] == []


async def test_the_dashboard_follows_checkouts_cancellations_and_shipping(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    settings = isolated.settings
    found = await shop(isolated_graphql, isolated, price="10", stock=5)
    seller, lantern = found.seller, found.product_id
    tent = await new_product(isolated_graphql, seller, found.category_id, name="Tent")
    await listed(isolated_graphql, seller, tent, "3", 20)
    await new_product(isolated_graphql, seller, found.category_id, name="Unlisted")
    first, second = shopper(settings), shopper(settings)
    put_cart_line(settings, first.user_id, Stocked(lantern, seller.user_id, "", 1000), 2)
    put_cart_line(settings, first.user_id, Stocked(tent, seller.user_id, "", 300), 4)
    put_cart_line(settings, second.user_id, Stocked(lantern, seller.user_id, "", 1000), 1)
    kept = await check_out(isolated_graphql, first)
    dropped = await check_out(isolated_graphql, second)

    response = await send(isolated_graphql, "SellerDashboard", seller)
    assert figures(response) == {
        "productCount": 3,
        "activeListingCount": 2,
        "unitsSold": 7,
        "revenue": {"amount": "42.00", "currencyCode": "USD"},
        "ordersToShip": 2,
        "rating": {"average": None, "count": 0},
        "lowStock": [{"stock": 2, "product": {"id": lantern, "name": "Trail Lantern"}}],
    }
    # The profile, the listings, the items to ship and the catalog's count in one round;
    # the low-stock products in one batch.
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2
    assert response.call_count("Query") == 3
    assert response.call_count() == 5

    await cancel(isolated_graphql, second, dropped)
    await ship(isolated_graphql, seller, kept, lantern)
    after = figures(await send(isolated_graphql, "SellerDashboard", seller, lowStockBelow=20))
    assert (after["unitsSold"], after["revenue"]["amount"], after["ordersToShip"]) == (
        6,
        "32.00",
        1,  # the tent is still to ship
    )
    assert [(low["stock"], low["product"]["id"]) for low in after["lowStock"]] == [
        (3, lantern),
        (16, tent),
    ]
    await ship(isolated_graphql, seller, kept, tent)
    await send(isolated_graphql, "WithdrawListing", seller, productId=tent)
    last = figures(await send(isolated_graphql, "SellerDashboard", seller))
    assert (last["ordersToShip"], last["activeListingCount"], last["unitsSold"]) == (0, 1, 6)


BUYERS = 50


async def test_concurrent_checkouts_of_one_sellers_products_all_count(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    settings = isolated.settings
    seller = person(settings, SELLER)
    products = [unique("p-dash-") for _ in range(BUYERS)]
    with table(settings, "Products").batch_writer() as batch:
        for n, pid in enumerate(products):
            for row in product(pid, f"Item {n}", "dash", [(seller.user_id, "S", 100 + n, 10)]):
                batch.put_item(Item=row)
    buyers = shoppers(settings, BUYERS)
    for n, (buyer, pid) in enumerate(zip(buyers, products, strict=True)):
        put_cart_line(settings, buyer.user_id, Stocked(pid, seller.user_id, "", 100 + n), n % 3 + 1)
    orders = await asyncio.gather(*(check_out(isolated_graphql, b) for b in buyers))
    cancelled = list(zip(buyers, orders, strict=True))[::5]
    await asyncio.gather(*(cancel(isolated_graphql, b, o) for b, o in cancelled))

    # The totals match the order items the seller has sold, less those cancelled.
    sold = table(settings, "OrderItems").query(
        IndexName="SellerItemsIndex", KeyConditionExpression=Key("gsi1pk").eq(seller.user_id)
    )["Items"]
    live = [item for item in sold if item["status"] != "CANCELLED"]
    assert len(sold) == BUYERS
    assert len(live) == BUYERS - len(cancelled)
    board = figures(await send(isolated_graphql, "SellerDashboard", seller))
    assert board["unitsSold"] == sum(int(item["quantity"]) for item in live)
    cents = sum(int(item["line_total_cents"]) for item in live)
    assert board["revenue"]["amount"] == f"{cents // 100}.{cents % 100:02d}"
    assert board["ordersToShip"] == len(live)
    assert board["activeListingCount"] == BUYERS


async def test_who_sees_a_dashboard(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    found = await shop(isolated_graphql, isolated)
    buyer = shopper(isolated.settings)
    put_cart_line(
        isolated.settings, buyer.user_id, Stocked(found.product_id, found.seller.user_id, "", 1), 1
    )
    await check_out(isolated_graphql, buyer)
    other = figures(
        await send(isolated_graphql, "SellerDashboard", person(isolated.settings, SELLER))
    )
    assert (other["unitsSold"], other["ordersToShip"], other["productCount"]) == (0, 0, 0)
    admin = person(isolated.settings, ADMIN)
    assert figures(await send(isolated_graphql, "SellerDashboard", admin))["unitsSold"] == 0
    seen = await isolated_graphql(ADMIN_VIEW, {"id": found.seller.user_id}, headers=admin.headers)
    assert seen.data["user"]["sellerDashboard"] == {"unitsSold": 1, "ordersToShip": 1}
    refused = await send(isolated_graphql, "SellerDashboard", person(isolated.settings, CUSTOMER))
    assert refused.error_codes == ["FORBIDDEN"]
    assert (await send(isolated_graphql, "SellerDashboard", None)).data == {"viewer": None}
