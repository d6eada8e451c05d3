"""One bench run: the engine, the three targets, every operation, the seed mix."""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import platform
import sys
import time
from collections.abc import Coroutine
from contextlib import AsyncExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import uvloop

from bench import report
from bench.cases import CASES, prepare_for
from bench.contract import DEFAULT_FOLDER, Operation, load_operations
from bench.driver import Driver, PreparationFailed, Storage
from bench.engine import Engine, running_engine
from bench.floor import FLOORS, floor_executor
from bench.measure import Budget, Execute, Prepare, Result, measure, timed
from bench.mix import run_mix
from bench.naive.app import create_naive_app
from bench.picks import Picks, pick
from bench.targets import NOT_SERVED, AsgiTarget
from gateway.app import create_app
from gateway.lifespan import open_client

NAIVE_OPERATIONS = ("MyOrders", "ProductPage")


@dataclass(frozen=True)
class Options:
    delay_ms: float = 5.0
    iterations: int = 30
    concurrency: int = 32
    concurrent_requests: int = 64
    write_iterations: int = 10
    write_concurrent_requests: int = 32
    phase_seconds: float = 4.0  # no new run of a phase after this (at least LEAST_…)
    operations: tuple[str, ...] = ()  # only these (by name); empty: all
    contract: Path = DEFAULT_FOLDER
    data_profile: str = "demo"
    mix_seconds: float = 20.0  # 0: no seed mix
    mix_search_seconds: float = 5.0
    # The mix runs with the product's default catalog cache; the operations with none, so
    # that every request shows its DynamoDB calls.
    mix_catalog_cache_seconds: float = 5.0
    references: bool = True  # the floor and the naive schema
    output: Path = field(default=report.RESULTS)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Targets:
    gateway: AsgiTarget
    naive: AsgiTarget
    floor_client: Any
    secret: bytes


# Runs a phase has at the least, however long they take: the sequential ones give the p50
# the ratios compare, so more of them.
LEAST_SEQUENTIAL = 20
LEAST_CONCURRENT = 5


async def _measure(execute: Execute, prepare: Prepare, options: Options, write: bool) -> Result:
    """The sequential and the concurrent runs of one operation on one target, each phase cut
    at `phase_seconds` (an operation of many calls, or a slow write, gets fewer runs)."""
    iterations = options.write_iterations if write else options.iterations
    requests = options.write_concurrent_requests if write else options.concurrent_requests
    return await measure(
        execute,
        prepare,
        sequential=Budget(iterations, options.phase_seconds, LEAST_SEQUENTIAL),
        concurrent=Budget(requests, options.phase_seconds, LEAST_CONCURRENT),
        concurrency=options.concurrency,
        first_run=1,
    )


async def measure_operation(
    operation: Operation, picks: Picks, driver: Driver, targets: Targets, options: Options
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "operation": operation.name,
        "file": operation.file,
        "kind": "write" if operation.is_mutation else "read",
    }
    prepare = prepare_for(operation, picks, driver)
    execute = targets.gateway.executor(operation.document)
    try:
        probe = await timed(execute, await prepare(0))
    except PreparationFailed as failed:
        return entry | {"status": f"not measured: {failed}"[:400]}
    if NOT_SERVED in probe.errors:
        return entry | {"status": "not served"}
    if operation.name not in CASES and any(":" not in e for e in probe.errors):
        return entry | {
            "status": f"served, but bench/cases.py has no variables for it: {probe.errors}"
        }
    try:
        entry["gateway"] = (
            await _measure(execute, prepare, options, operation.is_mutation)
        ).as_dict()
        if options.references and operation.name in FLOORS and not operation.is_mutation:
            floor = floor_executor(targets.floor_client, FLOORS[operation.name], targets.secret)
            await floor(await prepare(0))  # warm up, as the gateway's probe did
            entry["floor"] = (await _measure(floor, prepare, options, False)).as_dict()
        if options.references and operation.name in NAIVE_OPERATIONS:
            naive = targets.naive.executor(operation.document)
            await naive(await prepare(0))
            entry["naive"] = (await _measure(naive, prepare, options, False)).as_dict() | {
                # synchronous resolvers block its event loop (`bench.own_loop`)
                "one_request_at_a_time": True
            }
    except PreparationFailed as failed:
        return entry | {"status": f"not measured: {failed}"[:400]}
    entry["status"] = "served"
    entry["ratios"] = report.ratios(entry)
    return entry


