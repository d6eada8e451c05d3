"""Money: integer minor units in storage, `{ amount: Decimal, currencyCode }` on the wire."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import strawberry

from gateway.errors import BadUserInput

DEFAULT_CURRENCY = "USD"
# ISO 4217 currencies whose minor unit is not a hundredth.
_MINOR_DIGITS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3, "OMR": 3}


def minor_digits(currency: str) -> int:
    return _MINOR_DIGITS.get(currency, 2)


@strawberry.type
class Money:
    amount: Decimal
    currency_code: str

    @classmethod
    def from_cents(cls, cents: int, currency: str = DEFAULT_CURRENCY) -> Money:
        return cls(amount=Decimal(cents).scaleb(-minor_digits(currency)), currency_code=currency)

    @classmethod
    def from_item(cls, item: dict[str, Any], attribute: str) -> Money | None:
        cents = item.get(attribute)
        if cents is None:
            return None
        return cls.from_cents(int(cents), item.get("currency", DEFAULT_CURRENCY))


def cents_from_amount(amount: Decimal, field: str, currency: str = DEFAULT_CURRENCY) -> int:
    """An input amount in minor units; refuses negatives and sub-minor-unit precision."""
    digits = minor_digits(currency)
    try:
        scaled = amount.scaleb(digits)
        if not amount.is_finite() or amount < 0 or scaled != scaled.to_integral_value():
            raise InvalidOperation
    except InvalidOperation:
        raise BadUserInput(
            f"{field} must be a non-negative amount with at most {digits} decimals, got {amount}"
        ) from None
    return int(scaled)
