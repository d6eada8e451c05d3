"""The response fast path (loaders/fast_parse.py) gives what botocore's parser gives.

Every operation the gateway makes is called on moto and its answer recorded as sent;
each answer is then replayed to botocore's own client and to the gateway's, which must
return the same (answer or error). Answers with binary values and errors must not take
the fast path; plain successes must. An upgrade of botocore that parses differently
fails here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from botocore import xform_name

from gateway.lifespan import open_client
from gateway.settings import Settings
from loaders.access_patterns import OPERATIONS
from loaders.dynamo import DynamoClient
from loaders.fast_parse import DATA_PLANE
from loaders.model import Table
from loaders.tables import table_definition
from tests.loaders.dynamodb_calls import CALLS, TABLE, TEXT, Call, key
from tests.loaders.replay import Answer, answering, botocore_client, outcome


@dataclass(frozen=True)
class Recorded:
    call: Call
    answer: Answer


@pytest.fixture(scope="module")
async def recorded(dynamodb: DynamoClient, settings: Settings) -> AsyncIterator[list[Recorded]]:
    """Each call made on moto, its answer recorded as it came (before any parsing)."""
    await dynamodb.create_table(**table_definition(Table(TABLE), TABLE))
    answers: list[Answer] = []

    def record(response_dict: dict[str, Any], **_: Any) -> None:
        headers = dict(response_dict["headers"])
        answers.append(Answer(response_dict["status_code"], headers, response_dict["body"]))

    async with botocore_client(settings) as client:
        client.meta.events.register_first("before-parse.dynamodb", record)
        for call in CALLS:
            await outcome(client, xform_name(call.operation), call.params)
    yield [Recorded(call, answer) for call, answer in zip(CALLS, answers, strict=True)]
    await dynamodb.delete_table(TableName=TABLE)


async def replayed(settings: Settings, gateway: bool, operation: str, params: dict[str, Any], answer: Answer) -> tuple[tuple[str, Any], bool]:  # fmt: skip
    """The outcome of `answer` through botocore's client or the gateway's, and whether
    the fast path took it."""
    taken: list[bool] = []

    def spy(response_dict: dict[str, Any], **_: Any) -> None:  # after the fast path's handler
        taken.append(response_dict["body"] == b"" != answer.body)

    opened = open_client(settings) if gateway else botocore_client(settings)
    async with opened as client:
        client.meta.events.register("before-send.dynamodb", answering(answer))
        client.meta.events.register("before-parse.dynamodb", spy)
        result = await outcome(client, xform_name(operation), params)
    return result, taken == [True]


def test_every_operation_the_gateway_makes_has_the_fast_path() -> None:
    assert OPERATIONS | {"TransactWriteItems"} <= set(DATA_PLANE)


# Answers of moto's that differ from DynamoDB's, and the member to drop for DynamoDB's form.
DYNAMODB_FORM = {"delete-old": "ConsumedCapacityUnits"}


def test_the_recording_covers_every_fast_operation() -> None:
    fast = {c.operation for c in CALLS if c.fast or c.id in DYNAMODB_FORM}
    assert fast == set(DATA_PLANE)


@pytest.mark.parametrize("call", CALLS, ids=[c.id for c in CALLS])
async def test_answers_parse_as_botocore_parses_them(
    call: Call, recorded: list[Recorded], settings: Settings
) -> None:
    (answer,) = [r.answer for r in recorded if r.call is call]
    expected, _ = await replayed(settings, False, call.operation, call.params, answer)
    got, fast = await replayed(settings, True, call.operation, call.params, answer)
    assert got == expected
    assert fast is call.fast
    assert (expected[0] == "answer") is (answer.status < 300)


def answer_of(body: bytes, like: Answer, status: int = 200) -> Answer:
    """`body` with the headers of a recorded answer (less its checksum of another body)."""
    headers = {k: v for k, v in like.headers.items() if k != "x-amz-crc32"}
    return Answer(status, headers | {"content-length": str(len(body))}, body)


@pytest.mark.parametrize(("id", "member"), DYNAMODB_FORM.items())
async def test_answers_as_dynamodb_sends_them_take_the_fast_path(
    id: str, member: str, recorded: list[Recorded], settings: Settings
) -> None:
    (moto,) = [r for r in recorded if r.call.id == id]
    body = orjson.dumps({k: v for k, v in orjson.loads(moto.answer.body).items() if k != member})
    answer = answer_of(body, moto.answer)
    operation, params = moto.call.operation, moto.call.params
    expected, _ = await replayed(settings, False, operation, params, answer)
    got, fast = await replayed(settings, True, operation, params, answer)
    assert got == expected
    assert fast


# Answers DynamoDB does not give, which botocore would parse otherwise than orjson: the
# fast path must leave them to botocore (or give the same).
ODD_ANSWERS = [
    pytest.param("Query", b'{"Items": [], "Count": 0, "LastEvaluatedKey": null}', id="null-member"),
    pytest.param("Query", b'{"Items": [], "Count": 0, "NewMember": 1}', id="unknown-member"),
    pytest.param("GetItem", b'{"Item": {"a": {"X": "1"}}}', id="unknown-type"),
    pytest.param("GetItem", b'{"Item": {"a": {"S": "1", "N": null}}}', id="null-type"),
    pytest.param("GetItem", b'{"Item": {"a": {"M": {"b": null}}, "c": {"L": [null]}}}', id="null-values"),
    pytest.param("GetItem", b'{"Item": {"a": {"L": [{"BS": ["AA=="]}]}}}', id="deep-binary-set"),
    pytest.param("GetItem", b'{"Item": {"n": {"N": "1"}}, "ConsumedCapacity": {"CapacityUnits": 1e400}}', id="huge-float"),
    pytest.param("GetItem", b'{"Item": {"n": {"N": 99999999999999999999999}}}', id="huge-int"),
    pytest.param("GetItem", b'{"Item": ', id="truncated"),
]  # fmt: skip


@pytest.mark.parametrize(("operation", "body"), ODD_ANSWERS)
async def test_odd_answers_parse_as_botocore_parses_them(
    operation: str, body: bytes, recorded: list[Recorded], settings: Settings
) -> None:
    answer = answer_of(body, recorded[0].answer)
    request = {"TableName": TABLE, "Key": key(TEXT, "A#01")}
    if operation == "Query":
        request = {"TableName": TABLE, "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": TEXT}}}  # fmt: skip
    expected, _ = await replayed(settings, False, operation, request, answer)
    got, _ = await replayed(settings, True, operation, request, answer)
    assert got == expected
