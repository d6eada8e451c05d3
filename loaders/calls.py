"""A record of the DynamoDB calls one request made: for tracing, tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Call:
    operation: str
    tables: tuple[str, ...]
    keys: int
    started: float
    ms: float = 0.0
    read_capacity: float = 0.0
    write_capacity: float = 0.0

    @property
    def ended(self) -> float:
        return self.started + self.ms / 1000

    def as_dict(self) -> dict[str, Any]:
        return {
            "operation": self.operation,
            "tables": list(self.tables),
            "keys": self.keys,
            "ms": round(self.ms, 2),
            "readCapacity": self.read_capacity,
            "writeCapacity": self.write_capacity,
        }


@dataclass
class CallLog:
    calls: list[Call] = field(default_factory=list)

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

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": len(self.calls),
            "rounds": self.rounds(),
            "calls": [c.as_dict() for c in self.calls],
        }
