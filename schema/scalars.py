"""Scalars of the contract that GraphQL has no built-in for: `DateTime`, `Date` and
`Decimal` (in place of Strawberry's own, whose refusals speak Python: "Invalid isoformat
string"). A value that is not one says what it must look like.
"""

from __future__ import annotations

import datetime
import decimal
import json
import math
import re
from typing import NewType

import strawberry
from graphql import GraphQLError
from strawberry.types.scalar import ScalarDefinition

_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?\d{1,20}(\.\d{1,18})?")
_SHOWN_CHARACTERS = 40


def _refusal(scalar: str, example: str, rule: str, value: object) -> GraphQLError:
    shown = json.dumps(value, ensure_ascii=False, default=str)
    if len(shown) > _SHOWN_CHARACTERS:
        shown = shown[: _SHOWN_CHARACTERS - 1] + "…"
    return GraphQLError(f'{scalar} must look like "{example}" ({rule}), not {shown}.')


def _parse_timestamp(value: object) -> str:
    if not isinstance(value, str) or not _TIMESTAMP.fullmatch(value):
        raise _refusal("DateTime", "2026-02-23T10:30:00.000Z", "UTC, milliseconds", value)
    return value


def _parse_day(value: object) -> datetime.date:
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass  # a day the calendar does not have: 2026-02-30
    raise _refusal("Date", "2026-02-23", "year-month-day, a day of the calendar", value)


def _parse_decimal(value: object) -> decimal.Decimal:
    """A string of digits (the contract's form), or a JSON number."""
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return decimal.Decimal(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return decimal.Decimal(str(value))
    raise _refusal(
        "Decimal",
        "89.99",
        "a number as a string, up to 20 digits before the point and 18 after",
        value,
    )


DateTime = NewType("DateTime", str)

SCALARS: dict[object, ScalarDefinition] = {
    DateTime: strawberry.scalar(
        name="DateTime",
        description="ISO 8601 UTC with milliseconds: 2026-02-23T10:30:00.000Z",
        serialize=str,
        parse_value=_parse_timestamp,
    ),
    datetime.date: strawberry.scalar(
        name="Date",
        description="A day, year-month-day: 2026-02-23",
        serialize=datetime.date.isoformat,
        parse_value=_parse_day,
    ),
    decimal.Decimal: strawberry.scalar(
        name="Decimal",
        description="An exact decimal number, as a string: 89.99",
        serialize=str,
        parse_value=_parse_decimal,
    ),
}
