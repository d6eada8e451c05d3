"""The request budget of each catalog operation: DynamoDB calls and sequential rounds.

The README's budget table states these; a change that adds a call or a round fails here.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.factories import Catalog
from tests.graphql_client import GraphQLClient
from tests.operations import operation
from tests.test_contract import RUNNABLE

# (calls by operation, rounds) on the test catalog: CategoryPage over `audio` covers two
# category partitions; ProductCards asks for 3 ids; the product has 2 sellers.
BUDGETS: dict[str, tuple[dict[str, int], int]] = {
    "CategoryTree": ({"Scan": 1}, 1),
    "CategoryBySlug": ({"Scan": 1}, 1),
    "CategoryPage": ({"Scan": 1, "Query": 2}, 2),  # one Query per partition: page and count
    "ProductPage": ({"Query": 2, "Scan": 1, "BatchGetItem": 1}, 2),
    "ProductCards": ({"Query": 3}, 1),  # a Query per product: its item and its listings
    # Child pages whose keys the arguments give are started with the parent's read.
    "MoreReviews": ({"BatchGetItem": 1, "Query": 1}, 1),
    "SellerStorefront": ({"BatchGetItem": 2, "Query": 2}, 2),  # all products in one batch
    "SellerReviews": ({"BatchGetItem": 2, "Query": 1}, 2),
    "FindCategories": ({"Scan": 1}, 1),
    "AllCategories": ({"Scan": 1}, 1),
    # A Query per whole word and one of the prefix index for the last, then the products.
    "Search": ({"Query": 2, "BatchGetItem": 1}, 2),
    "SearchSuggestions": ({"Query": 2, "BatchGetItem": 1}, 2),
}


@pytest.mark.parametrize(("file", "name"), sorted(RUNNABLE), ids=lambda v: str(v))
async def test_operation_stays_within_its_budget(
    graphql: GraphQLClient, catalog: Catalog, file: str, name: str
) -> None:
    response = await graphql(operation(file, name), RUNNABLE[(file, name)])
    calls, rounds = BUDGETS[name]
    assert Counter(c["operation"] for c in response.calls) == Counter(calls)
    assert response.body["extensions"]["dynamodb"]["rounds"] == rounds
