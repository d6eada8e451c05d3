"""The mix's hashing figure: the CPU of every password check and hash, whichever thread
runs it, and nothing once the clock is stopped."""

from __future__ import annotations

import asyncio

from bench.hashing import hashing_clock
from gateway.passwords import HashParameters, Passwords

PASSWORDS = Passwords(HashParameters(memory_kib=4096, iterations=1, parallelism=1))


async def test_checks_on_other_threads_are_counted_and_the_methods_restored() -> None:
    stored = PASSWORDS.hash("secret")
    verify = Passwords.verify
    with hashing_clock() as clock:
        assert await asyncio.to_thread(PASSWORDS.verify, stored, "secret")
        after_one = clock.seconds
        await asyncio.to_thread(PASSWORDS.hash, "another")
    assert 0 < after_one < clock.seconds
    assert Passwords.verify is verify
    stopped = clock.seconds
    PASSWORDS.verify(stored, "secret")
    assert clock.seconds == stopped
