"""The floor as a server: the least a Python GraphQL server pays per request for the
DynamoDB calls of `bench/floor.py`, to compare the gateway's process against.

A bare ASGI app served by uvicorn (`python -m uvicorn bench.floor_server:create --factory`):
it reads the POST body with orjson, parses and validates each document once against the
gateway's schema with graphql-core (then finds it in a dict, as the gateway's document
cache does), checks nothing else, runs the operation's floor script through the gateway's
own client (`gateway.lifespan.open_client`: the same fast paths) and answers with orjson.
No routing, middleware, context, resolvers or result assembly: what the floor scripts
skip, a real server would pay on top of this.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from contextlib import AsyncExitStack
from typing import Any

import orjson
from graphql import GraphQLSchema, OperationDefinitionNode, build_schema, parse, validate

from bench.floor import FLOORS, Floor
from bench.measure import Request
from bench.recording import DynamoClient, Recorder
from gateway.lifespan import open_client
from gateway.settings import load_settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

JSON_HEADERS = [(b"content-type", b"application/json")]


def _schema() -> GraphQLSchema:
    from schema import schema  # the gateway's Strawberry schema, as graphql-core sees it

    return build_schema(str(schema))


def _floor_of(schema: GraphQLSchema, document: str) -> Floor | str:
    """The floor script of the document's operation, or why there is none."""
    tree = parse(document)
    errors = validate(schema, tree)
    if errors:
        return errors[0].message
    operation = next(d for d in tree.definitions if isinstance(d, OperationDefinitionNode))
    name = operation.name.value if operation.name else ""
    return FLOORS.get(name) or f"no floor for {name or 'an anonymous operation'}"


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


def _token(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization" and value.startswith(b"Bearer "):
            return str(value[7:].decode())
    return None


def create() -> App:
    settings = load_settings()
    schema = _schema()
    documents: dict[str, Floor | str] = {}
    stack = AsyncExitStack()
    clients: list[DynamoClient] = []

    async def lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                clients.append(await stack.enter_async_context(open_client(settings)))
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await stack.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return await lifespan(receive, send)
        payload = orjson.loads(await _body(receive)) if scope["method"] == "POST" else {}
        document = payload.get("query") or ""
        if document not in documents:
            documents[document] = _floor_of(schema, document)
        floor = documents[document]
        answer: dict[str, Any]
        if isinstance(floor, str):
            status, answer = 400, {"errors": [{"message": floor}]}
        else:
            recorder = Recorder(clients[0])
            await floor(
                recorder, Request(payload.get("variables") or {}, _token(scope)), settings.secret
            )
            status, answer = 200, {"data": {}, "extensions": {"calls": len(recorder.log.calls)}}
        await send({"type": "http.response.start", "status": status, "headers": JSON_HEADERS})
        await send({"type": "http.response.body", "body": orjson.dumps(answer)})

    return app
