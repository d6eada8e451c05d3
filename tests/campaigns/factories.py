"""Sellers, campaigns, their targets and days, written straight through boto3 with the
storage contract's key formats spelled out (so the tests pin the layout, not our key code)."""

from __future__ import annotations

import uuid
from typing import Any

from gateway.settings import Settings
from tests import operations
from tests.accounts.factories import Account, table, write_account

T0 = "2026-03-01T00:00:00.000Z"
PASSWORD_HASH = "x"  # nobody signs in with a password here: the accounts come with tokens


def operation(name: str) -> str:
    return operations.operation("campaigns.graphql", name)


def seller_account(settings: Settings, first_name: str = "Sam") -> Account:
    """A signed-in seller: the seller role in the token, `is_seller` and a store on the profile."""
    account = write_account(settings, PASSWORD_HASH, first_name, roles=("customer", "seller"))
    table(settings, "Users").update_item(
        Key={"pk": account.user_id, "sk": "PROFILE"},
        UpdateExpression="SET is_seller = :yes, store_name = :store",
        ExpressionAttributeValues={":yes": True, ":store": f"{first_name}'s Store"},
    )
    return account


def customer_account(settings: Settings, first_name: str = "Cleo") -> Account:
    return write_account(settings, PASSWORD_HASH, first_name)


def admin_account(settings: Settings) -> Account:
    return write_account(settings, PASSWORD_HASH, "Root", roles=("customer", "admin"))


def write_campaign(settings: Settings, seller_id: str, **overrides: Any) -> str:
    """A campaign of `seller_id` (DRAFT unless `status` says otherwise); its id."""
    campaign_id = overrides.pop("campaign_id", None) or f"cp-{uuid.uuid4().hex}"
    item: dict[str, Any] = {
        "pk": campaign_id, "sk": "INFO", "entity": "Campaign", "campaign_id": campaign_id,
        "seller_id": seller_id, "name": "Spring Refresh", "description": "For returning buyers.",
        "status": "DRAFT", "channel": "EMAIL", "starts_at": "2026-03-10T00:00:00.000Z",
        "ends_at": "2026-03-20T00:00:00.000Z", "targeting": {"segment": "returning_customers"},
        "coupon_code": "SPRING10", "budget_cents": 25000, "created_at": T0, "updated_at": T0,
        "gsi1pk": seller_id, "gsi1sk": campaign_id,
    } | overrides  # fmt: skip
    table(settings, "Campaigns").put_item(Item={k: v for k, v in item.items() if v is not None})
    return campaign_id


def write_days(
    settings: Settings, campaign_id: str, days: list[tuple[str, int, int, int, int]]
) -> None:
    """Days of analytics: (date, impressions, clicks, conversions, revenue cents)."""
    with table(settings, "Campaigns").batch_writer() as batch:
        for date, impressions, clicks, conversions, revenue in days:
            batch.put_item(Item={
                "pk": campaign_id, "sk": f"ANALYTICS#{date}", "entity": "CampaignDay",
                "date": date, "impressions": impressions, "clicks": clicks,
                "conversions": conversions, "revenue_cents": revenue,
            })  # fmt: skip


def write_targets(settings: Settings, campaign_id: str, targets: list[tuple[str, str]]) -> None:
    """Targets: (user id, status)."""
    with table(settings, "Campaigns").batch_writer() as batch:
        for user_id, status in targets:
            batch.put_item(Item={
                "pk": campaign_id, "sk": f"USER#{user_id}", "entity": "CampaignTarget",
                "user_id": user_id, "status": status, "updated_at": T0,
            })  # fmt: skip


def targets_of(settings: Settings, campaign_id: str) -> dict[str, dict[str, Any]]:
    """The campaign's stored targets by user id (consistent reads)."""
    found: dict[str, dict[str, Any]] = {}
    query: dict[str, Any] = {
        "KeyConditionExpression": "pk = :c AND begins_with(sk, :p)",
        "ExpressionAttributeValues": {":c": campaign_id, ":p": "USER#"},
        "ConsistentRead": True,
    }
    while True:
        page = table(settings, "Campaigns").query(**query)
        found.update({item["user_id"]: item for item in page["Items"]})
        if "LastEvaluatedKey" not in page:
            return found
        query["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def campaign_item(settings: Settings, campaign_id: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = (
        table(settings, "Campaigns")
        .get_item(Key={"pk": campaign_id, "sk": "INFO"}, ConsistentRead=True)
        .get("Item")
    )
    return found
