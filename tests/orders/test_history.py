"""A customer's orders by date range and by the words of what they bought, and their
statistics: in the customer's own partition, for the customer and administrators."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.settings import Settings
from tests import operations
from tests.cart.factories import shopper
from tests.graphql_client import GraphQLClient
from tests.orders.factories import admin_headers, place, stocked, store
from tests.orders.history_factories import Stored, write_order


def operation(name: str) -> str:
    return operations.operation("orders_lifecycle.graphql", name)


def customer(settings: Settings) -> tuple[str, dict[str, str]]:
    found = shopper(settings)
    return found.user_id, found.headers


@pytest.fixture
def history(settings: Settings) -> tuple[str, dict[str, str], list[Stored]]:
    """Five orders over three months, one cancelled and one partly refunded."""
    user_id, headers = customer(settings)
    orders = [
        write_order(settings, user_id, "2026-01-05T09:00:00.000Z", 2500, ["Blue Kettle"]),
        write_order(settings, user_id, "2026-01-31T23:59:59.999Z", 9000, ["Red Teapot", "Mug"]),
        write_order(settings, user_id, "2026-02-01T00:00:00.000Z", 12000, ["Blue Teapot"], status="CANCELLED"),
        write_order(settings, user_id, "2026-02-14T12:00:00.000Z", 7000, ["Espresso Machine"], refunded_cents=3000),
        write_order(settings, user_id, "2026-03-02T08:00:00.000Z", 1500, ["Kettle Descaler"]),
    ]  # fmt: skip
    return user_id, headers, orders


async def filtered(graphql: GraphQLClient, headers: dict[str, str], **variables: Any) -> Any:
    return await graphql(operation("MyOrdersFiltered"), variables, headers=headers)


def ids(response: Any) -> list[str]:
    return [e["node"]["id"] for e in response.data["viewer"]["orders"]["edges"]]


async def test_from_and_to_are_inclusive_dates(
    graphql: GraphQLClient, history: tuple[str, dict[str, str], list[Stored]]
) -> None:
    _, headers, orders = history
    january = await filtered(graphql, headers, **{"from": "2026-01-05", "to": "2026-01-31"})
    assert ids(january) == [orders[1].order_id, orders[0].order_id]
    # The session check, then one Query of the range.
    assert [c["operation"] for c in january.calls] == ["Query", "Query"] or january.call_count(
        "Query"
    ) >= 1
    since = await filtered(graphql, headers, **{"from": "2026-02-01"})
    assert ids(since) == [o.order_id for o in reversed(orders[2:])]
    until = await filtered(graphql, headers, to="2026-01-30")
    assert ids(until) == [orders[0].order_id]
    node = january.data["viewer"]["orders"]["edges"][0]["node"]
    assert node == {
        "id": orders[1].order_id, "createdAt": "2026-01-31T23:59:59.999Z", "status": "DELIVERED",
        "total": {"amount": "90.00", "currencyCode": "USD"},
        "items": [{"productName": "Red Teapot"}, {"productName": "Mug"}],
    }  # fmt: skip


async def test_search_matches_every_word_of_the_products_names(
    graphql: GraphQLClient, history: tuple[str, dict[str, str], list[Stored]]
) -> None:
    _, headers, orders = history
    teapots = await filtered(graphql, headers, search="teapot")
    assert ids(teapots) == [orders[2].order_id, orders[1].order_id]
    assert ids(await filtered(graphql, headers, search="BLUE teapot")) == [orders[2].order_id]
    ranged = await filtered(graphql, headers, search="kettle", to="2026-02-28")
    assert ids(ranged) == [orders[0].order_id]
    # Words are matched whole: a part of a word finds nothing.
    assert ids(await filtered(graphql, headers, search="tea")) == []


async def test_filtered_pages_follow_their_cursor(
    graphql: GraphQLClient, history: tuple[str, dict[str, str], list[Stored]]
) -> None:
    _, headers, orders = history
    first = await filtered(graphql, headers, search="kettle", first=1)
    page = first.data["viewer"]["orders"]
    assert (ids(first), page["pageInfo"]["hasNextPage"]) == ([orders[4].order_id], True)
    rest = await filtered(
        graphql, headers, search="kettle", first=1, after=page["pageInfo"]["endCursor"]
    )
    assert ids(rest) == [orders[0].order_id]
    # A cursor is bound to its filters.
    other = await filtered(graphql, headers, search="teapot", after=page["pageInfo"]["endCursor"])
    assert other.error_codes == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "variables",
    [
        pytest.param({"from": "2026-03-01", "to": "2026-02-01"}, id="to-before-from"),
        pytest.param({"search": "the and of"}, id="only-stop-words"),
        pytest.param({"from": "2026-02-30"}, id="no-such-date"),
    ],
)
async def test_bad_filters_are_refused(
    graphql: GraphQLClient, settings: Settings, variables: dict[str, str]
) -> None:
    _, headers = customer(settings)
    response = await filtered(graphql, headers, **variables)
    assert response.error_codes == ["BAD_USER_INPUT"]


async def test_order_stats_leave_out_cancellations_and_net_out_refunds(
    graphql: GraphQLClient, history: tuple[str, dict[str, str], list[Stored]]
) -> None:
    _, headers, orders = history
    response = await graphql(operation("MyOrderStats"), headers=headers)
    stats = response.data["viewer"]["orderStats"]
    assert stats == {
        "orderCount": 4,
        "totalSpent": {"amount": "170.00", "currencyCode": "USD"},
        "averageOrderValue": {"amount": "42.50", "currencyCode": "USD"},
        "largestOrder": {"id": orders[1].order_id, "total": {"amount": "90.00"}},
        "firstOrderAt": "2026-01-05T09:00:00.000Z",
        "lastOrderAt": "2026-03-02T08:00:00.000Z",
    }
    # The orders' Query and the AmountIndex Query in the round of the caller's check.
    assert response.call_count("Query") == 2
    assert response.body["extensions"]["dynamodb"]["rounds"] == 1


async def test_a_new_customer_has_empty_stats(graphql: GraphQLClient, settings: Settings) -> None:
    _, headers = customer(settings)
    stats = (await graphql(operation("MyOrderStats"), headers=headers)).data["viewer"]["orderStats"]
    assert stats == {
        "orderCount": 0,
        "totalSpent": {"amount": "0.00", "currencyCode": "USD"},
        "averageOrderValue": {"amount": "0.00", "currencyCode": "USD"},
        "largestOrder": None, "firstOrderAt": None, "lastOrderAt": None,
    }  # fmt: skip


async def test_checkout_makes_an_order_findable_by_its_products_words(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, _ = store(settings)
    buyer = shopper(settings)
    line = stocked(settings, seller_id, 5)  # named "Widget <six characters>"
    order_id = await place(graphql, settings, buyer, [(line, 1)])
    found = await filtered(graphql, buyer.headers, search=line.name.split()[1])
    assert ids(found) == [order_id]


async def test_only_the_customer_and_administrators_see_the_history(
    graphql: GraphQLClient,
    settings: Settings,
    history: tuple[str, dict[str, str], list[Stored]],
) -> None:
    user_id, _, orders = history
    _, stranger = customer(settings)
    # viewer is the caller's own: a stranger sees their own (empty) history.
    assert ids(await filtered(graphql, stranger, search="kettle")) == []
    anonymous = await graphql(operation("MyOrderStats"))
    assert anonymous.data == {"viewer": None}
    query = 'query($id: ID!) { user(id: $id) { orderStats { orderCount } orders(search: "kettle") { edges { node { id } } } } }'
    as_admin = await graphql(query, {"id": user_id}, headers=admin_headers())
    user = as_admin.data["user"]
    assert user["orderStats"] == {"orderCount": 4}
    assert [e["node"]["id"] for e in user["orders"]["edges"]] == [
        orders[4].order_id,
        orders[0].order_id,
    ]
    as_stranger = await graphql(query, {"id": user_id}, headers=stranger)
    assert as_stranger.error_codes == ["FORBIDDEN"]
