"""The DynamoDB the bench measures against: moto in a child process (`make run`'s engine,
gateway/moto_server.py), seeded with the demo data, behind the latency proxy; its SES and
S3 (the product images' bucket) too."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.proxy import latency_proxy
from gateway.demo import generate
from gateway.embedded import embedded_dynamodb, free_port
from gateway.lifespan import open_client, open_s3
from gateway.mail import verify_sender
from gateway.seeding import seed
from gateway.settings import Settings, load_settings
from loaders.codec import Item
from loaders.images import create_bucket
from loaders.model import Table
from loaders.tables import create_tables


@dataclass(frozen=True)
class Engine:
    direct: str  # moto itself: setup only
    proxied: str  # through the latency proxy: everything measured
    delay_ms: float
    data: dict[Table, list[Item]]  # the demo data as written

    def settings(self, **overrides: object) -> Settings:
        """Gateway settings over the proxied endpoint (catalog cache off unless overridden)."""
        values: dict[str, object] = {
            "dynamodb_endpoint": self.proxied,
            # moto answers SES too: a password reset's e-mail is sent there, not to AWS;
            # and S3: the product images' bucket, and the uploads to its presigned URLs.
            "ses_endpoint": self.proxied,
            "s3_endpoint": self.proxied,
            "table_prefix": "",
            "env": "development",
            "catalog_cache_seconds": 0,
            # moto serves one request at a time: under load its queue, not DynamoDB, would
            # turn the product's 5 s into timeouts (and abandoned requests it still serves).
            "dynamodb_read_timeout": 60,
        }
        return load_settings(**(values | overrides))


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def _prepare(endpoint: str, profile: str) -> None:
    settings = load_settings(dynamodb_endpoint=endpoint, table_prefix="")
    async with open_client(settings) as client, open_s3(settings) as s3:
        await create_tables(client, settings.table_prefix)
        await create_bucket(s3, settings.images_bucket, settings.aws_region)
        await seed(client, settings.table_prefix, profile, lambda _: None)
    await verify_sender(load_settings(ses_endpoint=endpoint))


@contextmanager
def running_engine(delay_ms: float, profile: str = "demo") -> Iterator[Engine]:
    with embedded_dynamodb() as direct:
        _say(f"moto at {direct}; creating tables and seeding the {profile} data…")
        asyncio.run(_prepare(direct, profile))
        data = generate(profile)  # the same seed gives the same items as were written
        with latency_proxy(direct, free_port(), delay_ms) as proxied:
            _say(f"latency proxy at {proxied}: {delay_ms:g} ms per DynamoDB call")
            yield Engine(direct, proxied, delay_ms, data)
