"""viewer.sellerProducts: what a seller created or lists, newest first, through
SellerCatalogIndex; inactive ones when asked; totalCount."""

from __future__ import annotations

from typing import Any

from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.seller_catalog.factories import (
    ADMIN,
    CUSTOMER,
    SELLER,
    listed,
    new_product,
    person,
)
from tests.seller_catalog.factories import (
    operation as seller_operation,
)
from tests.seller_tools.factories import send, shop

ADMIN_VIEW = """
query($id: ID!) { user(id: $id) { sellerProducts(includeInactive: true) { totalCount } } }"""


def names(response: GraphQLResponse) -> list[tuple[str, bool]]:
    edges = response.data["viewer"]["sellerProducts"]["edges"]
    return [(e["node"]["name"], e["node"]["isActive"]) for e in edges]


def total(response: GraphQLResponse) -> Any:
    return response.data["viewer"]["sellerProducts"]["totalCount"]


async def test_created_and_listed_products_newest_first(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)  # "Trail Lantern", created and listed
    seller, category = found.seller, found.category_id
    await new_product(isolated_graphql, seller, category, name="Unlisted Tent")
    other = person(isolated.settings, SELLER)
    theirs = await new_product(isolated_graphql, other, category, name="Their Stove")
    await listed(isolated_graphql, other, theirs, "20", 1)
    await listed(isolated_graphql, seller, theirs, "19", 1)  # listed: now in our catalog
    retired = await new_product(isolated_graphql, seller, category, name="Old Map")
    await isolated_graphql(
        seller_operation("UpdateProduct"),
        {"id": retired, "input": {"isActive": False}},
        headers=seller.headers,
    )

    response = await send(isolated_graphql, "MyProducts", seller, first=10)
    assert names(response) == [
        ("Their Stove", True),
        ("Unlisted Tent", True),
        ("Trail Lantern", True),
    ]
    assert total(response) == 3
    node = response.data["viewer"]["sellerProducts"]["edges"][0]["node"]
    assert node["minPrice"] == {"amount": "19.00"}
    # The profile, the index page (a short first page is its own count) in one round; the
    # listed product's Product item in one batch.
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2
    assert response.call_count("Query") == 1
    assert response.call_count() == 3

    everything = await send(isolated_graphql, "MyProducts", seller, first=2, includeInactive=True)
    assert names(everything) == [("Old Map", False), ("Their Stove", True)]
    assert total(everything) == 4
    cursor = everything.data["viewer"]["sellerProducts"]["pageInfo"]["endCursor"]
    rest = await send(
        isolated_graphql, "MyProducts", seller, first=2, after=cursor, includeInactive=True
    )
    assert names(rest) == [("Unlisted Tent", True), ("Trail Lantern", True)]
    assert rest.data["viewer"]["sellerProducts"]["pageInfo"]["hasNextPage"] is False

    # Withdrawing an offer of another's product makes it inactive in this catalog.
    await send(isolated_graphql, "WithdrawListing", seller, productId=theirs)
    after = await send(isolated_graphql, "MyProducts", seller, first=10)
    assert [name for name, _ in names(after)] == ["Unlisted Tent", "Trail Lantern"]
    # The creator's catalog holds their own product once, though they list it too.
    mine = await send(isolated_graphql, "MyProducts", other, first=10)
    assert names(mine) == [("Their Stove", True)]


async def test_who_sees_a_sellers_products(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    assert total(await send(isolated_graphql, "MyProducts", person(isolated.settings, SELLER))) == 0
    admin = person(isolated.settings, ADMIN)
    assert total(await send(isolated_graphql, "MyProducts", admin)) == 0
    seen = await isolated_graphql(ADMIN_VIEW, {"id": found.seller.user_id}, headers=admin.headers)
    assert seen.data["user"]["sellerProducts"]["totalCount"] == 1
    refused = await send(isolated_graphql, "MyProducts", person(isolated.settings, CUSTOMER))
    assert refused.error_codes == ["FORBIDDEN"]
    assert (await send(isolated_graphql, "MyProducts", None)).data == {"viewer": None}
