"""`python -m gateway search reindex`: the index of products written before search existed."""

from __future__ import annotations

import pytest

from gateway.cli import main
from loaders.dynamo import Dynamo, DynamoClient
from loaders.search import reindex
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient
from tests.search.factories import searchable, term_partition_items, word, write_products
from tests.search.operations import SEARCH


async def test_reindex_writes_the_terms_of_every_active_product(
    isolated: Isolated, isolated_graphql: GraphQLClient, dynamodb: DynamoClient
) -> None:
    common = word()
    active = [searchable(f"{common} lamp {n}", brand="Glow") for n in range(3)]
    inactive = searchable(f"{common} retired", active=False)
    listing = {"pk": active[0]["pk"], "sk": "SELLER#s1", "entity": "Listing", "name": common}
    write_products(isolated.settings, [*active, inactive, listing], index=False)
    before = await isolated_graphql(SEARCH, {"text": common})
    assert before.data["searchProducts"]["edges"] == []

    lines: list[str] = []
    dynamo = Dynamo(dynamodb, isolated.settings.table_prefix)
    products, terms = await reindex(dynamo, lines.append)

    assert products == 4  # the Listing item is not a product
    assert terms == 3 * 3  # each active product: common, lamp, glow (one digit is no term;
    # the description, "The <name>", adds no other)
    assert lines[-1:] == [f"  {products} products read, {terms} terms written"]
    after = await isolated_graphql(SEARCH, {"text": common})
    found = {edge["node"]["id"] for edge in after.data["searchProducts"]["edges"]}
    assert found == {p["product_id"] for p in active}
    assert term_partition_items(isolated.settings, "retired") == []


def test_the_reindex_command_reports_its_progress(
    isolated: Isolated,
    moto_endpoint: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("GATEWAY_DYNAMODB_ENDPOINT", moto_endpoint)
    monkeypatch.setenv("GATEWAY_TABLE_PREFIX", isolated.settings.table_prefix)
    name = word()
    product = searchable(f"{name} desk")
    write_products(isolated.settings, [product], index=False)

    assert main(["search", "reindex"]) == 0

    output = capsys.readouterr().err
    assert "products read" in output
    assert "search index:" in output
    items = term_partition_items(isolated.settings, name)
    # A name word (6) that the description ("The <name>") holds too (1).
    assert [(i["product_id"], i["weight"], i["name"]) for i in items] == [
        (product["product_id"], 7, f"{name} desk")
    ]
