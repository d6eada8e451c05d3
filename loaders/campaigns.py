"""The Campaigns table: campaigns, their targets and their daily analytics.

A campaign's item collection holds its Campaign item (`INFO`), one CampaignTarget per
targeted user (`USER#<user_id>`) and one CampaignDay per day of analytics
(`ANALYTICS#<YYYY-MM-DD>`); `SellerCampaignsIndex` (gsi1) lists a seller's campaigns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from loaders.batching import ConcurrentLoader
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import (
    INFO,
    USER_PREFIX,
    CampaignKey,
    CampaignTargetKey,
    campaign_day_sort_key,
)
from loaders.model import CAMPAIGNS
from loaders.writes import MUST_BE_NEW, Put, Update

SELLER_CAMPAIGNS_INDEX = CAMPAIGNS.index("SellerCampaignsIndex")
# Bounds of a day range that leaves one side open: every stored date sorts between them.
FIRST_DATE, LAST_DATE = "0000-01-01", "9999-12-31"
TARGETED = "TARGETED"


@dataclass(frozen=True)
class DayRange:
    """A campaign's CampaignDay items from `first` to `last` (YYYY-MM-DD), both included."""

    campaign_id: str
    first: str = FIRST_DATE
    last: str = LAST_DATE


@dataclass(frozen=True)
class TargetsPage:
    """Up to `limit` of a campaign's targets, by user id, after the user `after`."""

    campaign_id: str
    limit: int
    after: str | None


@dataclass(frozen=True)
class SellerCampaignsPage:
    """Up to `limit` of a seller's campaigns, newest first, after the campaign `after`."""

    seller_id: str
    limit: int
    after: str | None


async def campaign_days(dynamo: Dynamo, days: DayRange) -> list[Item]:
    """One Query (sk BETWEEN), in date order."""
    return await dynamo.query_all(
        CAMPAIGNS,
        "pk = :campaign AND sk BETWEEN :first AND :last",
        {
            ":campaign": days.campaign_id,
            ":first": campaign_day_sort_key(days.first),
            ":last": campaign_day_sort_key(days.last),
        },
    )


def _targets_condition(campaign_id: str) -> tuple[str, dict[str, Any]]:
    return "pk = :campaign AND begins_with(sk, :prefix)", {
        ":campaign": campaign_id,
        ":prefix": USER_PREFIX,
    }


async def campaign_targets(dynamo: Dynamo, page: TargetsPage) -> list[Item]:
    condition, values = _targets_condition(page.campaign_id)
    start = (
        CampaignTargetKey(page.campaign_id, page.after).encode() if page.after is not None else None
    )
    return await dynamo.query_page(CAMPAIGNS, condition, values, page.limit, start_key=start)


async def count_targets(dynamo: Dynamo, campaign_id: str) -> int:
    """A COUNT Query: no target is read."""
    condition, values = _targets_condition(campaign_id)
    return await dynamo.count(CAMPAIGNS, condition, values)


async def seller_campaigns(dynamo: Dynamo, page: SellerCampaignsPage) -> list[Item]:
    """Through `SellerCampaignsIndex`; campaign ids are ULIDs, so newest first."""
    start = None
    if page.after is not None:
        start = {"pk": page.after, "sk": INFO, "gsi1pk": page.seller_id, "gsi1sk": page.after}
    return await dynamo.query_page(
        CAMPAIGNS,
        "gsi1pk = :seller",
        {":seller": page.seller_id},
        page.limit,
        index=SELLER_CAMPAIGNS_INDEX.name,
        forward=False,
        start_key=start,
    )


class CampaignLoaders:
    """Per request: each distinct read once, a tick's reads concurrent."""

    def __init__(self, dynamo: Dynamo) -> None:
        self.days = ConcurrentLoader[DayRange, list[Item]](lambda d: campaign_days(dynamo, d))
        self.targets = ConcurrentLoader[TargetsPage, list[Item]](
            lambda p: campaign_targets(dynamo, p)
        )
        self.target_counts = ConcurrentLoader[str, int](lambda c: count_targets(dynamo, c))
        self.by_seller = ConcurrentLoader[SellerCampaignsPage, list[Item]](
            lambda p: seller_campaigns(dynamo, p)
        )


# Writes ------------------------------------------------------------------------------------
async def create_campaign(dynamo: Dynamo, campaign: Item) -> None:
    """A new Campaign item, with its `SellerCampaignsIndex` keys."""
    campaign_id = campaign["campaign_id"]
    attributes = campaign | {"gsi1pk": campaign["seller_id"], "gsi1sk": campaign_id}
    await dynamo.put(Put(CampaignKey(campaign_id), attributes, MUST_BE_NEW))


async def set_status(dynamo: Dynamo, campaign: Item, status: str, at: str) -> Item:
    """The campaign with its new status, written only if its status is still the one read
    (raises `ConditionFailed` otherwise).

    `status` is a DynamoDB reserved word, so the condition names it by the placeholder
    `Update` gives its first change (`#u0`, see `loaders/writes.py`).
    """
    changes = {"status": status, "updated_at": at}
    return await dynamo.update(
        Update(
            CampaignKey(campaign["campaign_id"]),
            changes,
            "attribute_exists(pk) AND #u0 = :seen",
            {":seen": campaign["status"]},
        )
    )


def target_item(campaign_id: str, user_id: str, at: str) -> Item:
    return {
        **CampaignTargetKey(campaign_id, user_id).encode(),
        "entity": "CampaignTarget",
        "campaign_id": campaign_id,
        "user_id": user_id,
        "status": TARGETED,
        "updated_at": at,
    }


async def write_targets(dynamo: Dynamo, campaign_id: str, user_ids: Sequence[str], at: str) -> None:
    """New TARGETED targets, 25 per BatchWriteItem (unprocessed items are sent again)."""
    await dynamo.batch_write(CAMPAIGNS, [target_item(campaign_id, u, at) for u in user_ids])
