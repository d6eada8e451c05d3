"""The process-wide resources: one aioboto3 client, opened and closed with the app."""

from __future__ import annotations

import platform
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib.metadata import version

import aioboto3
import aiobotocore
import botocore
from aiobotocore.config import AioConfig

from gateway.settings import Settings
from loaders import fast_parse, fast_send, fast_serialize
from loaders.dynamo import DynamoClient
from loaders.images import S3Client
from loaders.retries import SDK_ATTEMPTS
from loaders.streams import StreamsClient

# Fixed once: given no `user_agent`, botocore builds the header anew twice per request
# (about 90 µs of CPU a call).
USER_AGENT = (
    f"shop-gateway/{version('shop-gateway')} aiobotocore/{aiobotocore.__version__}"
    f" botocore/{botocore.__version__} Python/{platform.python_version()}"
)


@dataclass(frozen=True)
class Resources:
    settings: Settings
    client: DynamoClient


def client_config(settings: Settings) -> AioConfig:
    """The client's timeouts and pool; its retries are off, `Dynamo` retries
    (`loaders/retries.py` says which faults, how often)."""
    return AioConfig(
        retries={"mode": "standard", "total_max_attempts": SDK_ATTEMPTS},
        connect_timeout=settings.dynamodb_connect_timeout,
        read_timeout=settings.dynamodb_read_timeout,
        max_pool_connections=settings.dynamodb_max_connections,
        tcp_keepalive=True,
        user_agent=USER_AGENT,
        # botocore's check of each request against the model costs about 5 µs a key, and
        # checks only what `loaders/` builds: types, required members, minimums (a Limit of
        # at least 1, table names of 3 characters). A client's input reaches a request only
        # through the edge's checks (page sizes 0..100, fetched as size + 1; cursors signed by
        # us) as strings inside keys and values, which the model does not bound. A request of
        # ours that broke the model would fail at DynamoDB as ValidationException instead of
        # here as ParamValidationError: both are a bug of ours, masked as an internal error
        # (`loaders/errors.py` translates neither).
        parameter_validation=False,
    )


@asynccontextmanager
async def open_client(settings: Settings) -> AsyncIterator[DynamoClient]:
    """A DynamoDB client: the endpoint of the settings, else AWS's default endpoint and
    credentials; data-plane requests written and answers parsed by orjson
    (`loaders/fast_serialize.py`, `loaders/fast_parse.py`), signed with the day's key and
    sent past botocore's endpoint (`loaders/fast_send.py`)."""
    session = aioboto3.Session(region_name=settings.aws_region)
    async with session.client(
        "dynamodb", endpoint_url=settings.dynamodb_endpoint, config=client_config(settings)
    ) as client:
        fast_serialize.install(client)
        fast_parse.install(client.meta.events)
        credentials = await session.get_credentials()
        if credentials is not None:  # else every call fails as botocore fails it
            fast_send.install(client, credentials)
        yield client


@asynccontextmanager
async def open_streams_client(settings: Settings) -> AsyncIterator[StreamsClient]:
    """A DynamoDB Streams client for the same endpoint and credentials (live updates)."""
    session = aioboto3.Session(region_name=settings.aws_region)
    async with session.client(
        "dynamodbstreams", endpoint_url=settings.dynamodb_endpoint, config=client_config(settings)
    ) as client:
        yield client


@asynccontextmanager
async def open_s3(settings: Settings) -> AsyncIterator[S3Client]:
    """An S3 client for the product images: SigV4 (what presigned uploads need), path-style
    addresses (what a local endpoint serves)."""
    session = aioboto3.Session(region_name=settings.aws_region)
    config = client_config(settings).merge(
        AioConfig(signature_version="s3v4", s3={"addressing_style": "path"})
    )
    async with session.client("s3", endpoint_url=settings.s3_endpoint_url, config=config) as s3:
        yield s3
