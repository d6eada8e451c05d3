"""Conversion between DynamoDB attribute values and Python values.

Reads use a small decoder rather than boto3's `TypeDeserializer` (a hot path: every
item of every response passes here). Numbers without a fraction become `int`, the
others `Decimal`; every number this data model stores is whole (cents, counts).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeSerializer

Item = dict[str, Any]
AttributeValue = dict[str, Any]

_serializer = TypeSerializer()


def _number(text: str) -> int | Decimal:
    try:
        return int(text)
    except ValueError:
        return Decimal(text)


def decode_value(value: AttributeValue) -> Any:
    ((tag, raw),) = value.items()
    if tag == "S":
        return raw
    if tag == "N":
        return _number(raw)
    if tag == "BOOL":
        return raw
    if tag == "M":
        return {name: decode_value(inner) for name, inner in raw.items()}
    if tag == "L":
        return [decode_value(inner) for inner in raw]
    if tag == "NULL":
        return None
    if tag == "SS":
        return set(raw)
    if tag == "NS":
        return {_number(n) for n in raw}
    if tag in ("B", "BS"):
        return raw
    raise ValueError(f"unknown DynamoDB attribute type {tag!r}")


def decode_item(item: dict[str, AttributeValue]) -> Item:
    return {name: decode_value(value) for name, value in item.items()}


def encode_value(value: Any) -> AttributeValue:
    return _serializer.serialize(value)  # type: ignore[no-any-return]


def encode_item(item: Item) -> dict[str, AttributeValue]:
    """Encode an item for a write; `None` values are left out (absent, not NULL)."""
    return {name: encode_value(value) for name, value in item.items() if value is not None}