async def _mix_or_failure(mix: Coroutine[Any, Any, dict[str, Any]]) -> dict[str, Any] | None:
    try:
        return await mix
    except Exception as error:  # keep the operations measured so far
        say(f"seed mix failed: {type(error).__name__}: {error}")
        return None


async def _run(engine: Engine, options: Options, path: Path) -> dict[str, Any]:
    every = load_operations(options.contract)
    if not every:
        say(f"no contract operations in {options.contract}: nothing to measure")
    chosen = [o for o in every if not options.operations or o.name in options.operations]
    picks = pick(engine.data)
    # The demo data this process holds is the bench's, not the gateway's: no collection
    # of the gateway's garbage is to walk it.
    gc.freeze()
    settings = engine.settings()
    started = datetime.now(UTC).isoformat(timespec="seconds")
    operations: list[dict[str, Any]] = []
    mix = None
    options_dict = asdict(options) | {
        "contract": str(options.contract),
        "output": str(options.output),
    }
    result: dict[str, Any] = {
        "started": started,
        "settings": options_dict
        | {
            "catalog_cache_seconds": settings.catalog_cache_seconds,
            "subtree_size": picks.subtree_size,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "machine": platform.machine(),
        },
        "picks": asdict(picks) | {"listings": len(picks.listings)},
        "operations": operations,
        "mix": mix,
    }
    async with AsyncExitStack() as stack:
        gateway = await stack.enter_async_context(AsgiTarget.serving(create_app(settings)))
        naive = await stack.enter_async_context(
            AsgiTarget.serving_on_own_loop(create_naive_app(settings))
        )
        floor_client = await stack.enter_async_context(open_client(settings))
        targets = Targets(gateway, naive, floor_client, settings.secret)
        driver = Driver(
            gateway,
            {o.name: o.document for o in every},
            storage=Storage(floor_client, settings),
        )
        for operation in chosen:
            began = time.perf_counter()
            try:
                entry = await measure_operation(operation, picks, driver, targets, options)
            except Exception as error:  # one operation's failure must not lose the run
                entry = {
                    "operation": operation.name,
                    "file": operation.file,
                    "status": f"failed: {type(error).__name__}: {error}"[:400],
                }
            entry["seconds"] = round(time.perf_counter() - began, 1)
            gateway_result = entry.get("gateway")
            say(
                f"  {operation.name} ({entry['seconds']:g} s): {entry['status']}"
                + (
                    f", {gateway_result['calls']} calls, {gateway_result['rounds']} rounds, "
                    f"c1 p50 {gateway_result['c1']['p50']} ms"
                    if gateway_result
                    else ""
                )
            )
            operations.append(entry)
            report.save(result, path)
        if options.mix_seconds > 0 and every:
            served = {e["operation"] for e in operations if e["status"] == "served"}
            if not options.operations:
                say(
                    f"seed mix: searching concurrency levels ({options.mix_search_seconds:g} s each)…"
                )
                mix_settings = engine.settings(
                    catalog_cache_seconds=options.mix_catalog_cache_seconds
                )
                mix_target = await stack.enter_async_context(
                    AsgiTarget.serving(create_app(mix_settings))
                )
                mix_driver = Driver(mix_target, driver.documents, tag=driver.tag, pool=driver.pool)
                mix = await _mix_or_failure(
                    run_mix(
                        mix_target,
                        mix_driver,
                        engine.data,
                        picks.listings,
                        served,
                        seconds=options.mix_seconds,
                        search_seconds=options.mix_search_seconds,
                        say=say,
                    )
                )
    result["mix"] = mix
    report.save(result, path)
    return result


def quiet_logs() -> None:
    """The gateway's log lines are written (their cost is part of its CPU) to nowhere:
    one line per request would bury the bench's own output."""
    handler = logging.StreamHandler(open(os.devnull, "w"))  # noqa: SIM115 (for the process)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(logging.INFO)


def run(options: Options) -> tuple[Path, dict[str, Any]]:
    with running_engine(options.delay_ms, options.data_profile) as engine:
        path = report.new_path(options.output)
        # The loop uvicorn serves the gateway on (uvicorn[standard] brings uvloop).
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            result = runner.run(_run(engine, options, path))
    return path, result
