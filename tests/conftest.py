"""One moto server for the session; tables created once; the app served with its lifespan."""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
from moto.server import ThreadedMotoServer
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.embedded import FAKE_CREDENTIALS
from gateway.lifespan import open_client, open_s3
from gateway.moto_server import patch_moto
from gateway.settings import Settings, load_settings
from loaders.dynamo import DynamoClient
from loaders.images import create_bucket
from loaders.tables import create_tables
from tests.apps import client_for
from tests.factories import Catalog, write_catalog
from tests.graphql_client import GraphQLClient

os.environ.update(FAKE_CREDENTIALS)
logging.getLogger("werkzeug").setLevel(logging.ERROR)

TEST_SECRET = "test-secret-" + "x" * 32


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    patch_moto()  # isolated transactions, partition-sized queries (gateway/moto_server.py)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(scope="session")
def settings(moto_endpoint: str) -> Settings:
    return load_settings(
        dynamodb_endpoint=moto_endpoint,
        ses_endpoint=moto_endpoint,  # moto serves SES too: the tests read what was sent
        table_prefix="test-",
        jwt_secret=TEST_SECRET,
        env="development",
        # Tests write straight to the tables between requests: no cache may hide that
        # (tests/loaders/test_shared_cache.py turns it on).
        catalog_cache_seconds=0,
        # The test machine is shared and slow at times: no test means to hit the time limit
        # (tests/hardening/test_http_limits.py sets a short one).
        request_timeout_seconds=300,
        # Every test's requests come from one address: its failed sign-ins must not add up
        # to the per-client limit (tests/accounts/test_throttle.py sets its own).
        attempts_per_client=1_000_000,
    )


@pytest.fixture(scope="session")
async def dynamodb(settings: Settings) -> AsyncIterator[DynamoClient]:
    """A raw client, and the model's tables (and the images' bucket) created once for the
    session."""
    async with open_client(settings) as client, open_s3(settings) as s3:
        await create_tables(client, settings.table_prefix)
        await create_bucket(s3, settings.images_bucket, settings.aws_region)
        yield client


@pytest.fixture(scope="session")
def catalog(dynamodb: DynamoClient, settings: Settings) -> Catalog:
    """A small known catalog, written straight through boto3 (not by the gateway)."""
    return write_catalog(settings)


@pytest.fixture(scope="session")
async def app(settings: Settings, dynamodb: DynamoClient) -> AsyncIterator[Starlette]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def graphql(app: Starlette) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.over(app) as client:
        yield client


@dataclass(frozen=True)
class Isolated:
    """Tables of their own, and an app serving them."""

    settings: Settings
    app: Starlette


@pytest.fixture
async def cached_graphql(
    settings: Settings, dynamodb: DynamoClient
) -> AsyncIterator[GraphQLClient]:
    """A client of an app of its own, its catalog cache on (60 s, so no test sees it end)."""
    async with client_for(settings, catalog_cache_seconds=60.0) as client:
        yield client


@pytest.fixture(scope="module")
async def isolated(settings: Settings, dynamodb: DynamoClient) -> AsyncIterator[Isolated]:
    """For a test module whose writes change what every reader sees (the category tree, its
    roots): a fresh table prefix, so the session catalog stays as other tests expect it."""
    own = settings.model_copy(update={"table_prefix": f"iso{uuid.uuid4().hex[:8]}-"})
    await create_tables(dynamodb, own.table_prefix)
    application = create_app(own)
    async with application.router.lifespan_context(application):
        yield Isolated(own, application)


@pytest.fixture
async def isolated_graphql(isolated: Isolated) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.over(isolated.app) as client:
        yield client
