"""The process-wide resources: one aioboto3 client, opened and closed with the app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aioboto3
from aiobotocore.config import AioConfig

from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from loaders.images import S3Client
from loaders.retries import SDK_ATTEMPTS
from loaders.streams import StreamsClient


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
    )


@asynccontextmanager
async def open_client(settings: Settings) -> AsyncIterator[DynamoClient]:
    """A DynamoDB client: the endpoint of the settings, else AWS's default endpoint and credentials."""
    session = aioboto3.Session(region_name=settings.aws_region)
    async with session.client(
        "dynamodb", endpoint_url=settings.dynamodb_endpoint, config=client_config(settings)
    ) as client:
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
