"""`category.products(filter, sort)`: every filter with every sort, paged through, against
the same pages computed over the test's products; pages that fill past what they drop."""

from __future__ import annotations

from typing import Any

import pytest

from resolvers import category_pages
from tests.category_pages.shelf import (
    FILTERS,
    ORDERS,
    PARENT,
    SELLERS,
    Keep,
    Made,
    expected,
    products,
    write_shelf,
)
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient
from tests.operations import operation

PRODUCTS = operation("discovery.graphql", "FilteredProducts")


@pytest.fixture(scope="module")
def shelf(isolated: Isolated) -> list[Made]:
    made = products()
    write_shelf(isolated.settings, made)
    return made


async def _pages(
    graphql: GraphQLClient, variables: dict[str, Any], first: int, query: str = PRODUCTS
) -> list[dict[str, Any]]:
    pages, after = [], None
    while True:
        response = await graphql(query, {**variables, "first": first, "after": after})
        page = response.data["category"]["products"]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("sort", list(ORDERS))
@pytest.mark.parametrize("name", list(FILTERS))
async def test_every_filter_with_every_sort_pages_through_what_it_keeps(
    isolated_graphql: GraphQLClient, shelf: list[Made], name: str, sort: str
) -> None:
    given, keep = FILTERS[name]
    wanted = expected(shelf, keep, sort)
    assert 0 < len(wanted) < 30 or name == "none"
    pages = await _pages(
        isolated_graphql, {"id": PARENT, "filter": given or None, "sort": sort}, first=4
    )
    assert [e["node"]["id"] for p in pages for e in p["edges"]] == wanted
    assert [len(p["edges"]) for p in pages[:-1]] == [4] * (len(pages) - 1)  # full pages
    assert {p["totalCount"] for p in pages} == {len(wanted)}


async def test_filters_combine_with_each_other_and_with_the_old_price_arguments(
    isolated_graphql: GraphQLClient, shelf: list[Made]
) -> None:
    """filter.maxPrice and the minPrice argument both apply."""
    given = {**FILTERS["in-stock"][0], **FILTERS["brands"][0], "maxPrice": "18.00"}
    keeps: list[Keep] = [
        FILTERS["in-stock"][1],
        FILTERS["brands"][1],
        lambda p: 1400 <= p.price <= 1800,
    ]
    wanted = expected(shelf, lambda p: all(keep(p) for keep in keeps), "NEWEST")
    query = PRODUCTS.replace("sort: $sort,", 'sort: $sort, minPrice: "14",')
    variables = {"id": PARENT, "filter": given, "sort": "NEWEST"}
    pages = await _pages(isolated_graphql, variables, 2, query)
    assert len(wanted) > 2
    assert [e["node"]["id"] for p in pages for e in p["edges"]] == wanted
    assert {p["totalCount"] for p in pages} == {len(wanted)}


async def test_a_page_fills_past_the_products_it_drops(
    isolated_graphql: GraphQLClient, shelf: list[Made], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second seller's offers are on every fourth product: with read-ahead pages of 2
    products, a page reads past the products it drops, page after page, until full."""
    monkeypatch.setattr(category_pages, "READ_AHEAD", 2)
    given = {"sellerId": SELLERS[1]}
    wanted = expected(shelf, FILTERS["seller"][1], "PRICE_DESC")
    response = await isolated_graphql(
        PRODUCTS.replace("totalCount", ""),
        {"id": PARENT, "filter": given, "sort": "PRICE_DESC", "first": 1},
    )
    page = response.data["category"]["products"]
    assert [e["node"]["id"] for e in page["edges"]] == wanted[:1]
    assert page["pageInfo"]["hasNextPage"] is True
    # The tree, then 2 index pages (fp-19, fp-08; fp-27, fp-16), each followed by the
    # collections of what it read.
    assert response.body["extensions"]["dynamodb"]["rounds"] == 1 + 2 * 2
    pages = await _pages(isolated_graphql, {"id": PARENT, "filter": given, "sort": "NEWEST"}, 3)
    assert [e["node"]["id"] for p in pages for e in p["edges"]] == expected(
        shelf, FILTERS["seller"][1], "NEWEST"
    )
    assert [len(p["edges"]) for p in pages[:-1]] == [3] * (len(pages) - 1)


async def test_a_cursor_is_bound_to_its_filter_and_sort(
    isolated_graphql: GraphQLClient, shelf: list[Made]
) -> None:
    first = await isolated_graphql(PRODUCTS, {"id": PARENT, "sort": "NEWEST", "first": 2})
    after = first.data["category"]["products"]["pageInfo"]["endCursor"]
    for other in ({"sort": "RATING"}, {"sort": "NEWEST", "filter": {"inStock": True}}):
        response = await isolated_graphql(PRODUCTS, {"id": PARENT, "after": after, **other})
        assert response.error_codes == ["BAD_USER_INPUT"]


async def test_past_its_bound_a_page_comes_back_short_and_goes_on_from_there(
    isolated_graphql: GraphQLClient, shelf: list[Made], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(category_pages, "MAX_CHECKED", 5)
    given = {"sellerId": SELLERS[1]}
    wanted = expected(shelf, FILTERS["seller"][1], "PRICE_ASC")
    pages = await _pages(isolated_graphql, {"id": PARENT, "filter": given}, first=4)
    assert [e["node"]["id"] for p in pages for e in p["edges"]] == wanted
    assert any(len(p["edges"]) < 4 for p in pages[:-1])  # short, yet with a next page
    assert {p["totalCount"] for p in pages} == {None}  # more than 5 to check to count
