"""Scalars of the contract that Strawberry has no built-in for.

`Decimal` is Strawberry's own (a string on the wire); `Date` is its `datetime.date`.
"""

from __future__ import annotations

import re
from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


def _parse_timestamp(value: object) -> str:
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        raise ValueError("DateTime must look like 2026-02-23T10:30:00.000Z (UTC, milliseconds)")
    return value


DateTime = NewType("DateTime", str)

SCALARS: dict[object, ScalarDefinition] = {
    DateTime: strawberry.scalar(
        name="DateTime",
        description="ISO 8601 UTC with milliseconds: 2026-02-23T10:30:00.000Z",
        serialize=str,
        parse_value=_parse_timestamp,
    )
}
