"""Taking products off wishlists, deleting wishlists, and reading a shared one by id."""

from __future__ import annotations

from typing import Any

from tests import operations
from tests.accounts.factories import Account
from tests.accounts.operations import CREATE_WISHLIST, MY_WISHLISTS
from tests.accounts.test_wishlists_rewards import add
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient


def operation(name: str) -> str:
    return operations.operation("account_settings.graphql", name)


async def wishlist_of(
    graphql: GraphQLClient, account: Account, products: list[str], *, public: bool
) -> str:
    created = await graphql(
        CREATE_WISHLIST, {"name": "Gifts", "isPublic": public}, headers=account.headers
    )
    wishlist_id: str = created.data["createWishlist"]["wishlist"]["id"]
    for product_id in products:
        await add(graphql, account, wishlist_id, product_id)
    return wishlist_id


async def remove(
    graphql: GraphQLClient, headers: dict[str, str], wishlist: str, product: str
) -> Any:
    return await graphql(
        operation("RemoveFromWishlist"),
        {"wishlistId": wishlist, "productId": product},
        headers=headers,
    )


async def test_owner_takes_a_product_off_a_wishlist(
    graphql: GraphQLClient, catalog: Catalog, alice: Account
) -> None:
    gifts = await wishlist_of(graphql, alice, ["p-studio", "p-buds"], public=False)
    removed = await remove(graphql, alice.headers, gifts, "p-studio")
    assert removed.data["removeFromWishlist"] == {
        "wishlist": {"id": gifts, "items": [{"product": {"id": "p-buds"}}]},
        "errors": [],
    }
    # The session check, the partition's Query, one DeleteItem, then the products' batch.
    assert [c["operation"] for c in removed.calls] == [
        "BatchGetItem", "Query", "DeleteItem", "BatchGetItem",
    ]  # fmt: skip
    again = (await remove(graphql, alice.headers, gifts, "p-studio")).data["removeFromWishlist"]
    assert [(e["code"], e["field"]) for e in again["errors"]] == [("NOT_FOUND", ["productId"])]


async def test_owner_deletes_a_wishlist_with_its_items(
    graphql: GraphQLClient, catalog: Catalog, alice: Account
) -> None:
    gifts = await wishlist_of(graphql, alice, ["p-studio", "p-buds"], public=True)
    kept = await wishlist_of(graphql, alice, ["p-amp"], public=True)
    deleted = await graphql(operation("DeleteWishlist"), {"id": gifts}, headers=alice.headers)
    assert deleted.data["deleteWishlist"] == {"deletedId": gifts, "errors": []}
    assert deleted.call_count("TransactWriteItems") == 1
    mine = (await graphql(MY_WISHLISTS, headers=alice.headers)).data["viewer"]["wishlists"]
    assert [w["id"] for w in mine] == [kept]
    shared = await graphql(operation("SharedWishlist"), {"id": gifts})
    assert shared.data == {"wishlist": None}
    again = await graphql(operation("DeleteWishlist"), {"id": gifts}, headers=alice.headers)
    assert [(e["code"], e["field"]) for e in again.data["deleteWishlist"]["errors"]] == [
        ("NOT_FOUND", ["id"])
    ]


async def test_nobody_else_changes_a_wishlist(
    graphql: GraphQLClient, catalog: Catalog, alice: Account, bob: Account, admin: Account
) -> None:
    gifts = await wishlist_of(graphql, alice, ["p-studio"], public=True)
    for headers in (bob.headers, admin.headers):
        removed = (await remove(graphql, headers, gifts, "p-studio")).data["removeFromWishlist"]
        assert [e["code"] for e in removed["errors"]] == ["NOT_FOUND"]
        deleted = await graphql(operation("DeleteWishlist"), {"id": gifts}, headers=headers)
        assert [e["code"] for e in deleted.data["deleteWishlist"]["errors"]] == ["NOT_FOUND"]
    anonymous = [
        await remove(graphql, {}, gifts, "p-studio"),
        await graphql(operation("DeleteWishlist"), {"id": gifts}),
    ]
    assert [r.error_codes for r in anonymous] == [["UNAUTHENTICATED"]] * 2
    shared = await graphql(operation("SharedWishlist"), {"id": gifts})
    assert [i["product"]["id"] for i in shared.data["wishlist"]["items"]] == ["p-studio"]


async def test_anyone_reads_a_public_wishlist_by_id(
    graphql: GraphQLClient, catalog: Catalog, alice: Account, bob: Account
) -> None:
    gifts = await wishlist_of(graphql, alice, ["p-studio", "p-buds"], public=True)
    for headers in ({}, bob.headers):
        response = await graphql(operation("SharedWishlist"), {"id": gifts}, headers=headers)
        assert response.data["wishlist"] == {
            "id": gifts,
            "name": "Gifts",
            "owner": {"id": alice.user_id, "displayName": "Alice L."},
            "items": [
                {
                    "priority": 3,
                    "product": {
                        "id": "p-studio", "name": "Studio Headphones",
                        "minPrice": {"amount": "89.99", "currencyCode": "USD"},
                    },
                },
                {
                    "priority": 3,
                    "product": {
                        "id": "p-buds", "name": "Ear Buds",
                        "minPrice": {"amount": "49.99", "currencyCode": "USD"},
                    },
                },
            ],
        }  # fmt: skip
        # The wishlist and its owner (and the session) in one batch with the items' Query;
        # then the products: no Scan.
        assert sorted(c["operation"] for c in response.calls) == [
            "BatchGetItem", "BatchGetItem", "Query",
        ]  # fmt: skip
        assert response.body["extensions"]["dynamodb"]["rounds"] == 2


async def test_a_private_wishlist_is_null_but_to_its_owner_and_administrators(
    graphql: GraphQLClient, catalog: Catalog, alice: Account, bob: Account, admin: Account
) -> None:
    secret = await wishlist_of(graphql, alice, ["p-studio"], public=False)
    seen = {}
    for who, headers in (("owner", alice.headers), ("admin", admin.headers), ("bob", bob.headers), ("anonymous", {})):  # fmt: skip
        found = (await graphql(operation("SharedWishlist"), {"id": secret}, headers=headers)).data
        seen[who] = found["wishlist"] and found["wishlist"]["id"]
    assert seen == {"owner": secret, "admin": secret, "bob": None, "anonymous": None}
    for unknown in ("no-such-wishlist", f"{alice.user_id}.{'0' * 26}"):
        found = await graphql(operation("SharedWishlist"), {"id": unknown})
        assert found.data == {"wishlist": None}
