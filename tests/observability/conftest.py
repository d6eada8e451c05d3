"""An app of its own, so that its metrics start from zero; its log lines, parsed."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from starlette.applications import Starlette

from gateway.observability.logs import JsonFormatter
from gateway.observability.middleware import Observability
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.apps import client_of, running_app
from tests.graphql_client import GraphQLClient


@dataclass(frozen=True)
class Observed:
    app: Starlette
    client: DynamoClient

    @property
    def observability(self) -> Observability:
        observability: Observability = self.app.state.observability
        return observability


@pytest.fixture(scope="module")
async def observed(settings: Settings, dynamodb: DynamoClient) -> AsyncIterator[Observed]:
    async with running_app(settings) as application:
        yield Observed(application, client_of(application))


@pytest.fixture
async def observed_graphql(observed: Observed) -> AsyncIterator[GraphQLClient]:
    async with GraphQLClient.over(observed.app) as client:
        yield client


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    """The request lines logged so far, as the JSON formatter writes them."""
    formatter = JsonFormatter()
    return [
        json.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "gateway.access"
    ]


@pytest.fixture
def access_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger="gateway.access")
    return caplog
