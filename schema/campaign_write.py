"""The campaign mutations: `createCampaign`, `setCampaignStatus`, `targetUsers`."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from gateway.auth import claimed_viewer, require_user
from gateway.context import Context
from loaders.keys import UserKey
from resolvers import campaigns
from resolvers.prefetch import prefetch
from schema.campaign import Campaign, CampaignChannel, CampaignStatus
from schema.scalars import DateTime
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.input
class CampaignInput:
    name: str = strawberry.field(description=f"At most {campaigns.NAME_LENGTH} characters.")
    description: str | None = None
    channel: CampaignChannel
    starts_at: DateTime
    ends_at: DateTime = strawberry.field(description="After `startsAt`.")
    budget: Decimal = strawberry.field(description="In USD, not negative, at most 2 decimals.")
    coupon_code: str | None = None
    seller_id: strawberry.ID | None = strawberry.field(
        default=None, description="Administrators only: the seller it is for (default: you)."
    )


@strawberry.type
class CampaignPayload:
    campaign: Campaign | None
    errors: list[UserError]


@strawberry.type
class CampaignMutation:
    @strawberry.mutation(description="A new DRAFT campaign: sellers (and administrators) only.")
    async def create_campaign(self, info: Info, input: CampaignInput) -> CampaignPayload:
        claimed = claimed_viewer(info)
        if claimed is not None:  # the seller's profile, read with the session
            seller_id = str(input.seller_id or claimed.user_id)
            prefetch(info.context.loaders.items.load(UserKey(seller_id)))
        viewer = await require_user(info)
        request = campaigns.CampaignRequest(
            name=input.name,
            description=input.description,
            channel=input.channel.value,
            starts_at=input.starts_at,
            ends_at=input.ends_at,
            budget=input.budget,
            coupon_code=input.coupon_code,
            seller_id=str(input.seller_id) if input.seller_id is not None else None,
        )
        created, errors = await attempt(
            campaigns.create(info.context.loaders, viewer, request), ("input",)
        )
        return CampaignPayload(
            campaign=Campaign.from_item(created) if created else None, errors=errors
        )

    @strawberry.mutation(
        description="DRAFT→ACTIVE, ACTIVE→PAUSED, PAUSED→ACTIVE, and any status but ENDED→ENDED."
    )
    async def set_campaign_status(
        self, info: Info, id: strawberry.ID, status: CampaignStatus
    ) -> CampaignPayload:
        viewer = await require_user(info)
        changed, errors = await attempt(
            campaigns.set_status(info.context.loaders, viewer, str(id), status.value)
        )
        return CampaignPayload(
            campaign=Campaign.from_item(changed) if changed else None, errors=errors
        )

    @strawberry.mutation(
        description=(
            f"Target users (at most {campaigns.MAX_TARGETS} ids, each taken once): ids of no "
            "user are NOT_FOUND errors, the others are targeted. A user already targeted "
            "keeps their status."
        )
    )
    async def target_users(
        self, info: Info, id: strawberry.ID, user_ids: list[strawberry.ID]
    ) -> CampaignPayload:
        viewer = await require_user(info)
        targeted, errors = await attempt(
            campaigns.target_users(
                info.context.loaders, viewer, str(id), [str(u) for u in user_ids]
            )
        )
        if targeted is None:
            return CampaignPayload(campaign=None, errors=errors)
        return CampaignPayload(
            campaign=Campaign.from_item(targeted.campaign),
            errors=[UserError.from_problem(problem) for problem in targeted.unknown],
        )
