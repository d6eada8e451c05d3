"""The key values DynamoDB refuses, written once: `loaders/dynamo.py` applies them to every
request before it is sent.

DynamoDB refuses a request (ValidationException) in which a key attribute's value, of
the table or of an index, is empty, or longer than the limits below in UTF-8 bytes. No
item can have such a key: a read of one finds nothing, a write of one is the caller's
mistake (an id, slug or code a client sent, alone or after its prefix).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from loaders.model import Table

PARTITION_KEY_BYTES = 2048
SORT_KEY_BYTES = 1024


def storable_key_value(value: object, limit: int) -> bool:
    """Whether DynamoDB takes `value` as a key attribute's value of at most `limit` bytes."""
    if not isinstance(value, str):
        return True  # numbers and binaries: this model keys on strings only
    try:
        return 0 < len(value.encode()) <= limit
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8, so DynamoDB cannot store it
        return False


def refused_key_attributes(table: Table, attributes: Mapping[str, Any]) -> list[str]:
    """The key attributes (of `table` or of its indexes) among `attributes` whose values
    DynamoDB refuses."""
    partitions = {table.partition_key, *(index.partition_key for index in table.indexes)}
    sorts = {table.sort_key, *(index.sort_key for index in table.indexes)}
    return [
        name
        for name, value in attributes.items()
        if (name in partitions and not storable_key_value(value, PARTITION_KEY_BYTES))
        or (name in sorts and not storable_key_value(value, SORT_KEY_BYTES))
    ]


_COMPARISON = re.compile(
    r"(?P<name>\w+)\s*(?:=|<=|>=|<|>)\s*(?P<value>:\w+)"
    r"|begins_with\(\s*(?P<prefixed>\w+)\s*,\s*(?P<prefix>:\w+)\s*\)"
    r"|(?P<ranged>\w+)\s+BETWEEN\s+(?P<low>:\w+)\s+AND\s+(?P<high>:\w+)"
)


def refused_key_condition(table: Table, condition: str, values: Mapping[str, Any]) -> bool:
    """Whether a Query's key condition compares a key attribute with a value DynamoDB
    refuses as a key: such a Query can match nothing (the gateway's conditions are
    equalities, prefixes and ranges of its own bounds)."""
    compared: list[tuple[str, Any]] = []
    for match in _COMPARISON.finditer(condition):
        name = match["name"] or match["prefixed"] or match["ranged"]
        for placeholder in (match["value"], match["prefix"], match["low"], match["high"]):
            if placeholder is not None:
                compared.append((name, values.get(placeholder)))
    return any(refused_key_attributes(table, {name: value}) for name, value in compared)
