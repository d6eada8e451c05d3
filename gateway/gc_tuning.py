"""The garbage collector of a serving process: what start-up made (the schema, botocore's
service models, the imported modules) is frozen out of its way, and the youngest
generation is collected less often.

A request allocates thousands of objects that refer to one another (GraphQL results,
futures, dicts of items); at CPython's default gen-0 threshold (700) the collector runs
several times a request, and each older-generation pass walked start-up's ~1 million
objects until they were frozen. Measured with `python -m bench server-cpu`
(bench/README.md).
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

GEN0_THRESHOLD = 10_000  # CPython's default is 700; the older generations keep theirs

Lifespan = Callable[[Any], AbstractAsyncContextManager[Any]]


def settle_after_start(lifespan: Lifespan) -> Lifespan:
    """`lifespan` followed, once start-up is over, by `gc.freeze()` and the threshold."""

    @asynccontextmanager
    async def settled(app: Any) -> AsyncIterator[Any]:
        async with lifespan(app) as state:
            gc.collect()
            gc.freeze()
            _, older, oldest = gc.get_threshold()
            gc.set_threshold(GEN0_THRESHOLD, older, oldest)
            yield state

    return settled
