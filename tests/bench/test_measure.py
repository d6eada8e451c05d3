"""Each phase of a measurement within its budget of runs and seconds."""

from __future__ import annotations

import asyncio
import time

from bench.measure import Budget, Request, Sample, measure


async def _prepare(run: int) -> Request:
    return Request({"run": run})


async def _execute(request: Request) -> Sample:
    await asyncio.sleep(0.001)
    return Sample(ms=1.0, cpu_ms=0.0, calls=1, rounds=1, read_capacity=0, write_capacity=0)


def test_a_spent_budget_still_allows_the_least_runs() -> None:
    budget = Budget(runs=10, seconds=0, least=3)
    started = time.perf_counter()

    assert [budget.allows(done, started) for done in range(5)] == [True] * 3 + [False] * 2


def test_never_more_runs_than_asked_for() -> None:
    budget = Budget(runs=2, seconds=60, least=5)

    assert not budget.allows(2, time.perf_counter())


async def test_one_wave_is_sent_once_the_concurrent_budget_is_spent() -> None:
    result = await measure(
        _execute,
        _prepare,
        sequential=Budget(runs=30, seconds=0, least=2),
        concurrent=Budget(runs=64, seconds=0, least=6),
        concurrency=4,
    )

    assert len(result.sequential) == 2
    assert (len(result.concurrent), result.concurrency) == (4, 4)


async def test_within_budget_every_run_asked_for_is_sent() -> None:
    result = await measure(
        _execute,
        _prepare,
        sequential=Budget(runs=3, seconds=60),
        concurrent=Budget(runs=10, seconds=60),
        concurrency=4,
    )

    assert (len(result.sequential), len(result.concurrent), result.concurrency) == (3, 10, 4)
