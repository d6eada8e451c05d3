"""`category.facets`: counters that every write of a product's facets, category or
activity moves in its own transaction, checked after each write against a count of the
tables' Product and Filter items made here."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

from boto3.dynamodb.conditions import Attr

from gateway.settings import Settings
from tests.accounts.factories import table
from tests.conftest import Isolated
from tests.factories import category
from tests.graphql_client import GraphQLClient
from tests.seller_catalog.factories import listed, new_product, root_category
from tests.seller_catalog.factories import operation as admin_operation
from tests.seller_tools.factories import send, shop

FACETS = "query($id: ID!) { category(id: $id) { facets { name values { value count } } } }"


def counted_in_tables(settings: Settings, category_id: str) -> dict[str, dict[str, int]]:
    """The facet values of the category's products on its pages, from the items alone."""
    rows = table(settings, "Products").scan(
        FilterExpression=Attr("entity").is_in(["Product", "Filter"])
    )
    items: list[dict[str, Any]] = rows["Items"]
    shown = {
        i["pk"]
        for i in items
        if i["entity"] == "Product" and i.get("gsi1pk") == f"CATEGORY#{category_id}"
    }
    counts = Counter(
        (i["name"].lower(), i["value"].lower())
        for i in items
        if i["entity"] == "Filter" and i["pk"] in shown
    )
    found: dict[str, dict[str, int]] = {}
    for (name, value), count in counts.items():
        found.setdefault(name, {})[value] = count
    return found


async def facets(graphql: GraphQLClient, category_id: str) -> dict[str, dict[str, int]]:
    response = await graphql(FACETS, {"id": category_id})
    return {
        f["name"].lower(): {v["value"].lower(): v["count"] for v in f["values"]}
        for f in response.data["category"]["facets"]
    }


async def test_facet_counts_follow_every_write(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    graphql, settings = isolated_graphql, isolated.settings
    found = await shop(graphql, isolated)
    seller, category_id, first = found.seller, found.category_id, found.product_id
    second = await new_product(graphql, seller, category_id)
    await listed(graphql, seller, second, "20", 1)
    elsewhere = root_category(settings)

    async def details(product_id: str, *pairs: tuple[str, str]) -> None:
        given = [{"name": n, "value": v} for n, v in pairs]
        response = await send(
            graphql, "SetProductDetails", seller, productId=product_id, specifications=[],
            facets=given,
        )  # fmt: skip
        assert response.data["setProductDetails"]["errors"] == []

    async def update(product_id: str, **changes: Any) -> None:
        response = await graphql(
            admin_operation("UpdateProduct"), {"id": product_id, "input": changes},
            headers=seller.headers,
        )  # fmt: skip
        assert response.data["updateProduct"]["errors"] == []

    async def check(expected: dict[str, dict[str, int]], where: str = category_id) -> None:
        assert await facets(graphql, where) == expected
        assert counted_in_tables(settings, where) == expected

    await check({})
    await details(first, ("color", "black"), ("size", "M"))
    await check({"color": {"black": 1}, "size": {"m": 1}})
    await details(second, ("Color", "BLACK"))  # counted with the first, case ignored
    await check({"color": {"black": 2}, "size": {"m": 1}})
    await details(first, ("color", "red"))
    await check({"color": {"black": 1, "red": 1}})
    await update(first, isActive=False)
    await check({"color": {"black": 1}})
    await update(first, isActive=True)
    await check({"color": {"black": 1, "red": 1}})
    await send(graphql, "WithdrawListing", seller, productId=second)  # its only offer
    await check({"color": {"red": 1}})
    await listed(graphql, seller, second, "18", 2)
    await check({"color": {"black": 1, "red": 1}})
    await update(second, categoryId=elsewhere)
    await check({"color": {"red": 1}})
    await check({"color": {"black": 1}}, elsewhere)


async def test_a_categorys_facets_sum_its_subtree(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    """Counters are per category; a parent's facets add its children's."""
    graphql, settings = isolated_graphql, isolated.settings
    found = await shop(graphql, isolated)
    child = f"{found.category_id}-child"
    with table(settings, "Categories").batch_writer() as batch:
        for row in category(child, "Child", found.category_id, [found.category_id, child], 0):
            batch.put_item(Item=row)
    below = await new_product(graphql, found.seller, child)
    await listed(graphql, found.seller, below, "5", 1)
    for product_id in (found.product_id, below):
        await send(
            graphql, "SetProductDetails", found.seller, productId=product_id,
            specifications=[], facets=[{"name": "color", "value": "blue"}],
        )  # fmt: skip
    assert await facets(graphql, found.category_id) == {"color": {"blue": 2}}
    assert await facets(graphql, child) == {"color": {"blue": 1}}


async def test_concurrent_writes_leave_the_counts_exact(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    """Details set several times at once, while the product leaves and re-enters its
    pages: whatever order the writes land in, the counters are what the items say."""
    graphql, settings = isolated_graphql, isolated.settings
    found = await shop(graphql, isolated)
    seller = found.seller

    async def details(value: str) -> None:
        await send(
            graphql, "SetProductDetails", seller, productId=found.product_id,
            specifications=[], facets=[{"name": "color", "value": value}],
        )  # fmt: skip

    async def active(flag: bool) -> None:
        await graphql(
            admin_operation("UpdateProduct"),
            {"id": found.product_id, "input": {"isActive": flag}},
            headers=seller.headers,
        )

    await asyncio.gather(
        *(details(v) for v in ("red", "blue", "green", "black")), active(False), active(True)
    )
    assert await facets(graphql, found.category_id) == counted_in_tables(
        settings, found.category_id
    )


async def test_details_past_one_transaction_keep_the_counts(
    isolated_graphql: GraphQLClient, isolated: Isolated
) -> None:
    """Every one of 30 specifications and 15 facets renamed: 61 actions, and 30 counters
    more, past TransactWriteItems' 100: the specifications go first, then the facets with
    their counters."""
    graphql, settings = isolated_graphql, isolated.settings
    found = await shop(graphql, isolated)

    async def details(prefix: str) -> Any:
        return await send(
            graphql, "SetProductDetails", found.seller, productId=found.product_id,
            specifications=[{"name": f"{prefix}s{n}", "value": "1"} for n in range(30)],
            facets=[{"name": f"{prefix}f{n}", "value": "v"} for n in range(15)],
        )  # fmt: skip

    assert (await details("a")).data["setProductDetails"]["errors"] == []
    renamed = await details("b")
    assert renamed.data["setProductDetails"]["errors"] == []
    assert renamed.call_count("TransactWriteItems") == 2
    expected = {f"bf{n}": {"v": 1} for n in range(15)}
    assert await facets(graphql, found.category_id) == expected
    assert counted_in_tables(settings, found.category_id) == expected
