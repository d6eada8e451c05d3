"""The day-key signer (loaders/signing.py) signs as botocore's SigV4 signer does."""

from __future__ import annotations

import datetime
import os
from typing import Any

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from gateway.lifespan import open_client
from gateway.settings import Settings
from loaders import signing
from loaders.signing import DayKeySigV4Auth, signing_key
from tests.loaders.replay import Answer, answering

MOMENTS = [
    datetime.datetime(2026, 12, 4, 13, 59, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 4, 23, 59, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 5, 0, 0, 1, tzinfo=datetime.UTC),  # the next day's key
]
CREDENTIALS = [
    pytest.param(Credentials("AKIDEXAMPLE", "secret-one"), id="keys"),
    pytest.param(Credentials("AKIDOTHER", "secret-two", "session-token"), id="session-token"),
]


def request() -> AWSRequest:
    return AWSRequest(
        method="POST",
        url="https://dynamodb.eu-west-1.amazonaws.com/",
        headers={
            "X-Amz-Target": "DynamoDB_20120810.GetItem",
            "Content-Type": "application/x-amz-json-1.0",
            "User-Agent": "not signed",
        },
        data=b'{"TableName": "Products", "Key": {"pk": {"S": "PRODUCT#p-1"}}}',
    )


def frozen_at(moment: datetime.datetime, patch: pytest.MonkeyPatch) -> None:
    # botocore reads the time through this name when it signs (naive UTC, as it returns).
    patch.setattr("botocore.auth.get_current_datetime", lambda: moment.replace(tzinfo=None))


@pytest.mark.parametrize("credentials", CREDENTIALS)
def test_signs_as_botocore_signs(credentials: Credentials, monkeypatch: pytest.MonkeyPatch) -> None:
    for region in ("eu-west-1", "us-east-1"):
        for moment in MOMENTS:
            frozen_at(moment, monkeypatch)
            expected, got = request(), request()
            SigV4Auth(credentials, "dynamodb", region).add_auth(expected)
            DayKeySigV4Auth(credentials, "dynamodb", region).add_auth(got)
            assert dict(got.headers) == dict(expected.headers)


def test_the_key_is_derived_once_a_day(monkeypatch: pytest.MonkeyPatch) -> None:
    signing_key.cache_clear()
    credentials = Credentials("AKIDEXAMPLE", "secret-one")
    for moment in MOMENTS * 3:
        frozen_at(moment, monkeypatch)
        DayKeySigV4Auth(credentials, "dynamodb", "eu-west-1").add_auth(request())
    assert signing_key.cache_info().misses == 2  # two days


async def test_the_gateway_client_signs_as_botocore_would(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen_at(MOMENTS[0], monkeypatch)
    sent: list[Any] = []
    answer = Answer(200, {"content-type": "application/x-amz-json-1.0"}, b"{}")
    signing_key.cache_clear()
    async with open_client(settings) as client:
        client.meta.events.register("before-send.dynamodb", answering(answer, sent.append))
        await client.get_item(TableName="Products", Key={"pk": {"S": "PRODUCT#p-1"}})
    (request,) = sent
    authorization = request.headers["Authorization"].decode()
    signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
    again = AWSRequest(  # the request as it was signed (headers added later left out)
        method=request.method,
        url=request.url,
        headers={
            k: v.decode() if isinstance(v, bytes) else v
            for k, v in request.headers.items()
            if k.lower() in signed
        },
        data=request.body,
    )
    environ = os.environ  # the embedded engine's credentials (tests/conftest.py)
    credentials = Credentials(
        environ["AWS_ACCESS_KEY_ID"], environ["AWS_SECRET_ACCESS_KEY"], environ["AWS_SESSION_TOKEN"]
    )
    SigV4Auth(credentials, "dynamodb", settings.aws_region).add_auth(again)
    assert authorization == again.headers["Authorization"]
    assert signing_key.cache_info().misses == 1  # the gateway's client used the day-key signer


def test_other_signers_are_left_to_botocore() -> None:
    choose = signing.choose_day_key_signer
    assert choose(signature_version="v4", context={"auth_type": "v4"}) == signing.SIGNATURE_VERSION
    assert choose(signature_version="v4a", context={"auth_type": "v4a"}) is None
    assert choose(signature_version="v4", context={"unsigned_payload": True}) is None
