"""Campaigns as their seller (and administrators) see them: `campaign(id)`, a seller's
campaigns, each with its analytics, totals and targets."""

from __future__ import annotations

import asyncio
from datetime import date
from enum import Enum
from typing import Annotated

import strawberry

from gateway.auth import claimed_viewer, current_viewer, require_account_access
from gateway.context import Context
from gateway.errors import BadUserInput
from loaders.codec import Item
from loaders.keys import CampaignKey, UserKey
from resolvers import campaigns
from resolvers.people import display_name
from resolvers.prefetch import Prefetch, prefetch, settle
from schema.money import DEFAULT_CURRENCY, Money
from schema.pagination import Connection, Window, connection, optional_int, window
from schema.review import PublicUser
from schema.scalars import DateTime
from schema.selection import children, names_under, selected, selects_path
from schema.seller import Seller

Info = strawberry.Info[Context, None]


@strawberry.enum
class CampaignStatus(Enum):
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    ENDED = "ENDED"


@strawberry.enum
class CampaignChannel(Enum):
    EMAIL = "EMAIL"
    PUSH = "PUSH"
    BANNER = "BANNER"


@strawberry.enum
class CampaignTargetStatus(Enum):
    TARGETED = "TARGETED"
    DELIVERED = "DELIVERED"
    OPENED = "OPENED"
    CLICKED = "CLICKED"
    CONVERTED = "CONVERTED"


@strawberry.type(description="One day of a campaign's analytics.")
class CampaignDay:
    date: date
    impressions: int
    clicks: int
    conversions: int
    revenue: Money

    @classmethod
    def from_item(cls, item: Item, currency: str) -> CampaignDay:
        return cls(
            date=date.fromisoformat(item["date"]),
            impressions=int(item.get("impressions", 0)),
            clicks=int(item.get("clicks", 0)),
            conversions=int(item.get("conversions", 0)),
            revenue=Money.from_cents(int(item.get("revenue_cents", 0)), currency),
        )


@strawberry.type(description="Sums over every day of a campaign.")
class CampaignTotals:
    impressions: int
    clicks: int
    conversions: int
    revenue: Money
    click_through_rate: float = strawberry.field(
        description="clicks / impressions; 0 when there was no impression."
    )
    conversion_rate: float = strawberry.field(
        description="conversions / clicks; 0 when there was no click."
    )


@strawberry.type(description="A user a campaign targets, and how far they got.")
class CampaignTarget:
    status: CampaignTargetStatus
    updated_at: DateTime
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> CampaignTarget:
        return cls(
            status=CampaignTargetStatus(item["status"]), updated_at=item["updated_at"], item=item
        )

    @strawberry.field(description="The users of a page are read in one BatchGetItem.")
    async def user(self, info: Info) -> PublicUser | None:
        found = await info.context.loaders.items.load(UserKey(self.item["user_id"]))
        if found is None:
            return None
        name = display_name(found.get("first_name", ""), found.get("last_name", ""))
        return PublicUser(id=strawberry.ID(found["user_id"]), display_name=name)


