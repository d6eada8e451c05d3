"""What the transactions' conditions hold against concurrent writers: no cycle from two
crossing moves, no orphan from a child placed under a category being deleted."""

from __future__ import annotations

import asyncio

import pytest

from loaders import category_writes
from loaders.dynamo import Dynamo, DynamoClient
from loaders.errors import TransactionCancelled
from tests.accounts.factories import Account
from tests.category_admin.factories import CREATE, MOVE, operation, slug, stored, write_categories
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient


async def test_two_crossing_moves_never_make_a_cycle(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    x, y = slug(), slug()
    write_categories(isolated.settings, (x, "ROOT", slug()), (y, "ROOT", slug()))
    moves = await asyncio.gather(
        isolated_graphql(operation(MOVE), {"id": x, "newParentId": y}, headers=admin.headers),
        isolated_graphql(operation(MOVE), {"id": y, "newParentId": x}, headers=admin.headers),
    )
    outcomes = sorted([e["code"] for e in m.data["moveCategory"]["errors"]] for m in moves)
    assert outcomes == [[], ["INVALID_INPUT"]]
    parents = {cid: (stored(isolated.settings, cid) or {})["parent_id"] for cid in (x, y)}
    (root,) = [cid for cid, parent in parents.items() if parent == "ROOT"]
    assert parents[y if root == x else x] == root  # one under the other, not each other


async def test_a_child_placed_after_a_delete_read_stops_the_delete(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account, dynamodb: DynamoClient
) -> None:
    parent = slug()
    write_categories(isolated.settings, (parent, "ROOT", slug()))
    read_by_delete = stored(isolated.settings, parent)
    assert read_by_delete is not None
    created = await isolated_graphql(
        operation(CREATE),
        {"input": {"name": "Late child", "slug": slug(), "parentId": parent}},
        headers=admin.headers,
    )
    assert created.data["createCategory"]["errors"] == []
    with pytest.raises(TransactionCancelled):
        await category_writes.delete(
            Dynamo(dynamodb, isolated.settings.table_prefix), read_by_delete
        )
    assert stored(isolated.settings, parent) is not None
