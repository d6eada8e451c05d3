"""`createCampaign`: sellers (and admins) only, validated, created DRAFT."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.settings import Settings
from tests.campaigns.factories import (
    admin_account,
    campaign_item,
    customer_account,
    operation,
    seller_account,
)
from tests.graphql_client import GraphQLClient

CREATE = operation("CreateCampaign")


def campaign_input(**overrides: Any) -> dict[str, Any]:
    return {
        "input": {
            "name": "  Back to School ",
            "description": "Pens and bags.",
            "channel": "PUSH",
            "startsAt": "2026-08-01T00:00:00.000Z",
            "endsAt": "2026-08-31T00:00:00.000Z",
            "budget": "1500.50",
            "couponCode": "school5",
        }
        | overrides
    }


async def test_a_seller_creates_a_draft_campaign(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings)
    response = await graphql(CREATE, campaign_input(), headers=owner.headers)
    result = response.data["createCampaign"]
    assert result["errors"] == []
    created = result["campaign"]
    assert created | {"id": "-"} == {
        "id": "-",
        "name": "Back to School",
        "status": "DRAFT",
        "channel": "PUSH",
        "startsAt": "2026-08-01T00:00:00.000Z",
        "endsAt": "2026-08-31T00:00:00.000Z",
    }
    stored = campaign_item(settings, created["id"])
    assert stored is not None
    assert stored["seller_id"] == owner.user_id
    assert (stored["gsi1pk"], stored["gsi1sk"]) == (owner.user_id, created["id"])
    assert (stored["budget_cents"], stored["coupon_code"]) == (150050, "SCHOOL5")
    assert stored["entity"] == "Campaign"
    # Session and profile in one BatchGetItem, then the PutItem.
    assert [c["operation"] for c in response.calls] == ["BatchGetItem", "PutItem"]
    mine = await graphql(operation("MyCampaigns"), headers=owner.headers)
    assert [n["id"] for n in mine.data["viewer"]["campaigns"]["nodes"]] == [created["id"]]


async def test_an_admin_creates_a_campaign_for_a_seller(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner, admin = seller_account(settings), admin_account(settings)
    variables = campaign_input(sellerId=owner.user_id)
    result = (await graphql(CREATE, variables, headers=admin.headers)).data["createCampaign"]
    assert result["errors"] == []
    stored = campaign_item(settings, result["campaign"]["id"])
    assert stored is not None
    assert stored["seller_id"] == owner.user_id
    # ... who is a seller: a customer's id is refused
    variables = campaign_input(sellerId=customer_account(settings).user_id)
    refused = (await graphql(CREATE, variables, headers=admin.headers)).data["createCampaign"]
    assert refused["campaign"] is None
    assert refused["errors"] == [
        {
            "field": ["input", "sellerId"],
            "message": "There is no seller with this id.",
            "code": "NOT_FOUND",
        }
    ]


@pytest.mark.parametrize(
    ("who", "code"),
    [
        pytest.param("customer", "FORBIDDEN", id="customer"),
        pytest.param("anonymous", "UNAUTHENTICATED", id="anonymous"),
        pytest.param("seller for another", "FORBIDDEN", id="seller-for-another-seller"),
    ],
)
async def test_others_may_not_create(
    graphql: GraphQLClient, settings: Settings, who: str, code: str
) -> None:
    variables = campaign_input()
    headers = None
    if who == "customer":
        headers = customer_account(settings).headers
    elif who == "seller for another":
        headers = seller_account(settings).headers
        variables = campaign_input(sellerId=seller_account(settings, "Otto").user_id)
    response = await graphql(CREATE, variables, headers=headers)
    assert response.error_codes == [code]
    assert response.body["data"] is None


async def test_invalid_input_lists_every_problem(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings)
    variables = campaign_input(
        name="  ",
        startsAt="2026-08-31T00:00:00.000Z",
        endsAt="2026-08-01T00:00:00.000Z",
        budget="-1",
    )
    response = await graphql(CREATE, variables, headers=owner.headers)
    result = response.data["createCampaign"]
    assert result["campaign"] is None
    assert {(tuple(e["field"]), e["code"]) for e in result["errors"]} == {
        (("input", "name"), "INVALID_INPUT"),
        (("input", "endsAt"), "INVALID_INPUT"),
        (("input", "budget"), "INVALID_INPUT"),
    }
    assert response.call_count("PutItem") == 0


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"endsAt": "2026-08-01T00:00:00.000Z"}, "endsAt", id="ends-when-it-starts"),
        pytest.param({"budget": "10.001"}, "budget", id="budget-under-a-cent"),
        pytest.param({"name": "n" * 101}, "name", id="name-too-long"),
        pytest.param({"startsAt": "2026-02-30T00:00:00.000Z"}, "startsAt", id="no-such-day"),
        pytest.param({"budget": "10000000000.01"}, "budget", id="budget-too-large"),
        pytest.param({"description": "d" * 1001}, "description", id="description-too-long"),
    ],
)
async def test_each_rule_is_checked(
    graphql: GraphQLClient, settings: Settings, overrides: dict[str, Any], field: str
) -> None:
    owner = seller_account(settings)
    response = await graphql(CREATE, campaign_input(**overrides), headers=owner.headers)
    errors = response.data["createCampaign"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(["input", field], "INVALID_INPUT")]


async def test_a_zero_budget_is_allowed(graphql: GraphQLClient, settings: Settings) -> None:
    owner = seller_account(settings)
    response = await graphql(CREATE, campaign_input(budget="0"), headers=owner.headers)
    assert response.data["createCampaign"]["errors"] == []
