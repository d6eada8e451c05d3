"""Coupons' administration: administrators create them and see their uses; anyone sees
how often one was used and whether they may still use it."""

from __future__ import annotations

from typing import Any

from gateway.settings import Settings
from tests.accounts.factories import item, unique
from tests.cart.factories import coupon, shopper
from tests.graphql_client import GraphQLClient
from tests.orders.factories import admin_headers, place, stocked, store
from tests.orders.test_history import operation

USAGE = "query($code: String!) { coupon(code: $code) { code timesUsed valid perUserLimit } }"


def spring(code: str, **overrides: Any) -> dict[str, Any]:
    return {
        "code": code, "discountType": "PERCENT", "discountValue": "15", "minOrder": "30.00",
        "validUntil": "2036-04-01T00:00:00.000Z", "usageLimit": 1000, "perUserLimit": 1,
    } | overrides  # fmt: skip


async def create(graphql: GraphQLClient, headers: dict[str, str], **input: Any) -> Any:
    return await graphql(operation("CreateCoupon"), {"input": input}, headers=headers)


async def test_an_administrator_creates_a_coupon(
    graphql: GraphQLClient, settings: Settings
) -> None:
    code = unique("spring").upper()
    response = await create(graphql, admin_headers(), **spring(code.lower()))
    created = response.data["createCoupon"]
    assert created["errors"] == []
    assert created["coupon"] | {"validFrom": None} == {
        "code": code, "discountType": "PERCENT", "discountValue": "15",
        "minOrder": {"amount": "30.00"}, "validFrom": None,
        "validUntil": "2036-04-01T00:00:00.000Z", "usageLimit": 1000, "perUserLimit": 1,
        "valid": True,
    }  # fmt: skip
    stored = item(settings, "Coupons", code, "INFO")
    assert stored is not None
    assert (stored["expires_at"], stored["used_count"], stored["max_uses"]) == (2090620800, 0, 1000)
    again = (await create(graphql, admin_headers(), **spring(code))).data["createCoupon"]
    assert [(e["code"], e["field"]) for e in again["errors"]] == [
        ("INVALID_INPUT", ["input", "code"])
    ]
    fixed = await create(
        graphql,
        admin_headers(),
        **spring(unique("fix"), discountType="FIXED", discountValue="5.50"),
    )
    assert fixed.data["createCoupon"]["coupon"]["discountValue"] == "5.50"


async def test_invalid_coupons_are_refused(graphql: GraphQLClient) -> None:
    refused = await create(
        graphql, admin_headers(),
        **spring("x", discountValue="150", validUntil="2020-01-01T00:00:00.000Z", usageLimit=0),
    )  # fmt: skip
    fields = sorted(e["field"][-1] for e in refused.data["createCoupon"]["errors"])
    assert fields == ["code", "discountValue", "usageLimit", "validUntil"]
    fraction = await create(graphql, admin_headers(), **spring(unique("c"), discountValue="2.5"))
    assert fraction.error_codes == ["BAD_USER_INPUT"]


async def test_only_administrators_create_coupons(
    graphql: GraphQLClient, settings: Settings
) -> None:
    buyer = shopper(settings)
    _, seller_headers = store(settings)
    for headers in (buyer.headers, seller_headers):
        refused = await create(graphql, headers, **spring(unique("no")))
        assert refused.error_codes == ["FORBIDDEN"]
    assert (await create(graphql, {}, **spring(unique("no")))).error_codes == ["UNAUTHENTICATED"]


async def test_uses_are_counted_and_listed_to_administrators_only(
    graphql: GraphQLClient, settings: Settings
) -> None:
    seller_id, _ = store(settings)
    ann, bo = shopper(settings), shopper(settings)
    code = coupon(settings, per_user_limit=1)
    line = stocked(settings, seller_id, 10, 5000)
    ann_order = await place(graphql, settings, ann, [(line, 1)], couponCode=code)
    bo_order = await place(graphql, settings, bo, [(line, 1)], couponCode=code)
    as_admin = await graphql(
        operation("CouponUsage"), {"code": code, "first": 1}, headers=admin_headers()
    )
    found = as_admin.data["coupon"]
    assert found["timesUsed"] == 2
    first = found["usages"]["edges"][0]["node"]
    rest = await graphql(
        operation("CouponUsage"),
        {"code": code, "after": found["usages"]["pageInfo"]["endCursor"]},
        headers=admin_headers(),
    )
    second = rest.data["coupon"]["usages"]["edges"][0]["node"]
    assert {(n["user"]["id"], n["order"]["id"]) for n in (first, second)} == {
        (ann.user_id, ann_order),
        (bo.user_id, bo_order),
    }
    assert rest.data["coupon"]["usages"]["pageInfo"]["hasNextPage"] is False
    # Others see how often it was used, and not by whom.
    for headers in (ann.headers, {}):
        seen = await graphql(operation("CouponUsage"), {"code": code}, headers=headers)
        assert (seen.data["coupon"]["timesUsed"], seen.data["coupon"]["usages"]) == (2, None)
    # `valid` counts the caller's own uses against perUserLimit.
    fresh = shopper(settings)
    valid = {
        who: (await graphql(USAGE, {"code": code}, headers=h)).data["coupon"]["valid"]
        for who, h in (("ann", ann.headers), ("fresh", fresh.headers), ("anonymous", {}))
    }
    assert valid == {"ann": False, "fresh": True, "anonymous": True}
