"""Running one operation against one target: sequential runs (CPU, latency at concurrency 1),
then concurrent ones (latency at concurrency N)."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Variables = dict[str, Any]


@dataclass(frozen=True)
class Request:
    """What one run sends: the variables and the bearer token (None: anonymous)."""

    variables: Variables
    token: str | None = None


@dataclass(frozen=True)
class Sample:
    ms: float
    cpu_ms: float
    calls: int
    rounds: int
    read_capacity: float
    write_capacity: float
    errors: tuple[str, ...] = ()
    call_list: tuple[dict[str, Any], ...] = ()


Execute = Callable[[Request], Awaitable[Sample]]
Prepare = Callable[[int], Awaitable[Request]]


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p99 of fewer than 100 samples is their maximum)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * fraction // 1))
    return ordered[int(rank) - 1]


def latency(samples: Sequence[Sample]) -> dict[str, float]:
    values = [s.ms for s in samples]
    return {
        "n": len(values),
        "p50": round(percentile(values, 0.50), 2),
        "p99": round(percentile(values, 0.99), 2),
    }


@dataclass
class Result:
    """One operation on one target."""

    sequential: list[Sample] = field(default_factory=list)
    concurrent: list[Sample] = field(default_factory=list)
    concurrency: int = 0

    def as_dict(self) -> dict[str, Any]:
        every = self.sequential + self.concurrent
        errors = sorted({e for s in every for e in s.errors})
        base = self.sequential or self.concurrent
        typical = base[len(base) // 2] if base else None
        return {
            "calls": statistics.median_low([s.calls for s in base]) if base else 0,
            "rounds": statistics.median_low([s.rounds for s in base]) if base else 0,
            "read_capacity": round(statistics.fmean(s.read_capacity for s in base), 2)
            if base
            else 0,
            "write_capacity": round(statistics.fmean(s.write_capacity for s in base), 2)
            if base
            else 0,
            "cpu_ms": round(statistics.fmean(s.cpu_ms for s in self.sequential), 3)
            if self.sequential
            else None,
            "c1": latency(self.sequential),
            f"c{self.concurrency}": latency(self.concurrent),
            "concurrency": self.concurrency,
            "errors": errors,
            "call_list": list(typical.call_list) if typical else [],
        }


async def timed(execute: Execute, request: Request) -> Sample:
    """One run, with the process CPU time it took added to the sample."""
    cpu = time.process_time()
    sample = await execute(request)
    cpu_ms = (time.process_time() - cpu) * 1000
    return Sample(
        sample.ms,
        cpu_ms,
        sample.calls,
        sample.rounds,
        sample.read_capacity,
        sample.write_capacity,
        sample.errors,
        sample.call_list,
    )


@dataclass(frozen=True)
class Budget:
    """How many runs a phase may have: at most `runs`, at least `least`, and no new run
    once `seconds` have passed (a run started goes on to its end)."""

    runs: int
    seconds: float
    least: int = 1

    def allows(self, done: int, started: float) -> bool:
        if done >= self.runs:
            return False
        return done < self.least or time.perf_counter() - started < self.seconds


async def measure(
    execute: Execute,
    prepare: Prepare,
    *,
    sequential: Budget,
    concurrent: Budget,
    concurrency: int,
    first_run: int = 0,
) -> Result:
    """Runs one after the other, then runs by up to `concurrency` workers, each phase within
    its budget. Every request is prepared (untimed) before it is sent; the concurrent runs'
    preparation counts against their budget, so once it is spent one wave is still sent."""
    run = first_run
    started = time.perf_counter()
    sequential_samples: list[Sample] = []
    while sequential.allows(len(sequential_samples), started):
        request = await prepare(run)
        run += 1
        sequential_samples.append(await timed(execute, request))
    requests: list[Request] = []
    started = time.perf_counter()
    while concurrent.allows(len(requests), started):
        requests.append(await prepare(run))
        run += 1
    workers = min(concurrency, len(requests))
    result = Result(sequential_samples, concurrency=workers)
    queue: asyncio.Queue[Request] = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)

    async def worker() -> None:
        first = True
        while not queue.empty() and (first or time.perf_counter() - started < concurrent.seconds):
            first = False
            request = queue.get_nowait()
            result.concurrent.append(await execute(request))

    await asyncio.gather(*(worker() for _ in range(workers)))
    return result
