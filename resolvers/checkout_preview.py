"""`cart.preview`: what checkout would charge for the cart now, and each reason it would
refuse, by checkout's own rules (`resolvers/pricing.py`). Nothing is written.

The cart is the one its field already read; the profile (the balance), the address and
the coupon with the caller's uses of it are one BatchGetItem, eventually consistent: a
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
from resolvers.pricing import Priced, Seen, price

NO_SUCH_ADDRESS = replace(NO_ADDRESS, field=("shipping_address_id",))


@dataclass(frozen=True)
class Preview:
    priced: Priced
    currency: str
    problems: list[Problem]


async def preview(
    loaders: RequestLoaders,
    user_id: str,
    found: Cart,
    coupon_code: str | None,
    shipping_address_id: str | None,
    redeem_points: int,
) -> Preview:
    code = coupons.coupon_code(coupon_code or "") or None
    profile, address, coupon, coupon_user = await asyncio.gather(
        loaders.items.load(UserKey(user_id)),
        _load(loaders, AddressKey(user_id, shipping_address_id) if shipping_address_id else None),
        _load(loaders, CouponKey(code) if code else None),
        _load(loaders, CouponUserKey(code, user_id) if code else None),
    )
    seen = Seen(
        found,
        [line.listing for line in found.lines],
        profile,
        coupon,
        int(coupon_user["used"]) if coupon_user else None,
    )
    priced = price(seen, code, redeem_points)
    problems: list[Problem] = []
    if not found.lines:
        problems.append(CART_EMPTY)
    if shipping_address_id is not None and address is None:
        problems.append(NO_SUCH_ADDRESS)
    problems.extend(too_many_lines(len(found.lines)))
    return Preview(priced, found.currency, [*problems, *priced.problems])


async def _load(loaders: RequestLoaders, key: ItemKey | None) -> Item | None:
    return await loaders.items.load(key) if key is not None else None
