"""Automatic persisted queries as Apollo's link sends them, and the production allow-list."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import parse

from gateway.cli import main
from gateway.persisted_queries import NOT_FOUND, build_manifest, query_hash
from gateway.settings import Settings, SettingsError, load_settings
from tests.apps import client_for
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient, GraphQLResponse

TREE = "query Tree { categories { id } }"
SLUG = "query Slug($slug: String!) { categoryBySlug(slug: $slug) { id } }"


def persisted(query: str | None, digest: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}},
        **extra,
    }
    if query is not None:
        body["query"] = query
    return body


def refused(response: GraphQLResponse) -> tuple[str, str]:
    """(code, message) of the one error, after checking nothing was read."""
    assert response.body["data"] is None
    assert response.body.get("extensions", {}).get("dynamodb", {}).get("calls", []) == []
    (error,) = response.body["errors"]
    return error["extensions"]["code"], error["message"]


async def test_a_hash_runs_once_its_text_was_sent(graphql: GraphQLClient, catalog: Catalog) -> None:
    digest = query_hash(TREE)
    assert refused(await graphql.post(persisted(None, digest))) == (
        "PERSISTED_QUERY_NOT_FOUND",
        NOT_FOUND,
    )

    registered = await graphql.post(persisted(TREE, digest))
    by_hash = await graphql.post(persisted(None, digest))

    assert by_hash.data == registered.data
    assert {"id": "electronics"} in by_hash.data["categories"]


async def test_variables_travel_with_the_hash(graphql: GraphQLClient, catalog: Catalog) -> None:
    digest = query_hash(SLUG)
    await graphql.post(persisted(SLUG, digest, variables={"slug": "audio"}))
    response = await graphql.post(persisted(None, digest, variables={"slug": "phones"}))
    assert response.data == {"categoryBySlug": {"id": "phones"}}


@pytest.mark.parametrize(
    ("extension", "message"),
    [
        pytest.param(
            {"version": 1, "sha256Hash": query_hash(TREE + " ")}, "is not", id="wrong-hash"
        ),
        pytest.param({"version": 2, "sha256Hash": query_hash(TREE)}, "version: 1", id="version"),
        pytest.param({"version": 1, "sha256Hash": "abc"}, "64 hexadecimal", id="short-hash"),
        pytest.param("yes", "version: 1", id="not-an-object"),
    ],
)
async def test_a_bad_persisted_query_is_refused(
    graphql: GraphQLClient, extension: object, message: str
) -> None:
    response = await graphql.post({"query": TREE, "extensions": {"persistedQuery": extension}})
    code, text = refused(response)
    assert code == "BAD_USER_INPUT"
    assert message in text


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("persisted") / "manifest.json"
    path.write_text(json.dumps(build_manifest([parse(TREE)])))
    return path


@pytest.fixture(scope="module")
async def allow_listed(settings: Settings, manifest: Path) -> AsyncIterator[GraphQLClient]:
    async with client_for(
        settings, persisted_queries=manifest, only_persisted_queries=True
    ) as client:
        yield client


async def test_registered_operations_run_by_hash_or_by_text(
    allow_listed: GraphQLClient, catalog: Catalog
) -> None:
    (operation,) = build_manifest([parse(TREE)])["operations"]
    by_hash = await allow_listed.post(persisted(None, operation["id"]))
    by_text = await allow_listed(operation["body"])
    assert by_hash.data == by_text.data
    assert by_hash.data["categories"]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param({"query": SLUG, "variables": {"slug": "audio"}}, id="text"),
        pytest.param(persisted(None, query_hash(SLUG)), id="hash"),
        pytest.param(persisted(SLUG, query_hash(SLUG)), id="registering"),
    ],
)
async def test_anything_else_is_forbidden(
    allow_listed: GraphQLClient, body: dict[str, Any]
) -> None:
    code, message = refused(await allow_listed.post(body))
    assert code == "FORBIDDEN"
    assert "registered operations only" in message


def test_an_allow_list_without_a_manifest_does_not_start() -> None:
    with pytest.raises(SettingsError, match="GATEWAY_PERSISTED_QUERIES"):
        load_settings(only_persisted_queries=True)


def test_a_manifest_whose_ids_are_not_their_hashes_does_not_start(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"operations": [{"id": "0" * 64, "body": TREE}]}))
    with pytest.raises(SettingsError, match=r"GATEWAY_PERSISTED_QUERIES.*not the SHA-256"):
        load_settings(persisted_queries=str(path))


def test_the_manifest_holds_each_operation_with_its_fragments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "ops.graphql").write_text(
        "query A { categories { ...C } }\n"
        "query B { categories { id } }\n"
        "fragment C on Category { id ...D }\n"
        "fragment D on Category { name }\n"
    )
    assert main(["persisted-queries", "build", str(tmp_path)]) == 0
    operations = {o["name"]: o for o in json.loads(capsys.readouterr().out)["operations"]}

    assert set(operations) == {"A", "B"}
    assert "fragment C" in operations["A"]["body"]
    assert "fragment D" in operations["A"]["body"]
    assert "fragment" not in operations["B"]["body"]
    assert all(o["id"] == query_hash(o["body"]) for o in operations.values())


# By GET, as Apollo's link sends them with useGETForHashedQueries --------------------------
ENVIRONMENTS = [
    pytest.param("development", id="development"),
    pytest.param("production", id="production"),
]
LOGOUT = "mutation { logout { errors { code } } }"


async def get(client: GraphQLClient, body: dict[str, Any]) -> httpx.Response:
    """`body` as query parameters (JSON ones encoded), with curl's `Accept: */*`."""
    params = {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
    return await client.http.get("/graphql", params=params, headers={"Accept": "*/*"})


@pytest.fixture(scope="module", params=ENVIRONMENTS)
async def either(
    request: pytest.FixtureRequest, settings: Settings
) -> AsyncIterator[GraphQLClient]:
    """The gateway in development, then in production."""
    async with client_for(settings, env=request.param) as client:
        yield client


async def test_get_runs_a_hash_once_its_text_was_posted(
    either: GraphQLClient, catalog: Catalog
) -> None:
    query = "query ByGet { categories { id } }"
    unknown = await get(either, persisted(None, query_hash(query)))
    registered = await either.post(persisted(query, query_hash(query)), trace=False)
    by_hash = await get(either, persisted(None, query_hash(query)))

    assert unknown.status_code == 200
    assert [e["extensions"]["code"] for e in unknown.json()["errors"]] == [
        "PERSISTED_QUERY_NOT_FOUND"
    ]
    assert by_hash.status_code == 200
    assert by_hash.json()["data"] == registered.data
    assert {"id": "electronics"} in by_hash.json()["data"]["categories"]


async def test_get_never_runs_a_mutation(either: GraphQLClient) -> None:
    await either.post(persisted(LOGOUT, query_hash(LOGOUT)), trace=False)  # a known hash
    for body in ({"query": LOGOUT}, persisted(None, query_hash(LOGOUT))):
        response = await get(either, body)
        assert response.status_code == 405
        assert response.headers["allow"] == "POST"
        assert response.headers["content-type"].startswith("application/json")
        (error,) = response.json()["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert "POST" in error["message"]
        assert "logout" not in response.text


async def test_get_runs_a_query_by_its_text_in_development_only(
    graphql: GraphQLClient, settings: Settings
) -> None:
    body: dict[str, Any] = {"query": SLUG, "variables": {"slug": "nowhere"}}
    development = await get(graphql, body)
    async with client_for(settings, env="production") as production:
        refused = await get(production, body)

    assert development.json() == {"data": {"categoryBySlug": None}}
    assert refused.status_code == 405
    assert refused.headers["allow"] == "POST"
    (error,) = refused.json()["errors"]
    assert "by its hash" in error["message"]
