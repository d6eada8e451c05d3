"""Deterministic demo data: every item of a shop, by table, for the caller to write.

`generate(profile, seed)` returns the items; it writes nothing. Every demo account
(`admin`, `seller1`..`seller3`, `customer1`..`customer3` and the rest) has the password
`DEMO_PASSWORD`.
"""

from gateway.demo.generator import DEMO_PASSWORD, generate
from gateway.demo.profiles import PROFILES

__all__ = ["DEMO_PASSWORD", "PROFILES", "generate"]
