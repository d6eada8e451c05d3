"""Campaigns: a seller's marketing, visible to that seller and to administrators.

- Someone else's campaign reads as absent (`null`, or NOT_FOUND in a payload), as orders do:
  nobody learns that a campaign exists unless they may see it.
- A status changes only along `TRANSITIONS`, written on condition that the status is still
  the one read; when a concurrent change got there first, the campaign is read again and
  the transition decided again (at most `OPTIMISTIC_RETRY.attempts` times).
- Targeting adds TARGETED targets for users who are not targets yet; a user already
  targeted keeps the status they reached (DELIVERED, CLICKED, ...) and its `updated_at`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from gateway.auth import ADMIN, SELLER, Viewer
from gateway.errors import (
    BadUserInput,
    Forbidden,
    Problem,
    Rejected,
    ServiceUnavailable,
    UserErrorCode,
)
from loaders import campaigns as campaigns_table
from loaders.campaigns import DayRange, SellerCampaignsPage, TargetsPage
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import ConditionFailed
from loaders.ids import new_id, timestamp
from loaders.keys import CampaignKey, CampaignTargetKey, UserKey
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.prefetch import Prefetch, prefetch

DRAFT, ACTIVE, PAUSED, ENDED = "DRAFT", "ACTIVE", "PAUSED", "ENDED"
TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({ACTIVE, ENDED}),
    ACTIVE: frozenset({PAUSED, ENDED}),
    PAUSED: frozenset({ACTIVE, ENDED}),
    ENDED: frozenset(),
}
MAX_TARGETS = 1_000
"""The most user ids one `targetUsers` call takes."""
NAME_LENGTH = 100
DESCRIPTION_LENGTH = 1_000
COUPON_CODE_LENGTH = 40
CENTS = Decimal(100)
MAX_BUDGET = Decimal(10_000_000_000)

SELLERS_ONLY = "Only sellers and administrators create campaigns."
FOR_ANOTHER_SELLER = "Only administrators create campaigns for another seller."
NOT_FOUND = Problem(UserErrorCode.NOT_FOUND, "You have no campaign with this id.", ("id",))
NO_SELLER = Problem(UserErrorCode.NOT_FOUND, "There is no seller with this id.", ("seller_id",))
ENDED_CAMPAIGN = Problem(
    UserErrorCode.INVALID_STATE, "This campaign has ended: it takes no new targets.", ("id",)
)


def can_see(viewer: Viewer | None, campaign: Item) -> bool:
    """Its seller and administrators."""
    return viewer is not None and (viewer.user_id == campaign["seller_id"] or viewer.is_admin)


async def visible_campaign(
    loaders: RequestLoaders, viewer: Viewer | None, campaign_id: str
) -> Item | None:
    found = await loaders.items.load(CampaignKey(campaign_id))
    return found if found is not None and can_see(viewer, found) else None


# Reads -------------------------------------------------------------------------------------
def day_range(campaign_id: str, first: date | None, last: date | None) -> DayRange:
    if first is not None and last is not None and first > last:
        raise BadUserInput(f"from ({first}) must not be after to ({last}).")
    return DayRange(
        campaign_id,
        first.isoformat() if first else campaigns_table.FIRST_DATE,
        last.isoformat() if last else campaigns_table.LAST_DATE,
    )


async def days(loaders: RequestLoaders, days: DayRange) -> list[Item]:
    """The CampaignDay items of the range, in date order (one Query)."""
    return await loaders.campaigns.days.load(days)


@dataclass(frozen=True)
class Totals:
    impressions: int
    clicks: int
    conversions: int
    revenue_cents: int

    @property
    def click_through_rate(self) -> float:
        """clicks / impressions; 0 when there was no impression."""
        return self.clicks / self.impressions if self.impressions else 0.0

    @property
    def conversion_rate(self) -> float:
        """conversions / clicks; 0 when there was no click."""
        return self.conversions / self.clicks if self.clicks else 0.0

    @classmethod
    def of(cls, found: list[Item]) -> Totals:
        return cls(*(sum(int(d.get(name, 0)) for d in found) for name in _SUMMED))


_SUMMED = ("impressions", "clicks", "conversions", "revenue_cents")


async def totals(loaders: RequestLoaders, campaign_id: str) -> Totals:
    """Sums over every day of the campaign."""
    return Totals.of(await days(loaders, DayRange(campaign_id)))


async def targets(
    loaders: RequestLoaders, campaign_id: str, fetch: int, after: str | None
) -> list[Item]:
    """Up to `fetch` targets, by user id, after the user `after`."""
    return await loaders.campaigns.targets.load(TargetsPage(campaign_id, fetch, after))


async def count_targets(loaders: RequestLoaders, campaign_id: str) -> int:
    return await loaders.campaigns.target_counts.load(campaign_id)


async def seller_campaigns(
    loaders: RequestLoaders, seller_id: str, fetch: int, after: str | None
) -> list[Item]:
    """Up to `fetch` of the seller's campaigns, newest first, after the campaign `after`."""
    rows = await loaders.campaigns.by_seller.load(SellerCampaignsPage(seller_id, fetch, after))
    for row in rows:
        loaders.items.prime(CampaignKey(row["campaign_id"]), row)
    return rows


