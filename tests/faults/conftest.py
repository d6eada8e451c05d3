"""An app of its own whose DynamoDB client takes injected faults: botocore event hooks
raise before a call is sent (`before-call`: nothing reached DynamoDB) or after it was
applied (`after-call`), or rewrite the parsed answer. moto never fails by itself."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError
from starlette.applications import Starlette

from gateway.passwords import hash_password
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.accounts.factories import PASSWORD, Account, write_account
from tests.apps import client_of, running_app
from tests.graphql_client import GraphQLClient

ENDPOINT = "http://dynamodb.invalid"
UNAVAILABLE_MESSAGE = "DynamoDB is unavailable; try again shortly."


@dataclass(frozen=True)
class Faulty:
    app: Starlette
    client: DynamoClient


@pytest.fixture(scope="module")
async def faulty(settings: Settings, dynamodb: DynamoClient) -> AsyncIterator[Faulty]:
    async with running_app(settings) as application:
        yield Faulty(application, client_of(application))


@pytest.fixture
async def faulty_graphql(faulty: Faulty) -> AsyncIterator[GraphQLClient]:
    """Posts to the faulty app."""
    async with GraphQLClient.over(faulty.app) as client:
        yield client


# Faults ---------------------------------------------------------------------------------


def client_error(code: str, operation: str, **answer: Any) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "injected"}, **answer}, operation)


def throttled(code: str) -> Callable[[str], Exception]:
    return lambda operation: client_error(code, operation)


def timeout(_: str) -> Exception:
    error: Exception = ReadTimeoutError(endpoint_url=ENDPOINT)  # botocore is untyped
    return error


def unreachable(_: str) -> Exception:
    error: Exception = EndpointConnectionError(endpoint_url=ENDPOINT)
    return error


def conflicting(actions: int) -> Callable[[str], Exception]:
    """A transaction cancelled because it conflicted with another one (on its last action)."""
    reasons = [{"Code": "None"}] * (actions - 1) + [{"Code": "TransactionConflict"}]
    return lambda operation: client_error(
        "TransactionCanceledException", operation, CancellationReasons=reasons
    )


@dataclass(eq=False)  # botocore keeps hooks in a dict: identity hashing
class Raising:
    """A hook raising `fault(operation)` on its first `times` calls (-1: always)."""

    operation: str
    fault: Callable[[str], Exception]
    times: int = -1
    calls: int = 0

    def __call__(self, **_: Any) -> None:
        self.calls += 1
        if self.times < 0 or self.calls <= self.times:
            raise self.fault(self.operation)


@dataclass
class Injector:
    """Registers hooks on the faulty app's client; all are removed after the test."""

    client: DynamoClient
    registered: list[tuple[str, str]] = field(default_factory=list)

    def on(self, event: str, hook: Callable[..., Any]) -> None:
        unique_id = uuid.uuid4().hex
        self.client.meta.events.register(event, hook, unique_id=unique_id)
        self.registered.append((event, unique_id))

    def before(self, operation: str, fault: Callable[[str], Exception], times: int = -1) -> Raising:
        """`fault` before the call is sent: DynamoDB sees nothing."""
        hook = Raising(operation, fault, times)
        self.on(f"before-call.dynamodb.{operation}", hook)
        return hook

    def after(self, operation: str, fault: Callable[[str], Exception], times: int = -1) -> Raising:
        """`fault` after DynamoDB applied the call, in place of its answer."""
        hook = Raising(operation, fault, times)
        self.on(f"after-call.dynamodb.{operation}", hook)
        return hook

    def remove_all(self) -> None:
        for event, unique_id in self.registered:
            self.client.meta.events.unregister(event, unique_id=unique_id)


@pytest.fixture
def inject(faulty: Faulty) -> Iterator[Injector]:
    injector = Injector(faulty.client)
    yield injector
    injector.remove_all()


class IdempotentTransactions:
    """DynamoDB's ClientRequestToken, which moto ignores: a TransactWriteItems whose token
    was applied already answers success without applying anything again."""

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self.applied: set[str] = set()

    def before_call(self, params: dict[str, Any], **_: Any) -> Any:
        token = json.loads(params["body"])["ClientRequestToken"]
        self.tokens.append(token)
        if token in self.applied:
            return _Answer(200), {}
        return None

    def after_call(self, http_response: Any, params: Any = None, **_: Any) -> None:
        if http_response.status_code == 200 and self.tokens:
            self.applied.add(self.tokens[-1])

    def install(self, injector: Injector) -> None:
        # Registered first, so that it sees the call before a fault hook after it.
        injector.on("before-call.dynamodb.TransactWriteItems", self.before_call)
        injector.on("after-call.dynamodb.TransactWriteItems", self.after_call)


@dataclass(frozen=True)
class _Answer:
    status_code: int
    headers: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def account(settings: Settings, password_hash: str) -> Account:
    return write_account(settings, password_hash, "Grace")
