"""Clients to compare the gateway's call path with botocore's: botocore's own client, and
answers replayed to a client without a server (a `before-send` handler's response)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aioboto3
from aiobotocore.awsrequest import AioAWSResponse
from aiobotocore.config import AioConfig
from botocore.exceptions import ClientError

from gateway.settings import Settings
from loaders.dynamo import DynamoClient


@asynccontextmanager
async def botocore_client(settings: Settings) -> AsyncIterator[DynamoClient]:
    """A client as botocore builds it (no retries, so a replayed error is answered once)."""
    session = aioboto3.Session(region_name=settings.aws_region)
    config = AioConfig(retries={"mode": "standard", "total_max_attempts": 1})
    async with session.client(
        "dynamodb", endpoint_url=settings.dynamodb_endpoint, config=config
    ) as client:
        yield client


@dataclass(frozen=True)
class Answer:
    """An HTTP answer as DynamoDB (here moto) sent it."""

    status: int
    headers: dict[str, str]
    body: bytes


class _Body:
    def __init__(self, body: bytes) -> None:
        self._body = body

    async def read(self) -> bytes:
        return self._body


def answering(answer: Answer, seen: Callable[[Any], None] = lambda _: None) -> Any:
    """A `before-send` handler: the request goes nowhere, `answer` comes back."""

    def send(request: Any, **_: Any) -> AioAWSResponse:
        seen(request)
        return AioAWSResponse(request.url, answer.status, answer.headers, _Body(answer.body))

    return send


async def outcome(client: DynamoClient, method: str, params: dict[str, Any]) -> tuple[str, Any]:
    """What a caller gets: the parsed answer, or the error's class name and its response."""
    try:
        return "answer", await getattr(client, method)(**params)
    except ClientError as error:
        return type(error).__name__, error.response
