"""moveCategory: the whole subtree follows (path, depth, breadcrumbs), in transactions of
100 when it is larger; never under itself; a stopped move is finished by moving again."""

from __future__ import annotations

from typing import Any

import pytest

from loaders import category_writes
from tests.accounts.factories import Account, table
from tests.category_admin.factories import (
    MOVE,
    PLACE,
    links,
    operation,
    slug,
    stored,
    write_categories,
)
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient, GraphQLResponse


def three_levels(isolated: Isolated) -> dict[str, str]:
    """Roots `a` and `p`; under `a`: `b`, under `b`: `c1` and `c2`, under `c1`: `d`.
    Returns each letter's category id."""
    ids = {role: slug() for role in ("a", "p", "b", "c1", "c2", "d")}
    write_categories(
        isolated.settings,
        (ids["a"], "ROOT", slug()),
        (ids["p"], "ROOT", slug()),
        (ids["b"], ids["a"], slug()),
        (ids["c1"], ids["b"], slug()),
        (ids["c2"], ids["b"], slug()),
        (ids["d"], ids["c1"], slug()),
    )
    return ids


async def move(
    graphql: GraphQLClient, admin: Account, cid: str, parent: str | None
) -> tuple[GraphQLResponse, dict[str, Any]]:
    response = await graphql(
        operation(MOVE), {"id": cid, "newParentId": parent}, headers=admin.headers
    )
    return response, response.data["moveCategory"]


async def place(graphql: GraphQLClient, isolated: Isolated, cid: str) -> dict[str, Any]:
    """Depth and breadcrumb ids, by id and by slug (which must agree)."""
    item = stored(isolated.settings, cid)
    assert item is not None
    data = (await graphql(PLACE, {"id": cid, "slug": item["slug"]})).data
    by_id, by_slug = data["category"], data["categoryBySlug"]
    assert by_slug == {k: by_id[k] for k in ("id", "depth", "breadcrumbs")}
    return {"depth": by_id["depth"], "crumbs": [c["id"] for c in by_id["breadcrumbs"]]}


async def test_moving_a_three_level_subtree_moves_every_breadcrumb(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    ids = three_levels(isolated)
    a, p, b, c1, c2, d = (ids[k] for k in ("a", "p", "b", "c1", "c2", "d"))
    assert (await place(isolated_graphql, isolated, d))["crumbs"] == [a, b, c1, d]

    response, moved = await move(isolated_graphql, admin, b, p)
    assert moved["errors"] == []
    assert moved["category"]["depth"] == 1
    assert [c["id"] for c in moved["category"]["breadcrumbs"]] == [p, b]
    # Session, tree, the move, then the three descendants in one more transaction.
    assert response.call_count("TransactWriteItems") == 2
    assert response.call_count("Scan") == 1

    expected = {b: [p, b], c1: [p, b, c1], c2: [p, b, c2], d: [p, b, c1, d]}
    for cid, crumbs in expected.items():
        assert await place(isolated_graphql, isolated, cid) == {
            "depth": len(crumbs) - 1,
            "crumbs": crumbs,
        }
        item = stored(isolated.settings, cid)
        assert item is not None
        assert (item["path"], item["depth"]) == (crumbs, len(crumbs) - 1)
    assert links(isolated.settings, a) == []
    assert links(isolated.settings, p) == [b]

    _, rooted = await move(isolated_graphql, admin, b, None)
    assert [c["id"] for c in rooted["category"]["breadcrumbs"]] == [b]
    assert await place(isolated_graphql, isolated, d) == {"depth": 2, "crumbs": [b, c1, d]}
    assert b in links(isolated.settings, "ROOT")
    assert links(isolated.settings, p) == []


async def test_a_move_under_itself_or_a_descendant_changes_nothing(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    ids = three_levels(isolated)
    before = {cid: stored(isolated.settings, cid) for cid in ids.values()}
    for target in (ids["b"], ids["c1"], ids["d"]):
        response, refused = await move(isolated_graphql, admin, ids["b"], target)
        assert refused["category"] is None
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [
            ("INVALID_INPUT", ["newParentId"])
        ]
        assert response.call_count("TransactWriteItems") == 0
    assert {cid: stored(isolated.settings, cid) for cid in ids.values()} == before
    assert links(isolated.settings, ids["a"]) == [ids["b"]]


async def test_missing_ids_are_not_found(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    ids = three_levels(isolated)
    _, no_category = await move(isolated_graphql, admin, "no-such-category", ids["p"])
    _, no_parent = await move(isolated_graphql, admin, ids["b"], "no-such-category")
    assert [(e["code"], e["field"]) for e in no_category["errors"]] == [("NOT_FOUND", ["id"])]
    assert [(e["code"], e["field"]) for e in no_parent["errors"]] == [
        ("NOT_FOUND", ["newParentId"])
    ]


async def test_a_subtree_larger_than_a_transaction_moves_in_several(
    isolated_graphql: GraphQLClient,
    isolated: Isolated,
    admin: Account,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Transactions of 10 rather than 100 (moto takes seconds over 100 actions on a busy
    machine): 25 descendants are rewritten in 3 of them, after the move itself."""
    monkeypatch.setattr(category_writes, "TRANSACTION_LIMIT", 10)
    root, target, top = slug(), slug(), slug()
    leaves = [slug() for _ in range(25)]
    write_categories(
        isolated.settings,
        (root, "ROOT", slug()),
        (target, "ROOT", slug()),
        (top, root, slug()),
        *((leaf, top, slug()) for leaf in leaves),
    )
    response, moved = await move(isolated_graphql, admin, top, target)
    assert moved["errors"] == []
    assert [c["keys"] for c in response.calls if c["operation"] == "TransactWriteItems"] == [
        4, 10, 10, 5
    ]  # fmt: skip
    for leaf in (leaves[0], leaves[9], leaves[10], leaves[-1]):
        assert await place(isolated_graphql, isolated, leaf) == {
            "depth": 2,
            "crumbs": [target, top, leaf],
        }
    assert all((stored(isolated.settings, leaf) or {})["path"][0] == target for leaf in leaves)


async def test_readers_are_right_during_a_move_and_moving_again_finishes_it(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    """A move that stopped after its first transaction: `b` is under `p`, but `c1`, `c2`
    and `d` still store the paths under `a`."""
    ids = three_levels(isolated)
    a, p, b, c1, d = (ids[k] for k in ("a", "p", "b", "c1", "d"))
    moved = {**(stored(isolated.settings, b) or {}), "parent_id": p, "path": [p, b], "depth": 1}
    categories = table(isolated.settings, "Categories")
    categories.put_item(Item=moved)
    categories.delete_item(Key={"pk": a, "sk": f"SUBCATEGORY#{b}"})
    categories.put_item(
        Item={"pk": p, "sk": f"SUBCATEGORY#{b}", "entity": "Subcategory", "child_id": b,
              "name": moved["name"], "position": moved["position"]}
    )  # fmt: skip
    assert (stored(isolated.settings, d) or {})["path"] == [a, b, c1, d]
    assert await place(isolated_graphql, isolated, d) == {"depth": 3, "crumbs": [p, b, c1, d]}

    response, finished = await move(isolated_graphql, admin, b, p)
    assert finished["errors"] == []
    assert response.call_count("TransactWriteItems") == 1  # only the stale descendants
    assert (stored(isolated.settings, d) or {})["path"] == [p, b, c1, d]
    again, _ = await move(isolated_graphql, admin, b, p)
    assert again.call_count("TransactWriteItems") == 0  # nothing left to do
