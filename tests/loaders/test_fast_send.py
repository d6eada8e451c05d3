"""The fast send (loaders/fast_send.py): signed as botocore signs, sent past its endpoint,
failing as it fails. Its answers are compared with botocore's in test_fast_parse.py."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aioboto3
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import EndpointConnectionError

from gateway.embedded import free_port
from gateway.lifespan import client_config, open_client
from gateway.settings import Settings
from loaders import fast_serialize
from loaders.dynamo import DynamoClient
from loaders.fast_send import signing_key, sigv4_authorization
from tests.loaders.replay import Answer, answering, botocore_client

MOMENTS = [
    datetime.datetime(2026, 12, 4, 13, 59, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 4, 23, 59, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 5, 0, 0, 1, tzinfo=datetime.UTC),  # the next day's key
]
CREDENTIALS = [
    pytest.param(Credentials("AKIDEXAMPLE", "secret-one"), id="keys"),
    pytest.param(Credentials("AKIDOTHER", "secret-two", "session-token"), id="session-token"),
]
URL = "https://dynamodb.eu-west-1.amazonaws.com/"
BODY = b'{"TableName": "Products", "Key": {"pk": {"S": "PRODUCT#p-1"}}}'
HEADERS = {
    "X-Amz-Target": "DynamoDB_20120810.GetItem",
    "Content-Type": "application/x-amz-json-1.0  ",  # SigV4 trims values
}


def botocore_signature(
    credentials: Credentials, region: str, moment: datetime.datetime, patch: pytest.MonkeyPatch
) -> str:
    # botocore reads the time through this name when it signs (naive UTC, as it returns).
    patch.setattr("botocore.auth.get_current_datetime", lambda: moment.replace(tzinfo=None))
    request = AWSRequest(method="POST", url=URL, headers=HEADERS, data=BODY)
    SigV4Auth(credentials, "dynamodb", region).add_auth(request)
    return str(request.headers["Authorization"])


def signature(credentials: Credentials, region: str, moment: datetime.datetime) -> str:
    headers = {name.lower(): value for name, value in HEADERS.items()}
    headers |= {"host": "dynamodb.eu-west-1.amazonaws.com", "x-amz-date": f"{moment:%Y%m%dT%H%M%SZ}"}  # fmt: skip
    if credentials.token:
        headers["x-amz-security-token"] = credentials.token
    return sigv4_authorization(
        headers,
        BODY,
        access_key=credentials.access_key,
        secret_key=credentials.secret_key,
        region=region,
        amz_date=headers["x-amz-date"],
    )


@pytest.mark.parametrize("credentials", CREDENTIALS)
def test_signs_as_botocore_signs(credentials: Credentials, monkeypatch: pytest.MonkeyPatch) -> None:
    for region in ("eu-west-1", "us-east-1"):
        for moment in MOMENTS:
            expected = botocore_signature(credentials, region, moment, monkeypatch)
            assert signature(credentials, region, moment) == expected


def test_the_key_is_derived_once_a_day() -> None:
    signing_key.cache_clear()
    credentials = Credentials("AKIDEXAMPLE", "secret-one")
    for moment in MOMENTS * 3:
        signature(credentials, "eu-west-1", moment)
    assert signing_key.cache_info().misses == 2  # two days


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime.datetime:
    moment = MOMENTS[0]
    monkeypatch.setattr("loaders.fast_send.amz_date_now", lambda: f"{moment:%Y%m%dT%H%M%SZ}")
    monkeypatch.setattr("botocore.auth.get_current_datetime", lambda: moment.replace(tzinfo=None))
    return moment


async def sent_by(client: DynamoClient) -> Any:
    """The request a GetItem of `client` sends (answered without a server)."""
    sent: list[Any] = []
    answer = Answer(200, {"content-type": "application/x-amz-json-1.0"}, b"{}")
    client.meta.events.register("before-send.dynamodb", answering(answer, sent.append))
    await client.get_item(TableName="Products", Key={"pk": {"S": "PRODUCT#p-1"}})
    (request,) = sent
    return request


@asynccontextmanager
async def through_botocores_endpoint(settings: Settings) -> AsyncIterator[DynamoClient]:
    """The gateway's client without the fast send: its requests built and signed by botocore."""
    session = aioboto3.Session(region_name=settings.aws_region)
    config = client_config(settings)
    async with session.client("dynamodb", endpoint_url=settings.dynamodb_endpoint, config=config) as client:  # fmt: skip
        fast_serialize.install(client)
        yield client


async def test_the_gateway_client_sends_what_botocore_sends(
    settings: Settings, frozen_clock: datetime.datetime
) -> None:
    async with open_client(settings) as client:
        ours = await sent_by(client)
    async with through_botocores_endpoint(settings) as client:
        botocores = await sent_by(client)
    assert (ours.url, ours.body) == (botocores.url, botocores.body)
    expected = {k.lower(): v.decode() if isinstance(v, bytes) else v for k, v in botocores.headers.items()}  # fmt: skip
    # The SDK's telemetry headers (an id per call, the attempt) are botocore's alone;
    # aiohttp writes Content-Length.
    for name in ("amz-sdk-invocation-id", "amz-sdk-request", "content-length"):
        del expected[name]
    assert ours.headers == expected


async def test_data_plane_calls_skip_botocores_endpoint(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    """botocore's endpoint emits `request-created` for each request it builds: the gateway's
    client emits it for control-plane calls alone."""
    built: list[str] = []
    async with open_client(settings) as client:
        client.meta.events.register("request-created.dynamodb", lambda **kw: built.append(kw["operation_name"]))  # fmt: skip
        await client.get_item(TableName=f"{settings.table_prefix}Users", Key={"pk": {"S": "u"}, "sk": {"S": "PROFILE"}})  # fmt: skip
        await client.describe_table(TableName=f"{settings.table_prefix}Users")
    assert built == ["DescribeTable"]


async def test_a_refused_connection_fails_as_botocore_fails(settings: Settings) -> None:
    closed = settings.model_copy(update={"dynamodb_endpoint": f"http://127.0.0.1:{free_port()}"})
    for opened in (open_client(closed), botocore_client(closed)):
        async with opened as client:
            with pytest.raises(EndpointConnectionError):
                await client.get_item(TableName="Users", Key={"pk": {"S": "u"}})


async def test_an_endpoint_with_a_path_is_left_to_botocore(settings: Settings) -> None:
    with_path = settings.model_copy(update={"dynamodb_endpoint": f"{settings.dynamodb_endpoint}/dynamodb"})  # fmt: skip
    async with open_client(with_path) as client:
        request = await sent_by(client)
    assert request.url.endswith("/dynamodb")
    assert "amz-sdk-request" in request.headers  # botocore's endpoint built it
