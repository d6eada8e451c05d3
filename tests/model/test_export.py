"""`python -m gateway model export`: the JSON describes the tables `tables create` made
(`tests/model/test_upstream_validator.py`: and the code generator's own validator accepts
it)."""

from __future__ import annotations

from typing import Any

from loaders.dynamo import DynamoClient


def _key_schema(schema: list[dict[str, str]]) -> tuple[str, str | None]:
    kinds = {k["KeyType"]: k["AttributeName"] for k in schema}
    return kinds["HASH"], kinds.get("RANGE")


def _indexes(exported: list[dict[str, Any]]) -> dict[str, tuple[str, str | None]]:
    return {i["name"]: (i["partition_key"], i.get("sort_key")) for i in exported}


async def test_export_describes_the_tables_created(
    exported: dict[str, Any], dynamodb: DynamoClient
) -> None:
    tables = exported["tables"]
    assert len(tables) == 14
    for table in tables:
        config = table["table_config"]
        described = (await dynamodb.describe_table(TableName=config["table_name"]))["Table"]
        assert _key_schema(described["KeySchema"]) == (config["partition_key"], config["sort_key"])
        globals_ = {
            i["IndexName"]: _key_schema(i["KeySchema"])
            for i in described.get("GlobalSecondaryIndexes", [])
        }
        locals_ = {
            i["IndexName"]: _key_schema(i["KeySchema"])
            for i in described.get("LocalSecondaryIndexes", [])
        }
        assert globals_ == _indexes(table.get("gsi_list", [])), config["table_name"]
        assert locals_ == _indexes(table.get("lsi_list", [])), config["table_name"]
        ttl = await dynamodb.describe_time_to_live(TableName=config["table_name"])
        assert ttl["TimeToLiveDescription"].get("AttributeName") == table.get("ttl_attribute")


def test_export_names_the_known_indexes_and_entities(exported: dict[str, Any]) -> None:
    by_name = {t["table_config"]["table_name"].split("-", 1)[1]: t for t in exported["tables"]}
    orders = by_name["Orders"]
    assert [i["name"] for i in orders["gsi_list"]] == ["OrderIdIndex", "StatusDateIndex"]
    order = orders["entities"]["Order"]
    assert order["sk_template"] == "ORDER#{created_at}#{order_id}"
    assert order["sk_params"] == ["created_at", "order_id"]
    assert {m["name"]: m["sk_template"] for m in order["lsi_mappings"]} == {
        "StatusIndex": "STATUS#{status}#{created_at}",
        "AmountIndex": "AMOUNT#{total_cents}#{order_id}",
    }
    product = by_name["Products"]["entities"]["Product"]
    price = next(p for p in product["access_patterns"] if p["name"] == "get_category_products")
    assert (price["operation"], price["index_name"], price["range_condition"]) == (
        "Query",
        "CategoryPriceIndex",
        "between",
    )
    checkout = next(p for p in exported["cross_table_access_patterns"] if p["name"] == "checkout")
    assert checkout["operation"] == "TransactWrite"
    assert {"table": "test-Products", "entity": "Listing", "action": "Update"} in checkout[
        "entities_involved"
    ]
