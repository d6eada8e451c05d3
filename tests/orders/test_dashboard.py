"""The operations view: administrators list every customer's orders in a status, oldest
first, through StatusDateIndex; an order moves between statuses as it changes. On tables of
its own (the index's partitions are one per status, for every order of every test)."""

from __future__ import annotations

from typing import Any

from tests.accounts.factories import write_account
from tests.cart.factories import shopper
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient
from tests.orders.factories import admin_headers, place, stocked, store
from tests.orders.factories import operation as order_operation
from tests.orders.history_factories import write_order
from tests.orders.test_history import operation


async def by_status(graphql: GraphQLClient, headers: dict[str, str], **variables: Any) -> Any:
    return await graphql(operation("OrdersByStatus"), variables, headers=headers)


def ids(response: Any) -> list[str]:
    return [e["node"]["id"] for e in response.data["ordersByStatus"]["edges"]]


async def test_administrators_see_a_status_oldest_first_within_the_range(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    settings = isolated.settings
    ann, bo = shopper(settings), shopper(settings)
    march = write_order(settings, ann.user_id, "2030-03-01T10:00:00.000Z", 1000, ["Kettle"], status="CONFIRMED")  # fmt: skip
    january = write_order(settings, bo.user_id, "2030-01-15T10:00:00.000Z", 2000, ["Mug"], status="CONFIRMED")  # fmt: skip
    february = write_order(settings, ann.user_id, "2030-02-01T00:00:00.000Z", 3000, ["Pot"], status="CONFIRMED")  # fmt: skip
    write_order(settings, bo.user_id, "2030-02-02T00:00:00.000Z", 4000, ["Cup"], status="SHIPPED")
    admin = admin_headers()
    everything = await by_status(isolated_graphql, admin, status="CONFIRMED")
    assert ids(everything) == [january.order_id, february.order_id, march.order_id]
    node = everything.data["ordersByStatus"]["edges"][0]["node"]
    assert node == {
        "id": january.order_id, "status": "CONFIRMED", "createdAt": "2030-01-15T10:00:00.000Z",
        "customer": {"id": bo.user_id, "username": bo.user_id},
        "total": {"amount": "20.00", "currencyCode": "USD"},
    }  # fmt: skip
    # One index Query, then the customers in one batch.
    assert [c["operation"] for c in everything.calls] == ["Query", "BatchGetItem"]
    assert everything.body["extensions"]["dynamodb"]["rounds"] == 2
    # With a session, its check and the page go in one round.
    signed_in = write_account(settings, "unused", "Root", roles=("customer", "admin"))
    checked = await by_status(isolated_graphql, signed_in.headers, status="CONFIRMED")
    assert ids(checked) == ids(everything)
    assert [c["operation"] for c in checked.calls] == ["Query", "BatchGetItem", "BatchGetItem"]
    assert checked.body["extensions"]["dynamodb"]["rounds"] == 2
    ranged = await by_status(
        isolated_graphql, admin, status="CONFIRMED",
        **{"from": "2030-02-01T00:00:00.000Z", "to": "2030-03-01T10:00:00.000Z"},
    )  # fmt: skip
    assert ids(ranged) == [february.order_id, march.order_id]
    first = await by_status(isolated_graphql, admin, status="CONFIRMED", first=1)
    cursor = first.data["ordersByStatus"]["pageInfo"]
    assert (ids(first), cursor["hasNextPage"]) == ([january.order_id], True)
    rest = await by_status(
        isolated_graphql, admin, status="CONFIRMED", first=5, after=cursor["endCursor"]
    )
    assert ids(rest) == [february.order_id, march.order_id]
    other = await by_status(isolated_graphql, admin, status="SHIPPED", after=cursor["endCursor"])
    assert other.error_codes == ["BAD_USER_INPUT"]


async def test_only_administrators_see_the_operations_view(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    buyer = shopper(isolated.settings)
    _, seller_headers = store(isolated.settings)
    owner_order = write_order(isolated.settings, buyer.user_id, "2030-05-01T00:00:00.000Z", 500, ["Lid"], status="PENDING")  # fmt: skip
    for headers in (buyer.headers, seller_headers):
        refused = await by_status(isolated_graphql, headers, status="PENDING")
        assert (refused.error_codes, refused.body["data"]) == (["FORBIDDEN"], None)
    anonymous = await by_status(isolated_graphql, {}, status="PENDING")
    assert anonymous.error_codes == ["UNAUTHENTICATED"]
    assert ids(await by_status(isolated_graphql, admin_headers(), status="PENDING")) == [
        owner_order.order_id
    ]


async def test_an_order_moves_between_statuses_as_it_changes(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    settings = isolated.settings
    seller_id, seller_headers = store(settings)
    buyer = shopper(settings)
    line = stocked(settings, seller_id, 5)
    shipped = await place(isolated_graphql, settings, buyer, [(line, 1)])
    cancelled = await place(isolated_graphql, settings, buyer, [(line, 1)])
    admin = admin_headers()

    async def statuses() -> dict[str, list[str]]:
        found = {}
        for status in ("CONFIRMED", "SHIPPED", "CANCELLED"):
            # Orders placed now, not the other tests' orders of 2030.
            until = {"to": "2029-12-31T23:59:59.999Z"}
            found[status] = ids(await by_status(isolated_graphql, admin, status=status, **until))
        return found

    assert (await statuses())["CONFIRMED"] == [shipped, cancelled]
    await isolated_graphql(order_operation("CancelOrder"), {"id": cancelled}, headers=buyer.headers)
    await isolated_graphql(
        order_operation("ShipOrderItem"),
        {
            "orderId": shipped,
            "productId": line.product_id,
            "courier": "UPS",
            "trackingNumber": "1Z",
        },
        headers=seller_headers,
    )
    assert await statuses() == {"CONFIRMED": [], "SHIPPED": [shipped], "CANCELLED": [cancelled]}
