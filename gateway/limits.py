"""Limits on the shape of a GraphQL document: tokens, depth, aliases, fields, directives,
repeats of one field.

Checked before graphql-core validates the document, in one pass that reads each fragment
once: a fragment's figures are computed the first time it is spread and reused after,
so fragments that spread each other exponentially cost linear time, and a cycle of
fragments counts nothing (graphql-core's validation then refuses the cycle). A document
over a limit is refused with one QUERY_TOO_COMPLEX error and never reaches validation.
Strawberry's `QueryDepthLimiter` and `MaxAliasesLimiter` walk every spread again: twenty
levels of fragments spread twice keep them busy for seconds, hence this module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    parse,
)

from gateway.errors import QueryTooComplex

# Introspection's type wrappers (`ofType { ofType { … } }`) are a chain, not a fan-out:
# they add no depth, so GraphiQL's introspection query fits the depth limit.
TRANSPARENT_FIELDS = frozenset({"ofType"})


@dataclass(frozen=True)
class Limits:
    depth: int
    aliases: int
    fields: int
    directives: int
    tokens: int
    repeats: int


@dataclass(frozen=True)
class Shape:
    """What a selection set asks for, its fragments expanded."""

    depth: int = 0
    aliases: int = 0
    fields: int = 0

    def beside(self, other: Shape) -> Shape:
        return Shape(
            max(self.depth, other.depth), self.aliases + other.aliases, self.fields + other.fields
        )


class _Measure:
    def __init__(self, document: DocumentNode, max_directives: int, max_repeats: int) -> None:
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.max_directives = max_directives
        self.max_repeats = max_repeats
        self.shapes: dict[str, Shape] = {}
        self.open: set[str] = set()  # fragments being measured: a spread of one is a cycle

    def fragment(self, name: str) -> Shape:
        known = self.shapes.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.open:
            return Shape()  # unknown or circular: validation refuses it
        self.open.add(name)
        self.directives(definition)
        shape = self.selections(definition.selection_set)
        self.open.discard(name)
        self.shapes[name] = shape
        return shape

    def selections(self, selection_set: SelectionSetNode | None) -> Shape:
        total = Shape()
        selections = selection_set.selections if selection_set else ()
        self.repeats(selections)
        for selection in selections:
            self.directives(selection)
            if isinstance(selection, FieldNode):
                below = self.selections(selection.selection_set)
                own = 0 if selection.name.value in TRANSPARENT_FIELDS else 1
                total = total.beside(
                    Shape(
                        below.depth + own, below.aliases + bool(selection.alias), below.fields + 1
                    )
                )
            elif isinstance(selection, InlineFragmentNode):
                total = total.beside(self.selections(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                total = total.beside(self.fragment(selection.name.value))
        return total

    def repeats(self, selections: Collection[SelectionNode]) -> None:
        """The same field asked again and again in one selection set: graphql-core compares
        every pair of them when it validates (a quadratic cost), for one answer."""
        keys = Counter((s.alias or s.name).value for s in selections if isinstance(s, FieldNode))
        for key, count in keys.items():
            if count > self.max_repeats:
                raise QueryTooComplex(
                    f"'{key}' is selected {count} times in one selection set: the limit is "
                    f"{self.max_repeats}."
                )

    def directives(self, node: object) -> None:
        directives = getattr(node, "directives", None) or ()
        if len(directives) > self.max_directives:
            raise QueryTooComplex(
                f"A selection carries {len(directives)} directives: the limit is "
                f"{self.max_directives} per field, fragment or operation."
            )


def shape_problem(document: DocumentNode, limits: Limits) -> QueryTooComplex | None:
    """The first limit the document's operations go over, if any."""
    measure = _Measure(document, limits.directives, limits.repeats)
    try:
        for name in measure.fragments:
            measure.fragment(name)  # every fragment's directives, even unused ones
        for definition in document.definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            measure.directives(definition)
            shape = measure.selections(definition.selection_set)
            if shape.depth > limits.depth:
                return QueryTooComplex(
                    f"The query is {shape.depth} fields deep: the depth limit is {limits.depth}."
                )
            if shape.aliases > limits.aliases:
                return QueryTooComplex(
                    f"The query has {shape.aliases} aliases, counted through fragments: "
                    f"the alias limit is {limits.aliases}."
                )
            if shape.fields > limits.fields:
                return QueryTooComplex(
                    f"The query selects {shape.fields} fields, counted through fragments: "
                    f"the field limit is {limits.fields}."
                )
    except QueryTooComplex as problem:
        return problem
    except RecursionError:  # fragments chained deeper than the interpreter's stack
        return QueryTooComplex(f"The query nests too deeply: the depth limit is {limits.depth}.")
    return None


def parse_limited(query: str, max_tokens: int) -> DocumentNode:
    """Parse at most `max_tokens` tokens (and as many comments); more is QueryTooComplex."""
    try:
        return parse(query, max_lexical_tokens=max_tokens, max_comments=max_tokens)
    except GraphQLSyntaxError as error:
        if "Parsing aborted" in error.message:  # graphql-core's wording for a limit
            raise QueryTooComplex(
                f"The document has more than {max_tokens} tokens: the token limit is {max_tokens}."
            ) from None
        raise
