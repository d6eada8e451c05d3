"""The Coupons table's administration: a new coupon, and the record of its uses."""

from __future__ import annotations

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.errors import ConditionFailed
from loaders.keys import COUPON_USAGE_PREFIX, CouponKey, coupon_partition
from loaders.model import COUPONS
from loaders.writes import MUST_BE_NEW, Put


async def create_coupon(dynamo: Dynamo, coupon: Item) -> bool:
    """Write a new coupon; False when its code is taken (an expired coupon keeps its code
    until DynamoDB's TTL deletes it)."""
    try:
        await dynamo.put(
            Put(CouponKey(coupon["code"]), {"entity": "Coupon", **coupon}, MUST_BE_NEW)
        )
    except ConditionFailed:
        return False
    return True


async def coupon_usages(dynamo: Dynamo, code: str, limit: int, after_sk: str | None) -> list[Item]:
    """Up to `limit` CouponUsage items of a coupon, by user then order (their sort key),
    after the one whose sort key is `after_sk`."""
    partition = coupon_partition(code)
    return await dynamo.query_page(
        COUPONS,
        "pk = :code AND begins_with(sk, :prefix)",
        {":code": partition, ":prefix": COUPON_USAGE_PREFIX},
        limit,
        start_key={"pk": partition, "sk": after_sk} if after_sk is not None else None,
    )
