"""Starting a read in this round that a field further down will ask for in the next.

A parent field that knows (by lookahead) what its children will read starts those reads
with its own, through the same per-request loaders the children use: the children then
find them under way or cached, and the query costs a round less.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

Prefetch = asyncio.Future[Any]


def prefetch(read: Awaitable[Any]) -> Prefetch:
    """Start `read` now."""
    started = asyncio.ensure_future(read)
    # If the field that wanted it never runs (its parent was null), a failure stays unread:
    # mark it read, so asyncio does not report it; the field reports it when it awaits.
    started.add_done_callback(lambda future: future.cancelled() or future.exception())
    return started


async def settle(prefetches: list[Prefetch]) -> None:
    """Wait for prefetched reads without raising (each field reports its own failure).

    A parent that waits for them lets the fields below resolve in one pass, so the reads
    those fields make go out together, in one batch.
    """
    if prefetches:
        await asyncio.wait(prefetches)
