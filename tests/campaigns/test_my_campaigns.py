"""`viewer.campaigns`: a seller's own campaigns, newest first, through SellerCampaignsIndex."""

from __future__ import annotations

from gateway.settings import Settings
from tests.campaigns.factories import (
    admin_account,
    customer_account,
    operation,
    seller_account,
    write_campaign,
    write_days,
)
from tests.graphql_client import GraphQLClient

MINE = operation("MyCampaigns")


async def test_a_seller_lists_their_own_campaigns_newest_first(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner, other = seller_account(settings), seller_account(settings, "Otto")
    # ids sort by creation, as ULIDs do
    older = write_campaign(settings, owner.user_id, campaign_id=f"cp-1-{owner.user_id}")
    newer = write_campaign(
        settings, owner.user_id, campaign_id=f"cp-2-{owner.user_id}", status="ACTIVE", name="Later"
    )
    write_campaign(settings, other.user_id)
    write_days(settings, newer, [("2026-03-10", 100, 10, 2, 900), ("2026-03-11", 100, 10, 3, 900)])
    response = await graphql(MINE, headers=owner.headers)
    nodes = response.data["viewer"]["campaigns"]["nodes"]
    assert [n["id"] for n in nodes] == [newer, older]
    assert nodes[0] == {
        "id": newer,
        "name": "Later",
        "status": "ACTIVE",
        "startsAt": "2026-03-10T00:00:00.000Z",
        "endsAt": "2026-03-20T00:00:00.000Z",
        "totals": {"conversions": 5},
    }
    assert nodes[1]["totals"] == {"conversions": 0}
    # Session, profile and the index page in one round; then one day Query per campaign.
    assert response.call_count("BatchGetItem") == 1
    assert response.call_count("Query") == 3
    assert response.body["extensions"]["dynamodb"]["rounds"] == 2


async def test_a_customer_or_an_admin_has_no_campaigns(
    graphql: GraphQLClient, settings: Settings
) -> None:
    write_campaign(settings, seller_account(settings).user_id)
    for caller in (customer_account(settings), admin_account(settings)):
        response = await graphql(MINE, headers=caller.headers)
        assert response.data["viewer"]["campaigns"]["nodes"] == []


async def test_anonymous_has_no_viewer(graphql: GraphQLClient) -> None:
    response = await graphql(MINE)
    assert response.data == {"viewer": None}
    assert response.calls == []


async def test_campaigns_page_with_cursors(graphql: GraphQLClient, settings: Settings) -> None:
    owner = seller_account(settings)
    ids = [
        write_campaign(settings, owner.user_id, campaign_id=f"cp-{n}-{owner.user_id}")
        for n in range(3)
    ]
    query = "query($after: String) { viewer { campaigns(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }"
    first = (await graphql(query, headers=owner.headers)).data["viewer"]["campaigns"]
    assert [n["id"] for n in first["nodes"]] == [ids[2], ids[1]]
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    rest = (await graphql(query, {"after": after}, headers=owner.headers)).data["viewer"][
        "campaigns"
    ]
    assert [n["id"] for n in rest["nodes"]] == [ids[0]]
    assert rest["pageInfo"]["hasNextPage"] is False
