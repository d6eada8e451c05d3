"""`cart.preview`: what checkout would charge for the cart now, and each reason it would
refuse, by checkout's own rules (`resolvers/pricing.py`). Nothing is written.

The cart is the one its field already read; the profile (the balance), the address and
the coupon with the caller's uses of it go out with the cart's listings, in one
BatchGetItem (`User.cart` starts them, `prefetch_preview`), eventually consistent: a
preview is a forecast, checkout decides on strongly consistent reads.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace

from gateway.errors import Problem
from loaders.codec import Item
from loaders.keys import AddressKey, CouponKey, CouponUserKey, ItemKey, UserKey
from loaders.request import RequestLoaders
from resolvers import coupons
from resolvers.cart import Cart
from resolvers.checkout import CART_EMPTY, NO_ADDRESS, too_many_lines
from resolvers.prefetch import Prefetch, prefetch
from resolvers.pricing import Priced, Seen, price

NO_SUCH_ADDRESS = replace(NO_ADDRESS, field=("shipping_address_id",))


@dataclass(frozen=True)
class Preview:
    priced: Priced
    currency: str
    problems: list[Problem]


@dataclass(frozen=True)
class PreviewRequest:
    coupon_code: str | None
    shipping_address_id: str | None
    redeem_points: int

    @property
    def code(self) -> str | None:
        return coupons.coupon_code(self.coupon_code or "") or None


def prefetch_preview(loaders: RequestLoaders, user_id: str, request: PreviewRequest) -> Prefetch:
    """Start the reads of `preview` (before its cart is read, to share its round)."""
    return prefetch(_reads(loaders, user_id, request))


async def preview(
    loaders: RequestLoaders, user_id: str, found: Cart, request: PreviewRequest
) -> Preview:
    profile, address, coupon, coupon_user = await _reads(loaders, user_id, request)
    seen = Seen.read(found, profile, coupon, coupon_user)
    priced = price(seen, request.code, request.redeem_points)
    problems: list[Problem] = []
    if not found.lines:
        problems.append(CART_EMPTY)
    if request.shipping_address_id is not None and address is None:
        problems.append(NO_SUCH_ADDRESS)
    problems.extend(too_many_lines(len(found.lines)))
    return Preview(priced, found.currency, [*problems, *priced.problems])


async def _reads(
    loaders: RequestLoaders, user_id: str, request: PreviewRequest
) -> tuple[Item | None, Item | None, Item | None, Item | None]:
    """The profile, the address, the coupon and the caller's uses of it."""
    code, address_id = request.code, request.shipping_address_id
    profile, address, coupon, coupon_user = await asyncio.gather(
        loaders.items.load(UserKey(user_id)),
        _load(loaders, AddressKey(user_id, address_id) if address_id else None),
        _load(loaders, CouponKey(code) if code else None),
        _load(loaders, CouponUserKey(code, user_id) if code else None),
    )
    return profile, address, coupon, coupon_user


async def _load(loaders: RequestLoaders, key: ItemKey | None) -> Item | None:
    return await loaders.items.load(key) if key is not None else None
