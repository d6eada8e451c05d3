"""Wishlists and reward points: the owner's alone, products read in one batch."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.settings import Settings
from tests.accounts.factories import Account, write_rewards
from tests.accounts.operations import ADD_TO_WISHLIST, CREATE_WISHLIST, MY_REWARDS, MY_WISHLISTS
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient


async def create_wishlist(graphql: GraphQLClient, account: Account, name: str = "Gifts") -> str:
    response = await graphql(
        CREATE_WISHLIST, {"name": name, "isPublic": True}, headers=account.headers
    )
    result = response.data["createWishlist"]
    assert result["errors"] == []
    wishlist_id: str = result["wishlist"]["id"]
    return wishlist_id


async def add(
    graphql: GraphQLClient, account: Account, wishlist_id: str, product_id: str, **more: Any
) -> Any:
    variables = {"wishlistId": wishlist_id, "productId": product_id} | more
    return (await graphql(ADD_TO_WISHLIST, variables, headers=account.headers)).data[
        "addToWishlist"
    ]


async def test_create_a_wishlist_and_fill_it(
    graphql: GraphQLClient, catalog: Catalog, alice: Account
) -> None:
    created = await graphql(CREATE_WISHLIST, {"name": " Gifts "}, headers=alice.headers)
    wishlist = created.data["createWishlist"]["wishlist"]
    assert wishlist | {"id": None} == {"id": None, "name": "Gifts", "isPublic": False}
    first = await add(graphql, alice, wishlist["id"], "p-studio", priority=5, notes="In black")
    second = await add(graphql, alice, wishlist["id"], "p-buds")
    assert first["errors"] == second["errors"] == []
    assert second["wishlist"] == {
        "id": wishlist["id"],
        "items": [
            {"product": {"id": "p-studio"}, "priority": 5},
            {"product": {"id": "p-buds"}, "priority": 3},
        ],
    }
    again = await add(graphql, alice, wishlist["id"], "p-studio", priority=1)
    assert [(i["product"]["id"], i["priority"]) for i in again["wishlist"]["items"]] == [
        ("p-studio", 1),
        ("p-buds", 3),
    ]


async def test_my_wishlists_read_every_product_in_one_batch(
    graphql: GraphQLClient, catalog: Catalog, alice: Account
) -> None:
    gifts = await create_wishlist(graphql, alice, "Gifts")
    later = await create_wishlist(graphql, alice, "Later")
    for product_id in ("p-studio", "p-buds", "p-amp"):
        await add(graphql, alice, gifts, product_id, notes="Soon")
    for product_id in catalog.bulk_ids[:4]:
        await add(graphql, alice, later, product_id)
    response = await graphql(MY_WISHLISTS, headers=alice.headers)
    wishlists = response.data["viewer"]["wishlists"]
    assert [w["name"] for w in wishlists] == ["Gifts", "Later"]
    studio = wishlists[0]["items"][0]
    assert studio["product"] == {
        "id": "p-studio",
        "name": "Studio Headphones",
        "minPrice": {"amount": "89.99", "currencyCode": "USD"},
    }
    assert (studio["priority"], studio["notes"]) == (3, "Soon")
    assert [i["product"]["id"] for i in wishlists[1]["items"]] == catalog.bulk_ids[:4]
    # The profile with the session check, and one Query for every list and item, in one
    # round; then one batch for the seven products.
    calls = sorted((c["operation"], c["keys"]) for c in response.calls)
    assert calls == [("BatchGetItem", 2), ("BatchGetItem", 7), ("Query", 1)]
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2


async def test_another_users_wishlist_is_not_found(
    graphql: GraphQLClient, catalog: Catalog, alice: Account, bob: Account
) -> None:
    bobs = await create_wishlist(graphql, bob, "Bob's")
    await add(graphql, bob, bobs, "p-amp")
    result = await add(graphql, alice, bobs, "p-studio")
    assert result["wishlist"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("NOT_FOUND", ["wishlistId"])]
    assert (await graphql(MY_WISHLISTS, headers=alice.headers)).data["viewer"]["wishlists"] == []
    bobs_items = (await graphql(MY_WISHLISTS, headers=bob.headers)).data["viewer"]["wishlists"][0][
        "items"
    ]
    assert [i["product"]["id"] for i in bobs_items] == ["p-amp"]


@pytest.mark.parametrize(
    ("product_id", "more", "expected"),
    [
        pytest.param("p-nothing", {}, [("NOT_FOUND", ["productId"])], id="unknown-product"),
        pytest.param("p-old", {}, [("NOT_FOUND", ["productId"])], id="inactive-product"),
        pytest.param("p-buds", {"priority": 6}, [("INVALID_INPUT", ["priority"])], id="priority"),
        pytest.param("p-buds", {"notes": "x" * 501}, [("INVALID_INPUT", ["notes"])], id="notes"),
    ],
)
async def test_add_to_wishlist_refuses(
    graphql: GraphQLClient,
    catalog: Catalog,
    alice: Account,
    product_id: str,
    more: dict[str, Any],
    expected: list[tuple[str, list[str]]],
) -> None:
    wishlist_id = await create_wishlist(graphql, alice)
    result = await add(graphql, alice, wishlist_id, product_id, **more)
    assert [(e["code"], e["field"]) for e in result["errors"]] == expected


async def test_wishlist_mutations_need_a_signed_in_user(graphql: GraphQLClient) -> None:
    for operation, variables in (
        (CREATE_WISHLIST, {"name": "Mine"}),
        (ADD_TO_WISHLIST, {"wishlistId": "w", "productId": "p-buds"}),
    ):
        response = await graphql(operation, variables)
        assert response.error_codes == ["UNAUTHENTICATED"]


REWARDS = [
    ("2026-01-01T09:00:00.000Z", "ADJUST", 100),
    ("2026-01-05T09:00:00.000Z", "EARN", 40),
    ("2026-02-01T09:00:00.000Z", "REDEEM", -50),
    ("2026-02-10T09:00:00.000Z", "EARN", 25),
    ("2026-03-01T09:00:00.000Z", "EARN", 10),
]


async def test_my_rewards_page_newest_first(
    graphql: GraphQLClient, settings: Settings, alice: Account
) -> None:
    write_rewards(settings, alice.user_id, REWARDS)
    seen: list[tuple[str, int, str | None]] = []
    after = None
    while True:
        response = await graphql(MY_REWARDS, {"first": 2, "after": after}, headers=alice.headers)
        viewer = response.data["viewer"]
        assert viewer["rewardPoints"] == 125
        # the session, the profile and the page, in one round
        assert response.body["extensions"]["dynamodb"]["rounds"] == 1
        for edge in viewer["rewards"]["edges"]:
            node = edge["node"]
            seen.append((node["type"], node["points"], node["order"] and node["order"]["id"]))
        page = viewer["rewards"]["pageInfo"]
        if not page["hasNextPage"]:
            break
        after = page["endCursor"]
    assert seen == [
        ("EARN", 10, "o-4"),
        ("EARN", 25, "o-3"),
        ("REDEEM", -50, None),
        ("EARN", 40, "o-1"),
        ("ADJUST", 100, None),
    ]


async def test_rewards_are_the_owners_alone(
    graphql: GraphQLClient, settings: Settings, alice: Account, bob: Account
) -> None:
    write_rewards(settings, alice.user_id, REWARDS)
    page = await graphql(MY_REWARDS, {"first": 1}, headers=alice.headers)
    cursor = page.data["viewer"]["rewards"]["pageInfo"]["endCursor"]
    bobs = await graphql(MY_REWARDS, {"first": 10}, headers=bob.headers)
    assert bobs.data["viewer"]["rewards"]["edges"] == []
    assert bobs.data["viewer"]["rewardPoints"] == 0
    # A cursor is bound to its owner's list: it pages nobody else's.
    borrowed = await graphql(MY_REWARDS, {"first": 10, "after": cursor}, headers=bob.headers)
    assert borrowed.error_codes == ["BAD_USER_INPUT"]


@pytest.mark.parametrize("operation", [MY_REWARDS, MY_WISHLISTS], ids=["MyRewards", "MyWishlists"])
async def test_anonymous_callers_have_no_rewards_or_wishlists(
    graphql: GraphQLClient, operation: str
) -> None:
    response = await graphql(operation)
    assert response.data == {"viewer": None}
    assert response.calls == []
