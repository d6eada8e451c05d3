"""The operation name a request's log line and metrics carry, when the request names none."""

from __future__ import annotations

from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from gateway.observability import observation
from gateway.observability.observation import Observation


def name_logged(document: str) -> str | None:
    seen = Observation()
    seen.executed(GraphQLRequestData(document, None, None, None), ExecutionResult(data={}, errors=None))  # fmt: skip
    return seen.operations[0].name


def test_the_first_operation_names_an_unnamed_request() -> None:
    document = "fragment F on Query { __typename } query Tree { ...F } query Other { __typename }"
    assert [name_logged(document) for _ in range(3)] == ["Tree"] * 3
    assert name_logged("{ __typename }") is None


def test_only_documents_of_a_frontends_size_are_remembered() -> None:
    remembered = observation._remembered_name
    remembered.cache_clear()
    name_logged("query Small { __typename }")
    huge = "query Huge { __typename }" + " " * observation._REMEMBERED_CHARACTERS
    assert name_logged(huge) == "Huge"
    assert remembered.cache_info().currsize == 1  # the small one: a hostile text is not kept
