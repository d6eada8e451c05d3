"""The category tree: one Scan whose answer holds the Category items alone."""

from __future__ import annotations

import uuid
from typing import Any

from gateway.settings import Settings
from loaders.categories import category_tree
from loaders.dynamo import Dynamo, DynamoClient
from loaders.keys import INFO
from tests.factories import Catalog


async def test_the_tree_is_read_from_the_category_items_alone(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    answers: list[dict[str, Any]] = []

    def keep(parsed: dict[str, Any], **_: Any) -> None:
        answers.append(parsed)

    hook = uuid.uuid4().hex
    dynamodb.meta.events.register("after-call.dynamodb.Scan", keep, unique_id=hook)
    try:
        tree = await category_tree(Dynamo(dynamodb, settings.table_prefix))
    finally:
        dynamodb.meta.events.unregister("after-call.dynamodb.Scan", unique_id=hook)

    (answer,) = answers
    # The links between categories (SUBCATEGORY#) are read, and left out by DynamoDB: the
    # answer, parsed and decoded by the gateway, is the Category items.
    assert {item["sk"]["S"] for item in answer["Items"]} == {INFO}
    assert answer["ScannedCount"] > answer["Count"]
    assert set(tree.stored) == {item["pk"]["S"] for item in answer["Items"]}
    assert tree.children["electronics"] == ["audio", "phones"]
    assert tree.path("headphones")[-1]["pk"] == "headphones"