@strawberry.type(description="A seller's marketing campaign: only its seller and admins see it.")
class Campaign:
    id: strawberry.ID
    name: str
    description: str | None
    status: CampaignStatus
    channel: CampaignChannel
    starts_at: DateTime
    ends_at: DateTime
    budget: Money
    coupon_code: str | None
    created_at: DateTime
    updated_at: DateTime
    item: strawberry.Private[Item]

    @classmethod
    def from_item(cls, item: Item) -> Campaign:
        return cls(
            id=strawberry.ID(item["campaign_id"]),
            name=item["name"],
            description=item.get("description"),
            status=CampaignStatus(item["status"]),
            channel=CampaignChannel(item["channel"]),
            starts_at=item["starts_at"],
            ends_at=item["ends_at"],
            budget=Money.from_cents(int(item.get("budget_cents", 0)), _currency(item)),
            coupon_code=item.get("coupon_code"),
            created_at=item["created_at"],
            updated_at=item["updated_at"],
            item=item,
        )

    @strawberry.field
    async def seller(self, info: Info) -> Seller | None:
        found = await info.context.loaders.items.load(UserKey(self.item["seller_id"]))
        return Seller.from_user(found) if found else None

    @strawberry.field(description="The days from `from` to `to` (both included), in date order.")
    async def analytics(
        self,
        info: Info,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> list[CampaignDay]:
        days = campaigns.day_range(str(self.id), from_, to)
        found = await campaigns.days(info.context.loaders, days)
        return [CampaignDay.from_item(day, _currency(self.item)) for day in found]

    @strawberry.field
    async def totals(self, info: Info) -> CampaignTotals:
        sums = await campaigns.totals(info.context.loaders, str(self.id))
        return CampaignTotals(
            impressions=sums.impressions,
            clicks=sums.clicks,
            conversions=sums.conversions,
            revenue=Money.from_cents(sums.revenue_cents, _currency(self.item)),
            click_through_rate=sums.click_through_rate,
            conversion_rate=sums.conversion_rate,
        )

    @strawberry.field(description="By user id; `totalCount` is a COUNT query.")
    async def targets(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[CampaignTarget]:
        loaders, campaign_id = info.context.loaders, str(self.id)
        page = _targets_window(info, campaign_id, first, after)
        rows: list[Item] = []
        if selected(info) - {"totalCount", "__typename"}:  # not only the count
            rows = await campaigns.targets(loaders, campaign_id, page.fetch, page.after)
        if selects_path(info, "edges", "node", "user") or selects_path(info, "nodes", "user"):
            # Every user of the page in one BatchGetItem, before the `user` fields ask.
            for row in rows[: page.size]:
                prefetch(loaders.items.load(UserKey(row["user_id"])))
        return connection(
            page,
            rows,
            CampaignTarget.from_item,
            lambda row: row["user_id"],
            lambda: campaigns.count_targets(loaders, campaign_id),
        )


def _currency(item: Item) -> str:
    return str(item.get("currency", DEFAULT_CURRENCY))


def _targets_window(info: Info, campaign_id: str, first: int | None, after: str | None) -> Window:
    binding = f"campaign.targets:{campaign_id}"
    return window(info.context.settings.cursor_secret, binding, first, after)


def _campaigns_window(info: Info, seller_id: str, first: int | None, after: str | None) -> Window:
    binding = f"user.campaigns:{seller_id}"
    return window(info.context.settings.cursor_secret, binding, first, after)


async def seller_campaigns(
    info: Info, seller_id: str, first: int | None, after: str | None
) -> Connection[Campaign]:
    """`viewer.campaigns`: the seller's campaigns, newest first (that user and admins)."""
    await require_account_access(info, seller_id)
    page = _campaigns_window(info, seller_id, first, after)
    loaders = info.context.loaders
    rows = await campaigns.seller_campaigns(loaders, seller_id, page.fetch, page.after)
    return connection(page, rows, Campaign.from_item, lambda row: row["campaign_id"])


def prefetch_campaigns(info: Info, seller_id: str) -> list[Prefetch]:
    """Start the pages `campaigns` below the user will read, in the session's round."""
    started: list[Prefetch] = []
    for field in children(info, "campaigns"):
        arguments = field.arguments
        try:
            page = _campaigns_window(
                info, seller_id, optional_int(arguments.get("first")), arguments.get("after")
            )
        except (BadUserInput, ValueError):
            continue  # the field itself reports it
        loaders = info.context.loaders
        started.append(
            campaigns.prefetch_seller_campaigns(loaders, seller_id, page.fetch, page.after)
        )
    return started


def _date(value: object) -> date | None:
    """A Date argument as lookahead sees it: coerced from a variable, or a literal's text."""
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


def _prefetch_detail(info: Info, campaign_id: str) -> list[Prefetch]:
    """The Queries the fields of one campaign will make: they depend only on its id, so they
    go out with the caller's session check (and are shown only if the campaign is theirs)."""
    loaders, started = info.context.loaders, []
    for field in children(info, "analytics"):
        try:
            days = campaigns.day_range(
                campaign_id, _date(field.arguments.get("from")), _date(field.arguments.get("to"))
            )
        except (BadUserInput, ValueError):
            continue  # the field itself reports it
        started.append(prefetch(campaigns.days(loaders, days)))
    if children(info, "totals"):
        started.append(prefetch(campaigns.totals(loaders, campaign_id)))
    for field in children(info, "targets"):
        arguments = field.arguments
        try:
            page = _targets_window(
                info, campaign_id, optional_int(arguments.get("first")), arguments.get("after")
            )
        except (BadUserInput, ValueError):
            continue
        wanted = names_under(field)
        if wanted - {"totalCount", "__typename"}:
            started.append(
                prefetch(campaigns.targets(loaders, campaign_id, page.fetch, page.after))
            )
        if "totalCount" in wanted:
            started.append(prefetch(campaigns.count_targets(loaders, campaign_id)))
    return started


@strawberry.type
class CampaignQuery:
    @strawberry.field(
        description="A campaign by id: null unless the caller is its seller or an admin."
    )
    async def campaign(self, info: Info, id: strawberry.ID) -> Campaign | None:
        if claimed_viewer(info) is None:
            return None
        loaders = info.context.loaders
        reads = _prefetch_detail(info, str(id))
        viewer, _ = await asyncio.gather(
            current_viewer(info), loaders.items.load(CampaignKey(str(id)))
        )
        await settle(reads)
        found = await campaigns.visible_campaign(loaders, viewer, str(id))
        return Campaign.from_item(found) if found else None
