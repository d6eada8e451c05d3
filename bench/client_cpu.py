"""`python -m bench.client_cpu`: the client's CPU per DynamoDB call, before and after the
call path's levers (README, "The DynamoDB call path").

moto runs in a child process (as `make run`'s engine) behind the bench's proxy with no
delay (which keeps connections open, as DynamoDB does and moto does not), so this
process's CPU time (`time.process_time`) is the client's own: building, signing,
sending, parsing. Each
variant makes GetItem, a Query of 20 items and a BatchGetItem of 100 items, `--calls`
times each, `--repeats` times over; the machine is shared, so the median is reported.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aioboto3
from aiobotocore.config import AioConfig

from bench.proxy import latency_proxy
from gateway.embedded import embedded_dynamodb, free_port
from gateway.lifespan import USER_AGENT, open_client
from gateway.settings import Settings, load_settings
from loaders import fast_parse, fast_send, fast_serialize
from loaders.dynamo import DynamoClient
from loaders.model import Table
from loaders.tables import table_definition

TABLE = "bench-client-cpu"
PARTITION = "PRODUCT#bench"
ITEMS = 100


def _item(n: int) -> dict[str, Any]:
    """A product-sized item: the attribute kinds the data model stores."""
    return {
        "pk": {"S": PARTITION},
        "sk": {"S": f"LISTING#{n:04d}"},
        "kind": {"S": "listing"},
        "name": {"S": f"Stainless kettle, 1.7 l, model {n}"},
        "description": {"S": "A kettle that boils water quickly and quietly. " * 4},
        "price_cents": {"N": str(2500 + n)},
        "stock": {"N": str(n % 17)},
        "rating": {"N": "4.5"},
        "seller_id": {"S": f"seller-{n % 7}"},
        "tags": {"SS": ["kitchen", "kettle", f"tag-{n}"]},
        "images": {"L": [{"M": {"url": {"S": f"https://img.example/{n}.jpg"}, "w": {"N": "640"}}}]},
        "active": {"BOOL": True},
    }


_Call = Callable[[DynamoClient], Awaitable[Any]]
CALLS: dict[str, _Call] = {
    "GetItem": lambda c: c.get_item(
        TableName=TABLE, Key={"pk": {"S": PARTITION}, "sk": {"S": "LISTING#0007"}}
    ),
    "Query of 20": lambda c: c.query(
        TableName=TABLE,
        KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": PARTITION}},
        Limit=20,
        ReturnConsumedCapacity="TOTAL",
    ),
    "BatchGetItem of 100": lambda c: c.batch_get_item(
        RequestItems={
            TABLE: {
                "Keys": [
                    {"pk": {"S": PARTITION}, "sk": {"S": f"LISTING#{n:04d}"}} for n in range(ITEMS)
                ]
            }
        },
        ReturnConsumedCapacity="TOTAL",
    ),
}


@dataclass(frozen=True)
class Levers:
    """Which of the call path's levers a client has (all of them: `open_client`'s)."""

    user_agent: bool = False
    no_validation: bool = False
    fast_parse: bool = False
    fast_serialize: bool = False
    fast_send: bool = False

    @asynccontextmanager
    async def client(self, settings: Settings) -> AsyncIterator[DynamoClient]:
        options: dict[str, Any] = {"retries": {"mode": "standard", "total_max_attempts": 1}}
        if self.user_agent:
            options["user_agent"] = USER_AGENT
        if self.no_validation:
            options["parameter_validation"] = False
        session = aioboto3.Session(region_name=settings.aws_region)
        async with session.client(
            "dynamodb", endpoint_url=settings.dynamodb_endpoint, config=AioConfig(**options)
        ) as client:
            if self.fast_parse:
                fast_parse.install(client.meta.events)
            if self.fast_serialize:
                fast_serialize.install(client)
            if self.fast_send:
                fast_send.install(client, await session.get_credentials())
            yield client


BOTOCORE = Levers()
Variant = Callable[[Settings], AbstractAsyncContextManager[DynamoClient]]
# Cumulative: each adds one lever to the one before.
VARIANTS: dict[str, Variant] = {
    "botocore's defaults": BOTOCORE.client,
    "+ fixed User-Agent": Levers(user_agent=True).client,
    "+ no parameter validation": Levers(user_agent=True, no_validation=True).client,
    "+ orjson answers": Levers(True, True, True).client,
    "+ orjson requests": Levers(True, True, True, True).client,
    "+ sent past botocore's endpoint, signed with the day's key": Levers(
        True, True, True, True, True
    ).client,
    "the gateway's client (`open_client`)": open_client,
}


async def prepare(settings: Settings) -> None:
    async with BOTOCORE.client(settings) as client:
        await client.create_table(**table_definition(Table(TABLE), TABLE))
        for start in range(0, ITEMS, 25):
            await client.batch_write_item(
                RequestItems={
                    TABLE: [{"PutRequest": {"Item": _item(n)}} for n in range(start, start + 25)]
                }
            )


async def _per_call_us(client: DynamoClient, call: _Call, calls: int) -> float:
    started = time.process_time()
    for _ in range(calls):
        await call(client)
    return (time.process_time() - started) / calls * 1e6


async def measure(settings: Settings, calls: int, repeats: int) -> dict[str, dict[str, float]]:
    """Per variant and call: the median over `repeats` of the CPU µs per call."""
    samples: dict[str, dict[str, list[float]]] = {v: {c: [] for c in CALLS} for v in VARIANTS}
    clients: dict[str, DynamoClient] = {}
    async with _opened(settings, clients):
        for client in clients.values():  # warm up: connections, caches, first-call costs
            for call in CALLS.values():
                for _ in range(5):
                    await call(client)
        for _ in range(repeats):  # interleaved, so a busy moment of the machine hits all
            for variant, client in clients.items():
                for name, call in CALLS.items():
                    samples[variant][name].append(await _per_call_us(client, call, calls))
    return {
        variant: {name: statistics.median(values) for name, values in by_call.items()}
        for variant, by_call in samples.items()
    }


@asynccontextmanager
async def _opened(settings: Settings, into: dict[str, DynamoClient]) -> AsyncIterator[None]:
    if len(into) == len(VARIANTS):
        yield
        return
    variant = list(VARIANTS)[len(into)]
    async with VARIANTS[variant](settings) as client:
        into[variant] = client
        async with _opened(settings, into):
            yield


def _table(figures: dict[str, dict[str, float]]) -> str:
    names = list(CALLS)
    lines = ["| client | " + " | ".join(f"{n} (µs)" for n in names) + " |"]
    lines.append("|---" * (len(names) + 1) + "|")
    for variant, by_call in figures.items():
        lines.append(f"| {variant} | " + " | ".join(f"{by_call[n]:,.0f}" for n in names) + " |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.client_cpu", description=__doc__)
    parser.add_argument("--calls", type=int, default=200, help="calls per sample (200)")
    parser.add_argument("--repeats", type=int, default=9, help="samples per figure (9)")
    args = parser.parse_args(argv)
    with embedded_dynamodb() as direct, latency_proxy(direct, free_port(), 0) as endpoint:
        settings = load_settings(dynamodb_endpoint=endpoint, table_prefix="")
        asyncio.run(prepare(settings))
        figures = asyncio.run(measure(settings, args.calls, args.repeats))
    print(f"CPU per call, median of {args.repeats} samples of {args.calls} calls:\n")
    print(_table(figures))


if __name__ == "__main__":
    main()
