"""`searchProducts`: found by name, brand and tag words, ranked, paged, in two rounds."""

from __future__ import annotations

from typing import Any

from gateway.settings import Settings
from loaders.dynamo import Dynamo, DynamoClient
from loaders.keys import ProductKey
from loaders.search import search_term_writes
from loaders.writes import Put
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.search.factories import delete_product, searchable, word, write_products
from tests.search.operations import SEARCH


async def _search(graphql: GraphQLClient, text: str, **arguments: Any) -> GraphQLResponse:
    return await graphql(SEARCH, {"text": text, **arguments})


def _ids(response: GraphQLResponse) -> list[str]:
    return [edge["node"]["id"] for edge in response.data["searchProducts"]["edges"]]


async def test_finds_a_product_by_a_name_word_its_brand_and_a_tag(
    graphql: GraphQLClient, settings: Settings
) -> None:
    name, brand, tag = word(), word(), word()
    kettle = searchable(f"Crème {name} Kettle", brand=f"{brand.upper()} Ltd", tags=[f"{tag}-x"])
    write_products(settings, [kettle])
    for text in (name, name.upper(), brand, f"{tag} nothing{word()}"):
        response = await _search(graphql, text)
        assert _ids(response) == [kettle["product_id"]], text
    node = response.data["searchProducts"]["edges"][0]["node"]
    assert node == {
        "id": kettle["product_id"],
        "name": kettle["name"],
        "brand": kettle["brand"],
        "minPrice": {"amount": "12.50", "currencyCode": "USD"},
    }
    assert _ids(await _search(graphql, f"creme {name}")) == [kettle["product_id"]]


async def test_an_exact_name_match_ranks_first(graphql: GraphQLClient, settings: Settings) -> None:
    first, second = word(), word()
    exact = searchable(f"The {first} {second}")
    wordy = searchable(f"{first} {second} {first}-pro", brand=first, tags=[first, second])
    partial = searchable(f"{first} only")
    write_products(settings, [partial, wordy, exact])
    response = await _search(graphql, f"the {first.upper()}  {second}!")
    assert _ids(response) == [exact["product_id"], wordy["product_id"], partial["product_id"]]


async def test_pages_follow_the_ranking_without_duplicates(
    graphql: GraphQLClient, settings: Settings
) -> None:
    common = word()
    products = [searchable(f"{common} item {n}") for n in range(7)]
    write_products(settings, products)
    everything = _ids(await _search(graphql, common, first=10))
    assert sorted(everything) == sorted(p["product_id"] for p in products)
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = (await _search(graphql, common, first=3, after=after)).data["searchProducts"]
        seen += [edge["node"]["id"] for edge in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3
    assert seen == everything


async def test_a_tampered_cursor_or_one_of_another_query_is_bad_user_input(
    graphql: GraphQLClient, settings: Settings
) -> None:
    common = word()
    write_products(settings, [searchable(f"{common} one"), searchable(f"{common} two")])
    page = (await _search(graphql, common, first=1)).data["searchProducts"]
    cursor = page["pageInfo"]["endCursor"]
    assert _ids(await _search(graphql, f"  {common.upper()} ", first=1, after=cursor))
    tampered = ("A" if cursor[0] != "A" else "B") + cursor[1:]
    for text, after in ((common, tampered), (f"{common} other", cursor)):
        response = await _search(graphql, text, first=1, after=after)
        assert response.error_codes == ["BAD_USER_INPUT"]
        assert response.call_count() == 0


async def test_too_many_terms_is_bad_user_input_naming_the_limit(graphql: GraphQLClient) -> None:
    text = " ".join(f"term{n}" for n in range(9))
    response = await _search(graphql, text)
    assert response.error_codes == ["BAD_USER_INPUT"]
    assert "at most 8" in response.body["errors"][0]["message"]
    assert response.call_count() == 0
    # Stop words and one-letter words are not terms: these are 8.
    assert (await _search(graphql, f"the a of {text.rsplit(' ', 1)[0]}")).error_codes == []


async def test_a_search_is_one_query_per_term_then_one_batch_get(
    graphql: GraphQLClient, settings: Settings
) -> None:
    first, second = word(), word()
    write_products(settings, [searchable(f"{first} {second} {n}") for n in range(4)])
    response = await _search(graphql, f"{first} {second}", first=3)
    assert len(_ids(response)) == 3
    assert response.call_count("Query") == 2
    assert response.call_count("BatchGetItem") == 1
    assert response.call_count() == 3
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2


async def test_text_without_terms_finds_nothing_and_reads_nothing(graphql: GraphQLClient) -> None:
    response = await _search(graphql, "the - a")
    assert response.data["searchProducts"] == {
        "edges": [],
        "pageInfo": {"hasNextPage": False, "endCursor": None},
    }
    assert response.call_count() == 0


async def test_inactive_missing_and_stale_products_are_skipped_and_the_page_filled(
    graphql: GraphQLClient, settings: Settings
) -> None:
    common = word()
    # Equal scores rank by id: the three to skip come first, then the live ones.
    inactive = searchable(f"{common} gone", pid=f"p-a-{common}")
    renamed = searchable(f"{common} old name", pid=f"p-b-{common}")
    missing = searchable(f"{common} missing", pid=f"p-c-{common}")
    live = [searchable(f"{common} live {n}", pid=f"p-d-{common}-{n}") for n in range(3)]
    write_products(settings, [inactive, renamed, missing, *live])
    # Written behind the index's back: deactivated, renamed, deleted; their terms left stale.
    write_products(
        settings,
        [
            {**inactive, "is_active": False},
            {**renamed, "name": "Something else", "description": "Else"},
        ],
        index=False,
    )
    delete_product(settings, missing)
    response = await _search(graphql, common, first=3)
    assert _ids(response) == [p["product_id"] for p in live]
    assert response.data["searchProducts"]["pageInfo"]["hasNextPage"] is False
    assert response.call_count("BatchGetItem") == 1


async def test_a_rename_written_with_its_term_writes_is_found_by_its_new_name_only(
    graphql: GraphQLClient, settings: Settings, dynamodb: DynamoClient
) -> None:
    old, new = word(), word()
    before = searchable(f"{old} lamp")
    write_products(settings, [before])
    after = {**before, "name": f"{new} lamp", "description": "A lamp"}
    dynamo = Dynamo(dynamodb, settings.table_prefix)
    attributes = {k: v for k, v in after.items() if k not in ("pk", "sk")}
    product = Put(ProductKey(before["product_id"]), attributes)
    await dynamo.transact_write([product, *search_term_writes(before, after)])
    assert _ids(await _search(graphql, new)) == [before["product_id"]]
    assert _ids(await _search(graphql, old)) == []
    exact = await _search(graphql, f"{new} lamp")
    assert _ids(exact) == [before["product_id"]]
