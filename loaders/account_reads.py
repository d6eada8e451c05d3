"""Per-request loaders of a user's own data: addresses, cart lines, wishlists, rewards.

Each read is made at most once a request, so a parent field can start it (by lookahead)
in the round of the caller's session check and the field below finds it under way.
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders import cart, rewards, users, wishlists
from loaders.batching import ConcurrentLoader
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.wishlists import UserWishlists


@dataclass(frozen=True)
class RewardsPage:
    user_id: str
    limit: int
    after: str | None


class AccountLoaders:
    def __init__(self, dynamo: Dynamo) -> None:
        self.addresses = ConcurrentLoader[str, list[Item]](lambda u: users.addresses(dynamo, u))
        self.cart_lines = ConcurrentLoader[str, list[Item]](lambda u: cart.cart_items(dynamo, u))
        self.wishlists = ConcurrentLoader[str, UserWishlists](
            lambda u: wishlists.user_wishlists(dynamo, u)
        )
        self.rewards = ConcurrentLoader[RewardsPage, list[Item]](
            lambda p: rewards.rewards(dynamo, p.user_id, p.limit, p.after)
        )
