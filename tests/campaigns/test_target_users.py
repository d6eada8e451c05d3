"""`targetUsers`: the known users targeted (each once), the unknown reported, nobody reset."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from gateway.auth import Viewer
from gateway.lifespan import open_client
from gateway.settings import Settings
from loaders.dynamo import BATCH_WRITE_LIMIT, Dynamo, DynamoClient
from loaders.request import RequestLoaders
from loaders.retries import RetryPolicy
from resolvers import campaigns
from tests.accounts.factories import table
from tests.campaigns.factories import (
    admin_account,
    customer_account,
    operation,
    seller_account,
    targets_of,
    write_campaign,
    write_targets,
)
from tests.graphql_client import GraphQLClient

TARGET = operation("TargetUsers")


async def test_known_users_are_targeted_and_unknown_ones_reported(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings)
    ada, bea = customer_account(settings, "Ada"), customer_account(settings, "Bea")
    campaign_id = write_campaign(settings, owner.user_id)
    ids = [ada.user_id, "u-nobody", bea.user_id, ada.user_id, "u-nobody", "u-ghost"]
    response = await graphql(TARGET, {"id": campaign_id, "userIds": ids}, headers=owner.headers)
    result = response.data["targetUsers"]
    assert result["campaign"] == {"id": campaign_id, "targets": {"totalCount": 2}}
    assert result["errors"] == [
        {
            "field": ["userIds", "1"],
            "message": "There is no user with id 'u-nobody'.",
            "code": "NOT_FOUND",
        },
        {
            "field": ["userIds", "5"],
            "message": "There is no user with id 'u-ghost'.",
            "code": "NOT_FOUND",
        },
    ]
    stored = targets_of(settings, campaign_id)
    assert set(stored) == {ada.user_id, bea.user_id}
    assert {t["status"] for t in stored.values()} == {"TARGETED"}
    # 4 distinct ids: their users and targets in one BatchGetItem; one BatchWriteItem
    assert response.call_count("BatchGetItem") == 2  # the session's, then the 8 keys
    assert [c["keys"] for c in response.calls if c["operation"] == "BatchGetItem"][1] == 8
    assert response.call_count("BatchWriteItem") == 1
    assert response.call_count("Query") == 1  # totalCount alone: a COUNT query, no page
    # session; campaign with users and targets; the write; the count
    assert response.body["extensions"]["dynamodb"]["rounds"] == 4


async def test_retargeting_keeps_the_status_a_target_reached(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings)
    clicked, fresh = customer_account(settings), customer_account(settings)
    campaign_id = write_campaign(settings, owner.user_id, status="ACTIVE")
    write_targets(settings, campaign_id, [(clicked.user_id, "CLICKED")])
    variables = {"id": campaign_id, "userIds": [clicked.user_id, fresh.user_id]}
    response = await graphql(TARGET, variables, headers=owner.headers)
    assert response.data["targetUsers"]["errors"] == []
    stored = targets_of(settings, campaign_id)
    assert stored[clicked.user_id]["status"] == "CLICKED"
    assert stored[clicked.user_id]["updated_at"] == "2026-03-01T00:00:00.000Z"
    assert stored[fresh.user_id]["status"] == "TARGETED"
    # nobody new: nothing written
    again = await graphql(TARGET, variables, headers=owner.headers)
    assert again.data["targetUsers"]["campaign"]["targets"]["totalCount"] == 2
    assert again.call_count("BatchWriteItem") == 0


async def test_the_list_size_is_limited(graphql: GraphQLClient, settings: Settings) -> None:
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id)
    ids = [f"u-{n}" for n in range(campaigns.MAX_TARGETS + 1)]
    response = await graphql(TARGET, {"id": campaign_id, "userIds": ids}, headers=owner.headers)
    (error,) = response.data["targetUsers"]["errors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", ["userIds"])
    assert "At most 1000 users" in error["message"]
    assert "MAX_TARGETS" in error["message"]
    assert response.call_count() == 1  # the session only


async def test_an_ended_campaign_takes_no_targets(
    graphql: GraphQLClient, settings: Settings
) -> None:
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id, status="ENDED")
    variables = {"id": campaign_id, "userIds": [customer_account(settings).user_id]}
    response = await graphql(TARGET, variables, headers=owner.headers)
    assert [e["code"] for e in response.data["targetUsers"]["errors"]] == ["INVALID_STATE"]
    assert targets_of(settings, campaign_id) == {}


async def test_an_admin_targets_for_any_seller(graphql: GraphQLClient, settings: Settings) -> None:
    campaign_id = write_campaign(settings, seller_account(settings).user_id)
    person = customer_account(settings)
    admin = admin_account(settings)
    variables = {"id": campaign_id, "userIds": [person.user_id]}
    response = await graphql(TARGET, variables, headers=admin.headers)
    assert response.data["targetUsers"]["errors"] == []
    assert set(targets_of(settings, campaign_id)) == {person.user_id}


@pytest.mark.parametrize("who", ["other seller", "customer", "anonymous"])
async def test_others_cannot_target(graphql: GraphQLClient, settings: Settings, who: str) -> None:
    campaign_id = write_campaign(settings, seller_account(settings).user_id)
    person = customer_account(settings)
    caller = {
        "other seller": seller_account(settings, "Otto"),
        "customer": customer_account(settings),
        "anonymous": None,
    }[who]
    variables = {"id": campaign_id, "userIds": [person.user_id]}
    response = await graphql(TARGET, variables, headers=caller.headers if caller else None)
    if caller is None:
        assert response.error_codes == ["UNAUTHENTICATED"]
    else:
        assert [e["code"] for e in response.data["targetUsers"]["errors"]] == ["NOT_FOUND"]
        assert response.data["targetUsers"]["campaign"] is None
    assert targets_of(settings, campaign_id) == {}


class UnprocessedItemsInjector:
    """Botocore hooks: the first BatchWriteItem sends all but `hold` of its items and hands
    those back as UnprocessedItems, as a throttled table does (moto never does)."""

    def __init__(self, hold: int) -> None:
        self.hold = hold
        self.held: dict[str, list[Any]] | None = None
        self.handed_back = False

    def before(self, params: dict[str, Any], **_: Any) -> None:
        if self.held is not None:
            return
        self.held = {}
        for name, requests in params["RequestItems"].items():
            self.held[name] = requests[-self.hold :]
            del requests[-self.hold :]

    def after(self, parsed: dict[str, Any], **_: Any) -> None:
        if self.held is not None and not self.handed_back:
            self.handed_back = True
            parsed["UnprocessedItems"] = self.held


@pytest.fixture
async def injecting_client(
    settings: Settings,
) -> AsyncIterator[tuple[DynamoClient, UnprocessedItemsInjector]]:
    async with open_client(settings) as client:
        injector = UnprocessedItemsInjector(hold=10)
        client.meta.events.register(
            "before-parameter-build.dynamodb.BatchWriteItem", injector.before
        )
        client.meta.events.register("after-call.dynamodb.BatchWriteItem", injector.after)
        yield client, injector


async def test_unprocessed_items_are_sent_again_until_every_target_is_written(
    injecting_client: tuple[DynamoClient, UnprocessedItemsInjector], settings: Settings
) -> None:
    client, injector = injecting_client
    owner = seller_account(settings)
    campaign_id = write_campaign(settings, owner.user_id)
    people = [f"u-bulk-{campaign_id}-{n:02d}" for n in range(60)]
    with table(settings, "Users").batch_writer() as batch:
        for user_id in people:
            batch.put_item(
                Item={"pk": user_id, "sk": "PROFILE", "entity": "User", "user_id": user_id}
            )
    fast = RetryPolicy(attempts=3, base_seconds=0.001, cap_seconds=0.005)
    loaders = RequestLoaders(Dynamo(client, settings.table_prefix, retry=fast))
    viewer = Viewer(owner.user_id, ("customer", "seller"))
    targeted = await campaigns.target_users(loaders, viewer, campaign_id, people)
    assert (targeted.unknown, targeted.added) == ([], 60)
    assert set(targets_of(settings, campaign_id)) == set(people)
    log = loaders.dynamo.log
    writes = [c.keys for c in log.calls if c.operation == "BatchWriteItem"]
    # 60 targets: 25 + 25 + 10 per call, and the 10 held back sent again
    assert sorted(writes) == [10, 10, BATCH_WRITE_LIMIT, BATCH_WRITE_LIMIT]
    assert log.retries["unprocessed_items"] == 1
    assert injector.handed_back
    # the 60 users and their 60 targets: 120 keys in two BatchGetItem calls
    assert sorted(c.keys for c in log.calls if c.operation == "BatchGetItem") == [20, 100]
