"""`python -m gateway model export`: the JSON describes the tables `tables create` made,
and it is a valid document of the DynamoDB MCP code generator's schema format."""

from __future__ import annotations

import contextlib
import io
import json
import re
from typing import Any

import pytest

from gateway.cli import main
from gateway.settings import Settings
from loaders.dynamo import DynamoClient


@pytest.fixture(scope="module")
def exported(settings: Settings) -> dict[str, Any]:
    """The command's output, run through the CLI entry with the tests' table prefix."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["model", "export", "--prefix", settings.table_prefix]) == 0
    return dict(json.loads(out.getvalue()))


def _key_schema(schema: list[dict[str, str]]) -> tuple[str, str | None]:
    kinds = {k["KeyType"]: k["AttributeName"] for k in schema}
    return kinds["HASH"], kinds.get("RANGE")


def _indexes(exported: list[dict[str, Any]]) -> dict[str, tuple[str, str | None]]:
    return {i["name"]: (i["partition_key"], i.get("sort_key")) for i in exported}


async def test_export_describes_the_tables_created(
    exported: dict[str, Any], dynamodb: DynamoClient
) -> None:
    tables = exported["tables"]
    assert len(tables) == 13
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


# The code generator's format: required keys and vocabularies (its schema definitions).
REQUIRED = {
    "table": {"table_config", "entities"},
    "table_config": {"table_name", "partition_key"},
    "entity": {"entity_type", "pk_template", "fields"},
    "field": {"name", "type", "required"},
    "pattern": {"pattern_id", "name", "description", "operation", "return_type"},
    "parameter": {"name", "type"},
    "index": {"name", "partition_key"},
    "mapping": {"name", "pk_template"},
    "transaction": {"pattern_id", "name", "description", "operation", "entities_involved"},
    "involved": {"table", "entity", "action"},
}
FIELD_TYPES = {"string", "integer", "decimal", "boolean", "array", "object", "uuid"}
PARAMETER_TYPES = FIELD_TYPES | {"entity"}
OPERATIONS = {
    "GetItem", "PutItem", "DeleteItem", "Query", "Scan", "UpdateItem", "BatchGetItem",
    "BatchWriteItem",
}  # fmt: skip
RETURN_TYPES = {"single_entity", "entity_list", "success_flag", "mixed_data", "void"}
RANGE_CONDITIONS = {"begins_with", "between", ">", "<", ">=", "<="}
ACTIONS = {"Put", "Update", "Delete", "ConditionCheck"}


def _params(template: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", template)


def _problems(document: dict[str, Any]) -> list[str]:
    """What the format's validator would refuse (an empty list: nothing)."""
    problems: list[str] = []

    def need(kind: str, where: str, value: dict[str, Any]) -> None:
        problems.extend(f"{where}: no {k}" for k in REQUIRED[kind] - value.keys())

    entities: dict[str, str] = {}
    ids: list[int] = []
    for t, table in enumerate(document["tables"]):
        need("table", f"tables[{t}]", table)
        need("table_config", f"tables[{t}].table_config", table["table_config"])
        indexes = {i["name"] for i in table.get("gsi_list", []) + table.get("lsi_list", [])}
        for index in table.get("gsi_list", []) + table.get("lsi_list", []):
            need("index", f"tables[{t}] index", index)
        for name, entity in table["entities"].items():
            where = f"{table['table_config']['table_name']}.{name}"
            if name in entities:
                problems.append(f"{where}: entity name used twice")
            entities[name] = table["table_config"]["table_name"]
            need("entity", where, entity)
            fields = {f["name"] for f in entity["fields"]}
            for field in entity["fields"]:
                need("field", where, field)
                if field["type"] not in FIELD_TYPES or not isinstance(field.get("required"), bool):
                    problems.append(f"{where}.{field['name']}: bad type")
                if field["type"] == "array" and "item_type" not in field:
                    problems.append(f"{where}.{field['name']}: array without item_type")
            templates = [(entity["pk_template"], entity["pk_params"])]
            templates.append((entity["sk_template"], entity["sk_params"]))
            for mapping in entity.get("gsi_mappings", []) + entity.get("lsi_mappings", []):
                need("mapping", where, mapping)
                if mapping["name"] not in indexes:
                    problems.append(f"{where}: mapping of unknown index {mapping['name']}")
                templates.append((mapping["pk_template"], mapping["pk_params"]))
                templates.append((mapping["sk_template"], mapping["sk_params"]))
            for template, params in templates:
                if _params(template) != params or not set(params) <= fields:
                    problems.append(f"{where}: template {template} and its params or fields")
            for pattern in entity.get("access_patterns", []):
                need("pattern", f"{where}.{pattern['name']}", pattern)
                ids.append(pattern["pattern_id"])
                if pattern["operation"] not in OPERATIONS:
                    problems.append(f"{where}.{pattern['name']}: operation")
                if pattern["return_type"] not in RETURN_TYPES:
                    problems.append(f"{where}.{pattern['name']}: return_type")
                if pattern.get("index_name", "") not in indexes | {""}:
                    problems.append(f"{where}.{pattern['name']}: unknown index")
                if pattern.get("range_condition", "") not in RANGE_CONDITIONS | {""}:
                    problems.append(f"{where}.{pattern['name']}: range_condition")
                for parameter in pattern["parameters"]:
                    need("parameter", f"{where}.{pattern['name']}", parameter)
                    if parameter["type"] not in PARAMETER_TYPES:
                        problems.append(f"{where}.{pattern['name']}: parameter type")
    for transaction in document["cross_table_access_patterns"]:
        need("transaction", transaction["name"], transaction)
        ids.append(transaction["pattern_id"])
        for involved in transaction["entities_involved"]:
            need("involved", transaction["name"], involved)
            if entities.get(involved["entity"]) != involved["table"]:
                problems.append(f"{transaction['name']}: {involved['entity']} not in its table")
            if involved["action"] not in ACTIONS:
                problems.append(f"{transaction['name']}: action {involved['action']}")
        for parameter in transaction["parameters"]:
            if parameter["type"] == "entity" and parameter["entity_type"] not in entities:
                problems.append(f"{transaction['name']}: unknown entity parameter")
    if len(ids) != len(set(ids)):
        problems.append("pattern ids are not unique")
    return problems


def test_export_is_valid_in_the_code_generator_format(exported: dict[str, Any]) -> None:
    assert _problems(exported) == []


def test_the_validity_check_finds_what_is_missing(exported: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(exported))
    users = broken["tables"][0]
    del users["entities"]["User"]["fields"][0]["required"]
    users["entities"]["User"]["gsi_mappings"][0]["name"] = "NoSuchIndex"
    users["entities"]["Session"]["sk_template"] = "SESSION#{session}"
    assert _problems(broken) == [
        "test-Users.User: no required",
        "test-Users.User.user_id: bad type",
        "test-Users.User: mapping of unknown index NoSuchIndex",
        "test-Users.Session: template SESSION#{session} and its params or fields",
    ]
