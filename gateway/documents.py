"""Each document text parsed, measured against the limits and validated once per process.

Frontends send the same few operations over and over: parsing and validating them again
for every request is most of the gateway's own time on a small query. A bounded LRU of
texts (`max_entries`, the oldest dropped first) keeps the parsed document and the errors
its checks found; every request of the process shares it. A text that does not parse,
or that is over the token limit, is not kept (Strawberry reports it as before), so
hostile texts only evict entries, never grow memory.

The checks are gateway/limits.py's (shape, before graphql-core's validation, which does
not run on a document over a limit) and then graphql-core's validation rules, which are
the same for every request of one schema. Their errors are `ValidationFailed`
(GRAPHQL_VALIDATION_FAILED), a variable that is unused, undefined or in the wrong
position too; a variable's value that does not coerce is found later, at execution
(BAD_USER_INPUT).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass

from graphql import DocumentNode, GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document
from strawberry.types import ExecutionContext

from gateway.errors import ValidationFailed
from gateway.limits import Limits, parse_limited, shape_problem


@dataclass
class CheckedDocument:
    document: DocumentNode
    errors: list[GraphQLError] | None = None  # None: not validated yet


class DocumentCache:
    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, CheckedDocument] = OrderedDict()

    def get(self, text: str) -> CheckedDocument | None:
        entry = self._entries.get(text)
        if entry is not None:
            self._entries.move_to_end(text)
        return entry

    def put(self, text: str, entry: CheckedDocument) -> CheckedDocument:
        if self.max_entries > 0:
            self._entries[text] = entry
            if len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return entry

    def __len__(self) -> int:
        return len(self._entries)


def _check(context: ExecutionContext, limits: Limits) -> list[GraphQLError]:
    document = context.graphql_document
    assert document is not None
    problem = shape_problem(document, limits)
    if problem is not None:
        return [GraphQLError(str(problem), original_error=problem)]
    errors = validate_document(context.schema._schema, document, context.validation_rules)
    return [_failed_validation(error) for error in errors]


def _failed_validation(error: GraphQLError) -> GraphQLError:
    return GraphQLError(
        error.message,
        error.nodes,
        error.source,
        error.positions,
        original_error=ValidationFailed(error.message),
    )


def checked_documents(limits: Limits, cache: DocumentCache) -> type[SchemaExtension]:
    """A Strawberry extension (a class: one instance per operation) that parses within
    the token limit, refuses what is over the other limits with QUERY_TOO_COMPLEX, and
    validates; all three through `cache`."""

    class CheckedDocuments(SchemaExtension):
        def on_parse(self) -> Iterator[None]:
            context = self.execution_context
            if context.graphql_document is None and context.query:
                entry = cache.get(context.query)
                if entry is None:
                    # On a syntax error, Strawberry parses it again and reports the error.
                    with suppress(GraphQLSyntaxError):
                        document = parse_limited(context.query, limits.tokens)
                        entry = cache.put(context.query, CheckedDocument(document))
                if entry is not None:
                    context.graphql_document = entry.document
            yield

        def on_validate(self) -> Iterator[None]:
            context = self.execution_context
            if context.graphql_document is not None and context.pre_execution_errors is None:
                entry = cache.get(context.query) if context.query else None
                if entry is None or entry.document is not context.graphql_document:
                    context.pre_execution_errors = _check(context, limits)
                else:
                    if entry.errors is None:
                        entry.errors = _check(context, limits)
                    # Set before Strawberry's own validation, which then does not run.
                    context.pre_execution_errors = entry.errors
            yield

    return CheckedDocuments
