"""The naive schema's only reads: GetItem, Query, a count, one blocking boto3 call each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.recording import SyncRecorder
from loaders.codec import Item, decode_item


@dataclass
class Store:
    rec: SyncRecorder

    def get(self, table: str, pk: str, sk: str) -> Item | None:
        response = self.rec("GetItem", TableName=table, Key={"pk": {"S": pk}, "sk": {"S": sk}})
        raw = response.get("Item")
        return decode_item(raw) if raw else None

    def query(
        self,
        table: str,
        pk: str,
        prefix: str | None = None,
        *,
        index: str | None = None,
        newest_first: bool = False,
        limit: int | None = None,
    ) -> list[Item]:
        request = self._query(table, pk, prefix, index)
        request["ScanIndexForward"] = not newest_first
        if limit is not None:
            request["Limit"] = limit
        response = self.rec("Query", **request)
        return [decode_item(raw) for raw in response.get("Items", [])]

    def count(self, table: str, pk: str, prefix: str | None = None) -> int:
        response = self.rec("Query", **self._query(table, pk, prefix, None), Select="COUNT")
        return int(response.get("Count", 0))

    @staticmethod
    def _query(table: str, pk: str, prefix: str | None, index: str | None) -> dict[str, Any]:
        partition = "gsi1pk" if index else "pk"
        request: dict[str, Any] = {
            "TableName": table,
            "KeyConditionExpression": f"{partition} = :pk",
            "ExpressionAttributeValues": {":pk": {"S": pk}},
        }
        if index:
            request["IndexName"] = index
        if prefix is not None:
            request["KeyConditionExpression"] += " AND begins_with(sk, :prefix)"
            request["ExpressionAttributeValues"][":prefix"] = {"S": prefix}
        return request
