"""The CPU the gateway spends hashing passwords: each check and each new hash timed on the
thread that runs it (`time.thread_time()`), so the figure is the hash's alone."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from gateway.passwords import Passwords


class HashingClock:
    def __init__(self) -> None:
        self.seconds = 0.0

    def timed(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def timed_method(*args: Any) -> Any:
            started = time.thread_time()
            try:
                return method(*args)
            finally:
                self.seconds += time.thread_time() - started

        return timed_method


@contextmanager
def hashing_clock() -> Iterator[HashingClock]:
    """A clock of every `Passwords.verify` and `Passwords.hash` while the block runs."""
    clock = HashingClock()
    verify, hash_ = Passwords.verify, Passwords.hash
    Passwords.verify, Passwords.hash = clock.timed(verify), clock.timed(hash_)  # type: ignore[method-assign]
    try:
        yield clock
    finally:
        Passwords.verify, Passwords.hash = verify, hash_  # type: ignore[method-assign]
