"""`tables create` on tables made before an addition: the missing global indexes are
added (and /readyz's check names them until they are)."""

from __future__ import annotations

import uuid

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
