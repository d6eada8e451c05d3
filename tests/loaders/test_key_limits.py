"""The storage edge (loaders/dynamo.py) never sends a key DynamoDB refuses: a read of one
finds nothing, a write that needs its item fails its condition as for an absent item,
and any other write is the caller's mistake (INVALID_INPUT)."""

from __future__ import annotations

import pytest

from gateway.errors import UserErrorCode
from gateway.settings import Settings
from loaders.dynamo import Dynamo, DynamoClient
from loaders.errors import ConditionFailed, KeyRefused, TransactionCancelled
from loaders.key_limits import PARTITION_KEY_BYTES, SORT_KEY_BYTES, storable_key_value
from loaders.keys import CategoryKey, ListingKey, ProductKey
from loaders.model import PRODUCTS
from loaders.writes import MUST_BE_NEW, MUST_EXIST, Check, Delete, Put, Update

TOO_LONG = "é" * 1025  # 2,050 bytes


@pytest.mark.parametrize(
    ("value", "limit", "storable"),
    [
        pytest.param("", PARTITION_KEY_BYTES, False, id="empty"),
        pytest.param("é" * 1024, PARTITION_KEY_BYTES, True, id="2048-bytes"),
        pytest.param(TOO_LONG, PARTITION_KEY_BYTES, False, id="2050-bytes"),
        pytest.param("x" * 1024, SORT_KEY_BYTES, True, id="sort-1024"),
        pytest.param("x" * 1025, SORT_KEY_BYTES, False, id="sort-1025"),
        pytest.param("\ud800", PARTITION_KEY_BYTES, False, id="lone-surrogate"),
    ],
)
def test_key_values_are_measured_in_utf8_bytes(value: str, limit: int, storable: bool) -> None:
    assert storable_key_value(value, limit) is storable


async def test_reads_of_refused_keys_find_nothing_and_send_nothing(
    dynamodb: DynamoClient, settings: Settings
) -> None:
    dynamo = Dynamo(dynamodb, settings.table_prefix)
    found = await dynamo.batch_get([ProductKey(""), ListingKey("p", "x" * 1020)])
    assert found == {ProductKey(""): None, ListingKey("p", "x" * 1020): None}
    assert await dynamo.get_consistent(ProductKey(TOO_LONG)) is None
    page = await dynamo.query(PRODUCTS, "pk = :pk", {":pk": TOO_LONG})
    assert (page.items, page.count) == ([], 0)
    assert dynamo.log.calls == []


async def test_writes_of_refused_keys_fail_as_for_an_absent_item_or_are_refused(
    dynamodb: DynamoClient, settings: Settings
) -> None:
    dynamo = Dynamo(dynamodb, settings.table_prefix)
    with pytest.raises(ConditionFailed):
        await dynamo.update(Update(ProductKey(""), {"name": "n"}, MUST_EXIST))
    with pytest.raises(TransactionCancelled) as cancelled:
        await dynamo.transact_write(
            [Put(ProductKey("p-new"), {}, MUST_BE_NEW), Check(CategoryKey(TOO_LONG), MUST_EXIST)]
        )
    assert cancelled.value.reasons == ["None", "ConditionalCheckFailed"]
    with pytest.raises(KeyRefused) as refused:
        await dynamo.put(Put(ProductKey(TOO_LONG), {"name": "n"}, MUST_BE_NEW))
    assert [p.code for p in refused.value.problems] == [UserErrorCode.INVALID_INPUT]
    with pytest.raises(KeyRefused):
        await dynamo.put(Put(ProductKey("p-ok"), {"gsi1pk": ""}))
    with pytest.raises(KeyRefused):
        await dynamo.delete(Delete(ProductKey("")))
    assert dynamo.log.calls == []
