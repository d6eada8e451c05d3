"""Each limit on a document refuses it before it runs, with QUERY_TOO_COMPLEX and a
message naming the limit; what is under the limits runs as before."""

from __future__ import annotations

import pytest
from graphql import get_introspection_query

from gateway.settings import Settings
from tests.apps import client_for
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient, GraphQLResponse


def nested(depth: int) -> str:
    """`categories { children { … id } }`: `depth` fields deep."""
    return "{ categories { " + "children { " * (depth - 2) + "id" + " }" * (depth - 1) + " }"


def refusal(response: GraphQLResponse) -> str:
    """The one error's message, after checking that the operation did not run."""
    assert response.body["data"] is None
    assert "dynamodb" not in response.body.get("extensions", {}) or response.calls == []
    (error,) = response.body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX", error
    return str(error["message"])


async def test_depth_up_to_the_limit_runs(graphql: GraphQLClient, catalog: Catalog) -> None:
    response = await graphql(nested(10))
    assert response.data["categories"]


async def test_depth_over_the_limit_is_refused(graphql: GraphQLClient) -> None:
    message = refusal(await graphql(nested(11)))
    assert "11 fields deep" in message
    assert "depth limit is 10" in message


async def test_aliases_are_counted_through_fragments(graphql: GraphQLClient) -> None:
    fragment = " ".join(f"a{i}: __typename" for i in range(16))
    query = "{ ...F ...G } fragment F on Query { " + fragment + " } fragment G on Query { ...F }"
    assert "32 aliases" in refusal(await graphql(query))
    assert "alias limit is 30" in refusal(await graphql(query))


async def test_thirty_aliases_run(graphql: GraphQLClient) -> None:
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(30)) + " }"
    assert (await graphql(query)).data["a29"] == "Query"


async def test_tokens_over_the_limit_are_refused_before_parsing_on(
    graphql: GraphQLClient,
) -> None:
    message = refusal(await graphql("{ " + "__typename " * 2100 + "}"))
    assert "token limit is 2000" in message


async def test_comments_count_as_tokens(graphql: GraphQLClient) -> None:
    query = "{ __typename }" + "\n#" * 2100
    assert "token limit is 2000" in refusal(await graphql(query))


async def test_fields_are_counted_through_fragments(graphql: GraphQLClient) -> None:
    query = "{ " + "...F " * 100 + "} fragment F on Query { categories { id name slug depth } }"
    message = refusal(await graphql(query))
    assert "selects 500 fields" in message
    assert "field limit is 400" in message


async def test_a_field_repeated_in_one_selection_set_is_refused(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    message = refusal(await graphql("{ " + "categories { id } " * 11 + "}"))
    assert message == "'categories' is selected 11 times in one selection set: the limit is 10."
    assert (await graphql("{ " + "categories { id } " * 10 + "}")).data["categories"]


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("{ __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }", id="unknown"),
        pytest.param(
            "{ __typename @skip(if: false) @skip(if: false) @include(if: true) "
            "@include(if: true) }",
            id="skip-include",
        ),
        pytest.param("{ ...F } fragment F on Query @a @b @c @d { __typename }", id="fragment"),
    ],
)
async def test_directive_overloading_is_one_error(graphql: GraphQLClient, query: str) -> None:
    assert "limit is 3 per field, fragment or operation" in refusal(await graphql(query))


async def test_cost_is_reported_when_asked(graphql: GraphQLClient, catalog: Catalog) -> None:
    query = """query($n: Int) { category(id: "electronics") {
        products(first: $n) { totalCount nodes { name sellers { seller { storeName } } } } } }"""
    response = await graphql(query, {"n": 5}, trace=False, headers={"X-Gateway-Cost": "1"})
    # 1 (category) + 2 (page) + 1 (count) + 5 products * (1 listings + 10 sellers * 1)
    assert response.body["extensions"]["cost"] == {"requested": 59, "estimated": 59, "limit": 3000}
    assert response.data["category"]["products"]["nodes"]
    quiet = await graphql(query, {"n": 5}, trace=False)
    assert "extensions" not in quiet.body


