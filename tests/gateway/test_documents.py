"""Documents are parsed and checked once per text, and the cache stays bounded."""

from __future__ import annotations

import pytest
from strawberry.extensions import DisableIntrospection
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionResult

import gateway.documents
from gateway.documents import DocumentCache, checked_documents
from gateway.limits import Limits
from schema import build_schema

LIMITS = Limits(depth=3, aliases=2, fields=50, directives=2, tokens=200, repeats=3)


class Counting:
    """How many times graphql-core's validation ran."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs = 0

        def counted(*args: object) -> object:
            self.runs += 1
            return validate_document(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(gateway.documents, "validate_document", counted)


async def run(cache: DocumentCache, query: str, *, introspection: bool = True) -> ExecutionResult:
    extensions: list[object] = [checked_documents(LIMITS, cache)]
    if not introspection:
        extensions.append(DisableIntrospection)
    return await build_schema(extensions=extensions).execute(query)


async def test_a_text_is_validated_once(monkeypatch: pytest.MonkeyPatch) -> None:
    validations, cache = Counting(monkeypatch), DocumentCache(10)
    for _ in range(3):
        assert (await run(cache, "{ __typename }")).data == {"__typename": "Query"}
    assert validations.runs == 1
    assert len(cache) == 1


async def test_cached_errors_are_answered_again(monkeypatch: pytest.MonkeyPatch) -> None:
    validations, cache = Counting(monkeypatch), DocumentCache(10)
    first = await run(cache, "{ nope }")
    again = await run(cache, "{ nope }")
    assert [e.message for e in again.errors or []] == [e.message for e in first.errors or []]
    assert "Cannot query field 'nope'" in (again.errors or [])[0].message
    assert validations.runs == 1


async def test_a_document_over_a_limit_is_refused_from_the_cache_too() -> None:
    cache = DocumentCache(10)
    query = "{ a: __typename b: __typename c: __typename }"
    for _ in range(2):
        result = await run(cache, query)
        assert result.data is None
        assert "alias limit is 2" in (result.errors or [])[0].message


async def test_texts_that_do_not_parse_are_not_kept() -> None:
    cache = DocumentCache(10)
    assert (await run(cache, "{ __typename ")).errors
    too_long = "{ " + "__typename " * 300 + "}"
    assert (await run(cache, too_long)).errors
    assert len(cache) == 0


async def test_the_oldest_text_is_dropped_past_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    validations, cache = Counting(monkeypatch), DocumentCache(2)
    for query in ("{ a: __typename }", "{ b: __typename }", "{ c: __typename }"):
        await run(cache, query)
    assert len(cache) == 2
    await run(cache, "{ a: __typename }")  # dropped: parsed and validated again
    assert validations.runs == 4


async def test_each_schema_keeps_its_own_rules() -> None:
    """The cache belongs to one schema: introspection refused by one is not by another."""
    query = "{ __schema { queryType { name } } }"
    assert (await run(DocumentCache(10), query, introspection=False)).errors
    assert (await run(DocumentCache(10), query)).data == {
        "__schema": {"queryType": {"name": "Query"}}
    }
