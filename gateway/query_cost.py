"""The cost of an operation, computed before it runs from the DynamoDB work it implies.

A field that reads (a Query's root field, a connection's page, an object loaded by key)
costs its calls each time it resolves; a list or a connection multiplies what is below
it by its size (`first`, its default when absent, variables resolved; a list's estimate
otherwise). Scalars, and values that come with their parent's item, cost nothing:

    category(id) { products(first: 50) { nodes { sellers { seller { storeName } } } } }
    = 1 + 2 + 50 * (1 + 10 * 1) = 553

Fragments are costed once per page size and reused; a cycle costs nothing (validation
has refused it already). An operation over the limit is refused with QUERY_TOO_COMPLEX,
a `first` out of 0..100 with BAD_USER_INPUT, before any resolver runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    ObjectValueNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    get_operation_ast,
    is_leaf_type,
    is_list_type,
)
from graphql.execution.values import get_variable_values
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from gateway.cost_budget import Charge, CostBudget
from gateway.cost_cache import CostCache
from gateway.errors import BadUserInput, QueryTooComplex
from resolvers.cart import MAX_CART_LINES
from resolvers.search import MAX_FILTERED_HITS
from schema.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

COST_HEADER = "x-gateway-cost"

# DynamoDB calls per resolution, where they differ from the default below.
FIELD_COSTS: Mapping[str, int] = {
    # The category tree is one Scan per request, read by the root field already.
    "Category.parent": 0,
    "Category.children": 0,
    "Category.breadcrumbs": 0,
    # A page Query per category of the subtree; a search reads an index per word.
    "Category.products": 2,
    "Query.searchProducts": 2,
    # The reviewer's name is on the review.
    "Review.reviewer": 0,
    # A product's item collection: one Query (deduplicated between the three).
    "Product.images": 1,
    "Product.specifications": 1,
    "Product.facets": 1,
}
# A search filtered on stock, a seller or facets reads the item collection of each match it
# considers, one Query each (resolvers/search.py).
COLLECTION_FILTER_COSTS: Mapping[str, int] = {"Query.searchProducts": MAX_FILTERED_HITS}
COLLECTION_FILTERS = frozenset({"inStock", "sellerId", "facets"})
# A field returning an object (or a list of them) reads something: one call, unless its
# type is a value carried by its parent's item, or its parent is a page, an edge or a
# mutation's payload (what they hold was read with them).
DEFAULT_OBJECT_COST = 1
VALUE_TYPES = frozenset(
    {
        "Money",
        "Rating",
        "PageInfo",
        "Image",
        "Specification",
        "Facet",
        "ShippingAddress",
        "Payment",
        "Courier",
        "UserError",
        "CampaignDay",
        "CampaignTotals",
        "SoldOrder",
        "HttpHeader",  # an image upload's headers, made with it
    }
)
CARRIER_SUFFIXES = ("Connection", "Edge", "Payload")
# `totalCount` is a count Query of its own.
COUNTED_FIELD = "totalCount"
# How many items a list without `first` is taken to hold.
LIST_SIZES: Mapping[str, int] = {
    "Category.children": 20,
    "Category.breadcrumbs": 5,
    "Cart.items": MAX_CART_LINES,
    "Campaign.analytics": 31,
}
DEFAULT_LIST_SIZE = 10
# A page's items: what is below them is multiplied by the page size.
PAGE_ITEM_FIELDS = frozenset({"edges", "nodes"})


@dataclass
class _Cost:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]

    def __post_init__(self) -> None:
        self.known: dict[tuple[str, int], int] = {}
        self.open: set[str] = set()
        self.read: set[str] = set()  # the variables the estimate depends on

    def selections(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType, page: int
    ) -> int:
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent, page)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                inner = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(selection.selection_set, inner or parent, page)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, page)
        return total

    def fragment(self, name: str, page: int) -> int:
        known = self.known.get((name, page))
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.open:
            return 0
        condition = self.schema.get_type(definition.type_condition.name.value)
        if condition is None:
            return 0
        self.open.add(name)
        cost = self.selections(definition.selection_set, condition, page)
        self.open.discard(name)
        self.known[(name, page)] = cost
        return cost

    def field(self, node: FieldNode, parent: GraphQLNamedType, page: int) -> int:
        if not isinstance(parent, GraphQLObjectType):
            return 0  # interfaces and unions: the schema has none that load
        definition = parent.fields.get(node.name.value)
        if definition is None:
            return 0  # __typename, introspection
        key = f"{parent.name}.{node.name.value}"
        named = get_named_type(definition.type)
        calls = self.calls(key, parent.name, node.name.value, named) + self.filtered(key, node)
        if is_leaf_type(named):
            return calls
        if "first" in definition.args:  # a connection: its page multiplies its items
            size = self.first(node)
            return calls + self.selections(node.selection_set, named, size)
        if is_list_type(get_nullable_type(definition.type)):
            if node.name.value in PAGE_ITEM_FIELDS and parent.name.endswith(CARRIER_SUFFIXES):
                size = page
            elif "ids" in definition.args:
                size = self.count(node, "ids")
            else:
                size = LIST_SIZES.get(key, DEFAULT_LIST_SIZE)
            return calls + size * self.selections(node.selection_set, named, page)
        return calls + self.selections(node.selection_set, named, page)

    @staticmethod
    def calls(key: str, parent: str, name: str, named: GraphQLNamedType) -> int:
        if key in FIELD_COSTS:
            return FIELD_COSTS[key]
        if name == COUNTED_FIELD and parent.endswith("Connection"):
            return 1
        if is_leaf_type(named) or named.name in VALUE_TYPES or parent.endswith(CARRIER_SUFFIXES):
            return 0
        return DEFAULT_OBJECT_COST

    def filtered(self, key: str, node: FieldNode) -> int:
        """The reads a `filter` argument adds (conservative: a condition given is asked)."""
        cost = COLLECTION_FILTER_COSTS.get(key, 0)
        given = self.argument(node, "filter") if cost else None
        if isinstance(given, ObjectValueNode):
            names = {f.name.value for f in given.fields if not isinstance(f.value, NullValueNode)}
        elif isinstance(given, Mapping):
            names = {name for name, value in given.items() if value is not None}
        else:
            return 0
        return cost if names & COLLECTION_FILTERS else 0

    def argument(self, node: FieldNode, name: str) -> ValueNode | Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                value = argument.value
                if isinstance(value, VariableNode):
                    self.read.add(value.name.value)
                    return self.variables.get(value.name.value)
                return value
        return None

    def first(self, node: FieldNode) -> int:
        value = self.argument(node, "first")
        if isinstance(value, IntValueNode):
            value = int(value.value)
        size = DEFAULT_PAGE_SIZE if not isinstance(value, int) else value
        if not 0 <= size <= MAX_PAGE_SIZE:
            raise BadUserInput(f"first must be between 0 and {MAX_PAGE_SIZE}, got {size}")
        return size

    def count(self, node: FieldNode, name: str) -> int:
        value = self.argument(node, name)
        if isinstance(value, ListValueNode):
            return len(value.values)
        return len(value) if isinstance(value, list) else 1


def operation_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    known: CostCache | None = None,
) -> int | None:
    """The operation's estimated cost; None when its variables do not coerce (execution
    then reports them). Raises BadUserInput for a `first` out of bounds. With `known`,
    an estimate made before for the same values of the variables it read is reused."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    coerced = get_variable_values(
        schema, operation.variable_definitions or (), dict(variables or {})
    )
    if isinstance(coerced, list):
        return None
    found = known.get(document, operation_name, coerced.coerced) if known else None
    if found is not None:
        return found
    root = schema.get_root_type(operation.operation)
    if root is None:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    estimate = _Cost(schema, fragments, coerced.coerced)
    cost = estimate.selections(operation.selection_set, root, DEFAULT_PAGE_SIZE)
    if known is not None:
        known.put(document, operation_name, coerced.coerced, estimate.read, cost)
    return cost


