"""The Rewards table: a user's reward history, newest first."""

from __future__ import annotations

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import REWARD_PREFIX
from loaders.model import REWARDS


async def rewards(
    dynamo: Dynamo, user_id: str, limit: int, after_sort_key: str | None
) -> list[Item]:
    """Up to `limit` rewards, newest first, from after the one with `after_sort_key`."""
    start_key = {"pk": user_id, "sk": after_sort_key} if after_sort_key is not None else None
    return await dynamo.query_page(
        REWARDS,
        "pk = :user AND begins_with(sk, :prefix)",
        {":user": user_id, ":prefix": REWARD_PREFIX},
        limit,
        forward=False,
        start_key=start_key,
    )
