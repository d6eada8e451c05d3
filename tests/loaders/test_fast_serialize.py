"""The request fast path (loaders/fast_serialize.py) writes what botocore's serializer does."""

from __future__ import annotations

import json
import re
from typing import Any

import botocore.session
import orjson
import pytest
from botocore.model import Shape
from botocore.serialize import create_serializer

from gateway.lifespan import open_client
from gateway.settings import Settings
from loaders.fast_parse import DATA_PLANE
from loaders.fast_serialize import FastSerializer
from tests.loaders.dynamodb_calls import CALLS, TABLE, Call, key
from tests.loaders.replay import Answer, answering

MODEL = botocore.session.get_session().get_service_model("dynamodb")


def converted_members(shape: Shape, seen: set[str]) -> list[str]:
    """Members outside attribute values that botocore's serializer would convert or rename."""
    if shape.name == "AttributeValue" or shape.name in seen:
        return []
    seen.add(shape.name)
    found = [shape.name] if shape.type_name in ("blob", "timestamp", "double", "float") else []
    for name, member in getattr(shape, "members", {}).items():
        if member.serialization.get("name", name) != name:
            found.append(f"{shape.name}.{name}")
        found += converted_members(member, seen)
    for inner in ("member", "key", "value"):
        if shape.type_name in ("list", "map") and hasattr(shape, inner):
            found += converted_members(getattr(shape, inner), seen)
    return found


@pytest.mark.parametrize("operation", DATA_PLANE)
def test_the_model_serializes_parameters_as_they_are(operation: str) -> None:
    model = MODEL.operation_model(operation)
    assert converted_members(model.input_shape, set()) == []
    assert model.endpoint is None  # no host prefix made of parameters


def ordered(body: bytes) -> str:
    """The JSON of a body with its order kept and its spacing dropped."""
    return json.dumps(json.loads(body), separators=(",", ":"))


@pytest.mark.parametrize("call", CALLS, ids=[c.id for c in CALLS])
def test_requests_serialize_as_botocore_serializes_them(call: Call) -> None:
    model = MODEL.operation_model(call.operation)
    botocore_serializer = create_serializer("json", include_validation=False)
    expected = botocore_serializer.serialize_to_request(call.params, model)
    got = FastSerializer(botocore_serializer).serialize_to_request(call.params, model)
    assert got.keys() == expected.keys()
    assert {k: v for k, v in got.items() if k != "body"} == {
        k: v for k, v in expected.items() if k != "body"
    }
    assert ordered(got["body"]) == ordered(expected["body"])
    binary = re.search(rb'"BS?": ', expected["body"]) is not None
    assert got["body"] == (expected["body"] if binary else orjson.dumps(call.params))


async def test_the_gateway_client_sends_orjson_bodies(settings: Settings) -> None:
    params: dict[str, Any] = {
        "RequestItems": {TABLE: {"Keys": [key("P#1", f"S#{n}") for n in range(3)]}},
        "ReturnConsumedCapacity": "TOTAL",
    }
    sent: list[bytes] = []
    answer = Answer(200, {"content-type": "application/x-amz-json-1.0"}, b"{}")
    async with open_client(settings) as client:
        client.meta.events.register(
            "before-send.dynamodb", answering(answer, lambda r: sent.append(r.body))
        )
        await client.batch_get_item(**params)
    assert sent == [orjson.dumps(params)]
