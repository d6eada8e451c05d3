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
from loaders.key_limits import refused_key_attributes
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
    are numbers added to attributes (from 0 where absent) whatever their value: atomic
    counters that need no read (a listing's sales, `loaders/seller_stats.py`; failed
    sign-ins, `loaders/attempts.py`)."""

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


def refused_attributes(write: Write) -> list[str]:
    """The key attributes (of the item, or of an index it would be in) whose values
    DynamoDB refuses: such a write cannot be sent."""
    return refused_key_attributes(write.key.table, _key_attributes(write))


def refused_item_key(write: Write) -> list[str]:
    """The attributes of the item's own key whose values DynamoDB refuses: no item has it."""
    return refused_key_attributes(write.key.table, write.key.encode())


def fails_without_item(write: Write) -> bool:
    """Whether the write's condition fails when its item does not exist, so that a key no
    item can have (one DynamoDB refuses) is a failed condition, as for any absent item:
    a condition that asks for the item, or compares its attributes, and does not allow
    it to be absent (`attribute_not_exists`)."""
    if isinstance(write, Put) or write.condition is None:
        return False
    return MUST_EXIST in write.condition or "attribute_not_exists" not in write.condition


def _key_attributes(write: Write) -> Mapping[str, Any]:
    """What a write sets or names that may be a key attribute (of the table or an index)."""
    if isinstance(write, Put):
        return write.item
    if isinstance(write, Update):
        return {**write.changes, **write.key.encode()}
    return write.key.encode()


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