async def test_cost_follows_the_variables_of_each_request(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    """The estimate of a document seen before is reused only for the same page sizes."""
    query = """query($n: Int, $id: ID!) { category(id: $id) {
        products(first: $n) { nodes { name sellers { seller { storeName } } } } } }"""
    costs = []
    for variables in (
        {"n": 5, "id": "electronics"},
        {"n": 2, "id": "electronics"},
        {"n": 5, "id": "audio"},
        {"n": 2, "id": "audio"},
    ):
        response = await graphql(query, variables, trace=False, headers={"X-Gateway-Cost": "1"})
        costs.append(response.body["extensions"]["cost"]["requested"])
    # 1 (category) + 2 (page) + n products * (1 listings + 10 sellers * 1)
    assert costs == [58, 25, 58, 25]
    refused = await graphql(query, {"n": 101, "id": "audio"})
    assert refused.error_codes == ["BAD_USER_INPUT"]


async def test_cost_follows_first_through_fragments_and_defaults(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    query = """{ category(id: "electronics") { products { ...P } } }
        fragment P on ProductConnection { edges { node { reviews(first: 3) { totalCount } } } }"""
    response = await graphql(query, headers={"X-Gateway-Cost": "1"})
    # 1 + 2 + 20 (the default page) * (1 reviews page + 1 count)
    assert response.body["extensions"]["cost"]["requested"] == 43


async def test_cost_over_the_limit_is_refused(graphql: GraphQLClient) -> None:
    query = """{ category(id: "electronics") { products(first: 100) { nodes {
        reviews(first: 100) { nodes { product { name } } } } } } }"""
    message = refusal(await graphql(query))
    assert "estimated cost is 10103" in message  # 1 + 2 + 100 * (1 + 100 * 1)
    assert "cost limit is 3000" in message


async def test_first_over_the_maximum_is_refused_before_running(graphql: GraphQLClient) -> None:
    response = await graphql(
        'query($n: Int) { seller(id: "s-acme") { products(first: $n) { totalCount } } }',
        {"n": 1_000_000},
    )
    assert response.body["data"] is None
    assert response.error_codes == ["BAD_USER_INPUT"]
    assert response.body["errors"][0]["message"] == "first must be between 0 and 100, got 1000000"
    assert response.calls == []


async def test_limits_are_settings(settings: Settings, catalog: Catalog) -> None:
    async with client_for(settings, max_query_depth=3, max_query_cost=2) as client:
        assert "depth limit is 3" in refusal(await client(nested(4)))
        assert "cost limit is 2" in refusal(
            await client(
                '{ a: seller(id: "x") { id } b: seller(id: "y") { id } c: seller(id: "z") { id } }'
            )
        )
        assert (await client(nested(3))).data["categories"]


async def test_graphiql_introspection_fits_the_limits(graphql: GraphQLClient) -> None:
    query = get_introspection_query(
        specified_by_url=True,
        directive_is_repeatable=True,
        schema_description=True,
        input_value_deprecation=True,
        one_of=True,
    )
    response = await graphql(query, headers={"X-Gateway-Cost": "1"})
    assert response.data["__schema"]["queryType"]["name"] == "Query"
    assert response.body["extensions"]["cost"]["requested"] == 0


async def test_production_reports_the_cost_when_asked(settings: Settings) -> None:
    async with client_for(settings, env="production") as client:
        response = await client(
            '{ seller(id: "s-acme") { storeName } }', trace=False, headers={"X-Gateway-Cost": "1"}
        )
    # Production charges a cost budget too: its figures come with the cost.
    cost = response.body["extensions"]["cost"]
    assert (cost["requested"], cost["limit"], cost["actual"]) == (1, 3000, 1)
