"""createCategory and updateCategory: slugs are unique (a guard item, even under
concurrency), path and depth come from the parent, the link copies name and position."""

from __future__ import annotations

import asyncio
from typing import Any

from tests.accounts.factories import Account
from tests.cart.factories import partition
from tests.category_admin.factories import (
    CREATE,
    PLACE,
    UPDATE,
    guard,
    links,
    operation,
    slug,
    stored,
    write_categories,
)
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient, GraphQLResponse


async def create(
    graphql: GraphQLClient, admin: Account, **fields: Any
) -> tuple[GraphQLResponse, dict[str, Any]]:
    variables = {"input": {"name": "Lamps", "slug": slug()} | fields}
    response = await graphql(operation(CREATE), variables, headers=admin.headers)
    return response, response.data["createCategory"]


async def test_creates_a_root_then_a_child_under_it(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    response, root = await create(isolated_graphql, admin, name="Home", description="For home")
    assert root["errors"] == []
    root_id = root["category"]["id"]
    assert root["category"]["depth"] == 0
    assert root["category"]["breadcrumbs"] == [{"id": root_id}]
    # The session, one Scan of the tree, one transaction.
    assert [c["operation"] for c in response.calls] == [
        "BatchGetItem",
        "Scan",
        "TransactWriteItems",
    ]

    child_slug = slug()
    _, child = await create(isolated_graphql, admin, slug=child_slug, parentId=root_id)
    assert child["errors"] == []
    child_id = child["category"]["id"]
    assert child["category"] == {
        "id": child_id, "name": "Lamps", "slug": child_slug, "depth": 1,
        "breadcrumbs": [{"id": root_id}, {"id": child_id}],
    }  # fmt: skip
    item = stored(isolated.settings, child_id)
    assert item is not None
    assert (item["parent_id"], item["path"], item["depth"]) == (root_id, [root_id, child_id], 1)
    assert links(isolated.settings, root_id) == [child_id]
    assert root_id in links(isolated.settings, "ROOT")
    assert (guard(isolated.settings, child_slug) or {}).get("category_id") == child_id

    read = await isolated_graphql(PLACE, {"id": root_id, "slug": child_slug})
    assert read.data["category"]["children"] == [{"id": child_id}]
    assert read.data["categoryBySlug"]["id"] == child_id


async def test_a_taken_slug_is_refused(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    taken, unguarded = slug(), slug()
    _, first = await create(isolated_graphql, admin, slug=taken)
    assert first["errors"] == []
    write_categories(isolated.settings, (slug(), "ROOT", unguarded))  # no guard item
    for wanted in (taken, unguarded):
        _, second = await create(isolated_graphql, admin, slug=wanted)
        assert second["category"] is None
        assert [(e["code"], e["field"]) for e in second["errors"]] == [
            ("INVALID_INPUT", ["input", "slug"])
        ]


async def test_of_two_concurrent_creates_with_one_slug_exactly_one_wins(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    wanted = slug()
    results = await asyncio.gather(
        *(create(isolated_graphql, admin, slug=wanted, name=f"Twin {n}") for n in range(2))
    )
    payloads = [payload for _, payload in results]
    winners = [p["category"]["id"] for p in payloads if p["category"]]
    assert len(winners) == 1
    assert sorted(e["code"] for p in payloads for e in p["errors"]) == ["INVALID_INPUT"]
    assert (guard(isolated.settings, wanted) or {}).get("category_id") == winners[0]
    read = await isolated_graphql(PLACE, {"id": winners[0], "slug": wanted})
    assert read.data["categoryBySlug"]["id"] == winners[0]


async def test_invalid_input_and_a_missing_parent_are_refused(
    isolated_graphql: GraphQLClient, admin: Account
) -> None:
    _, bad = await create(isolated_graphql, admin, name=" ", slug="Not A-Slug", imageUrl="nope")
    assert sorted((e["code"], tuple(e["field"])) for e in bad["errors"]) == [
        ("INVALID_INPUT", ("input", "imageUrl")),
        ("INVALID_INPUT", ("input", "name")),
        ("INVALID_INPUT", ("input", "slug")),
    ]
    _, orphan = await create(isolated_graphql, admin, parentId="no-such-category")
    assert [(e["code"], e["field"]) for e in orphan["errors"]] == [
        ("NOT_FOUND", ["input", "parentId"])
    ]


async def test_update_renames_and_moves_the_slug_guard(
    isolated_graphql: GraphQLClient, isolated: Isolated, admin: Account
) -> None:
    parent, old_slug, new_slug = slug(), slug(), slug()
    write_categories(isolated.settings, (parent, "ROOT", slug()))
    _, created = await create(isolated_graphql, admin, slug=old_slug, parentId=parent)
    cid = created["category"]["id"]
    changes = {
        "name": "Desk lamps",
        "slug": new_slug,
        "position": 7,
        "imageUrl": "https://img.test/l.jpg",
    }
    response = await isolated_graphql(UPDATE, {"id": cid, "input": changes}, headers=admin.headers)
    updated = response.data["updateCategory"]
    assert updated["errors"] == []
    assert updated["category"] | {"breadcrumbs": None} == {
        "id": cid, "name": "Desk lamps", "slug": new_slug, "description": None,
        "imageUrl": "https://img.test/l.jpg", "position": 7, "depth": 1, "breadcrumbs": None,
    }  # fmt: skip
    link = [
        r
        for r in partition(isolated.settings, "Categories", parent)
        if r["sk"] == f"SUBCATEGORY#{cid}"
    ]
    assert [(r["name"], r["position"]) for r in link] == [("Desk lamps", 7)]
    assert guard(isolated.settings, old_slug) is None
    assert (guard(isolated.settings, new_slug) or {}).get("category_id") == cid
    _, reuse = await create(isolated_graphql, admin, slug=old_slug)  # the old slug is free
    assert reuse["errors"] == []

    removed = await isolated_graphql(
        UPDATE, {"id": cid, "input": {"imageUrl": None, "slug": old_slug}}, headers=admin.headers
    )
    assert [(e["code"], e["field"]) for e in removed.data["updateCategory"]["errors"]] == [
        ("INVALID_INPUT", ["input", "slug"])
    ]
    assert (stored(isolated.settings, cid) or {}).get("image_url") == "https://img.test/l.jpg"
    missing = await isolated_graphql(
        UPDATE, {"id": "no-such-category", "input": {"name": "X"}}, headers=admin.headers
    )
    assert [(e["code"], e["field"]) for e in missing.data["updateCategory"]["errors"]] == [
        ("NOT_FOUND", ["id"])
    ]
