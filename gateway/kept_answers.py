"""Answers to catalog queries, kept while everything they were built from is.

Seed 002's busiest reads (category pages, searches, product pages, the category tree) are
the same for everyone, and the catalog cache (`loaders/shared_cache.py`) already holds
what they read. Running such a query again from the cache still costs its execution: a
category page of 20 cards is several ms of Strawberry's and graphql-core's work. So the
answer itself is kept, under the query, its operation name and its variables, when:

- it is a query's, over HTTP, without errors;
- every read of it was the catalog cache's (a hit, or a read the cache now holds): no
  call past the cache, no absent item, no value read across a write (`CacheUse.whole`);
- it never asked who is calling (`Context.viewer_asked`), so it is the same for anyone.

A kept answer is given again while every entry it used is still held, unchanged
(`SharedCache.still_holds`): a write of this process that drops one of them, or the
entry's TTL, ends it; so it is never older than the catalog cache would make it. However
little it read (`{ __typename }`: nothing), it lives one TTL at most. Each operation still
passes every check before this (limits, cost, budget); its budget is charged only the
calls it makes: none.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from gateway.context import Context
from loaders.shared_cache import CacheUse, Held, SharedCache

AnswerKey = tuple[str, str | None, bytes]


@dataclass(frozen=True)
class KeptAnswer:
    data: dict[str, Any]
    held: tuple[tuple[Hashable, Held], ...]
    expires: float


class KeptAnswers:
    """At most `max_entries` answers, the least recently used dropped first."""

    def __init__(self, cache: SharedCache, max_entries: int) -> None:
        self.cache = cache
        self.max_entries = max_entries
        self._answers: OrderedDict[AnswerKey, KeptAnswer] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.cache.enabled and self.max_entries > 0

    def find(self, key: AnswerKey) -> dict[str, Any] | None:
        answer = self._answers.get(key)
        if answer is None:
            return None
        if answer.expires <= self.cache.clock() or not self._still_held(answer.held):
            del self._answers[key]
            return None
        self._answers.move_to_end(key)
        return answer.data

    def keep(self, key: AnswerKey, data: dict[str, Any], use: CacheUse) -> None:
        """Keep `data` if everything it was built from is still held."""
        held = tuple(use.held.items())
        if not use.whole or not self._still_held(held):
            return
        expires = self.cache.clock() + self.cache.ttl_seconds
        self._answers[key] = KeptAnswer(data, held, expires)
        self._answers.move_to_end(key)
        while len(self._answers) > self.max_entries:
            self._answers.popitem(last=False)

    def _still_held(self, held: tuple[tuple[Hashable, Held], ...]) -> bool:
        return all(self.cache.still_holds(entry, kept) for entry, kept in held)


def answer_key(query: str, operation_name: str | None, variables: Any) -> AnswerKey | None:
    """The query, the operation it runs and its variables; None if they do not encode."""
    try:
        encoded = orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return None
    return (query, operation_name, encoded)


def kept_answers(answers: KeptAnswers) -> type[SchemaExtension]:
    """A Strawberry extension, last of the schema's: it runs nothing that an earlier one
    refused (their refusal is already the result)."""

    class KeptAnswersExtension(SchemaExtension):
        def on_execute(self) -> Iterator[None]:
            execution = self.execution_context
            context = execution.context
            key = None
            if (
                isinstance(context, Context)
                and context.loaders.dynamo.cache is answers.cache
                and execution.result is None
                and execution.query is not None
                and execution.operation_type is OperationType.QUERY
            ):
                key = answer_key(execution.query, execution.operation_name, execution.variables)
            if key is None:
                yield
                return
            use = context.loaders.dynamo.cache_use
            found = answers.find(key)
            if found is not None:
                use.answered = True
                execution.result = GraphQLExecutionResult(data=found, errors=None)
                yield
                return
            yield
            result = execution.result
            if (
                result is not None
                and result.data is not None
                and not result.errors
                and not context.viewer_asked
            ):
                answers.keep(key, result.data, use)

    return KeptAnswersExtension
