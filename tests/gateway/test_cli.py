"""The command line: tables, seed, export-schema, and the quick start's `serve --embedded`."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from gateway import lifespan
from gateway.cli import main
from gateway.embedded import free_port
from gateway.lifespan import open_client
from gateway.settings import Settings
from loaders.model import TABLES
from schema import schema


def test_export_schema_prints_the_sdl(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export-schema"]) == 0
    assert capsys.readouterr().out.strip() == str(schema).strip()


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, moto_endpoint: str) -> str:
    prefix = "cli-"
    monkeypatch.setenv("GATEWAY_DYNAMODB_ENDPOINT", moto_endpoint)
    monkeypatch.setenv("GATEWAY_TABLE_PREFIX", prefix)
    return prefix


def test_tables_create_is_safe_to_run_twice(
    cli_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tables", "create"]) == 0
    first = capsys.readouterr().err
    assert main(["tables", "create"]) == 0
    second = capsys.readouterr().err
    assert f"table {cli_env}Products" in first
    assert "all tables already exist" in second


def _without_ttl(client: Any) -> None:
    """Makes `client` answer UpdateTimeToLive as dynalite does: an operation it lacks."""

    def unknown_operation(**_: Any) -> tuple[AWSResponse, dict[str, Any]]:
        error = {"Code": "UnknownOperationException", "Message": ""}
        return AWSResponse("http://dynalite", 400, {}, None), {"Error": error}

    client.meta.events.register("before-call.dynamodb.UpdateTimeToLive", unknown_operation)


def test_tables_create_warns_of_a_ttl_the_engine_cannot_set_and_finishes(
    monkeypatch: pytest.MonkeyPatch, moto_endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = "cli-no-ttl-"
    monkeypatch.setenv("GATEWAY_DYNAMODB_ENDPOINT", moto_endpoint)
    monkeypatch.setenv("GATEWAY_TABLE_PREFIX", prefix)

    @asynccontextmanager
    async def client_without_ttl(settings: Settings) -> AsyncIterator[Any]:
        async with open_client(settings) as client:
            _without_ttl(client)
            yield client

    monkeypatch.setattr(lifespan, "open_client", client_without_ttl)
    assert main(["tables", "create"]) == 0
    said = capsys.readouterr().err
    ttl_tables = [table for table in TABLES if table.ttl_attribute]
    assert ttl_tables
    for table in TABLES:
        assert f"table {prefix}{table.name} created" in said
    for table in ttl_tables:
        assert (
            f"warning: table {prefix}{table.name}: TTL on {table.ttl_attribute} not set"
            " (UnknownOperationException)" in said
        )
    assert f"{len(TABLES)} tables created" in said


def test_bad_settings_stop_the_command_with_the_variable_named(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GATEWAY_PORT", "not-a-port")
    assert main(["tables", "create"]) == 2
    assert "GATEWAY_PORT" in capsys.readouterr().err


def _post(url: str, query: str) -> dict[str, object]:
    request = urllib.request.Request(
        url, json.dumps({"query": query}).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return dict(json.loads(response.read()))


def test_serve_embedded_answers_graphql_on_seeded_data() -> None:
    """The quick start: moto embedded, tables created, demo data seeded, GraphiQL served."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gateway",
            "serve",
            "--embedded",
            "--profile",
            "small",
            "--port",
            str(port),
        ],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, (server.stdout.read() if server.stdout else b"").decode()
            try:
                with urllib.request.urlopen(f"{base}/readyz", timeout=2) as ready:
                    if ready.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the gateway did not become ready in 120 s"
            time.sleep(0.5)
        answer = _post(f"{base}/graphql", "{ categories { id children { children { id } } } }")
        roots = answer["data"]["categories"]  # type: ignore[index]
        assert roots, answer
        assert any(child["children"] for root in roots for child in root["children"])
    finally:
        server.send_signal(signal.SIGTERM)  # as `docker stop` or a supervisor would
        try:
            output = server.communicate(timeout=20)[0].decode()
        except subprocess.TimeoutExpired:
            server.kill()
            output = server.communicate()[0].decode()
    assert "GraphiQL: http://127.0.0.1:" in output
    assert "seeded" in output
    # The embedded DynamoDB went with the gateway.
    embedded = re.search(r"embedded DynamoDB at http://127\.0\.0\.1:(\d+)", output)
    assert embedded, output
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", int(embedded[1])), timeout=2),
    ):
        pass
