"""`python -m bench.client_cpu`: every variant of the client makes every call."""

from __future__ import annotations

from bench.client_cpu import CALLS, TABLE, VARIANTS, measure, prepare
from gateway.settings import Settings
from loaders.dynamo import DynamoClient


async def test_measures_each_call_of_each_variant(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    await prepare(settings)
    try:
        figures = await measure(settings, calls=1, repeats=1)
    finally:
        await dynamodb.delete_table(TableName=TABLE)
    assert list(figures) == list(VARIANTS)
    assert all(list(by_call) == list(CALLS) for by_call in figures.values())
    assert all(us > 0 for by_call in figures.values() for us in by_call.values())
