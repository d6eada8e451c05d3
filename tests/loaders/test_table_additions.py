"""`tables create` on tables made before an addition: the missing global indexes are
added (and /readyz's check names them until they are)."""

from __future__ import annotations

import uuid

from loaders.codec import decode_item, encode_item
from loaders.dynamo import DynamoClient
from loaders.model import PRODUCTS
from loaders.tables import create_tables, missing_tables, table_definition


async def test_an_index_added_to_the_model_is_added_to_an_existing_table(
    dynamodb: DynamoClient,
) -> None:
    prefix = f"old{uuid.uuid4().hex[:8]}-"
    before = table_definition(PRODUCTS, prefix + PRODUCTS.name)
    before["GlobalSecondaryIndexes"] = [
        i for i in before["GlobalSecondaryIndexes"] if i["IndexName"] != "SellerCatalogIndex"
    ]
    before["AttributeDefinitions"] = [
        a for a in before["AttributeDefinitions"] if not a["AttributeName"].startswith("gsi3")
    ]
    await dynamodb.create_table(**before)
    assert f"{prefix}Products.SellerCatalogIndex" in await missing_tables(dynamodb, prefix)
    said: list[str] = []
    await create_tables(dynamodb, prefix, said.append)
    assert f"index SellerCatalogIndex added to table {prefix}Products" in said
    assert await missing_tables(dynamodb, prefix) == []
    described = await dynamodb.describe_table(TableName=f"{prefix}Products")
    names = {i["IndexName"] for i in described["Table"]["GlobalSecondaryIndexes"]}
    assert "SellerCatalogIndex" in names


async def test_tables_create_gives_older_products_their_sort_keys_and_facet_counts(
    dynamodb: DynamoClient,
) -> None:
    """Before NEWEST, RATING and facets: the indexes are added, the products on their
    pages get the indexes' keys, and the new Filters table their facets' counters."""
    prefix = f"old{uuid.uuid4().hex[:8]}-"
    added = ("CategoryNewestIndex", "CategoryRatingIndex")
    before = table_definition(PRODUCTS, prefix + PRODUCTS.name)
    before["GlobalSecondaryIndexes"] = [
        i for i in before["GlobalSecondaryIndexes"] if i["IndexName"] not in added
    ]
    before["AttributeDefinitions"] = [
        a for a in before["AttributeDefinitions"] if a["AttributeName"] not in ("gsi4sk", "gsi5sk")
    ]
    await dynamodb.create_table(**before)
    product = {
        "pk": "p-old", "sk": "INFO", "entity": "Product", "product_id": "p-old",
        "category_id": "c-old", "is_active": True, "min_price_cents": 500, "rating_sum": 9,
        "rating_count": 2, "created_at": "2026-01-01T00:00:00.000Z",
        "gsi1pk": "CATEGORY#c-old", "gsi1sk": "PRICE#000000000500#p-old",
    }  # fmt: skip
    facet = {"pk": "p-old", "sk": "FILTER#Color", "entity": "Filter", "name": "Color",
             "value": "Black"}  # fmt: skip
    for item in (product, facet):
        await dynamodb.put_item(TableName=f"{prefix}Products", Item=encode_item(item))
    said: list[str] = []
    await create_tables(dynamodb, prefix, said.append)
    assert {f"index {name} added to table {prefix}Products" for name in added} <= set(said)
    stored = await dynamodb.get_item(
        TableName=f"{prefix}Products", Key={"pk": {"S": "p-old"}, "sk": {"S": "INFO"}}
    )
    keyed = decode_item(stored["Item"])
    assert keyed["gsi4sk"] == "2026-01-01T00:00:00.000Z#p-old"
    assert keyed["gsi5sk"] == "RATING#000000004500#000000000002#p-old"
    counters = await dynamodb.scan(TableName=f"{prefix}Filters")
    assert [decode_item(i) for i in counters["Items"]] == [
        {"pk": "c-old", "sk": "FILTER#color#DATA#black", "entity": "FacetCount",
         "category_id": "c-old", "name": "Color", "value": "Black", "count": 1},
    ]  # fmt: skip
