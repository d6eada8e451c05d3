"""The writes of the seller tools, account settings and order lifecycle (contract files
seller_tools, account_settings and orders_lifecycle): what each run sends, and the state
it needs, set up untimed through the gateway so that every run succeeds."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bench.case_state import (
    attached_image,
    listing,
    new_product,
    offered_product,
    seller_product,
    uploaded_image,
)
from bench.driver import ADDRESS, BENCH_PASSWORD, Driver
from bench.measure import Request
from bench.picks import Picks

Make = Callable[[Picks, Driver, int], Awaitable[Request]]


async def _update_store(picks: Picks, driver: Driver, run: int) -> Request:
    """A seller of its own per run, with one product on sale for the new name to reach."""
    name = f"bench{driver.tag}s{run}"
    registered = await driver.call(
        "RegisterSeller",
        {
            "input": {
                "username": name,
                "email": f"{name}@bench.example.com",
                "password": BENCH_PASSWORD,
                "firstName": "Store",
                "lastName": "Bench",
                "storeName": f"Bench Store {run}",
            }
        },
    )
    token = str(registered["token"])
    product = await driver.call("CreateProduct", new_product(picks, run), token)
    offer = {"productId": product["product"]["id"], "price": "9.99", "stock": 5, "condition": "NEW"}
    await driver.call("UpsertListing", offer, token)
    store = {"storeName": f"Bench Store {run} renamed", "storeDescription": "Renamed."}
    return Request({"input": store}, token)


async def _withdraw_listing(picks: Picks, driver: Driver, run: int) -> Request:
    product_id, token = await offered_product(picks, driver, run)
    return Request({"productId": product_id}, token)


async def _set_product_details(picks: Picks, driver: Driver, run: int) -> Request:
    product_id, token = await seller_product(picks, driver, run)
    return Request(
        {
            "productId": product_id,
            "specifications": [
                {"name": "Weight", "value": "250", "unit": "g", "group": "Size"},
                {"name": "Battery", "value": "30", "unit": "h"},
            ],
            "facets": [{"name": "color", "value": "black"}, {"name": "wireless", "value": "yes"}],
        },
        token,
    )


async def _request_image_upload(picks: Picks, driver: Driver, run: int) -> Request:
    product_id, token = await seller_product(picks, driver, run)
    return Request(
        {"productId": product_id, "contentType": "image/jpeg", "byteSize": 183204}, token
    )


async def _attach_image(picks: Picks, driver: Driver, run: int) -> Request:
    product_id, image_id, token = await uploaded_image(picks, driver, run)
    return Request(
        {"productId": product_id, "imageId": image_id, "alt": "Front", "position": 0}, token
    )


async def _remove_image(picks: Picks, driver: Driver, run: int) -> Request:
    product_id, image_id, token = await attached_image(picks, driver, run)
    return Request({"productId": product_id, "imageId": image_id}, token)


async def _added_address(driver: Driver, run: int) -> tuple[str, str]:
    """A second address of a bench user's (added untimed), and the user's token."""
    user = await driver.user(run)
    added = await driver.call(
        "AddAddress", {"input": ADDRESS | {"label": f"Other {run}"}}, user.token
    )
    return str(added["address"]["id"]), user.token


async def _update_address(picks: Picks, driver: Driver, run: int) -> Request:
    address_id, token = await _added_address(driver, run)
    changes = ADDRESS | {"line1": f"{run} Moved Street", "postalCode": "54321"}
    return Request({"id": address_id, "input": changes}, token)


async def _delete_address(picks: Picks, driver: Driver, run: int) -> Request:
    address_id, token = await _added_address(driver, run)
    return Request({"id": address_id}, token)


async def _change_password(picks: Picks, driver: Driver, run: int) -> Request:
    """A user of its own per run: the pool's users keep the bench's password."""
    user = await driver.fresh_user(f"p{run}")
    passwords = {"currentPassword": BENCH_PASSWORD, "newPassword": f"{BENCH_PASSWORD}-new"}
    return Request(passwords, user.token)


async def _request_password_reset(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    return Request({"email": f"{user.username}@bench.example.com"})


async def _reset_password(picks: Picks, driver: Driver, run: int) -> Request:
    """A user of its own per run (a reset ends the user's sessions, which the pool's keep)
    with a fresh code: a code is used once."""
    user = await driver.fresh_user(f"c{run}")
    return Request(
        {
            "email": f"{user.username}@bench.example.com",
            "code": await driver.reset_code(user),
            "newPassword": f"{BENCH_PASSWORD}-reset",
        }
    )


async def _wishlist_with(picks: Picks, driver: Driver, run: int) -> tuple[str, str, str]:
    """A wishlist of a bench user's with two products (added untimed): its id, the first
    product's id and the user's token."""
    user = await driver.user(run)
    created = await driver.call("CreateWishlist", {"name": f"Kept {run}"}, user.token)
    wishlist_id = str(created["wishlist"]["id"])
    products = [listing(picks, run)[0], listing(picks, run + 1)[0]]
    for product_id in products:
        added = {"wishlistId": wishlist_id, "productId": product_id, "priority": 1}
        await driver.call("AddToWishlist", added, user.token)
    return wishlist_id, products[0], user.token


async def _remove_from_wishlist(picks: Picks, driver: Driver, run: int) -> Request:
    wishlist_id, product_id, token = await _wishlist_with(picks, driver, run)
    return Request({"wishlistId": wishlist_id, "productId": product_id}, token)


async def _delete_wishlist(picks: Picks, driver: Driver, run: int) -> Request:
    wishlist_id, _, token = await _wishlist_with(picks, driver, run)
    return Request({"id": wishlist_id}, token)


async def _register_seller(picks: Picks, driver: Driver, run: int) -> Request:
    name = f"bench{driver.tag}rs{run}"
    return Request(
        {
            "input": {
                "username": name,
                "email": f"{name}@bench.example.com",
                "password": BENCH_PASSWORD,
                "firstName": "Reg",
                "lastName": "Seller",
                "storeName": f"Bench Seller {driver.tag} {run}",
            }
        }
    )


def _seller_line(picks: Picks, run: int) -> tuple[str, str]:
    return picks.seller_listings[run % len(picks.seller_listings)], picks.seller_id


async def _mark_delivered(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    line = _seller_line(picks, run)
    seller_token = await driver.token(picks.seller_username)
    order_id = await driver.shipped(user, line, seller_token)
    return Request({"orderId": order_id, "productId": line[0]}, seller_token)


async def _return_item(picks: Picks, driver: Driver, run: int) -> Request:
    user = await driver.user(run)
    line = _seller_line(picks, run)
    seller_token = await driver.token(picks.seller_username)
    order_id = await driver.shipped(user, line, seller_token, delivered=True)
    return Request(
        {"orderId": order_id, "productId": line[0], "reason": "Not as described."}, user.token
    )


async def _create_coupon(picks: Picks, driver: Driver, run: int) -> Request:
    coupon = {
        "code": f"BENCH-{driver.tag}-{run}",
        "discountType": "PERCENT",
        "discountValue": "15",
        "minOrder": "30.00",
        "validUntil": "2027-04-01T00:00:00.000Z",
        "usageLimit": 1000,
        "perUserLimit": 1,
    }
    return Request({"input": coupon}, await driver.token("admin"))


WRITES: dict[str, Make] = {
    "UpdateStore": _update_store,
    "WithdrawListing": _withdraw_listing,
    "SetProductDetails": _set_product_details,
    "RequestImageUpload": _request_image_upload,
    "AttachImage": _attach_image,
    "RemoveImage": _remove_image,
    "UpdateAddress": _update_address,
    "DeleteAddress": _delete_address,
    "ChangePassword": _change_password,
    "RequestPasswordReset": _request_password_reset,
    "ResetPassword": _reset_password,
    "RemoveFromWishlist": _remove_from_wishlist,
    "DeleteWishlist": _delete_wishlist,
    "RegisterSeller": _register_seller,
    "MarkDelivered": _mark_delivered,
    "ReturnItem": _return_item,
    "CreateCoupon": _create_coupon,
}
