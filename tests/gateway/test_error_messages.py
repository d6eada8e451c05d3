"""Errors in the client's words: the exact code of a variable's mistake, and messages that
say what a value must look like, with no Python in them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.graphql_client import GraphQLClient

PYTHON = re.compile(r"\b(None|True|False|isoformat|mapping|NoneType)\b|\{'|encountered error")

PRODUCT = "query Q($id: ID!) { product(id: $id) { id } }"
SEARCH = 'query Q($first: Int, $after: String) { searchProducts(text: "a", first: $first, after: $after) { totalCount } }'
PRICE = 'query Q($p: Decimal) { category(id: "x") { products(minPrice: $p) { totalCount } } }'
DAY = 'query Q($d: Date) { campaign(id: "x") { analytics(from: $d) { __typename } } }'
CAMPAIGN = "mutation M($i: CampaignInput!) { createCampaign(input: $i) { errors { code } } }"
CAMPAIGN_INPUT = {
    "name": "n",
    "channel": "EMAIL",
    "startsAt": "2026-02-23T10:30:00.000Z",
    "endsAt": "2026-03-23T10:30:00.000Z",
    "budget": "10.00",
}


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        pytest.param(
            "query Q($x: ID) { __typename }", {}, "GRAPHQL_VALIDATION_FAILED", id="unused"
        ),
        pytest.param(
            "query Q { product(id: $x) { id } }", {}, "GRAPHQL_VALIDATION_FAILED", id="undefined"
        ),
        pytest.param(
            "query Q($x: Int!) { product(id: $x) { id } }",
            {"x": 1},
            "GRAPHQL_VALIDATION_FAILED",
            id="wrong-position",
        ),
        pytest.param(
            "query Q($x: Product) { product(id: $x) { id } }",
            {},
            "GRAPHQL_VALIDATION_FAILED",
            id="not-an-input-type",
        ),
        pytest.param(PRODUCT, {"id": None}, "BAD_USER_INPUT", id="null-for-non-null"),
        pytest.param(PRODUCT, {}, "BAD_USER_INPUT", id="missing"),
        pytest.param(PRODUCT, {"id": True}, "BAD_USER_INPUT", id="does-not-coerce"),
    ],
)
async def test_a_variables_mistake_has_its_exact_code(
    graphql: GraphQLClient, query: str, variables: dict[str, Any], code: str
) -> None:
    response = await graphql(query, variables, trace=False)
    assert set(response.error_codes) == {code}


@pytest.mark.parametrize(
    ("query", "variables", "code", "says"),
    [
        # The contract's scalars
        pytest.param(
            CAMPAIGN,
            {"i": CAMPAIGN_INPUT | {"startsAt": "#"}},
            "BAD_USER_INPUT",
            'at .startsAt: DateTime must look like "2026-02-23T10:30:00.000Z" (UTC, milliseconds), not "#".',
            id="datetime",
        ),
        pytest.param(
            DAY,
            {"d": "#"},
            "BAD_USER_INPUT",
            'Date must look like "2026-02-23" (year-month-day, a day of the calendar), not "#".',
            id="date",
        ),
        pytest.param(
            DAY, {"d": "2026-02-30"}, "BAD_USER_INPUT", 'not "2026-02-30".', id="date-not-a-day"
        ),
        pytest.param(
            'query { campaign(id: "x") { analytics(from: 5) { __typename } } }',
            {},
            "GRAPHQL_VALIDATION_FAILED",
            'Date must look like "2026-02-23" (year-month-day, a day of the calendar), not 5.',
            id="date-literal",
        ),
        pytest.param(
            PRICE,
            {"p": "#"},
            "BAD_USER_INPUT",
            'Decimal must look like "89.99" (a number as a string, up to 20 digits before the '
            'point and 18 after), not "#".',
            id="decimal",
        ),
        pytest.param(PRICE, {"p": "NaN"}, "BAD_USER_INPUT", 'not "NaN".', id="decimal-nan"),
        pytest.param(PRICE, {"p": True}, "BAD_USER_INPUT", "not true.", id="decimal-boolean"),
        pytest.param(
            CAMPAIGN,
            {"i": CAMPAIGN_INPUT | {"budget": "1" * 300}},
            "BAD_USER_INPUT",
            f'not "{"1" * 38}….',  # cut at 40 characters
            id="decimal-long-value-cut",
        ),
        # GraphQL's scalars
        pytest.param(
            PRODUCT,
            {"id": True},
            "BAD_USER_INPUT",
            "ID must be a string (or an integer), not true.",
            id="id",
        ),
        pytest.param(
            PRODUCT, {"id": {"a": None}}, "BAD_USER_INPUT", 'not {"a": null}.', id="id-object"
        ),
        pytest.param(
            "query { product(id: 1.5) { id } }",
            {},
            "GRAPHQL_VALIDATION_FAILED",
            "ID must be a string (or an integer), not 1.5.",
            id="id-literal",
        ),
        pytest.param(
            PRODUCT,
            {"id": None},
            "BAD_USER_INPUT",
            "Expected value of non-null type 'ID!' not to be null.",
            id="null",
        ),
        pytest.param(
            "query { product(id: null) { id } }",
            {},
            "GRAPHQL_VALIDATION_FAILED",
            "Expected value of non-null type 'ID!' not to be null.",
            id="null-literal",
        ),
        pytest.param(
            SEARCH,
            {"first": "x"},
            "BAD_USER_INPUT",
            'Int must be a whole number from -2147483648 to 2147483647, not "x".',
            id="int",
        ),
        pytest.param(
            SEARCH, {"after": 5}, "BAD_USER_INPUT", "String must be a string, not 5.", id="string"
        ),
        pytest.param(
            CAMPAIGN,
            {"i": {"name": None}},
            "BAD_USER_INPUT",
            "to include required field 'channel', found: {\"name\": null}.",
            id="input-object",
        ),
        # The gateway's own
        pytest.param(
            SEARCH,
            {"after": "#"},
            "BAD_USER_INPUT",
            "Invalid cursor: use a cursor returned by the same query, unchanged.",
            id="cursor",
        ),
    ],
)
async def test_a_bad_value_is_told_what_it_must_look_like(
    graphql: GraphQLClient, query: str, variables: dict[str, Any], code: str, says: str
) -> None:
    response = await graphql(query, variables, trace=False)
    messages = [e["message"] for e in response.body["errors"]]
    assert code in response.error_codes
    assert any(message.endswith(says) for message in messages), messages
    assert not [m for m in messages if PYTHON.search(m)]


@pytest.mark.parametrize(
    ("query", "variables", "result"),
    [
        pytest.param(PRICE, {"p": "89.99"}, {"category": None}, id="decimal-string"),
        pytest.param(PRICE, {"p": 12}, {"category": None}, id="decimal-number"),
        pytest.param(DAY, {"d": "2028-02-29"}, {"campaign": None}, id="leap-day"),
    ],
)
async def test_good_values_pass(
    graphql: GraphQLClient, query: str, variables: dict[str, Any], result: dict[str, Any]
) -> None:
    assert (await graphql(query, variables, trace=False)).data == result
