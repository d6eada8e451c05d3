"""The documented example operations (`examples/*.graphql`): every one is valid against
the schema, and the read-only ones that need no argument run on the app without errors
(anonymously: `viewer` is null, the catalog is public)."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import parse, validate

from schema import schema
from tests.contract_files.examples import FILES, examples
from tests.graphql_client import GraphQLClient


def test_the_examples_cover_the_main_journeys() -> None:
    names = {example.name for path in FILES for example in examples(path)}
    assert {"CategoryTree", "ProductPage", "Login", "AddToCart", "MyOrders"} <= names


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_example_is_valid_against_the_schema(path: Path) -> None:
    assert [str(e) for e in validate(schema._schema, parse(path.read_text()))] == []
    assert all(example.name for example in examples(path)), "name every example operation"


RUNNABLE = [e for path in FILES for e in examples(path) if e.runs_without_arguments]


@pytest.mark.parametrize("text", [e.text for e in RUNNABLE], ids=[e.name for e in RUNNABLE])
async def test_read_only_example_runs(text: str, graphql: GraphQLClient) -> None:
    response = await graphql(text)
    assert response.status == 200
    assert response.error_codes == []
    assert response.data is not None
