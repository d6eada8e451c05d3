"""`python -m bench server-cpu`: what a request costs the gateway's own process.

The gateway runs as a user runs it (`python -m gateway serve`, default settings, on the
bench's engine), once with the catalog cache on (the default, 5 s) and once off, beside
the floor as a server (`bench/floor_server.py`). The bench posts to them over TCP and
reads each server's CPU time from /proc before and after a batch of requests: nothing of
the client's, moto's or the proxy's is counted. Samples of the targets are interleaved and
their median is reported, per read operation of the contract and for seed 002's read mix.
With `--against DIR` (a checkout of another commit: `git worktree add DIR REF`), that
code's gateway runs beside, cache on and off, in the same interleaved samples: a before
and after that shares one run's conditions.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import uvloop

from bench import report
from bench.cases import prepare_for
from bench.contract import DEFAULT_FOLDER, Operation, load_operations
from bench.driver import Driver
from bench.engine import Engine, running_engine
from bench.floor import FLOORS
from bench.measure import Request
from bench.mix import weights
from bench.mix_user import VirtualUser, build_catalog, send_one, sign_in_readers
from bench.picks import pick
from bench.targets import NOT_SERVED, AsgiTarget
from gateway.embedded import FAKE_CREDENTIALS, free_port
from gateway.settings import Settings

# The seed mix's reads: what a storefront's traffic is made of, writes and sign-ins apart.
READ_MIX = (
    "Me",
    "CategoryPage",
    "SearchProducts",
    "ProductPage",
    "CategoryBySlug",
    "CategoryTree",
    "MyOrders",
    "OrderDetail",
    "MyCart",
)


@dataclass(frozen=True)
class CpuOptions:
    samples: int = 7  # per target and operation; the median is reported
    requests: int = 10  # per sample, one after the other
    mix_requests: int = 40  # per sample of the read mix (per user)
    # The mix again, this many virtual users at once: a process under load, whose catalog
    # cache is asked far more often within its lifetime than at one request at a time.
    mix_users: int = 8
    # The mix once more, at `mix_rate` requests a second by `loaded_users` users, to
    # gateways whose catalog cache lives `process_rate / mix_rate` times its default: what
    # its entries see is then what a process serving `process_rate` requests a second sees
    # in 5 s (`_scaled_ttl`). The rate is as high as this 2-core machine sustains beside
    # moto and the client, so that requests overlap in the process as under load.
    mix_rate: float = 200.0
    loaded_users: int = 32
    process_rate: float = 500.0
    operations: tuple[str, ...] = ()  # only these reads (and no mix)
    only_mix: bool = False
    against: Path | None = None  # another checkout's gateway, served beside ("before")
    contract: Path = DEFAULT_FOLDER


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def process_cpu_seconds(pid: int) -> float:
    """The process's CPU time: the sum of its threads' (/proc/<pid>/task/*/schedstat, in
    nanoseconds; /proc/<pid>/stat counts only in ticks of 10 ms)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as stat:
                total += int(stat.read().split()[0])
        except FileNotFoundError:  # a thread that ended meanwhile
            continue
    return total / 1e9


@dataclass
class Server:
    name: str
    pid: int
    target: AsgiTarget

    async def cpu_ms_per_request(self, send: Callable[[], Awaitable[int]]) -> float:
        before = process_cpu_seconds(self.pid)
        count = await send()
        return (process_cpu_seconds(self.pid) - before) * 1000 / count


@asynccontextmanager
async def serving(
    name: str, command: list[str], env: dict[str, str], code: Path | None = None
) -> AsyncIterator[Server]:
    """A server process on a free port, its output discarded (its log lines are part of
    its CPU), stopped at the end; of the checkout `code` if given, else of this one."""
    port = free_port()
    checkout = {} if code is None else {"PYTHONPATH": str(code)}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *command,
        "--port",
        str(port),
        env=os.environ | FAKE_CREDENTIALS | env | checkout,
        cwd=code,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            deadline = time.monotonic() + 60
            while True:
                if process.returncode is not None:
                    raise RuntimeError(f"{name} exited with {process.returncode}")
                try:
                    await http.post("/graphql", json={"query": "{__typename}"})
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    await asyncio.sleep(0.2)
            yield Server(name, process.pid, AsgiTarget(http))
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), 30)


def _gateway_env(engine: Engine, cache_seconds: float | None) -> dict[str, str]:
    """None: the default catalog cache (5 s)."""
    env = {"GATEWAY_DYNAMODB_ENDPOINT": engine.proxied, "GATEWAY_TABLE_PREFIX": ""}
    if cache_seconds is None:
        return env
    return env | {"GATEWAY_CATALOG_CACHE_SECONDS": f"{cache_seconds:g}"}


def _scaled_ttl(options: CpuOptions) -> float:
    """How many requests an entry of the catalog cache sees in its life is what decides how
    often it is found; a loaded process sees `process_rate` requests a second, the bench
    sends `mix_rate`: the entries live longer by as much."""
    return DEFAULT_CACHE_SECONDS * options.process_rate / options.mix_rate


# The servers' names, in the table's order; "before" ones only with `--against`.
BEFORE = ("before on", "before off")
GATEWAYS = ("cache on", "cache off", *BEFORE)
FLOOR = "floor"
# The servers of the paced mix (their cache's TTL scaled), and the column each fills.
SCALED = {"scaled on": "cache on", "before scaled on": "before on"}
# The gateway's default TTL of its catalog cache (5 s).
DEFAULT_CACHE_SECONDS: float = Settings.model_fields["catalog_cache_seconds"].default


GATEWAY = ["-m", "gateway", "serve"]


async def _servers(stack: AsyncExitStack, engine: Engine, against: Path | None) -> list[Server]:
    floor = ["-m", "uvicorn", "bench.floor_server:create", "--factory", "--log-level", "warning"]
    started = [
        serving("cache on", GATEWAY, _gateway_env(engine, None)),
        serving("cache off", GATEWAY, _gateway_env(engine, 0)),
        serving(FLOOR, floor, _gateway_env(engine, 0)),
    ]
    if against is not None:
        on, off = BEFORE
        started += [
            serving(on, GATEWAY, _gateway_env(engine, None), against),
            serving(off, GATEWAY, _gateway_env(engine, 0), against),
        ]
    return [await stack.enter_async_context(server) for server in started]


async def _scaled_servers(
    stack: AsyncExitStack, engine: Engine, options: CpuOptions
) -> list[Server]:
    env = _gateway_env(engine, _scaled_ttl(options))
    this, before = SCALED
    started = [serving(this, GATEWAY, env)]
    if options.against is not None:
        started.append(serving(before, GATEWAY, env, options.against))
    return [await stack.enter_async_context(server) for server in started]


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


async def _operation(
    operation: Operation, requests: list[Request], servers: list[Server], samples: int
) -> dict[str, Any]:
    entry: dict[str, Any] = {"operation": operation.name}
    measured = [s for s in servers if s.name != FLOOR or operation.name in FLOORS]
    for server in list(measured):  # warm up: the document's parse, the first connections
        body = await server.target.post(operation.document, requests[0], trace=False)
        if server.name in BEFORE and body.get("errors"):
            measured.remove(server)  # an operation the other checkout does not serve
        elif server.name != FLOOR and body.get("errors"):
            codes = {str((e.get("extensions") or {}).get("code")) for e in body["errors"]}
            if NOT_SERVED in codes:
                return entry | {"status": "not served"}
            return entry | {"status": f"errors {sorted(codes)} (variables: bench/cases.py)"}
    figures: dict[str, list[float]] = {s.name: [] for s in measured}
    for _ in range(samples):
        for server in measured:

            async def send(server: Server = server) -> int:
                for request in requests:
                    await server.target.post(operation.document, request, trace=False)
                return len(requests)

            figures[server.name].append(await server.cpu_ms_per_request(send))
    return entry | {"status": "served"} | {name: _median(v) for name, v in figures.items()}


class Pace:
    """Requests sent at `rate` a second however many users send them: each waits its turn."""

    def __init__(self, rate: float | None) -> None:
        self.rate = rate
        self.sent = 0
        self.start = time.monotonic()

    async def turn(self) -> None:
        self.sent += 1
        if self.rate is None:
            return
        due = self.start + (self.sent - 1) / self.rate
        await asyncio.sleep(max(0.0, due - time.monotonic()))

    def achieved(self) -> float:
        """The requests let through a second, so far."""
        return self.sent / (time.monotonic() - self.start)


async def _mix(
    driver: Driver,
    engine: Engine,
    servers: list[Server],
    options: CpuOptions,
    users: int,
    rate: float | None = None,
) -> dict[str, Any]:
    """Seed 002's reads in their rate proportions, by `users` virtual users at once (each
    sending `--mix-requests` one after another; all of them `rate` a second, if given):
    the same sequences to each gateway."""
    rates = {op: rps for op, rps in weights(set(READ_MIX)).items()}
    names, shares = list(rates), list(rates.values())
    readers = await sign_in_readers(driver, engine.data)
    catalog = build_catalog(engine.data, readers, pick(engine.data).listings)
    account = await driver.user(0)
    figures: dict[str, list[float]] = {}
    achieved: dict[str, list[float]] = {}  # requests a second, per server

    async def requests_of(server: Server, user: VirtualUser, pace: Pace) -> int:
        sent = 0
        for _ in range(options.mix_requests):
            await pace.turn()
            operation = user.rng.choices(names, shares)[0]
            sent += len(await send_one(server.target, driver.documents, user, catalog, operation))
        return sent

    for sample in range(options.samples + 1):  # the first warms up
        for server in [s for s in servers if s.name != FLOOR]:
            crowd = [
                VirtualUser(driver, account, account.username, random.Random(sample * 1000 + n))
                for n in range(users)
            ]

            pace = Pace(rate)

            async def send(
                server: Server = server, crowd: list[VirtualUser] = crowd, pace: Pace = pace
            ) -> int:
                return sum(await asyncio.gather(*(requests_of(server, u, pace) for u in crowd)))

            ms = await server.cpu_ms_per_request(send)
            if sample:
                column = SCALED.get(server.name, server.name)
                figures.setdefault(column, []).append(ms)
                achieved.setdefault(column, []).append(pace.achieved())
    return (
        {"weights": rates, "users": users}
        | {n: _median(v) for n, v in figures.items()}
        | {"achieved": {n: round(_median(v)) for n, v in achieved.items()}}
    )


async def _run(engine: Engine, options: CpuOptions) -> dict[str, Any]:
    every = load_operations(options.contract)
    reads = [o for o in every if _is_query(o)]
    chosen = [o for o in reads if not options.operations or o.name in options.operations]
    chosen = [] if options.only_mix else chosen
    picks = pick(engine.data)
    result: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "options": options.__dict__
        | {"operations": list(options.operations), "contract": str(options.contract)},
        "operations": [],
    }
    async with AsyncExitStack() as stack:
        servers = await _servers(stack, engine, options.against)
        driver = Driver(servers[0].target, {o.name: o.document for o in every})
        for operation in chosen:
            prepare = prepare_for(operation, picks, driver)
            requests = [await prepare(run) for run in range(1, options.requests + 1)]
            entry = await _operation(operation, requests, servers, options.samples)
            say(f"  {operation.name}: {_line(entry)}")
            result["operations"].append(entry)
        if not options.operations:
            result["mix"] = await _mix(driver, engine, servers, options, 1)
            say(f"  read mix: {_line(result['mix'])}")
            loaded = options.mix_users
            result["mix_loaded"] = await _mix(driver, engine, servers, options, loaded)
            say(f"  read mix, {loaded} users at once: {_line(result['mix_loaded'])}")
            scaled = await _scaled_servers(stack, engine, options)
            result["mix_scaled"] = await _mix(
                driver, engine, scaled, options, options.loaded_users, options.mix_rate
            ) | {"rate": options.mix_rate, "cache_seconds": _scaled_ttl(options)}
            paced = result["mix_scaled"]
            say(
                f"  read mix as a loaded process sees it ({options.mix_rate:g} a second asked,"
                f" {paced['achieved']} sent): {_line(paced)}"
            )
    return result


def _is_query(operation: Operation) -> bool:
    """Not a mutation, nor a subscription (a WebSocket's, not a request's)."""
    return not operation.is_mutation and not operation.document.startswith("subscription")


def _columns(entry: dict[str, Any]) -> list[str]:
    return [name for name in (*GATEWAYS, FLOOR) if name in entry]


def _line(entry: dict[str, Any]) -> str:
    parts = [f"{name} {entry[name]} ms" for name in _columns(entry)]
    if FLOOR in entry:
        parts.append(f"cache off/floor {entry['cache off'] / entry[FLOOR]:.2f}")
    return ", ".join(parts) or entry.get("status", "")


def table(result: dict[str, Any]) -> str:
    rows = list(result["operations"]) + [
        result[key] | {"operation": name}
        for key, name in (
            ("mix", "seed-002 read mix"),
            ("mix_loaded", "mix, at once"),
            ("mix_scaled", "mix, loaded"),
        )
        if result.get(key)
    ]
    columns = [name for name in (*GATEWAYS, FLOOR) if any(name in row for row in rows)]
    lines = [
        "gateway CPU per request, its own process (median of samples; ms)",
        f"{'operation':<18} " + " ".join(f"{name:>10}" for name in columns) + f" {'off/floor':>9}",
    ]
    for entry in rows:
        if "cache on" not in entry:
            lines.append(f"{entry['operation']:<18} {entry['status']}")
            continue
        cells = [f"{entry[name]:10.3f}" if name in entry else f"{'':>10}" for name in columns]
        floor = entry.get(FLOOR)
        ratio = f"{entry['cache off'] / floor:9.2f}" if floor else f"{'':>9}"
        lines.append(f"{entry['operation']:<18} " + " ".join(cells) + f" {ratio}")
    return "\n".join(lines)


def run(options: CpuOptions, delay_ms: float, data_profile: str, output: Path) -> Path:
    with (
        running_engine(delay_ms, data_profile) as engine,
        asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner,
    ):
        result = runner.run(_run(engine, options))
    path = report.new_path(output)
    report.save(result, path)
    print(table(result))
    return path
