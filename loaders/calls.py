"""A record of the DynamoDB calls one request made: for tracing, tests, logs and metrics."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Call:
    """One attempt at one DynamoDB request (a retried request is several calls)."""

    operation: str
    tables: tuple[str, ...]
    keys: int
    started: float
    ms: float = 0.0
    read_capacity: float = 0.0
    write_capacity: float = 0.0
    # Capacity by table name: (read units, write units).
    capacity: dict[str, tuple[float, float]] = field(default_factory=dict)
    # Why the call failed, if it did: a fault (`loaders.errors.Fault`) or the error's code.
    failure: str | None = None

    @property
    def ended(self) -> float:
        return self.started + self.ms / 1000

    def as_dict(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "operation": self.operation,
            "tables": list(self.tables),
            "keys": self.keys,
            "ms": round(self.ms, 2),
            "readCapacity": self.read_capacity,
            "writeCapacity": self.write_capacity,
        }
        if self.failure is not None:
            described["failure"] = self.failure
        return described


@dataclass
class CallLog:
    calls: list[Call] = field(default_factory=list)
    # Work sent again, by reason: a fault (`throttled`, `timeout`, …), `unprocessed_keys`,
    # `unprocessed_items` or `transaction_conflict`.
    retries: Counter[str] = field(default_factory=Counter)

    def count(self, operation: str | None = None) -> int:
        return sum(1 for c in self.calls if operation is None or c.operation == operation)

    def rounds(self) -> int:
        """Sequential rounds: the longest chain of calls each started after the previous
        one ended (the request's critical path, counted in calls)."""
        depth: list[tuple[float, int]] = []  # (end, rounds up to and including the call)
        for call in sorted(self.calls, key=lambda c: c.started):
            before = [d for end, d in depth if end <= call.started]
            depth.append((call.ended, 1 + max(before, default=0)))
        return max((d for _, d in depth), default=0)

    def capacity(self) -> tuple[float, float]:
        """The read and write capacity units the request consumed."""
        return (
            sum(c.read_capacity for c in self.calls),
            sum(c.write_capacity for c in self.calls),
        )

    def as_dict(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "count": len(self.calls),
            "rounds": self.rounds(),
            "calls": [c.as_dict() for c in self.calls],
        }
        if self.retries:
            described["retries"] = dict(self.retries)
        return described
