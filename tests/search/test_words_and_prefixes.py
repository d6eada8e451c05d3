"""Search over descriptions and by the start of the last word, with `totalCount`; and
`searchSuggestions` as the user types."""

from __future__ import annotations

from typing import Any

from gateway.settings import Settings
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.operations import operation
from tests.search.factories import searchable, word, write_products

SEARCH = operation("discovery.graphql", "Search")
SUGGEST = operation("discovery.graphql", "SearchSuggestions")


async def _search(graphql: GraphQLClient, text: str, **arguments: Any) -> GraphQLResponse:
    return await graphql(SEARCH, {"text": text, **arguments})


def _ids(response: GraphQLResponse) -> list[str]:
    return [edge["node"]["id"] for edge in response.data["searchProducts"]["edges"]]


async def test_a_description_word_finds_the_product_below_name_brand_and_tag_matches(
    graphql: GraphQLClient, settings: Settings
) -> None:
    common = word()
    by_description = searchable("Plain thing", description=f"Made for {common} lovers")
    by_tag = searchable("Other thing", tags=[common])
    by_brand = searchable("Third thing", brand=common)
    by_name = searchable(f"{common} thing", description="Nothing more")
    write_products(settings, [by_description, by_tag, by_brand, by_name])
    response = await _search(graphql, f"{common} zz{word()}")
    assert _ids(response) == [p["product_id"] for p in (by_name, by_brand, by_tag, by_description)]
    assert response.data["searchProducts"]["totalCount"] == 4


async def test_the_last_word_also_finds_the_words_it_starts(
    graphql: GraphQLClient, settings: Settings
) -> None:
    stem, other = word(), word()
    kettle = searchable(f"Wireless {stem}kettle")
    kettles = searchable(f"Two {stem}kettles", pid=f"p-z-{stem}")
    whole = searchable(f"{stem}kett toy", pid=f"p-a-{stem}")
    elsewhere = searchable(f"{other} lamp")
    write_products(settings, [kettle, kettles, whole, elsewhere])
    typed = await _search(graphql, f"{stem}kett")
    # A whole-word match counts twice a match by its start; then ties by id.
    assert _ids(typed) == [whole["product_id"], *sorted([kettle["pk"], kettles["pk"]])]
    # Only the last word is a prefix: the first must be whole.
    assert _ids(await _search(graphql, f"{stem}ke {other}")) == [elsewhere["product_id"]]
    both = await _search(graphql, f"{other} {stem}kettl")
    assert set(_ids(both)) == {kettle["pk"], kettles["pk"], elsewhere["pk"]}
    assert both.call_count("Query") == 2  # the whole word, then the prefix index
    assert both.body["extensions"]["dynamodb"]["rounds"] == 2


async def test_total_count_counts_every_match_on_every_page(
    graphql: GraphQLClient, settings: Settings
) -> None:
    common = word()
    write_products(settings, [searchable(f"{common} item {n}") for n in range(5)])
    seen: list[str] = []
    after = None
    while True:
        page = (await _search(graphql, common[:-2], first=2, after=after)).data["searchProducts"]
        assert page["totalCount"] == 5
        seen += [edge["node"]["id"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 5


async def test_suggestions_hold_every_word_the_last_as_a_start(
    graphql: GraphQLClient, settings: Settings
) -> None:
    stem, colour = word(), word()
    red = searchable(f"{colour} {stem}kettle", brand="Acme")
    plain = searchable(f"Steel {stem}kettle")
    gone = searchable(f"{colour} {stem}ketchup", active=False)
    write_products(settings, [red, plain, gone])
    response = await graphql(SUGGEST, {"prefix": f"{colour.upper()} {stem}ket"})
    assert response.data["searchSuggestions"] == [
        {"text": red["name"], "product": {"id": red["product_id"], "name": red["name"]}}
    ]
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2
    both = await graphql(SUGGEST, {"prefix": f"{stem}ke"})
    assert {s["product"]["id"] for s in both.data["searchSuggestions"]} == {red["pk"], plain["pk"]}


async def test_suggestions_start_at_two_characters_and_read_nothing_before(
    graphql: GraphQLClient,
) -> None:
    for prefix in ("", "k", " é ", "a-"):
        response = await graphql(SUGGEST, {"prefix": prefix})
        assert response.data["searchSuggestions"] == [], prefix
        assert response.call_count() == 0


async def test_suggestions_take_at_most_first(graphql: GraphQLClient, settings: Settings) -> None:
    common = word()
    write_products(settings, [searchable(f"{common} pot {n}") for n in range(12)])
    response = await graphql(SUGGEST, {"prefix": common})
    assert len(response.data["searchSuggestions"]) == 8
    too_many = await graphql(
        "query($p: String!) { searchSuggestions(prefix: $p, first: 21) { text } }", {"p": common}
    )
    assert too_many.error_codes == ["BAD_USER_INPUT"]
