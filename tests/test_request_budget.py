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
    # The tree; the facet counters of audio and headphones beside the two partitions read
    # whole (totalCount); the 27 products Sonic and at most 150.00, one Query each (stock).
    "FilteredCategoryPage": ({"Scan": 1, "Query": 2 + 2 + 27}, 3),
}


@pytest.mark.parametrize(("file", "name"), sorted(RUNNABLE), ids=lambda v: str(v))
async def test_operation_stays_within_its_budget(
    graphql: GraphQLClient, catalog: Catalog, file: str, name: str
) -> None:
    response = await graphql(operation(file, name), RUNNABLE[(file, name)])
    calls, rounds = BUDGETS[name]
    assert Counter(c["operation"] for c in response.calls) == Counter(calls)
    assert response.body["extensions"]["dynamodb"]["rounds"] == rounds


FILTERED = operation("discovery.graphql", "FilteredProducts")
UNCOUNTED = FILTERED.replace("totalCount", "")
FILTERS = {
    "none": {},
    "price": {"minPrice": "20.00", "maxPrice": "90.00"},
    "inStock": {"inStock": True},
    "brands": {"brands": ["volt"]},
    "seller": {"sellerId": "s-acme"},
    "facet": {"facets": [{"name": "color", "value": "black"}]},
}
# By filter, the same for every sort: (Query calls, rounds) of a page of 5 of `audio`'s
# products (audio and headphones: 2 partitions), with totalCount and without; besides
# these, one Scan (the tree, the first round). Counted, the 2 partitions are read whole
# (one Query each), and a filter on stock, seller or facets reads the collection of each
# product that price and brand keep (28, one Query each, one more round). Uncounted, a
# page of 5 reads 5 of each partition; a filter reads ahead 20 (then 40, ...) per
# partition and the collections of those it needs, one round each: the test catalog has
# one Volt product, two of s-acme in audio and no facets, so brands, seller and facet read
# to the end (2 read-ahead pages; seller and facet: 20 then 8 collections).
FILTER_BUDGETS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "none": ((2, 2), (2, 2)),
    "price": ((2, 2), (2, 2)),
    "inStock": ((2 + 28, 3), (2 + 20, 3)),
    "brands": ((2, 2), (2 + 2, 3)),
    "seller": ((2 + 28, 3), (2 + 2 + 20 + 8, 5)),
    "facet": ((2 + 28, 3), (2 + 2 + 20 + 8, 5)),
}


@pytest.mark.parametrize("sort", ["PRICE_ASC", "PRICE_DESC", "NEWEST", "RATING"])
@pytest.mark.parametrize("name", list(FILTERS))
async def test_each_filter_and_sort_stays_within_its_budget(
    graphql: GraphQLClient, catalog: Catalog, name: str, sort: str
) -> None:
    variables = {"id": "audio", "filter": FILTERS[name], "sort": sort, "first": 5}
    counted, uncounted = FILTER_BUDGETS[name]
    for query, (queries, rounds) in ((FILTERED, counted), (UNCOUNTED, uncounted)):
        response = await graphql(query, variables)
        found = Counter(c["operation"] for c in response.calls)
        assert found == Counter({"Scan": 1, "Query": queries})
        assert response.body["extensions"]["dynamodb"]["rounds"] == rounds
