"""What every floor script does the same way: decode a response, Scan the categories,
batch keys of any tables, read the caller from the token."""

from __future__ import annotations

import asyncio
from typing import Any

import jwt

from bench.measure import Request
from bench.recording import Recorder
from loaders.codec import Item, decode_item
from loaders.model import CATEGORIES


def items_of_response(response: dict[str, Any]) -> list[Item]:
    return [decode_item(raw) for raw in response.get("Items", [])]


async def scan_categories(rec: Recorder) -> list[Item]:
    items: list[Item] = []
    request: dict[str, Any] = {"TableName": CATEGORIES.name}
    while True:
        response = await rec("Scan", **request)
        items += items_of_response(response)
        if "LastEvaluatedKey" not in response:
            return items
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]


async def batch_get(rec: Recorder, keys: list[tuple[str, dict[str, str]]]) -> list[Item]:
    """One BatchGetItem per 100 keys (the parts concurrent), any tables."""
    unique = list({(t, k["pk"], k["sk"]): (t, k) for t, k in keys}.values())
    found: list[Item] = []

    async def chunk(part: list[tuple[str, dict[str, str]]]) -> None:
        request: dict[str, Any] = {}
        for table, key in part:
            request.setdefault(table, {"Keys": []})["Keys"].append(
                {name: {"S": value} for name, value in key.items()}
            )
        response = await rec("BatchGetItem", RequestItems=request)
        found.extend(decode_item(r) for rows in response["Responses"].values() for r in rows)

    await asyncio.gather(*(chunk(unique[i : i + 100]) for i in range(0, len(unique), 100)))
    return found


def caller(request: Request, secret: bytes) -> tuple[str, str]:
    claims = jwt.decode(
        request.token or "", secret, algorithms=["HS256"], options={"verify_iss": False}
    )
    return str(claims["sub"]), str(claims["sid"])


async def index_page(
    rec: Recorder, table: str, index: str, partition: tuple[str, str], limit: int
) -> dict[str, Any]:
    """One Query of an index partition (`(attribute, value)`), newest first, `limit` items."""
    attribute, value = partition
    response: dict[str, Any] = await rec(
        "Query",
        TableName=table,
        IndexName=index,
        KeyConditionExpression=f"{attribute} = :pk",
        ExpressionAttributeValues={":pk": {"S": value}},
        ScanIndexForward=False,
        Limit=limit,
    )
    return response
