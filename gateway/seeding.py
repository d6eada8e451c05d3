"""Writing the demo data into the tables, with a progress line per table."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from gateway.demo import generate
from loaders.codec import Item
from loaders.dynamo import Dynamo, DynamoClient
from loaders.model import PRODUCTS, Table
from loaders.search import term_items


async def seed(
    client: DynamoClient, prefix: str, profile: str, report: Callable[[str], None]
) -> int:
    """Write the profile's demo data (BatchWriteItem, tables in parallel); the item count."""
    started = time.perf_counter()
    data = generate(profile)
    # The search index of the demo products, derived as every product write derives it.
    products = [item for item in data[PRODUCTS] if item["entity"] == "Product"]
    data[PRODUCTS] += [term for product in products for term in term_items(product)]
    dynamo = Dynamo(client, prefix)

    async def write(table: Table, items: list[Item]) -> None:
        await dynamo.batch_write(table, items)
        report(f"  {table.name}: {len(items)} items")

    await asyncio.gather(*(write(table, items) for table, items in data.items()))
    total = sum(len(items) for items in data.values())
    report(f"seeded {total} items ({profile}) in {time.perf_counter() - started:.1f} s")
    return total
