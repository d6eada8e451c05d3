"""Subscriptions as Server-Sent Events (gateway/live/event_stream.py), for clients that cannot
open a WebSocket: node's graphql-sse client against the gateway served over TCP (a change
seen: tests/live/test_subscriptions.py); the stream ends when the token expires or the
session ends; refusals before it are JSON with the spec's statuses, and a client that
takes JSON gets JSON as before."""

from __future__ import annotations

import json
import time

import httpx
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.accounts.factories import bearer, mint, registration, unique
from tests.accounts.operations import LOGOUT, REGISTER
from tests.cart.factories import listing
from tests.graphql_client import GraphQLClient
from tests.live.subscribers import subscribed, until_listening
from tests.real_clients import node_path, served

MY_ORDERS = "subscription { myOrders { id status } }"
AVAILABILITY = 'subscription { productAvailability(productId: "%s") { id } }'
EVENTS = {"Accept": "text/event-stream", "Content-Type": "application/json"}


async def test_the_stream_ends_when_its_session_ends(live_app: Starlette) -> None:
    async with served(live_app) as url, GraphQLClient.over(live_app) as graphql:
        registered = await graphql(REGISTER, {"input": registration()})
        token = registered.data["register"]["token"]
        # Two events awaited: the client is done when the server completes the stream.
        async with subscribed(url, MY_ORDERS, token=token, events=2, event_stream=True) as client:
            await client.until("connected")
            await until_listening(live_app, 2)  # its subscription, and its session's watch
            logout = await graphql(LOGOUT, headers=bearer(token))
            assert logout.data["logout"]["errors"] == []
            (event,) = await client.events()
    assert event["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "session has ended" in event["errors"][0]["message"]
    assert [line["type"] for line in client.seen][-2:] == ["complete", "done"]


async def test_the_stream_ends_when_the_token_expires(live_app: Starlette) -> None:
    token = mint({"sub": unique("u-exp-"), "roles": ["customer"], "exp": int(time.time()) + 2})
    async with (
        served(live_app) as url,
        subscribed(url, MY_ORDERS, token=token, event_stream=True) as client,
    ):
        (event,) = await client.events()
    assert event["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "expired" in event["errors"][0]["message"]


async def test_a_bad_token_is_refused_before_the_stream(live_app: Starlette) -> None:
    async with (
        served(live_app) as url,
        subscribed(url, MY_ORDERS, token="not-a-token", event_stream=True) as client,
    ):
        refused = await client.until("error")
    assert refused["status"] == 401


async def test_streams_count_against_the_live_connections(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    node_path()
    app = create_app(settings.model_copy(update={"live_max_connections": 1}))
    product = AVAILABILITY % listing(settings, stock=1).product_id
    async with (
        served(app) as url,
        subscribed(url, product, event_stream=True) as first,
        httpx.AsyncClient(base_url=url) as http,
    ):
        await first.until("connected")
        await until_listening(app, 1)
        second = await http.post("/graphql", json={"query": product}, headers=EVENTS)
    assert second.status_code == 503
    assert second.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


async def test_a_query_is_not_streamed(settings: Settings, dynamodb: DynamoClient) -> None:
    async with (
        GraphQLClient.over(create_app(settings)) as graphql,
        graphql.http.stream(
            "POST", "/graphql", json={"query": "{ __typename }"}, headers=EVENTS
        ) as answer,
    ):
        body = (await answer.aread()).decode()
    assert answer.headers["content-type"].startswith("text/event-stream")
    events = [event.split("\r\n") for event in body.strip().split("\r\n\r\n")]
    assert [event[0] for event in events] == ["event: next", "event: complete"]
    error = json.loads(events[0][1].removeprefix("data: "))["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("An event stream runs a subscription")


async def test_a_client_that_takes_json_too_gets_json(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    async with GraphQLClient.over(create_app(settings)) as graphql:
        answer = await graphql.http.post(
            "/graphql",
            json={"query": "{ __typename }"},
            headers={"Accept": "application/json, text/event-stream"},
        )
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json() == {"data": {"__typename": "Query"}}


async def test_an_event_stream_is_asked_for_by_post(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    async with GraphQLClient.over(create_app(settings)) as graphql:
        answer = await graphql.http.get(
            "/graphql", params={"query": MY_ORDERS}, headers={"Accept": "text/event-stream"}
        )
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"


async def test_a_stream_meets_the_limits_a_request_meets(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    query = 'subscription { productAvailability(productId: "p") { sellers { seller { id } } } }'
    app = create_app(settings.model_copy(update={"max_query_depth": 2}))
    async with (
        GraphQLClient.over(app) as graphql,
        graphql.http.stream("POST", "/graphql", json={"query": query}, headers=EVENTS) as answer,
    ):
        body = (await answer.aread()).decode()
    assert '"code":"QUERY_TOO_COMPLEX"' in body
    assert body.rstrip().endswith("event: complete\r\ndata:")
