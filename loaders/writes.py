"""Writes as values: what to change, under which condition; `Dynamo` sends them alone or
as one transaction.

Conditions are DynamoDB condition expressions over attribute names of the data model
(none of them reserved words) with `:placeholders` filled from `values`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from loaders.codec import Item, encode_item, encode_value
from loaders.keys import ItemKey

MUST_BE_NEW = "attribute_not_exists(pk)"
MUST_EXIST = "attribute_exists(pk)"


@dataclass(frozen=True)
class Put:
    """Write the item at `key` with `attributes` (its key attributes are added)."""

    key: ItemKey
    attributes: Item
    condition: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def item(self) -> Item:
        return {**self.key.encode(), **self.attributes}


@dataclass(frozen=True)
class Update:
    """Set attributes of the item at `key`; an attribute set to None is removed. `adds`
    are numbers added to attributes (from 0 where absent) whatever their value: counters
    that need no read, such as a listing's sales (`loaders/seller_stats.py`)."""

    key: ItemKey
    changes: Mapping[str, Any]
    condition: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    adds: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Delete:
    key: ItemKey
    condition: str | None = None
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """A condition on an item that a transaction writes nothing to."""

    key: ItemKey
    condition: str
    values: Mapping[str, Any] = field(default_factory=dict)


Write = Put | Update | Delete | Check


def write_request(write: Write, table_name: str) -> tuple[str, dict[str, Any]]:
    """A write as a TransactWriteItems action: its name and its body, which is also the
    request of the single-item call (PutItem, UpdateItem, DeleteItem)."""
    request: dict[str, Any] = {"TableName": table_name}
    values = dict(write.values)
    if isinstance(write, Put):
        request["Item"] = encode_item(write.item)
    else:
        request["Key"] = {name: {"S": value} for name, value in write.key.encode().items()}
    if isinstance(write, Update):
        names: dict[str, str] = {}
        sets: list[str] = []
        removes: list[str] = []
        for n, (attribute, value) in enumerate(write.changes.items()):
            names[f"#u{n}"] = attribute
            if value is None:
                removes.append(f"#u{n}")
            else:
                sets.append(f"#u{n} = :u{n}")
                values[f":u{n}"] = value
        adds = []
        for n, (attribute, amount) in enumerate(write.adds.items()):
            names[f"#a{n}"] = attribute
            adds.append(f"#a{n} :a{n}")
            values[f":a{n}"] = amount
        clauses = [("SET", sets), ("REMOVE", removes), ("ADD", adds)]
        request["UpdateExpression"] = " ".join(
            f"{verb} {', '.join(parts)}" for verb, parts in clauses if parts
        )
        request["ExpressionAttributeNames"] = names
    if write.condition is not None:
        request["ConditionExpression"] = write.condition
    if values:
        request["ExpressionAttributeValues"] = {k: encode_value(v) for k, v in values.items()}
    return _ACTIONS[type(write)], request


_ACTIONS: dict[type[Write], str] = {
    Put: "Put",
    Update: "Update",
    Delete: "Delete",
    Check: "ConditionCheck",
}
