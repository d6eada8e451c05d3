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
    return await dynamo.newest_in_collection(REWARDS, user_id, REWARD_PREFIX, limit, after_sort_key)
