"""DynamoDB's data-plane requests written by orjson, not by botocore's model walk.

botocore serializes a JSON request by walking the parameters along the input shape into
a new dict, then `json.dumps` (about 8 µs a key of a BatchGetItem). For the data-plane
operations that walk changes nothing but binary values (bytes become base64): their
input shapes have no timestamps, doubles or renamed members (`tests/loaders/
test_fast_serialize.py` checks the model). So where orjson can write the parameters as
they are (it refuses bytes, `Decimal`, sets and, as asked, datetimes), the body is
orjson's and the rest of the request (method, path, headers) is botocore's; anything
else is botocore's whole. The body has the same JSON, in the same order, without spaces.

botocore has no hook between the parameters and their serialization, so the client's
serializer is wrapped (`client._serializer`, aiobotocore's as botocore's); the test
fails if the client stops sending orjson's bodies.
"""

from __future__ import annotations

from typing import Any

import orjson
from botocore.validate import ParamValidationDecorator

from loaders.fast_parse import DATA_PLANE

_OPERATIONS = frozenset(DATA_PLANE)


class FastSerializer:
    def __init__(self, botocore_serializer: Any) -> None:
        self._botocore = botocore_serializer

    def serialize_to_request(
        self, parameters: dict[str, Any], operation_model: Any
    ) -> dict[str, Any]:
        if operation_model.name in _OPERATIONS:
            try:
                body = orjson.dumps(parameters, option=orjson.OPT_PASSTHROUGH_DATETIME)
            except TypeError:  # bytes, Decimal, a set…: botocore converts those
                pass
            else:
                request: dict[str, Any] = self._botocore.serialize_to_request({}, operation_model)
                request["body"] = body
                return request
        return self._botocore.serialize_to_request(parameters, operation_model)  # type: ignore[no-any-return]


def install(client: Any) -> None:
    """Write a DynamoDB client's data-plane requests with orjson. The client must not
    validate parameters (`parameter_validation=False`): the envelope is serialized from
    no parameters at all."""
    if isinstance(client._serializer, ParamValidationDecorator):
        raise ValueError("the fast serializer needs a client built with parameter_validation=False")
    client._serializer = FastSerializer(client._serializer)
