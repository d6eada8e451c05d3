"""DynamoDB deletes TTL-expired items days late: every read treats them as absent."""

from __future__ import annotations

import time

import boto3

from gateway.settings import Settings
from loaders.dynamo import Dynamo, DynamoClient
from loaders.keys import UserKey
from loaders.model import USERS
from loaders.request import RequestLoaders


def _put_users(settings: Settings, *users: tuple[str, int]) -> None:
    table = boto3.resource(
        "dynamodb", endpoint_url=settings.dynamodb_endpoint, region_name=settings.aws_region
    ).Table(settings.table_prefix + "Users")
    for user_id, expires_at in users:
        table.put_item(
            Item={"pk": user_id, "sk": "PROFILE", "entity": "User", "expires_at": expires_at}
        )


async def test_expired_items_are_absent_from_batches_and_queries(
    dynamodb: DynamoClient, settings: Settings
) -> None:
    now = int(time.time())
    _put_users(settings, ("ttl-expired", now - 60), ("ttl-live", now + 3600))
    loaders = RequestLoaders(Dynamo(dynamodb, settings.table_prefix))
    expired, live = await loaders.items.load_many([UserKey("ttl-expired"), UserKey("ttl-live")])
    assert expired is None
    assert live is not None
    assert live["pk"] == "ttl-live"
    queried = await loaders.dynamo.query_all(USERS, "pk = :pk", {":pk": "ttl-expired"})
    assert queried == []
