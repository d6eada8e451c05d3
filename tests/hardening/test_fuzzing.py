"""Fuzzing the live schema (read by introspection, as a fuzzer does) with hypothesis-graphql:
queries and mutations, anonymous and signed in as a customer, from a fixed seed. No
answer may be a 5xx, an INTERNAL_SERVER_ERROR, or carry internal text (a Python
exception's name, a traceback, botocore's words): a client's mistake gets a clear error,
a missing entity `null`, a mutation's refusal its payload's `errors`.

Its own tables (the `isolated` fixture), with the test catalog and a customer in them:
the mutations it sends write there, never in the session's tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from graphql import (
    GraphQLSchema,
    StringValueNode,
    build_client_schema,
    get_introspection_query,
)
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema

from gateway import passwords
from gateway.settings import Settings
from tests.cart.factories import listing, shopper
from tests.conftest import Isolated
from tests.factories import write_catalog
from tests.graphql_client import GraphQLClient

DOCUMENTS = 500  # each sent twice (anonymous, signed in): ~1,000 requests, well under a minute

# What an answer must never show: Python's exceptions and internals, botocore's text.
LEAKED = re.compile(
    r"Traceback|File \"|line \d+, in |botocore|boto3|ClientError|ValidationException"
    r"|NoneType|object has no attribute|not subscriptable|positional argument"
    r"|\b(?:Key|Type|Value|Attribute|Index|Assertion|Runtime|Lookup|Overflow|Recursion"
    r"|ZeroDivision|UnicodeEncode|UnicodeDecode|NotImplemented|Name)Error\b"
    r"|InvalidOperation|ConversionSyntax"
)


def _values(*samples: str, longest: int = 30) -> st.SearchStrategy[StringValueNode]:
    """A string-like scalar's values: the samples, and any text at all."""
    return st.one_of(st.sampled_from(samples), st.text(max_size=longest)).map(
        lambda value: StringValueNode(value=value)
    )


# Values DynamoDB refuses as keys: empty, a 2,050-byte partition key, a sort key over 1,024
# bytes once its prefix is added, and 3,000 bytes.
REFUSED_AS_KEYS = ("", "é" * 1025, "x" * 1020, "x" * 3000)
# Ids of the test catalog, so that fields below the root have something to resolve.
KNOWN_IDS = ("p-studio", "p-buds", "s-acme", "audio", "headphones")

SCALARS = {
    "ID": _values(*REFUSED_AS_KEYS, *KNOWN_IDS),
    "String": _values(*REFUSED_AS_KEYS, *KNOWN_IDS),
    "DateTime": _values("2026-02-23T10:30:00.000Z", "2026-02-23", ""),
    "Date": _values("2026-02-23", "2026-13-40", ""),
    "Decimal": _values("10.00", "-1", "1e309", "NaN", "Infinity", "0.001"),
}


@dataclass(frozen=True)
class Finding:
    document: str
    signed_in: bool
    status: int
    why: str

    def __str__(self) -> str:
        who = "signed in" if self.signed_in else "anonymous"
        return f"{self.why} (HTTP {self.status}, {who}):\n{self.document}"


def _documents(schema: GraphQLSchema) -> list[str]:
    """`DOCUMENTS` queries and mutations, the same ones on every run (derandomize)."""
    generated: list[str] = []

    @settings(
        max_examples=DOCUMENTS,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(from_schema(schema, custom_scalars=SCALARS, allow_x00=False))
    def collect(document: object) -> None:
        generated.append(str(document))

    collect()
    return generated


def _finding(document: str, signed_in: bool, status: int, body: Any, text: str) -> Finding | None:
    def found(why: str) -> Finding:
        return Finding(document, signed_in, status, why)

    if status >= 500:
        return found("a server error")
    errors = body.get("errors") if isinstance(body, dict) else None
    for error in errors or []:
        if (error.get("extensions") or {}).get("code") == "INTERNAL_SERVER_ERROR":
            return found(f"INTERNAL_SERVER_ERROR: {error.get('message')}")
    if leaked := LEAKED.search(text):
        return found(f"internal text {leaked[0]!r} in {text[:300]}")
    return None


@pytest.fixture(scope="module")
def live_data(isolated: Isolated) -> dict[str, str]:
    """The test catalog and a customer (with an address, a product to buy) in the tables."""
    write_catalog(isolated.settings)
    listing(isolated.settings, stock=5)
    customer = shopper(isolated.settings)
    return customer.headers


async def test_fuzzed_operations_get_no_internal_error(
    isolated_graphql: GraphQLClient, live_data: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Argon2 at its lowest cost: sign-ins and sign-ups are fuzzed, not the hash's strength.
    cheapest = passwords.passwords_with(
        passwords.HashParameters(memory_kib=8, iterations=1, parallelism=1)
    )
    monkeypatch.setattr(Settings, "passwords", property(lambda _: cheapest))
    introspected = await isolated_graphql(get_introspection_query(), trace=False)
    schema = build_client_schema(introspected.data)
    documents = _documents(schema)
    findings: list[Finding] = []
    sent = 0
    for document in documents:
        for headers in (None, live_data):
            response = await isolated_graphql.http.post(
                "/graphql", json={"query": document}, headers=headers or {}
            )
            sent += 1
            try:
                body = response.json()
            except ValueError:
                body = None
            finding = _finding(
                document, headers is not None, response.status_code, body, response.text
            )
            if finding is not None:
                findings.append(finding)
    print(f"fuzzing: {sent} requests, {len(findings)} findings")  # the count, with -s
    assert not findings, "\n\n".join(map(str, findings[:10]))
