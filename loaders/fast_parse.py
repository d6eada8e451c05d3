"""DynamoDB's successful data-plane answers parsed by orjson, not by botocore's model walk.

botocore parses a JSON answer twice: `json.loads`, then a walk of the result along the
operation's output shape that rebuilds every dict (about 38 µs an item returned). For
DynamoDB's data-plane answers that walk changes only three things: it decodes binary
values (`B`, `BS`) from base64, drops members that are `null`, and drops members its
model does not know. So a `before-parse` handler (the hook botocore's own S3 handlers use
to adjust an answer before the parser sees it) parses the body with orjson and, when a
walk of the result finds none of the three (nor a value of another JSON type than its
model's), hands over that dict as the result and leaves the parser an empty body: botocore still adds `ResponseMetadata` (`RequestId`, `HTTPStatusCode`,
`HTTPHeaders`, and later `RetryAttempts`) as for any answer. Errors (status ≥ 300),
binary values and anything unusual go through botocore's parser unchanged.
`tests/loaders/test_fast_parse.py` compares both over recorded answers of every operation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

# The operations the fast path serves: every data-plane call `loaders/dynamo.py` makes, and
# TransactGetItems. Control-plane calls (tables, TTL) are rare and keep botocore's parse.
DATA_PLANE = (
    "GetItem",
    "BatchGetItem",
    "Query",
    "Scan",
    "PutItem",
    "UpdateItem",
    "DeleteItem",
    "BatchWriteItem",
    "TransactGetItems",
    "TransactWriteItems",
)

# The JSON type of each scalar attribute value type (`B` and `BS`, base64 text that botocore
# decodes to bytes, are left to botocore).
_SCALAR_TAGS = {"S": str, "N": str, "BOOL": bool, "NULL": bool}
_SET_TAGS = ("SS", "NS")

# The JSON types a model's scalar is parsed from as it is, by botocore and by orjson alike.
_LEAVES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "long": (int,),
    "double": (int, float),
    "float": (int, float),
}
# orjson reads an integer beyond 64 bits as a float; `json` keeps it an int.
_EXACT_FLOATS = 2.0**63

Shape = Any  # botocore.model.Shape: botocore ships no types


def install(events: Any) -> None:
    """Register the fast path on a DynamoDB client's event system (`client.meta.events`)."""
    for operation in DATA_PLANE:
        events.register(f"before-parse.dynamodb.{operation}", parse_fast)


def parse_fast(
    operation_model: Any,
    response_dict: dict[str, Any],
    customized_response_dict: dict[str, Any],
    **_: Any,
) -> None:
    """Fill the parsed answer from orjson where that gives what botocore's parser would."""
    body = response_dict["body"]
    if not 200 <= response_dict["status_code"] < 300 or not isinstance(body, bytes):
        return
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        return
    if not as_botocore_parses(operation_model.output_shape, parsed):
        return
    customized_response_dict.update(parsed)
    response_dict["body"] = b""  # the parser now only adds the metadata


def as_botocore_parses(shape: Shape, value: Any) -> bool:
    """Whether botocore's parse of `value` along `shape` would give `value` itself."""
    kind = shape.type_name
    if kind == "structure":
        if shape.name == "AttributeValue":
            return _plain_attributes((value,))
        members = shape.members
        return isinstance(value, dict) and all(
            name in members and inner is not None and as_botocore_parses(members[name], inner)
            for name, inner in value.items()
        )
    if kind == "list":
        if shape.member.name == "AttributeValue":
            return isinstance(value, list) and _plain_attributes(value)
        member = shape.member
        return isinstance(value, list) and all(
            inner is None or as_botocore_parses(member, inner) for inner in value
        )
    if kind == "map":
        if shape.value.name == "AttributeValue":  # an item, a key: the bulk of an answer
            return isinstance(value, dict) and _plain_attributes(value.values())
        member = shape.value
        return isinstance(value, dict) and all(
            inner is None or as_botocore_parses(member, inner) for inner in value.values()
        )
    leaf = _LEAVES.get(kind, ())  # blobs and timestamps: botocore converts them
    if type(value) is float:
        return float in leaf and abs(value) < _EXACT_FLOATS
    return type(value) in leaf


def _plain_attributes(values: Iterable[Any]) -> bool:
    """Attribute values of known, non-binary types only, each of its JSON type (botocore
    keeps a null attribute value as None, as orjson does, but drops a null member of one)."""
    for value in values:
        if value is None:
            continue
        if type(value) is not dict:
            return False
        for tag, inner in value.items():
            scalar = _SCALAR_TAGS.get(tag)
            if scalar is not None:
                if type(inner) is not scalar:
                    return False
            elif tag == "M":
                if type(inner) is not dict or not _plain_attributes(inner.values()):
                    return False
            elif tag == "L":
                if type(inner) is not list or not _plain_attributes(inner):
                    return False
            elif tag in _SET_TAGS:
                if type(inner) is not list or not all(type(member) is str for member in inner):
                    return False
            else:  # B, BS, or a type this code does not know
                return False
    return True