def wants_cost(context: object) -> bool:
    """`X-Gateway-Cost: 1`, or a call trace asked for (`X-Gateway-Trace: 1`)."""
    request = getattr(context, "request", None)
    asked = request is not None and request.headers.get(COST_HEADER) == "1"
    return asked or bool(getattr(context, "trace_calls", False))


def cost_limit(max_cost: int, budget: CostBudget | None = None) -> type[SchemaExtension]:
    """A Strawberry extension refusing operations that cost more than `max_cost`, and,
    with a `budget`, charging each operation's cost to its client (gateway/cost_budget.py)."""
    known = CostCache()

    class CostLimit(SchemaExtension):
        cost: int | None = None
        charge: Charge | None = None

        def on_execute(self) -> Iterator[None]:
            context = self.execution_context
            document = context.graphql_document
            if document is not None and context.result is None:
                refusal: GraphQLError | None = None
                try:
                    self.cost = operation_cost(
                        context.schema._schema,
                        document,
                        context.operation_name,
                        context.variables,
                        known,
                    )
                except BadUserInput as error:
                    refusal = GraphQLError(str(error), original_error=error)
                if self.cost is not None and self.cost > max_cost:
                    problem = QueryTooComplex(
                        f"The query's estimated cost is {self.cost} (DynamoDB calls, times the "
                        f"pages and lists around them): the cost limit is {max_cost}."
                    )
                    refusal = GraphQLError(str(problem), original_error=problem)
                if refusal is None and self.cost is not None and budget is not None:
                    self.charge = budget.charge(context.context, self.cost)
                    if self.charge is not None and self.charge.refusal is not None:
                        limited = self.charge.refusal
                        refusal = GraphQLError(str(limited), original_error=limited)
                if refusal is not None:
                    context.result = ExecutionResult(data=None, errors=[refusal])
            yield
            if self.charge is not None:
                self.charge.settle()

        def get_results(self) -> dict[str, Any]:
            if self.cost is None or (
                self.charge is None and not wants_cost(self.execution_context.context)
            ):
                return {}
            # `estimated` is `requested` under the name release 0.1.0 gave it.
            cost: dict[str, Any] = {
                "requested": self.cost,
                "estimated": self.cost,
                "limit": max_cost,
            }
            if self.charge is not None:
                cost.update(self.charge.as_dict())
            return {"cost": cost}

    return CostLimit
