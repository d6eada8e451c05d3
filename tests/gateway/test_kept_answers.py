"""Answers to catalog queries, kept whole (gateway/kept_answers.py): given again while all
they were built from is held, never once a write of this process drops any of it, never
when they read past the catalog cache or asked who is calling."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from gateway.app import create_app
from gateway.kept_answers import AnswerKey, KeptAnswers, answer_key
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from loaders.shared_cache import CacheUse, SharedCache, item_entry, kind_scope
from loaders.tables import create_tables
from tests.conftest import Isolated
from tests.factories import Catalog, write_catalog
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.loaders.test_shared_cache import Clock
from tests.seller_catalog.factories import ADMIN, CUSTOMER, operation, person

NAMES = "query Names($ids: [ID!]!) { products(ids: $ids) { id name } categories { id } }"


def key_for(*ids: str) -> AnswerKey:
    key = answer_key(NAMES, "Names", {"ids": list(ids)})
    assert key is not None
    return key


KEY = key_for("p")


def kept(response: GraphQLResponse) -> bool:
    return bool(response.body["extensions"]["dynamodb"].get("keptAnswer"))


async def never_kept(
    graphql: GraphQLClient, query: str, variables: dict[str, Any] | None = None
) -> GraphQLResponse:
    """The second answer to `query`, after checking that neither was a kept one."""
    answers = [await graphql(query, variables) for _ in range(2)]
    assert [kept(r) for r in answers] == [False, False]
    return answers[1]


@pytest.fixture(scope="module")
async def own(settings: Settings, dynamodb: DynamoClient) -> AsyncIterator[Isolated]:
    """Tables of this module's own (it renames a product), the catalog cache on."""
    prefix = f"kept{uuid.uuid4().hex[:8]}-"
    own = settings.model_copy(update={"table_prefix": prefix, "catalog_cache_seconds": 60.0})
    await create_tables(dynamodb, prefix)
    write_catalog(own)
    application = create_app(own)
    async with application.router.lifespan_context(application):
        yield Isolated(own, application)


async def test_a_catalog_query_asked_again_gets_the_kept_answer(
    cached_graphql: GraphQLClient, catalog: Catalog
) -> None:
    variables = {"ids": ["p-studio", "p-buds"]}
    first = await cached_graphql(NAMES, variables)
    second = await cached_graphql(NAMES, variables)
    assert (kept(first), kept(second)) == (False, True)
    assert second.data == first.data
    assert second.calls == []
    # Other variables are another answer.
    other = await cached_graphql(NAMES, {"ids": ["p-buds"]})
    assert not kept(other)
    assert [p["id"] for p in other.data["products"]] == ["p-buds"]


async def test_a_write_of_this_process_ends_the_answers_built_from_what_it_wrote(
    own: Isolated,
) -> None:
    admin = person(own.settings, ADMIN)
    variables = {"ids": ["p-buds"]}
    async with GraphQLClient.over(own.app) as graphql:
        await graphql(NAMES, variables)
        assert kept(await graphql(NAMES, variables))
        renamed = await graphql(
            operation("UpdateProduct"),
            {"id": "p-buds", "input": {"name": "Buds Renamed"}},
            headers=admin.headers,
        )
        assert renamed.data["updateProduct"]["errors"] == []
        after = await graphql(NAMES, variables)
    assert not kept(after)
    assert after.data["products"] == [{"id": "p-buds", "name": "Buds Renamed"}]


async def test_an_answer_that_asked_who_is_calling_is_not_kept(
    cached_graphql: GraphQLClient, settings: Settings, catalog: Catalog
) -> None:
    # The viewer of an anonymous caller is null without a read: the answer reads only the
    # cache, but it is not everyone's.
    query = "{ viewer { id } categories { id } }"
    anonymous = await never_kept(cached_graphql, query)
    assert anonymous.data["viewer"] is None
    customer = person(settings, CUSTOMER)
    signed_in = await cached_graphql(query, headers=customer.headers)
    assert signed_in.data["viewer"] == {"id": customer.user_id}


async def test_an_answer_with_an_absent_item_is_not_kept(
    cached_graphql: GraphQLClient, catalog: Catalog
) -> None:
    # The cache holds no absence: the item may be written by the next request's time.
    variables = {"ids": [f"p-absent-{uuid.uuid4().hex[:8]}"]}
    again = await never_kept(cached_graphql, NAMES, variables)
    assert again.data["products"] == [None]
    assert again.call_count("BatchGetItem") == 1


async def test_an_answer_with_errors_is_not_kept(
    cached_graphql: GraphQLClient, catalog: Catalog
) -> None:
    query = '{ categories { id } searchProducts(text: "buds", first: 1000) { totalCount } }'
    again = await never_kept(cached_graphql, query)
    assert again.error_codes == ["BAD_USER_INPUT"]


