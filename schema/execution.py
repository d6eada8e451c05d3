"""How operations execute: Strawberry's execution context, with a shortcut for plain leaf
fields and one repair for long-lived subscriptions."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

_DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF  # where a field's own definition is
_UNDECIDED = object()  # the shortcut leaves the field to graphql-core's own path


@dataclass(frozen=True, slots=True)
class PlainLeaf:
    """A field Strawberry resolves by reading an attribute (no resolver, no extension, no
    argument) whose type is a scalar or an enum: its value needs no `info` and no awaiting."""

    attribute: str
    type: GraphQLLeafType
    required: bool

    def value_of(self, source: Any) -> Any:
        """The field's output value, or _UNDECIDED where graphql-core must decide: an error,
        a null where one is not allowed, a value the type cannot serialize."""
        try:
            value = getattr(source, self.attribute)
            if value is None:
                return _UNDECIDED if self.required else None
            if isinstance(value, Exception):
                return _UNDECIDED
            serialized = self.type.coerce_output_value(value)
        except Exception:
            return _UNDECIDED
        return _UNDECIDED if serialized is None or serialized is Undefined else serialized


@functools.lru_cache(maxsize=8)  # one schema per app
def plain_leaves(schema: GraphQLSchema) -> Mapping[GraphQLObjectType, Mapping[str, PlainLeaf]]:
    """Every object type's plain leaf fields, by name."""
    found = {}
    for kind in schema.type_map.values():
        if isinstance(kind, GraphQLObjectType) and (leaves := _plain_leaves_of(kind)):
            found[kind] = leaves
    return found


def _plain_leaves_of(kind: GraphQLObjectType) -> dict[str, PlainLeaf]:
    leaves = {}
    for name, field in kind.fields.items():
        # Strawberry marks the resolver it gives a basic field, one with no exception handler
        if field.args or not getattr(field.resolve, "_is_default", False):
            continue
        required = isinstance(field.type, GraphQLNonNull)
        output = field.type.of_type if required else field.type
        if is_leaf_type(output):
            leaves[name] = PlainLeaf(field.extensions[_DEFINITION].python_name, output, required)
    return leaves


class GatewayExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A schema extension that resolves (wraps every field) sees every field: no shortcut.
        wrapped = self.middleware_manager is not None and self.middleware_manager.middlewares
        self._plain_leaves = {} if wrapped else plain_leaves(self.schema)

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any,
    ) -> Any:
        """A plain leaf's value is read and serialized here. graphql-core's path builds a
        resolve info, calls Strawberry's wrapper and checks for an awaitable: a fifth of a
        category page's CPU (300 fields, most of them leaves). Any other field, and any
        value the shortcut cannot vouch for (then read once more), go graphql-core's way,
        errors included."""
        leaves = self._plain_leaves.get(parent_type)
        leaf = leaves.get(field_details_list[0].node.name.value) if leaves else None
        if leaf is not None and (value := leaf.value_of(source)) is not _UNDECIDED:
            return value
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def build_per_event_executor(self, payload: Any) -> Any:
        """Each event of a subscription memoizes its own subfields.

        graphql-core 3.3's per-event executor is a shallow copy that shares its parent's
        memo of collected subfields, keyed by the identity of lists each event makes anew:
        the memo kept every event's entries alive, and a subscription's memory grew by
        about 2 KB an event (bench.live's soak).
        """
        executor = super().build_per_event_executor(payload)
        executor._relevant_sub_fields = {}
        return executor
