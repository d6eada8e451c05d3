"""What every generator step shares: the seeded randomness, the clock and the output."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from faker import Faker

from loaders import ids
from loaders.codec import Item
from loaders.model import TABLES, Table

T = TypeVar("T")

# "Now" for the demo data: every timestamp is placed relative to it, never to the wall clock.
ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
CURRENCY = "USD"
_MILLISECOND = timedelta(milliseconds=1)


class Context:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("en_US")
        self.fake.seed_instance(seed)
        self.items: dict[Table, list[Item]] = {table: [] for table in TABLES}

    def add(self, table: Table, item: Item) -> Item:
        self.items[table].append(item)
        return item

    def new_id(self, at: datetime) -> str:
        return ids.new_id(at=at, rng=self.rng)

    def between(self, start: datetime, end: datetime) -> datetime:
        """A moment in [start, end], on a whole millisecond."""
        span = max((end - start) // _MILLISECOND, 0)
        return start + self.rng.randint(0, span) * _MILLISECOND

    def days_ago(self, newest: float, oldest: float) -> datetime:
        return self.between(ANCHOR - timedelta(days=oldest), ANCHOR - timedelta(days=newest))

    def after(self, start: datetime, max_days: float, limit: datetime = ANCHOR) -> datetime:
        """A moment up to `max_days` after `start`, never past `limit`."""
        return self.between(start, min(start + timedelta(days=max_days), limit))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def pick(self, choices: Sequence[T]) -> T:
        return self.rng.choice(choices)

    def weighted(self, choices: Sequence[T], weights: Sequence[float]) -> T:
        return self.rng.choices(choices, weights=weights)[0]


def stamp(moment: datetime) -> str:
    return ids.timestamp(moment)


def epoch_seconds(moment: datetime) -> int:
    return int(moment.timestamp())
