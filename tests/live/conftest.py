"""The app the live tests serve over TCP (tests/real_clients.py: `served`), its lifespan
running the stream reader; node's clients subscribe to it."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.real_clients import node_path


@pytest.fixture
def live_app(settings: Settings, dynamodb: DynamoClient) -> Starlette:
    node_path()  # skips, saying why, without node
    return create_app(settings)  # its lifespan runs with `served`
