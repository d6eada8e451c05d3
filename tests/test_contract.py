"""The consumer contract: every operation the frontend teams send must validate against
the schema, and the catalog's must run. Uses ../shared/contract when it exists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import (
    DocumentNode,
    FieldNode,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    validate,
    visit,
)

from schema import schema
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "contract"

# Served by later issues; strict xfail turns each into a failure the day it is served,
# so this list can only shrink.
NOT_YET_SERVED: dict[str, str] = {}

# Variables that make each served read operation touch data of the test catalog.
RUNNABLE: dict[tuple[str, str], dict[str, Any]] = {
    ("catalog.graphql", "CategoryTree"): {},
    ("catalog.graphql", "CategoryPage"): {
        "id": "audio",
        "first": 3,
        "minPrice": "10.00",
        "maxPrice": "200",
    },
    ("catalog.graphql", "CategoryBySlug"): {"slug": "headphones"},
    ("catalog.graphql", "ProductPage"): {"id": "p-studio"},
    ("catalog.graphql", "ProductCards"): {"ids": ["p-studio", "p-buds", "missing"]},
    ("catalog.graphql", "MoreReviews"): {"productId": "p-studio", "first": 2},
    ("catalog.graphql", "SellerStorefront"): {"id": "s-acme", "first": 2},
    ("reviews.graphql", "SellerReviews"): {"sellerId": "s-acme", "first": 2},
    ("discovery.graphql", "FindCategories"): {"text": "audio"},
    ("discovery.graphql", "AllCategories"): {},
    ("discovery.graphql", "FilteredCategoryPage"): {
        "id": "audio",
        "sort": "PRICE_DESC",
        "filter": {"maxPrice": "150.00", "inStock": True, "brands": ["Sonic"]},
        "first": 2,
    },
    ("discovery.graphql", "Search"): {"text": "studio head", "first": 2},
    ("discovery.graphql", "SearchSuggestions"): {"prefix": "bulk headph"},
}


def _operations() -> list[Any]:
    if not CONTRACT.is_dir():
        return [
            pytest.param(
                None,
                None,
                id="no-contract-folder",
                marks=pytest.mark.skip("../shared/contract is absent"),
            )
        ]
    found = []
    for path in sorted(CONTRACT.glob("*.graphql")):
        for definition in parse(path.read_text()).definitions:
            assert isinstance(definition, OperationDefinitionNode)
            assert definition.name
            name = definition.name.value
            reason = NOT_YET_SERVED.get(f"{path.name}:{name}")
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            found.append(
                pytest.param(
                    path.name, print_ast(definition), id=f"{path.stem}:{name}", marks=marks
                )
            )
    return found


def contract_operation(file: str, name: str) -> str:
    """The text of one operation of the contract; skips the test when the folder is absent."""
    if not CONTRACT.is_dir():
        pytest.skip("../shared/contract is absent")
    (operation,) = [
        d
        for d in parse((CONTRACT / file).read_text()).definitions
        if isinstance(d, OperationDefinitionNode) and d.name and d.name.value == name
    ]
    return print_ast(operation)


@pytest.mark.parametrize(("file", "operation"), _operations())
def test_contract_operation_validates(file: str, operation: str) -> None:
    errors = validate(schema._schema, parse(operation))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(("file", "name"), sorted(RUNNABLE), ids=lambda v: str(v))
async def test_read_operation_runs(
    graphql: GraphQLClient, catalog: Catalog, file: str, name: str
) -> None:
    response = await graphql(contract_operation(file, name), RUNNABLE[(file, name)])
    data = response.data
    assert data
    assert all(value is not None for value in data.values()), data


def test_every_viewer_selection_of_the_contract_has_its_id() -> None:
    """A normalized client cache (Apollo's, Relay's) merges the viewer by its id: selected
    without it, the viewer of one operation replaces another's instead of merging."""
    if not CONTRACT.is_dir():
        pytest.skip("../shared/contract is absent")
    selections = [
        (path.name, selected)
        for path in sorted(CONTRACT.glob("*.graphql"))
        for selected in _selections_of(parse(path.read_text()), "viewer")
    ]
    assert selections
    assert [file for file, selected in selections if "id" not in selected] == []


def _selections_of(document: DocumentNode, name: str) -> list[set[str]]:
    """The names selected under each field `name` of `document`."""
    found: list[set[str]] = []

    class Fields(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            if node.name.value == name and node.selection_set is not None:
                selections = node.selection_set.selections
                found.append({s.name.value for s in selections if isinstance(s, FieldNode)})

    visit(document, Fields())
    return found