def answers_over(cache: SharedCache) -> tuple[KeptAnswers, CacheUse]:
    """Kept answers over `cache`, and a request's use of it: one Product item read."""
    use = CacheUse()
    cache.put("T", item_entry("T", "p", "INFO"), {"pk": "p"}, cache.generation("T"), use)
    return KeptAnswers(cache, max_entries=10), use


def test_an_answer_built_across_a_write_is_not_kept() -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=10)
    answers, use = answers_over(cache)
    cache.written("T", [item_entry("T", "p", "INFO")])  # while the request ran
    answers.keep(KEY, {"products": []}, use)
    assert answers.find(KEY) is None


def test_an_answer_ends_with_the_first_entry_it_used() -> None:
    clock = Clock()
    cache = SharedCache(ttl_seconds=5, max_entries=10, clock=clock)
    answers, use = answers_over(cache)
    clock.now += 3
    page = cache.derived_entry(kind_scope("T", "INFO"), "category-page")
    cache.put(kind_scope("T", "INFO"), page, ("p",), cache.generation(kind_scope("T", "INFO")), use)
    answers.keep(KEY, {"products": []}, use)
    assert answers.find(KEY) == {"products": []}
    clock.now += 2  # the item's 5 s are over; the page has 3 left
    assert answers.find(KEY) is None


def test_a_write_in_a_derived_entrys_scope_ends_the_answer() -> None:
    # A category page is not dropped by a Product item's write: it is never found again.
    cache = SharedCache(ttl_seconds=60, max_entries=10)
    use, scope = CacheUse(), kind_scope("T", "INFO")
    cache.put(scope, cache.derived_entry(scope, "page"), ("p",), cache.generation(scope), use)
    answers = KeptAnswers(cache, max_entries=10)
    answers.keep(KEY, {"products": []}, use)
    assert answers.find(KEY) is not None
    cache.written("T", [item_entry("T", "q", "INFO")])
    assert answers.find(KEY) is None


def test_an_answer_is_not_kept_when_a_read_was_not_the_caches() -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=10)
    answers, use = answers_over(cache)
    use.whole = False  # a call past the cache
    answers.keep(KEY, {"products": []}, use)
    assert answers.find(KEY) is None


async def test_an_answer_that_read_past_the_cache_is_not_kept(
    cached_graphql: GraphQLClient, catalog: Catalog
) -> None:
    # A seller's products are a page of an index Query: read every time, so the answer is.
    query = '{ seller(id: "s-acme") { storeName products(first: 2) { edges { node { id } } } } }'
    again = await never_kept(cached_graphql, query)
    assert again.data["seller"]["storeName"] == "Acme Audio"
    assert again.call_count("Query") == 1


def test_an_answer_that_read_nothing_lives_one_ttl() -> None:
    clock = Clock()
    cache = SharedCache(ttl_seconds=5, max_entries=10, clock=clock)
    answers = KeptAnswers(cache, max_entries=10)
    key = answer_key("{ __typename }", None, None)
    assert key is not None
    answers.keep(key, {"__typename": "Query"}, CacheUse())
    assert answers.find(key) == {"__typename": "Query"}
    clock.now += 5
    assert answers.find(key) is None


def test_the_least_recently_used_answer_goes_first() -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=10)
    answers = KeptAnswers(cache, max_entries=2)
    first, second, third = key_for("a"), key_for("b"), key_for("c")
    answers.keep(first, {"n": 1}, CacheUse())
    answers.keep(second, {"n": 2}, CacheUse())
    assert answers.find(first) == {"n": 1}  # now the most recently used
    answers.keep(third, {"n": 3}, CacheUse())
    assert answers.find(second) is None
    assert answers.find(first) == {"n": 1}


# Their sellers' store names and ratings are public profiles, their offers listings: all
# catalog data.
WITH_SELLERS = {
    "product-page": 'query Page { product(id: "p-studio") { name images { url } sellers { '
    "seller { storeName rating { average count } } } } }",
    "product-cards": 'query Cards { products(ids: ["p-studio", "p-amp"]) { name sellers { '
    "seller { storeName } price { amount } inStock } } }",
}


@pytest.mark.parametrize("query", WITH_SELLERS.values(), ids=WITH_SELLERS.keys())
async def test_products_with_their_sellers_and_offers_are_kept(
    cached_graphql: GraphQLClient, catalog: Catalog, query: str
) -> None:
    first = await cached_graphql(query)
    second = await cached_graphql(query)
    assert (kept(first), kept(second)) == (False, True)
    assert second.data == first.data
    assert "Acme Audio" in str(first.data)