def prefetch_seller_campaigns(
    loaders: RequestLoaders, seller_id: str, fetch: int, after: str | None
) -> Prefetch:
    """Start the page `seller_campaigns` will ask for (shown only once the caller is checked)."""
    return prefetch(loaders.campaigns.by_seller.load(SellerCampaignsPage(seller_id, fetch, after)))


# Creating ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class CampaignRequest:
    name: str
    description: str | None
    channel: str
    starts_at: str
    ends_at: str
    budget: Decimal
    coupon_code: str | None = None
    seller_id: str | None = None


def _budget(amount: Decimal) -> Problem | None:
    try:
        cents = amount * CENTS
        whole = amount.is_finite() and cents == cents.to_integral_value()
    except InvalidOperation:
        whole = False
    if not whole:
        return validation.invalid("budget", "Give the budget with at most 2 decimals.")
    if not 0 <= amount <= MAX_BUDGET:
        return validation.invalid("budget", f"The budget is 0 to {MAX_BUDGET:,}.")
    return None


def _dates(starts_at: str, ends_at: str) -> Problem | None:
    for field, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        try:
            datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ")
        except ValueError:
            return validation.invalid(field, f"{value} is not a date and time of the calendar.")
    if ends_at <= starts_at:  # timestamps of one format sort as strings
        return validation.invalid("ends_at", "A campaign must end after it starts.")
    return None


def _check(request: CampaignRequest) -> None:
    validation.reject_invalid(
        validation.text(request.name, "name", "The name", longest=NAME_LENGTH),
        validation.text(
            request.description,
            "description",
            "The description",
            required=False,
            longest=DESCRIPTION_LENGTH,
        ),
        validation.text(
            request.coupon_code,
            "coupon_code",
            "The coupon code",
            required=False,
            longest=COUPON_CODE_LENGTH,
        ),
        _dates(request.starts_at, request.ends_at),
        _budget(request.budget),
    )


