"""setProductDetails: a product's specifications and facets replaced as a whole, in one
transaction, by its owners only."""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Key

from gateway.settings import Settings
from tests.accounts.factories import table
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient
from tests.seller_catalog.factories import (
    ADMIN,
    CUSTOMER,
    SELLER,
    listed,
    payload_codes,
    person,
)
from tests.seller_tools.factories import send, shop

WEIGHT = {"name": "Weight", "value": "250", "unit": "g"}
BATTERY = {"name": "Battery", "value": "AA", "group": "Power"}
COLOR = {"name": "color", "value": "black"}


def details(settings: Settings, product_id: str) -> list[tuple[str, Any]]:
    rows = table(settings, "Products").query(KeyConditionExpression=Key("pk").eq(product_id))
    return sorted(
        (row["sk"], row["value"])
        for row in rows["Items"]
        if row["sk"].startswith(("SPEC#", "FILTER#"))
    )


async def test_details_are_replaced_as_a_whole(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    first = await send(
        isolated_graphql,
        "SetProductDetails",
        found.seller,
        productId=found.product_id,
        specifications=[WEIGHT, BATTERY],
        facets=[COLOR],
    )
    assert first.data["setProductDetails"] == {
        "product": {
            "id": found.product_id,
            "specifications": [
                {"name": "Battery", "value": "AA", "unit": None, "group": "Power"},
                {"name": "Weight", "value": "250", "unit": "g", "group": None},
            ],
            "facets": [{"name": "color", "value": "black"}],
        },
        "errors": [],
    }
    # The item collection as of now, then one transaction; the payload shows what it wrote.
    assert first.call_count() == 2
    assert first.call_count("TransactWriteItems") == 1
    second = await send(
        isolated_graphql,
        "SetProductDetails",
        found.seller,
        productId=found.product_id,
        specifications=[WEIGHT | {"value": "240"}],
        facets=[],
    )
    assert second.data["setProductDetails"]["errors"] == []
    assert details(isolated.settings, found.product_id) == [("SPEC#Weight", "240")]
    page = await isolated_graphql(
        "query($id: ID!) { product(id: $id) { specifications { name value } facets { name } } }",
        {"id": found.product_id},
    )
    assert page.data["product"] == {
        "specifications": [{"name": "Weight", "value": "240"}],
        "facets": [],
    }
    # The same details again: nothing to write.
    same = await send(
        isolated_graphql,
        "SetProductDetails",
        found.seller,
        productId=found.product_id,
        specifications=[WEIGHT | {"value": "240"}],
        facets=[],
    )
    assert same.call_count("TransactWriteItems") == 0


async def test_details_are_bounded_and_named_once(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    found = await shop(isolated_graphql, isolated)
    too_many = [{"name": f"Spec {n}", "value": "x"} for n in range(31)]
    response = await send(
        isolated_graphql,
        "SetProductDetails",
        found.seller,
        productId=found.product_id,
        specifications=too_many,
        facets=[COLOR, COLOR | {"name": " COLOR "}, {"name": " ", "value": "x"}],
    )
    errors = response.data["setProductDetails"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [
        ("INVALID_INPUT", ["specifications"]),
        ("INVALID_INPUT", ["facets", "1", "name"]),
        ("INVALID_INPUT", ["facets", "2", "name"]),
    ]
    assert response.call_count() == 0


async def test_who_may_set_details(isolated_graphql: GraphQLClient, isolated: Isolated) -> None:
    found = await shop(isolated_graphql, isolated)
    lister = person(isolated.settings, SELLER)
    await listed(isolated_graphql, lister, found.product_id, "11", 1)
    for who, works in (
        (lister, True),  # a seller who lists it is an owner
        (person(isolated.settings, ADMIN), True),
        (person(isolated.settings, SELLER), False),
        (person(isolated.settings, CUSTOMER), False),
    ):
        response = await send(
            isolated_graphql,
            "SetProductDetails",
            who,
            productId=found.product_id,
            specifications=[WEIGHT],
            facets=[],
        )
        assert payload_codes(response, "setProductDetails") == ([] if works else ["NOT_FOUND"])
    anonymous = await send(
        isolated_graphql,
        "SetProductDetails",
        None,
        productId=found.product_id,
        specifications=[],
        facets=[],
    )
    assert anonymous.error_codes == ["UNAUTHENTICATED"]
    assert details(isolated.settings, found.product_id) == [("SPEC#Weight", "250")]
