"""updateStore: the store's name and description, and the name's copy on every listing."""

from __future__ import annotations

from boto3.dynamodb.conditions import Key

from tests.accounts.factories import item, table, unique
from tests.conftest import Isolated
from tests.factories import product
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


async def test_a_rename_of_a_large_store_takes_a_transaction_per_100_writes(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    seller = person(isolated.settings, SELLER)
    products = [unique("p-store-") for _ in range(150)]
    with table(isolated.settings, "Products").batch_writer() as batch:
        for pid in products:
            for row in product(pid, "Thing", "store-tests", [(seller.user_id, "Old", 100, 1)]):
                batch.put_item(Item=row)
    response = await send(isolated_graphql, "UpdateStore", seller, input={"storeName": "New"})
    assert response.data["updateStore"]["errors"] == []
    # The profile and 99 listings, then the other 51.
    assert response.call_count("TransactWriteItems") == 2
    listings = table(isolated.settings, "Products").query(
        IndexName="SellerProductsIndex", KeyConditionExpression=Key("gsi2pk").eq(seller.user_id)
    )["Items"]
    assert len(listings) == len(products)
    assert {listing["seller_name"] for listing in listings} == {"New"}
