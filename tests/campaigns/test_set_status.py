"""`setCampaignStatus`: only the legal transitions, each written on condition that the status
is still the one read."""

from __future__ import annotations

import asyncio

import pytest

from gateway.settings import Settings
from loaders import campaigns as campaigns_table
from loaders.dynamo import Dynamo, DynamoClient
from loaders.errors import ConditionFailed
from tests.campaigns.factories import (
    admin_account,
    campaign_item,
    customer_account,
    operation,
    seller_account,
    write_campaign,
)
from tests.graphql_client import GraphQLClient

SET = operation("SetCampaignStatus")
LEGAL = [("DRAFT", "ACTIVE"), ("ACTIVE", "PAUSED"), ("PAUSED", "ACTIVE")] + [
    (status, "ENDED") for status in ("DRAFT", "ACTIVE", "PAUSED")
]
STATUSES = ("DRAFT", "ACTIVE", "PAUSED", "ENDED")
ILLEGAL = [(a, b) for a in STATUSES for b in STATUSES if (a, b) not in LEGAL]


@pytest.mark.parametrize(("before", "after"), LEGAL, ids=[f"{a}-to-{b}" for a, b in LEGAL])
async def test_a_legal_transition_is_written(
    graphql: GraphQLClient, settings: Settings, before: str, after: str
) -> None:
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id, status=before)
    response = await graphql(SET, {"id": campaign_id, "status": after}, headers=owner.headers)
    assert response.data["setCampaignStatus"] == {
        "campaign": {"id": campaign_id, "status": after},
        "errors": [],
    }
    stored = campaign_item(settings, campaign_id)
    assert stored is not None
    assert stored["status"] == after
    assert stored["updated_at"] > "2026-03-01T00:00:00.000Z"
    # the session; the campaign read consistently; the conditional update
    assert [c["operation"] for c in response.calls] == ["BatchGetItem", "GetItem", "UpdateItem"]


@pytest.mark.parametrize(("before", "after"), ILLEGAL, ids=[f"{a}-to-{b}" for a, b in ILLEGAL])
async def test_an_illegal_transition_is_invalid_state(
    graphql: GraphQLClient, settings: Settings, before: str, after: str
) -> None:
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id, status=before)
    response = await graphql(SET, {"id": campaign_id, "status": after}, headers=owner.headers)
    result = response.data["setCampaignStatus"]
    assert result["campaign"] is None
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_STATE", ["status"])]
    assert before in result["errors"][0]["message"]
    assert response.call_count("UpdateItem") == 0
    assert (campaign_item(settings, campaign_id) or {})["status"] == before


async def test_an_admin_changes_any_campaign(graphql: GraphQLClient, settings: Settings) -> None:
    campaign_id = write_campaign(settings, seller_account(settings).user_id)
    admin = admin_account(settings)
    response = await graphql(SET, {"id": campaign_id, "status": "ACTIVE"}, headers=admin.headers)
    assert response.data["setCampaignStatus"]["campaign"] == {"id": campaign_id, "status": "ACTIVE"}


@pytest.mark.parametrize("who", ["other seller", "customer"])
async def test_someone_elses_campaign_is_not_found(
    graphql: GraphQLClient, settings: Settings, who: str
) -> None:
    campaign_id = write_campaign(settings, seller_account(settings).user_id)
    caller = (
        seller_account(settings, "Otto") if who == "other seller" else customer_account(settings)
    )
    for target in (campaign_id, "cp-missing"):
        response = await graphql(SET, {"id": target, "status": "ACTIVE"}, headers=caller.headers)
        assert response.data["setCampaignStatus"] == {
            "campaign": None,
            "errors": [
                {
                    "field": ["id"],
                    "message": "You have no campaign with this id.",
                    "code": "NOT_FOUND",
                }
            ],
        }
    assert (campaign_item(settings, campaign_id) or {})["status"] == "DRAFT"


async def test_anonymous_is_unauthenticated(graphql: GraphQLClient, settings: Settings) -> None:
    campaign_id = write_campaign(settings, seller_account(settings).user_id)
    response = await graphql(SET, {"id": campaign_id, "status": "ACTIVE"})
    assert response.error_codes == ["UNAUTHENTICATED"]
    assert (campaign_item(settings, campaign_id) or {})["status"] == "DRAFT"


async def test_a_write_on_a_stale_status_is_refused(
    dynamodb: DynamoClient, settings: Settings
) -> None:
    """The condition itself: a status read before another change cannot be written over it."""
    campaign_id = write_campaign(settings, "s-nobody", status="ACTIVE")
    stale = {"campaign_id": campaign_id, "status": "DRAFT"}
    dynamo = Dynamo(dynamodb, settings.table_prefix)
    with pytest.raises(ConditionFailed):
        await campaigns_table.set_status(dynamo, stale, "ENDED", "2026-03-02T00:00:00.000Z")
    assert (campaign_item(settings, campaign_id) or {})["status"] == "ACTIVE"


async def test_two_concurrent_activations_apply_once(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id)
    variables = {"id": campaign_id, "status": "ACTIVE"}
    both = await asyncio.gather(*(graphql(SET, variables, headers=owner.headers) for _ in range(2)))
    results = [r.data["setCampaignStatus"] for r in both]
    assert sorted(len(r["errors"]) for r in results) == [0, 1]
    (refused,) = [r for r in results if r["errors"]]
    assert refused["errors"][0]["code"] == "INVALID_STATE"


async def test_concurrent_pause_and_end_both_apply_in_turn(
    graphql: GraphQLClient, settings: Settings
) -> None:
    """ACTIVE→PAUSED and ACTIVE→ENDED at once: whichever comes second re-reads; PAUSED→ENDED
    is legal, ENDED→PAUSED is not."""
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id, status="ACTIVE")
    pause, end = await asyncio.gather(
        graphql(SET, {"id": campaign_id, "status": "PAUSED"}, headers=owner.headers),
        graphql(SET, {"id": campaign_id, "status": "ENDED"}, headers=owner.headers),
    )
    assert end.data["setCampaignStatus"]["errors"] == []
    assert (campaign_item(settings, campaign_id) or {})["status"] == "ENDED"
    paused = pause.data["setCampaignStatus"]
    assert paused["errors"] == [] or paused["errors"][0]["code"] == "INVALID_STATE"
