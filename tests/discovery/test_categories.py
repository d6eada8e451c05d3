"""`searchCategories` and `allCategories`: answered from the category tree, which costs one
Scan per request, or nothing when the process's cache holds it."""

from __future__ import annotations

from typing import Any

import pytest

from loaders.categories import CategoryTree
from resolvers.category_search import all_categories
from tests.apps import client_for
from tests.conftest import Isolated
from tests.factories import Catalog, category, write_catalog
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.operations import operation

FIND = operation("discovery.graphql", "FindCategories")
ALL = operation("discovery.graphql", "AllCategories")

# (id, name, parent, position), written in no particular order.
TREE = [
    ("c-home", "Maison", "ROOT", 1),
    ("c-elec", "Électronique", "ROOT", 0),
    ("c-audio", "Audio & Son", "c-elec", 1),
    ("c-phones", "Téléphones", "c-elec", 0),
    ("c-fixed", "Téléphones fixes", "c-phones", 0),
    ("c-kitchen", "Cuisine", "c-home", 0),
]


@pytest.fixture(scope="module")
def tree(isolated: Isolated) -> None:
    parents = {cid: parent for cid, _, parent, _ in TREE}

    def path(cid: str) -> list[str]:
        return [*(path(parents[cid]) if parents[cid] != "ROOT" else []), cid]

    written = Catalog()
    for cid, name, parent, position in TREE:
        written.add("Categories", category(cid, name, parent, path(cid), position))
    write_catalog(isolated.settings, written)


def _ids(response: GraphQLResponse, field: str) -> list[str]:
    return [c["id"] for c in response.data[field]]


async def test_all_categories_lists_parents_before_children_and_siblings_by_position(
    isolated_graphql: GraphQLClient, tree: None
) -> None:
    response = await isolated_graphql(ALL)
    assert _ids(response, "allCategories") == [
        "c-elec", "c-phones", "c-fixed", "c-audio", "c-home", "c-kitchen",
    ]  # fmt: skip
    fixed = response.data["allCategories"][2]
    assert fixed == {
        "id": "c-fixed",
        "name": "Téléphones fixes",
        "slug": "téléphones-fixes",
        "depth": 2,
        "position": 0,
        "parent": {"id": "c-phones"},
    }
    assert response.data["allCategories"][0]["parent"] is None
    assert [c["operation"] for c in response.calls] == ["Scan"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("telephones", ["c-phones", "c-fixed"], id="accents-ignored-exact-first"),
        pytest.param("FIXES  Téléphones", ["c-fixed"], id="every-word-in-any-order"),
        pytest.param("tÉlÉph", ["c-phones", "c-fixed"], id="last-word-as-prefix"),
        pytest.param("son", ["c-audio"], id="a-word-of-the-name"),
        pytest.param("elec phones", [], id="only-the-last-word-as-prefix"),
        pytest.param("on", [], id="not-inside-a-word"),
        pytest.param(" & ", [], id="no-words"),
    ],
)
async def test_search_categories_matches_words_of_the_name(
    isolated_graphql: GraphQLClient, tree: None, text: str, expected: list[str]
) -> None:
    response = await isolated_graphql(FIND, {"text": text})
    assert _ids(response, "searchCategories") == expected


async def test_a_found_category_has_its_breadcrumbs(
    isolated_graphql: GraphQLClient, tree: None
) -> None:
    response = await isolated_graphql(FIND, {"text": "fixes"})
    assert response.data["searchCategories"] == [
        {
            "id": "c-fixed",
            "name": "Téléphones fixes",
            "slug": "téléphones-fixes",
            "breadcrumbs": [
                {"name": "Électronique"},
                {"name": "Téléphones"},
                {"name": "Téléphones fixes"},
            ],
        }
    ]


async def test_every_category_read_of_a_request_shares_one_scan(
    isolated_graphql: GraphQLClient, tree: None
) -> None:
    query = '{ categories { id } allCategories { id } searchCategories(text: "cuisine") { id } }'
    response = await isolated_graphql(query)
    assert _ids(response, "searchCategories") == ["c-kitchen"]
    assert [c["operation"] for c in response.calls] == ["Scan"]
    assert response.body["extensions"]["dynamodb"]["rounds"] == 1


async def test_with_the_tree_cached_neither_read_makes_a_call(
    isolated: Isolated, tree: None
) -> None:
    async with client_for(isolated.settings, catalog_cache_seconds=60.0) as client:
        reads: list[tuple[str, dict[str, Any]]] = [(ALL, {}), (FIND, {"text": "audio"})]
        first = [await client(query, variables) for query, variables in reads]
        again = [await client(query, variables) for query, variables in reads]
    assert [[c["operation"] for c in r.calls] for r in first] == [["Scan"], []]
    assert [r.calls for r in again] == [[], []]
    assert [r.data for r in again] == [r.data for r in first]


def test_a_category_whose_parent_is_missing_comes_last() -> None:
    items = [
        item
        for cid, name, parent, position in [
            ("c-lost", "Lost", "c-gone", 0),
            ("c-root", "Root", "ROOT", 0),
            ("c-child", "Child", "c-root", 0),
        ]
        for item in category(cid, name, parent, [cid], position)
    ]
    tree = CategoryTree.from_items(items)
    assert [c["category_id"] for c in all_categories(tree)] == ["c-root", "c-child", "c-lost"]
