"""`python -m gateway model export`: the data model as the DynamoDB MCP server's code
generator reads it (a `tables` array of `table_config`, `gsi_list` and `entities` with key
templates, plus `cross_table_access_patterns` for the transactions).

Everything comes from the declarations the gateway itself runs on: the tables and entities
of `loaders/model.py` and the access patterns of `loaders/access_patterns.py`. Two keys go
beyond that format, for what it has no word for: `lsi_list` and `lsi_mappings` (local
indexes), `lsi_name` (an access pattern's local index) and `ttl_attribute`.

The format's `index_name` names a global index only (the generator's `SchemaValidator`
refuses any other name), so a pattern on a local index carries `lsi_name` instead; to the
generator it is then a query of the table's partition with a sort-key condition, which is
what a local index query is. `tests/model/test_upstream_validator.py` runs that validator.
"""

from __future__ import annotations

import re
from typing import Any

from loaders.access_patterns import ACCESS_PATTERNS, TRANSACTIONS, AccessPattern, Transaction
from loaders.model import (
    ENTITIES,
    TABLES,
    Entity,
    Index,
    IndexKeys,
    IndexKind,
    Table,
    entity,
    parse_field,
    template_params,
)

TRANSACTIONS_FIRST_ID = 100


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _templates(pk: str, sk: str) -> dict[str, Any]:
    return {
        "pk_template": pk,
        "pk_params": list(template_params(pk)),
        "sk_template": sk,
        "sk_params": list(template_params(sk)),
    }


def _index(index: Index) -> dict[str, Any]:
    return {
        "name": index.name,
        "partition_key": index.partition_key,
        "sort_key": index.sort_key,
        "projection": "ALL",
    }


def _mapping(keys: IndexKeys) -> dict[str, Any]:
    return {"name": keys.index, **_templates(keys.pk, keys.sk)}


def _parameter(word: str, about: Entity) -> dict[str, Any]:
    if word[0].isupper():
        return {"name": _snake(word), "type": "entity", "entity_type": entity(word).name}
    declared = parse_field(word)
    field = about.attribute(declared.name) or declared
    return {"name": field.name, "type": field.type}


def _pattern(pattern_id: int, pattern: AccessPattern) -> dict[str, Any]:
    about = entity(pattern.entity)
    exported: dict[str, Any] = {
        "pattern_id": pattern_id,
        "name": pattern.name,
        "description": pattern.description,
        "operation": pattern.operation,
        "parameters": [_parameter(p, about) for p in pattern.parameters],
        "return_type": pattern.returns,
    }
    if pattern.index:
        local = about.table.index(pattern.index).kind is IndexKind.LOCAL
        exported["lsi_name" if local else "index_name"] = pattern.index
    if pattern.range_condition:
        exported["range_condition"] = pattern.range_condition
    if pattern.serves:
        exported["description"] += f" (seed 002: {', '.join(map(str, pattern.serves))})"
    return exported


def _entity(about: Entity, patterns: list[dict[str, Any]]) -> dict[str, Any]:
    local = {i.name for i in about.table.indexes if i.kind is IndexKind.LOCAL}
    exported: dict[str, Any] = {
        "entity_type": about.name,
        **_templates(about.pk, about.sk),
        "fields": [
            {
                "name": f.name,
                "type": f.type,
                "required": f.required,
                **({"item_type": "string"} if f.type == "array" else {}),
            }
            for f in about.fields
        ],
    }
    gsi = [_mapping(keys) for keys in about.indexes if keys.index not in local]
    lsi = [_mapping(keys) for keys in about.indexes if keys.index in local]
    if gsi:
        exported["gsi_mappings"] = gsi
    if lsi:
        exported["lsi_mappings"] = lsi
    exported["access_patterns"] = patterns
    return exported


def _transaction(pattern_id: int, transaction: Transaction, prefix: str) -> dict[str, Any]:
    return {
        "pattern_id": pattern_id,
        "name": transaction.name,
        "description": transaction.description,
        "operation": "TransactWrite",
        "entities_involved": [
            {"table": prefix + entity(name).table.name, "entity": name, "action": action}
            for name, action in transaction.actions
        ],
        "parameters": [
            _parameter(p, entity(transaction.actions[0][0])) for p in transaction.parameters
        ],
        "return_type": "boolean",
    }


def _table(table: Table, prefix: str, patterns: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    exported: dict[str, Any] = {
        "table_config": {
            "table_name": prefix + table.name,
            "partition_key": table.partition_key,
            "sort_key": table.sort_key,
        },
    }
    globals_ = [_index(i) for i in table.indexes if i.kind is IndexKind.GLOBAL]
    locals_ = [_index(i) for i in table.indexes if i.kind is IndexKind.LOCAL]
    if globals_:
        exported["gsi_list"] = globals_
    if locals_:
        exported["lsi_list"] = locals_
    if table.ttl_attribute:
        exported["ttl_attribute"] = table.ttl_attribute
    exported["entities"] = {
        e.name: _entity(e, patterns.get(e.name, [])) for e in ENTITIES if e.table is table
    }
    return exported


def export_model(prefix: str = "") -> dict[str, Any]:
    """The data model, with each table name prefixed by `prefix`.

    Pattern ids follow the declaration order: 1, 2, … for single-table patterns, from
    `TRANSACTIONS_FIRST_ID` for the transactions.
    """
    patterns: dict[str, list[dict[str, Any]]] = {}
    for number, pattern in enumerate(ACCESS_PATTERNS, start=1):
        patterns.setdefault(pattern.entity, []).append(_pattern(number, pattern))
    return {
        "tables": [_table(table, prefix, patterns) for table in TABLES],
        "cross_table_access_patterns": [
            _transaction(number, transaction, prefix)
            for number, transaction in enumerate(TRANSACTIONS, start=TRANSACTIONS_FIRST_ID)
        ],
    }
