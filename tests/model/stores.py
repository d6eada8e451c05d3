"""A seller of its own with one product on sale, for a journey through the app."""

from __future__ import annotations

import uuid

from gateway.settings import Settings
from tests.accounts.factories import table
from tests.factories import product, seller


def store_with_kettle(settings: Settings, tag: str, store_name: str) -> tuple[str, str]:
    """A new seller (`s-<tag>-…`) and its product (`p-<tag>-…`), 9 in stock at 25.00."""
    sid, pid = f"s-{tag}-{uuid.uuid4().hex[:8]}", f"p-{tag}-{uuid.uuid4().hex[:8]}"
    with table(settings, "Users").batch_writer() as batch:
        for row in seller(sid, store_name):
            batch.put_item(Item=row)
    with table(settings, "Products").batch_writer() as batch:
        kettle = f"{store_name.split()[0]} Kettle"
        for row in product(pid, kettle, "model-tests", [(sid, store_name, 2500, 9)]):
            batch.put_item(Item=row)
    return sid, pid
