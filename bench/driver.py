"""Untimed calls to the gateway that set the bench up: sign-ins, users of the bench's own
with an address, carts and orders; beside them, a file PUT to a presigned upload URL, as a
browser sends it, and the one state no call gives, a password reset code (it is e-mailed),
stored in the tables as the gateway stores it. A refused call raises `PreparationFailed`."""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.measure import Request, Variables
from bench.targets import AsgiTarget
from gateway.demo import DEMO_PASSWORD
from gateway.settings import Settings
from loaders.dynamo import Dynamo, DynamoClient
from resolvers.passwords import new_code

BENCH_PASSWORD = "bench-password-0123"


class PreparationFailed(Exception):
    """A request the bench sends to set a write up was refused."""


@dataclass
class PoolUser:
    token: str
    user_id: str
    address_id: str
    username: str


@dataclass(frozen=True)
class Storage:
    """The gateway's tables and settings (its secret keys the codes' HMAC)."""

    client: DynamoClient
    settings: Settings


@dataclass
class Driver:
    """Untimed calls to the gateway that sign users in and set state up."""

    gateway: AsgiTarget
    documents: dict[str, str]
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    tokens: dict[str, str] = field(default_factory=dict)
    pool: dict[int, PoolUser] = field(default_factory=dict)
    categories: int = 0  # categories created so far
    storage: Storage | None = None  # for reset codes: without it, ResetPassword is not measured

    async def call(self, name: str, variables: Variables, token: str | None = None) -> Any:
        if name not in self.documents:
            raise PreparationFailed(f"the contract has no {name}")
        body = await self.gateway.post(self.documents[name], Request(variables, token), trace=False)
        data = body.get("data") or {}
        field_value = next(iter(data.values()), None) if data else None
        problems = body.get("errors") or (
            field_value.get("errors") if isinstance(field_value, dict) else None
        )
        if problems or field_value is None:
            raise PreparationFailed(f"{name} {variables}: {problems or body}")
        return field_value

    async def login(self, username: str, password: str = DEMO_PASSWORD) -> str:
        answer = await self.call("Login", {"username": username, "password": password})
        return str(answer["token"])

    async def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = await self.login(username)
        return self.tokens[username]

    async def user(self, index: int) -> PoolUser:
        """A user of the bench's own, registered on first use, with an address."""
        if index not in self.pool:
            self.pool[index] = await self._register(f"bench{self.tag}u{index}")
        return self.pool[index]

    async def fresh_user(self, label: str) -> PoolUser:
        """A user of the bench's own for one run only (one whose password is changed)."""
        return await self._register(f"bench{self.tag}{label}")

    async def _register(self, name: str) -> PoolUser:
        problem: PreparationFailed | None = None
        for attempt in range(3):  # a retried name, should a sign-up fail under load
            username = name if attempt == 0 else f"{name}x{attempt}"
            try:
                registered = await self.call(
                    "Register",
                    {
                        "input": {
                            "username": username,
                            "email": f"{username}@bench.example.com",
                            "password": BENCH_PASSWORD,
                            "firstName": "Bench",
                            "lastName": "User",
                        }
                    },
                )
                token = str(registered["token"])
                added = await self.call("AddAddress", {"input": ADDRESS}, token)
            except PreparationFailed as failed:
                print(f"bench: could not set user {username} up: {failed}", file=sys.stderr)
                problem = failed
                continue
            user_id = str(registered["user"]["id"])
            return PoolUser(token, user_id, str(added["address"]["id"]), username)
        assert problem is not None
        raise problem

    async def reset_code(self, user: PoolUser) -> str:
        """A fresh password reset code of the user's, stored as `requestPasswordReset`
        stores one (whose e-mail goes to moto, out of the bench's reach)."""
        if self.storage is None:
            raise PreparationFailed("no tables to store a password reset code in")
        dynamo = Dynamo(self.storage.client, self.storage.settings.table_prefix)
        return await new_code(dynamo, self.storage.settings, user.user_id)

    async def upload(self, upload: dict[str, Any], body: bytes) -> None:
        """`body` sent to a presigned upload of `requestProductImageUpload`'s, as a browser
        sends it (its own Content-Length)."""
        headers = {h["name"]: h["value"] for h in upload["headers"]}
        headers.pop("Content-Length", None)
        # The URL is the engine's S3 (moto over plain HTTP): no TLS context to build.
        async with httpx.AsyncClient(verify=False) as http:
            sent = await http.request(
                upload["method"], upload["url"], content=body, headers=headers
            )
        if sent.status_code != 200:
            raise PreparationFailed(f"upload to {upload['url']}: {sent.status_code} {sent.text}")

    async def fill_cart(self, user: PoolUser, lines: list[tuple[str, str]]) -> None:
        await self.call("ClearCart", {}, user.token)
        for product_id, seller_id in lines:
            await self.call(
                "AddToCart",
                {"productId": product_id, "sellerId": seller_id, "quantity": 1},
                user.token,
            )

    async def order(self, user: PoolUser, lines: list[tuple[str, str]]) -> str:
        await self.fill_cart(user, lines)
        placed = await self.call("Checkout", {"input": checkout_input(user)}, user.token)
        return str(placed["order"]["id"])

    async def shipped(
        self, user: PoolUser, line: tuple[str, str], seller_token: str, *, delivered: bool = False
    ) -> str:
        """An order of `user`'s of one line, shipped (and delivered) by its seller."""
        product_id = line[0]
        order_id = await self.order(user, [line])
        item = {"orderId": order_id, "productId": product_id}
        shipment = item | {"courier": "UPS", "trackingNumber": "1Z0"}
        await self.call("ShipOrderItem", shipment, seller_token)
        if delivered:
            await self.call("MarkDelivered", item, seller_token)
        return order_id


ADDRESS = {
    "label": "Bench",
    "recipient": "Bench User",
    "line1": "1 Load Street",
    "city": "Springfield",
    "postalCode": "12345",
    "country": "US",
}


def checkout_input(user: PoolUser) -> Variables:
    return {
        "shippingAddressId": user.address_id,
        "paymentMethod": "CARD",
        "idempotencyKey": uuid.uuid4().hex,
    }
