"""`campaign(id)`: its seller and admins see it whole (analytics, totals, targets); anyone
else gets null."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.settings import Settings
from tests.accounts.factories import Account
from tests.campaigns.factories import (
    admin_account,
    customer_account,
    operation,
    seller_account,
    write_campaign,
    write_days,
    write_targets,
)
from tests.graphql_client import GraphQLClient, GraphQLResponse

DETAIL = operation("CampaignDetail")
DAYS = [
    ("2026-03-10", 1000, 50, 5, 5_000),
    ("2026-03-11", 2000, 100, 20, 12_000),
    ("2026-03-12", 0, 0, 0, 0),
]


async def detail(
    graphql: GraphQLClient, campaign_id: str, who: Account | None, **variables: Any
) -> GraphQLResponse:
    headers = who.headers if who else None
    return await graphql(DETAIL, {"id": campaign_id, **variables}, headers=headers)


async def test_its_seller_sees_the_campaign_whole_in_two_rounds(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings, "Sam")
    people = [customer_account(settings, name) for name in ("Ada", "Bea", "Cy")]
    campaign_id = write_campaign(settings, owner.user_id, status="ACTIVE")
    write_days(settings, campaign_id, DAYS)
    write_targets(settings, campaign_id, [(p.user_id, "CLICKED") for p in people])
    response = await detail(graphql, campaign_id, owner, first=2)
    found = response.data["campaign"]
    assert found["id"] == campaign_id
    assert (found["name"], found["status"], found["channel"]) == (
        "Spring Refresh",
        "ACTIVE",
        "EMAIL",
    )
    assert found["description"] == "For returning buyers."
    assert (found["startsAt"], found["endsAt"]) == (
        "2026-03-10T00:00:00.000Z",
        "2026-03-20T00:00:00.000Z",
    )
    assert found["budget"] == {"amount": "250.00", "currencyCode": "USD"}
    assert found["couponCode"] == "SPRING10"
    assert found["seller"] == {"id": owner.user_id, "storeName": "Sam's Store"}
    assert [day["date"] for day in found["analytics"]] == [d[0] for d in DAYS]
    assert found["analytics"][1] == {
        "date": "2026-03-11",
        "impressions": 2000,
        "clicks": 100,
        "conversions": 20,
        "revenue": {"amount": "120.00", "currencyCode": "USD"},
    }
    assert found["totals"] == {
        "impressions": 3000,
        "clicks": 150,
        "conversions": 25,
        "revenue": {"amount": "170.00"},
        "clickThroughRate": pytest.approx(0.05),
        "conversionRate": pytest.approx(25 / 150),
    }
    targets = found["targets"]
    assert targets["totalCount"] == 3
    ordered = sorted(people, key=lambda p: p.user_id)
    assert [e["node"]["user"] for e in targets["edges"]] == [
        {"id": p.user_id, "displayName": f"{name} L."}
        for p, name in zip(ordered[:2], [_name(people, p) for p in ordered[:2]], strict=True)
    ]
    assert targets["edges"][0]["node"]["status"] == "CLICKED"
    assert targets["edges"][0]["node"]["updatedAt"] == "2026-03-01T00:00:00.000Z"
    assert targets["pageInfo"]["hasNextPage"] is True
    # Session and campaign, with the day, target and count Queries; then the seller and
    # the page's users in one BatchGetItem.
    assert response.call_count("Query") == 3
    assert response.call_count("BatchGetItem") == 2
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2

    rest = await detail(
        graphql, campaign_id, owner, first=2, after=targets["pageInfo"]["endCursor"]
    )
    more = rest.data["campaign"]["targets"]
    assert [e["node"]["user"]["id"] for e in more["edges"]] == [ordered[2].user_id]
    assert more["totalCount"] == 3
    assert more["pageInfo"]["hasNextPage"] is False


def _name(people: list[Account], person: Account) -> str:
    return ("Ada", "Bea", "Cy")[people.index(person)]


async def test_analytics_is_the_range_asked_in_date_order(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id, status="ACTIVE")
    write_days(settings, campaign_id, list(reversed(DAYS)))
    response = await detail(
        graphql, campaign_id, owner, **{"from": "2026-03-11", "to": "2026-03-12"}
    )
    found = response.data["campaign"]
    assert [day["date"] for day in found["analytics"]] == ["2026-03-11", "2026-03-12"]
    # the totals still sum every day
    assert found["totals"]["impressions"] == 3000
    only_first = await detail(graphql, campaign_id, owner, to="2026-03-10")
    assert [d["date"] for d in only_first.data["campaign"]["analytics"]] == ["2026-03-10"]


async def test_a_reversed_range_is_bad_user_input(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id)
    response = await detail(
        graphql, campaign_id, owner, **{"from": "2026-03-12", "to": "2026-03-10"}
    )
    assert response.error_codes == ["BAD_USER_INPUT"]


async def test_rates_are_zero_without_impressions_or_clicks(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings)
    empty = write_campaign(settings, owner.user_id)
    found = (await detail(graphql, empty, owner)).data["campaign"]
    assert found["analytics"] == []
    assert found["totals"] == {
        "impressions": 0,
        "clicks": 0,
        "conversions": 0,
        "revenue": {"amount": "0.00"},
        "clickThroughRate": 0.0,
        "conversionRate": 0.0,
    }
    assert found["targets"] == {
        "totalCount": 0,
        "edges": [],
        "pageInfo": {"hasNextPage": False, "endCursor": None},
    }
    seen_only = write_campaign(settings, owner.user_id, status="ACTIVE")
    write_days(settings, seen_only, [("2026-03-10", 400, 0, 0, 0)])
    totals = (await detail(graphql, seen_only, owner)).data["campaign"]["totals"]
    assert (totals["clickThroughRate"], totals["conversionRate"]) == (0.0, 0.0)


async def test_an_admin_sees_any_campaign(graphql: GraphQLClient, settings: Settings) -> None:
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id)
    found = (await detail(graphql, campaign_id, admin_account(settings))).data["campaign"]
    assert found["id"] == campaign_id
    assert found["seller"]["id"] == owner.user_id


@pytest.mark.parametrize("who", ["other seller", "customer", "anonymous"])
async def test_anyone_else_gets_null(graphql: GraphQLClient, settings: Settings, who: str) -> None:
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id)
    write_days(settings, campaign_id, DAYS)
    caller = {
        "other seller": seller_account(settings, "Otto"),
        "customer": customer_account(settings),
        "anonymous": None,
    }[who]
    response = await detail(graphql, campaign_id, caller, first=5)
    assert response.data == {"campaign": None}
    if caller is None:
        assert response.calls == []


async def test_a_missing_campaign_is_null(graphql: GraphQLClient, settings: Settings) -> None:
    response = await detail(graphql, "cp-missing", seller_account(settings))
    assert response.data == {"campaign": None}


async def test_a_cursor_of_another_campaign_is_refused(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner, person = seller_account(settings), customer_account(settings)
    one, two = write_campaign(settings, owner.user_id), write_campaign(settings, owner.user_id)
    for campaign_id in (one, two):
        write_targets(
            settings, campaign_id, [(person.user_id, "TARGETED"), (owner.user_id, "OPENED")]
        )
    page = (await detail(graphql, one, owner, first=1)).data["campaign"]["targets"]
    response = await detail(graphql, two, owner, first=1, after=page["pageInfo"]["endCursor"])
    assert response.error_codes == ["BAD_USER_INPUT"]
