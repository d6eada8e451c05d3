"""updateStore: the store's name and description, and the name's copy on every listing."""

from __future__ import annotations

from tests.accounts.factories import item
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient
from tests.seller_catalog.factories import (
    ADMIN,
    CUSTOMER,
    SELLER,
    listed,
    listing_item,
    new_product,
    payload_codes,
    person,
)
from tests.seller_tools.factories import send, shop

PRODUCT_SELLERS = "query($id: ID!) { product(id: $id) { sellers { seller { id storeName } } } }"


async def test_a_rename_reaches_every_listing(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    seller = found.seller
    second = await new_product(isolated_graphql, seller, found.category_id)
    await listed(isolated_graphql, seller, second, "3", 1)
    await send(isolated_graphql, "WithdrawListing", seller, productId=second)  # inactive too
    response = await send(
        isolated_graphql,
        "UpdateStore",
        seller,
        input={"storeName": "  Ada's Audio ", "storeDescription": "Headphones, tested."},
    )
    assert response.data["updateStore"] == {
        "seller": {
            "id": seller.user_id,
            "storeName": "Ada's Audio",
            "storeDescription": "Headphones, tested.",
        },
        "errors": [],
    }
    # The profile and the listings in one round, then one transaction.
    assert response.call_count() == 3
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2
    for product_id in (found.product_id, second):
        assert listing_item(isolated.settings, product_id, seller.user_id)["seller_name"] == (
            "Ada's Audio"
        )
    page = await isolated_graphql(PRODUCT_SELLERS, {"id": found.product_id})
    assert page.data["product"]["sellers"] == [
        {"seller": {"id": seller.user_id, "storeName": "Ada's Audio"}}
    ]
    # A blank description removes it; an unchanged name writes no listing.
    again = await send(
        isolated_graphql,
        "UpdateStore",
        seller,
        input={"storeName": "Ada's Audio", "storeDescription": " "},
    )
    assert again.data["updateStore"]["seller"]["storeDescription"] is None
    profile = item(isolated.settings, "Users", seller.user_id, "PROFILE")
    assert profile is not None
    assert "store_description" not in profile


async def test_a_store_name_is_required_and_bounded(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller = person(isolated.settings, SELLER)
    for name in (" ", "x" * 101):
        response = await send(isolated_graphql, "UpdateStore", seller, input={"storeName": name})
        assert [e["field"] for e in response.data["updateStore"]["errors"]] == [
            ["input", "storeName"]
        ]
        assert payload_codes(response, "updateStore") == ["INVALID_INPUT"]
        assert response.call_count() == 0


async def test_who_may_rename_a_store(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    found = await shop(isolated_graphql, isolated)
    other = person(isolated.settings, SELLER)
    renamed = await send(isolated_graphql, "UpdateStore", other, input={"storeName": "Other"})
    assert renamed.data["updateStore"]["errors"] == []
    # Another seller renames their own store only.
    assert listing_item(isolated.settings, found.product_id, found.seller.user_id)[
        "seller_name"
    ].startswith("Store ")
    for who, code in (
        (person(isolated.settings, ADMIN), "FORBIDDEN"),
        (person(isolated.settings, CUSTOMER), "FORBIDDEN"),
        (None, "UNAUTHENTICATED"),
    ):
        refused = await send(isolated_graphql, "UpdateStore", who, input={"storeName": "Mine"})
        assert refused.error_codes == [code]
