"""`searchProducts(filter)`: price range, stock, brands, seller and facets, each checked
against a computation of its own over the test's products, alone and combined."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from gateway.settings import Settings
from resolvers import search
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.operations import operation
from tests.search.factories import facet, listing, searchable, word, write_products

SEARCH = operation("discovery.graphql", "Search")


@dataclass
class Shelf:
    """Products that all hold `common`, in ranked order, with what the filters look at."""

    common: str
    sellers: tuple[str, str]
    ranked: list[dict[str, Any]] = field(default_factory=list)
    stock: dict[str, dict[str, int]] = field(default_factory=dict)  # active listings only
    facets: dict[str, dict[str, str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def shelf(settings: Settings) -> Shelf:
    common = word()
    one, two = f"s-{uuid.uuid4().hex[:8]}", f"s-{uuid.uuid4().hex[:8]}"
    found = Shelf(common, (one, two))
    # (name suffix, brand, price, {seller: (stock, active)}, facets); name matches rank by
    # id (the suffix), the description-only match last.
    rows: list[tuple[str, str, int, dict[str, tuple[int, bool]], dict[str, str]]] = [
        ("a", "Volt", 1000, {one: (5, True)}, {"color": "red"}),
        ("b", "volt", 2500, {two: (0, True)}, {}),
        ("c", "Other", 4000, {one: (0, True), two: (3, True)}, {"color": "black", "size": "M"}),
        ("d", "Other", 1500, {one: (9, False)}, {"color": "Black"}),
    ]
    for suffix, brand, price, _, _ in rows:
        pid = f"p-{common}-{suffix}"
        product = searchable(f"{common} {suffix}x", brand=brand, price_cents=price, pid=pid)
        found.ranked.append(product)
    described = searchable(
        "Plain", description=f"for {common}", brand="Volt", price_cents=3000, pid=f"p-{common}-e"
    )
    found.ranked.append(described)
    rows.append(("e", "Volt", 3000, {two: (1, True)}, {"color": "black", "size": "L"}))
    items = [*found.ranked, searchable(f"{common} gone", active=False)]
    for product, (_, _, _, offers, facets) in zip(found.ranked, rows, strict=True):
        for seller, (stock, active) in offers.items():
            items.append(listing(product, seller, stock, active=active))
        found.stock[product["pk"]] = {s: n for s, (n, active) in offers.items() if active}
        items += [facet(product, name, value) for name, value in facets.items()]
        found.facets[product["pk"]] = facets
    write_products(settings, items)
    return found


Check = Callable[[Shelf, dict[str, Any]], bool]
CASES: list[tuple[str, dict[str, Any], Check]] = [
    ("price", {"minPrice": "15.00", "maxPrice": "30"},
     lambda s, p: 1500 <= p["min_price_cents"] <= 3000),
    ("in-stock", {"inStock": True}, lambda s, p: any(n > 0 for n in s.stock[p["pk"]].values())),
    ("brands", {"brands": ["VOLT", "nobody"]}, lambda s, p: p["brand"].lower() == "volt"),
    ("seller", {"sellerId": "ONE"}, lambda s, p: s.sellers[0] in s.stock[p["pk"]]),
    ("facet", {"facets": [{"name": "color", "value": "black"}]},
     lambda s, p: s.facets[p["pk"]].get("color", "").lower() == "black"),
    ("facet-values-or-names-and",
     {"facets": [{"name": "color", "value": "red"}, {"name": "color", "value": "BLACK"},
                 {"name": "size", "value": "m"}]},
     lambda s, p: s.facets[p["pk"]].get("size") == "M"),
    ("seller-in-stock", {"sellerId": "ONE", "inStock": True},
     lambda s, p: s.stock[p["pk"]].get(s.sellers[0], 0) > 0),
    ("everything", {"maxPrice": "40", "inStock": True, "brands": ["other", "volt"],
                    "sellerId": "TWO", "facets": [{"name": "color", "value": "black"}]},
     lambda s, p: p["pk"].endswith(("-c", "-e"))),
]  # fmt: skip


def _sellers(shelf: Shelf, given: dict[str, Any]) -> dict[str, Any]:
    names = {"ONE": shelf.sellers[0], "TWO": shelf.sellers[1]}
    return {k: names.get(v, v) if k == "sellerId" else v for k, v in given.items()}


def _page(response: GraphQLResponse) -> dict[str, Any]:
    return dict(response.data["searchProducts"])


@pytest.mark.parametrize(
    ("given", "keeps"), [(g, k) for _, g, k in CASES], ids=[c[0] for c in CASES]
)
async def test_a_filter_keeps_what_its_conditions_say_in_rank_order(
    graphql: GraphQLClient, shelf: Shelf, given: dict[str, Any], keeps: Check
) -> None:
    expected = [p["pk"] for p in shelf.ranked if keeps(shelf, p)]
    assert expected  # every case keeps something, and (below) drops something
    assert len(expected) < len(shelf.ranked)
    response = await graphql(SEARCH, {"text": shelf.common, "filter": _sellers(shelf, given)})
    page = _page(response)
    assert [e["node"]["id"] for e in page["edges"]] == expected
    assert page["totalCount"] == len(expected)
    assert page["pageInfo"]["hasNextPage"] is False


async def test_pages_of_a_filtered_search_fill_past_what_it_drops(
    graphql: GraphQLClient, shelf: Shelf
) -> None:
    given = {"filter": {"brands": ["volt"]}, "first": 1}
    seen: list[str] = []
    after = None
    while True:
        page = _page(await graphql(SEARCH, {"text": shelf.common, **given, "after": after}))
        assert len(page["edges"]) == 1
        assert page["totalCount"] == 3
        seen.append(page["edges"][0]["node"]["id"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [f"p-{shelf.common}-{s}" for s in "abe"]


async def test_calls_of_a_filter_on_the_product_and_on_its_listings(
    graphql: GraphQLClient, shelf: Shelf
) -> None:
    by_price = await graphql(SEARCH, {"text": shelf.common, "filter": {"maxPrice": "20"}})
    assert [c["operation"] for c in by_price.calls] == ["Query", "BatchGetItem"]
    by_stock = await graphql(SEARCH, {"text": shelf.common, "filter": {"inStock": True}})
    # The index, the 5 products, then the collections of the 5 (one Query each).
    assert by_stock.call_count("Query") == 1 + 5
    assert by_stock.call_count("BatchGetItem") == 1
    assert by_stock.body["extensions"]["dynamodb"]["rounds"] == 3


async def test_a_filtered_search_considers_the_best_ranked_matches_only(
    graphql: GraphQLClient, shelf: Shelf, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "MAX_FILTERED_HITS", 3)
    response = await graphql(SEARCH, {"text": shelf.common, "filter": {"brands": ["volt"]}})
    page = _page(response)
    assert [e["node"]["id"] for e in page["edges"]] == [f"p-{shelf.common}-{s}" for s in "ab"]
    assert page["totalCount"] == 2


async def test_a_cursor_is_bound_to_its_filter(graphql: GraphQLClient, shelf: Shelf) -> None:
    first = _page(
        await graphql(SEARCH, {"text": shelf.common, "filter": {"inStock": True}, "first": 1})
    )
    cursor = first["pageInfo"]["endCursor"]
    for other in ({"inStock": True, "brands": ["volt"]}, None):
        response = await graphql(
            SEARCH, {"text": shelf.common, "filter": other, "first": 1, "after": cursor}
        )
        assert response.error_codes == ["BAD_USER_INPUT"]


@pytest.mark.parametrize(
    "given",
    [
        pytest.param({"minPrice": "-1"}, id="negative-price"),
        pytest.param({"maxPrice": "1.001"}, id="sub-cent-price"),
        pytest.param({"brands": [f"b{n}" for n in range(21)]}, id="too-many-brands"),
        pytest.param({"facets": [{"name": "c", "value": str(n)} for n in range(21)]}, id="facets"),
    ],
)
async def test_a_bad_filter_is_bad_user_input_before_any_read(
    graphql: GraphQLClient, given: dict[str, Any]
) -> None:
    response = await graphql(SEARCH, {"text": "kettle", "filter": given})
    assert response.error_codes == ["BAD_USER_INPUT"]
    assert response.call_count() == 0


async def test_the_cost_estimate_counts_the_collections_a_filter_may_read(
    graphql: GraphQLClient, shelf: Shelf
) -> None:
    def estimated(response: GraphQLResponse) -> int:
        return int(response.body["extensions"]["cost"]["requested"])

    by_price = await graphql(SEARCH, {"text": shelf.common, "filter": {"maxPrice": "20"}})
    assert estimated(by_price) == 3  # the index, the batch, totalCount
    by_stock = await graphql(SEARCH, {"text": shelf.common, "filter": {"inStock": True}})
    assert estimated(by_stock) == 3 + search.MAX_FILTERED_HITS
    literal = await graphql(
        '{ searchProducts(text: "x", filter: {facets: [{name: "a", value: "b"}]}) { totalCount } }'
    )
    assert estimated(literal) == 3 + search.MAX_FILTERED_HITS
