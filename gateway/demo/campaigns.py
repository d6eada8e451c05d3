"""Sellers' marketing campaigns, their targets and their daily analytics."""

from __future__ import annotations

from datetime import datetime, timedelta

from gateway.demo.context import ANCHOR, Context, stamp
from gateway.demo.coupons import ACTIVE_COUPONS
from gateway.demo.profiles import Profile
from gateway.demo.users import Person
from loaders.codec import Item
from loaders.keys import INFO, campaign_day_sort_key, campaign_target_sort_key
from loaders.model import CAMPAIGNS

DRAFT, ACTIVE, PAUSED, ENDED = "DRAFT", "ACTIVE", "PAUSED", "ENDED"
CHANNELS = ("EMAIL", "PUSH", "BANNER")
TARGET_STATUSES = ("TARGETED", "DELIVERED", "OPENED", "CLICKED", "CONVERTED")
MAX_DAYS = 30
CAMPAIGN_THEMES = (
    "Spring Refresh",
    "Back to School",
    "Weekend Flash Sale",
    "Loyalty Thank You",
    "New Arrivals",
    "Clearance",
    "Holiday Preview",
)
SEGMENTS = ("new_customers", "returning_customers", "lapsed_customers", "high_value")


def _schedule(ctx: Context, status: str) -> tuple[datetime, int]:
    """Start (a midnight) and length in days; DRAFT starts later, ENDED is over."""
    today = ANCHOR.replace(hour=0, minute=0, second=0, microsecond=0)
    if status == DRAFT:
        return today + timedelta(days=ctx.rng.randint(3, 30)), ctx.rng.randint(7, MAX_DAYS)
    if status == ENDED:
        start = today - timedelta(days=ctx.rng.randint(40, 150))
        return start, ctx.rng.randint(5, MAX_DAYS)
    elapsed = ctx.rng.randint(2, 20)
    return today - timedelta(days=elapsed), ctx.rng.randint(elapsed + 1, MAX_DAYS)


def _days(ctx: Context, campaign_id: str, start: datetime, days: int, channel: str) -> None:
    for offset in range(days):
        day = start + timedelta(days=offset)
        if day >= ANCHOR:
            break
        date = day.strftime("%Y-%m-%d")
        impressions = ctx.rng.randint(300, 6000 if channel == "BANNER" else 2000)
        clicks = impressions * ctx.rng.randint(1, 8) // 100
        conversions = clicks * ctx.rng.randint(2, 20) // 100
        ctx.add(
            CAMPAIGNS,
            {
                "pk": campaign_id,
                "sk": campaign_day_sort_key(date),
                "entity": "CampaignDay",
                "date": date,
                "impressions": impressions,
                "clicks": clicks,
                "conversions": conversions,
                "revenue_cents": conversions * ctx.rng.randint(1_500, 9_000),
            },
        )


def _targets(
    ctx: Context, campaign_id: str, status: str, at: datetime, people: list[Person]
) -> None:
    count = min(ctx.rng.randint(10, 40), len(people))
    for person in ctx.rng.sample(people, count):
        target_status = (
            TARGET_STATUSES[0]
            if status == DRAFT
            else ctx.weighted(TARGET_STATUSES, (15, 35, 25, 15, 10))
        )
        ctx.add(
            CAMPAIGNS,
            {
                "pk": campaign_id,
                "sk": campaign_target_sort_key(person.user_id),
                "entity": "CampaignTarget",
                "user_id": person.user_id,
                "status": target_status,
                "updated_at": stamp(at),
            },
        )


def build_campaigns(
    ctx: Context, profile: Profile, sellers: list[Person], customers: list[Person]
) -> None:
    for index in range(profile.campaigns):
        seller = ctx.pick(sellers)
        status = (DRAFT, ACTIVE, PAUSED, ENDED)[index % 4]
        start, days = _schedule(ctx, status)
        latest = min(start, ANCHOR - timedelta(hours=1))
        created = ctx.between(max(seller.created, start - timedelta(days=45)), latest)
        campaign_id = ctx.new_id(created)
        channel = ctx.pick(CHANNELS)
        updated = ctx.between(created, min(start + timedelta(days=days), ANCHOR))
        item: Item = {
            "pk": campaign_id,
            "sk": INFO,
            "entity": "Campaign",
            "campaign_id": campaign_id,
            "seller_id": seller.user_id,
            "name": f"{ctx.pick(CAMPAIGN_THEMES)} by {seller.item['store_name']}",
            "status": status,
            "channel": channel,
            "starts_at": stamp(start),
            "ends_at": stamp(start + timedelta(days=days)),
            "targeting": {
                "segment": ctx.pick(SEGMENTS),
                "countries": ["US"],
                "min_orders": ctx.rng.randint(0, 3),
            },
            "budget_cents": ctx.rng.randint(50, 2_000) * 100,
            "created_at": stamp(created),
            "updated_at": stamp(updated),
            "gsi1pk": seller.user_id,
            "gsi1sk": campaign_id,
        }
        if ctx.chance(0.6):
            item["description"] = f"{channel.title()} campaign for {item['targeting']['segment']}."
        if ctx.chance(0.5):
            item["coupon_code"] = ctx.pick(ACTIVE_COUPONS).code
        ctx.add(CAMPAIGNS, item)
        _targets(ctx, campaign_id, status, updated, customers)
        if status != DRAFT:
            _days(ctx, campaign_id, start, days, channel)
