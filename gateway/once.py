"""Fields that run at most once per request: those of the root Mutation type that carry the
`@oncePerRequest` schema directive (schema/directives.py): signing in and up, changing or
resetting a password. One request could otherwise try thirty passwords under thirty
aliases, or in thirty operations of a batch.

Checked before anything of the operation runs: a field selected twice in the operation
(aliases, fragments) refuses it whole; a field that an earlier operation of the same
batch ran refuses the later one. Either refusal is QUERY_TOO_COMPLEX, naming the rule.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterator, Mapping

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    SelectionSetNode,
    get_operation_ast,
)
from graphql.type.definition import GraphQLField
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types import ExecutionResult

from gateway.errors import QueryTooComplex
from schema.directives import OncePerRequest

DIRECTIVE = "@oncePerRequest"
_DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF  # where a field's own definition is


@functools.lru_cache(maxsize=8)  # one schema per app
def once_per_request_fields(schema: GraphQLSchema) -> frozenset[str]:
    """The root Mutation fields that carry `@oncePerRequest`."""
    mutation = schema.mutation_type
    fields: Mapping[str, GraphQLField] = mutation.fields if mutation else {}
    return frozenset(
        name
        for name, field in fields.items()
        if any(
            isinstance(directive, OncePerRequest)
            for directive in getattr((field.extensions or {}).get(_DEFINITION), "directives", ())
        )
    )


def _root_fields(
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    seen: set[str],
) -> Iterator[str]:
    """The names of the root fields an operation selects, through its fragments."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in seen and name in fragments:
                seen.add(name)  # a fragment spread twice counts its fields twice all the same
                yield from _root_fields(fragments[name].selection_set, fragments, seen)
                seen.discard(name)


def selected_once_fields(
    document: DocumentNode, operation_name: str | None, once: frozenset[str]
) -> Counter[str]:
    """How many times the operation selects each once-per-request field."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return Counter()
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    names = _root_fields(operation.selection_set, fragments, set())
    return Counter(name for name in names if name in once)


def once_per_request() -> type[SchemaExtension]:
    """A Strawberry extension refusing a second run of a `@oncePerRequest` field in one
    request; the request's context keeps what ran (`Context.ran_once`)."""

    class OncePerRequestRule(SchemaExtension):
        def on_execute(self) -> Iterator[None]:
            context = self.execution_context
            document = context.graphql_document
            ran: set[str] | None = getattr(context.context, "ran_once", None)
            if document is not None and context.result is None and ran is not None:
                once = once_per_request_fields(context.schema._schema)
                selected = selected_once_fields(document, context.operation_name, once)
                problem = _problem(selected, ran)
                if problem is not None:
                    error = GraphQLError(str(problem), original_error=problem)
                    context.result = ExecutionResult(data=None, errors=[error])
                else:
                    ran.update(selected)
            yield

    return OncePerRequestRule


def _problem(selected: Counter[str], ran: set[str]) -> QueryTooComplex | None:
    for name, count in sorted(selected.items()):
        if count > 1:
            return QueryTooComplex(
                f"'{name}' runs at most once per request ({DIRECTIVE}): the operation "
                f"selects it {count} times."
            )
        if name in ran:
            return QueryTooComplex(
                f"'{name}' runs at most once per request ({DIRECTIVE}): an earlier "
                "operation of this batch ran it."
            )
    return None
