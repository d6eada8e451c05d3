"""Accounts and their data for the tests, written straight through boto3 with the storage
contract's key formats spelled out (so the tests pin the layout, not our key code)."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
import jwt
from boto3.dynamodb.conditions import Key

from gateway.settings import Settings
from loaders.ids import new_id, timestamp
from loaders.users import Session
from tests.conftest import TEST_SECRET

PASSWORD = "correct horse battery"


@dataclass
class Account:
    user_id: str
    username: str
    email: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def unique(prefix: str = "user") -> str:
    """A name no other test uses (the moto tables live for the whole session)."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def registration(**overrides: Any) -> dict[str, Any]:
    username = unique()
    return {
        "username": username,
        "email": f"{username}@example.com",
        "password": PASSWORD,
        "firstName": "Ada",
        "lastName": "Lovelace",
    } | overrides


def write_account(
    settings: Settings,
    password_hash: str,
    first_name: str = "Ada",
    roles: tuple[str, ...] = ("customer",),
) -> Account:
    """A signed-in account written straight to the Users table (no password hashing per
    test): the profile, its Unique items, and a session with a token for it."""
    username, session_id, now = unique(), unique("session"), int(time.time())
    user_id, email = unique("u-"), f"{username}@example.com"
    items: list[dict[str, Any]] = [
        {"pk": user_id, "sk": "PROFILE", "entity": "User", "user_id": user_id,
         "username": username, "email": email, "password_hash": password_hash,
         "first_name": first_name, "last_name": "Lovelace", "roles": list(roles),
         "is_seller": False, "seller_rating_sum": 0, "seller_rating_count": 0,
         "reward_points": 0, "created_at": "2026-01-01T00:00:00.000Z",
         "updated_at": "2026-01-01T00:00:00.000Z", "gsi1pk": email, "gsi1sk": user_id},
        {"pk": f"USERNAME#{username}", "sk": "UNIQUE", "entity": "UniqueUsername", "user_id": user_id},
        {"pk": f"EMAIL#{email}", "sk": "UNIQUE", "entity": "UniqueEmail", "user_id": user_id},
        {"pk": user_id, "sk": f"SESSION#{session_id}", "entity": "Session",
         "session_id": session_id, "created_at": "2026-01-01T00:00:00.000Z", "expires_at": now + 3600},
    ]  # fmt: skip
    with table(settings, "Users").batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    token = mint({"sub": user_id, "roles": list(roles), "sid": session_id, "exp": now + 3600})
    return Account(user_id, username, email, PASSWORD, token)


def table(settings: Settings, name: str) -> Any:
    resource = boto3.resource(
        "dynamodb", endpoint_url=settings.dynamodb_endpoint, region_name=settings.aws_region
    )
    return resource.Table(settings.table_prefix + name)


def item(settings: Settings, name: str, pk: str, sk: str) -> dict[str, Any] | None:
    found: dict[str, Any] | None = (
        table(settings, name).get_item(Key={"pk": pk, "sk": sk}, ConsistentRead=True).get("Item")
    )
    return found


def a_session(user_id: str) -> Session:
    """A new session of the user's, as a sign-in makes one (for the loaders' own calls)."""
    now = datetime.now(UTC)
    return Session(user_id, new_id(now), timestamp(now), int(now.timestamp()) + 3600)


def sessions(settings: Settings, user_id: str) -> list[dict[str, Any]]:
    """The user's Session items, as the table holds them now."""
    found: list[dict[str, Any]] = table(settings, "Users").query(
        KeyConditionExpression=Key("pk").eq(user_id) & Key("sk").begins_with("SESSION#"),
        ConsistentRead=True,
    )["Items"]
    return found


def write_rewards(settings: Settings, user_id: str, rewards: list[tuple[str, str, int]]) -> None:
    """Rewards (created_at, type, points) and the balance they add up to, as checkout would."""
    with table(settings, "Rewards").batch_writer() as batch:
        for n, (created_at, kind, points) in enumerate(rewards):
            reward_id = f"rw-{user_id}-{n}"
            reward: dict[str, Any] = {
                "pk": user_id, "sk": f"REWARD#{created_at}#{kind}#{reward_id}", "entity": "Reward",
                "reward_id": reward_id, "type": kind, "points": points,
                "description": f"{kind.title()} {n}", "created_at": created_at,
            }  # fmt: skip
            if kind == "EARN":
                reward["order_id"] = f"o-{n}"
            batch.put_item(Item=reward)
    table(settings, "Users").update_item(
        Key={"pk": user_id, "sk": "PROFILE"},
        UpdateExpression="SET reward_points = :points",
        ExpressionAttributeValues={":points": sum(points for _, _, points in rewards)},
    )


def mint(
    claims: dict[str, Any], key: Any = TEST_SECRET, algorithm: str = "HS256", **headers: Any
) -> str:
    """A token the way another issuer would make it: our issuer, issued now, valid 10
    minutes, unless `claims` says otherwise (a claim of None is left out)."""
    now = int(time.time())
    payload = {"iss": "shop-gateway", "iat": now, "exp": now + 600} | claims
    payload = {name: value for name, value in payload.items() if value is not None}
    return jwt.encode(payload, key, algorithm=algorithm, headers=headers or None)
