"""Reward points: a user's history of points earned, redeemed and adjusted."""

from __future__ import annotations

from loaders.account_reads import RewardsPage
from loaders.codec import Item
from loaders.ids import new_id
from loaders.request import RequestLoaders


async def history(
    loaders: RequestLoaders, user_id: str, fetch: int, after: str | None
) -> list[Item]:
    """Up to `fetch` rewards, newest first, after the position `reward_position` gave."""
    return await loaders.accounts.rewards.load(RewardsPage(user_id, fetch, after))


def reward_position(item: Item) -> str:
    """What a cursor keeps of a reward to resume after it: its sort key."""
    return str(item["sk"])


def order_rewards(
    user_id: str, order_id: str, at: str, moves: list[tuple[str, int, str]]
) -> list[Item]:
    """Reward items of an order's points moves, (type, signed points, description) each;
    moves of no points are left out."""
    return [
        {
            "entity": "Reward",
            "user_id": user_id,
            "reward_id": new_id(),
            "type": kind,
            "points": points,
            "order_id": order_id,
            "description": description,
            "created_at": at,
        }
        for kind, points, description in moves
        if points != 0
    ]