async def create(loaders: RequestLoaders, viewer: Viewer, request: CampaignRequest) -> Item:
    """A new DRAFT campaign of the viewer (or, for an administrator, of `seller_id`)."""
    if SELLER not in viewer.roles and ADMIN not in viewer.roles:
        raise Forbidden(SELLERS_ONLY)
    seller_id = request.seller_id or viewer.user_id
    if seller_id != viewer.user_id and not viewer.is_admin:
        raise Forbidden(FOR_ANOTHER_SELLER)
    _check(request)
    seller = await loaders.items.load(UserKey(seller_id))
    if seller is None or not seller.get("is_seller"):
        raise Rejected(NO_SELLER)
    at = timestamp()
    campaign_id = new_id()
    campaign: Item = {
        "entity": "Campaign",
        "campaign_id": campaign_id,
        "seller_id": seller_id,
        "name": request.name.strip(),
        "description": validation.clean(request.description),
        "status": DRAFT,
        "channel": request.channel,
        "starts_at": request.starts_at,
        "ends_at": request.ends_at,
        "targeting": {},
        "coupon_code": (validation.clean(request.coupon_code) or "").upper() or None,
        "budget_cents": int(request.budget * CENTS),
        "created_at": at,
        "updated_at": at,
    }
    await campaigns_table.create_campaign(loaders.dynamo, campaign)
    stored = {k: v for k, v in campaign.items() if v is not None}
    loaders.items.prime(CampaignKey(campaign_id), stored)
    return stored


# Changing the status -----------------------------------------------------------------------
def _illegal(current: str, wanted: str) -> Problem:
    allowed = " or ".join(sorted(TRANSITIONS.get(current, ()))) or "nothing"
    return Problem(
        UserErrorCode.INVALID_STATE,
        f"A {current} campaign cannot become {wanted}; it can become {allowed}.",
        ("status",),
    )


async def set_status(
    loaders: RequestLoaders, viewer: Viewer, campaign_id: str, status: str
) -> Item:
    """The campaign in its new status."""
    dynamo = loaders.dynamo
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        found = await dynamo.get_consistent(CampaignKey(campaign_id))
        if found is None or not can_see(viewer, found):
            raise Rejected(NOT_FOUND)
        if status not in TRANSITIONS.get(found["status"], ()):
            raise Rejected(_illegal(found["status"], status))
        try:
            changed = await campaigns_table.set_status(dynamo, found, status, timestamp())
        except ConditionFailed:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        loaders.items.clear(CampaignKey(campaign_id)).prime(CampaignKey(campaign_id), changed)
        return changed
    raise ServiceUnavailable("This campaign kept changing while its status was set; try again.")


# Targeting ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Targeted:
    campaign: Item
    unknown: list[Problem]
    """One NOT_FOUND problem per id that names no user; the other users were targeted."""
    added: int


async def target_users(
    loaders: RequestLoaders, viewer: Viewer, campaign_id: str, user_ids: list[str]
) -> Targeted:
    """Target the users (each id once), reporting the ids of no user."""
    if len(user_ids) > MAX_TARGETS:
        raise Rejected(
            validation.invalid(
                "user_ids",
                f"At most {MAX_TARGETS} users per call (MAX_TARGETS); got {len(user_ids)}. "
                "Send them in several calls.",
            )
        )
    unique = list(dict.fromkeys(user_ids))
    # The campaign, with the users and their targets if any (one BatchGetItem per 100 keys),
    # in one round; nothing of the users is told unless the campaign is the caller's.
    campaign, found = await asyncio.gather(
        loaders.dynamo.get_consistent(CampaignKey(campaign_id)),
        loaders.dynamo.batch_get(
            [UserKey(u) for u in unique] + [CampaignTargetKey(campaign_id, u) for u in unique]
        ),
    )
    if campaign is None or not can_see(viewer, campaign):
        raise Rejected(NOT_FOUND)
    if campaign["status"] == ENDED:
        raise Rejected(ENDED_CAMPAIGN)
    known = {u for u in unique if found[UserKey(u)] is not None}
    first_at = {u: n for n, u in reversed(list(enumerate(user_ids)))}
    unknown = [
        Problem(
            UserErrorCode.NOT_FOUND,
            f"There is no user with id {u!r}.",
            ("user_ids", str(first_at[u])),
        )
        for u in unique
        if u not in known
    ]
    new = [u for u in unique if u in known and found[CampaignTargetKey(campaign_id, u)] is None]
    if new:
        await campaigns_table.write_targets(loaders.dynamo, campaign_id, new, timestamp())
    loaders.items.prime(CampaignKey(campaign_id), campaign)
    return Targeted(campaign, unknown, len(new))
