"""The seller tools' operations (tests/operations/seller_tools.graphql) and a seller with a
listed product of their own, in the module's isolated tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests import operations
from tests.conftest import Isolated
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.seller_catalog.factories import (
    SELLER,
    Person,
    listed,
    new_product,
    person,
    root_category,
)


def operation(name: str) -> str:
    return operations.operation("seller_tools.graphql", name)


async def send(
    graphql: GraphQLClient, name: str, who: Person | None, **variables: Any
) -> GraphQLResponse:
    return await graphql(operation(name), variables, headers=who.headers if who else {})


@dataclass(frozen=True)
class Shop:
    seller: Person
    category_id: str
    product_id: str


async def shop(
    graphql: GraphQLClient, isolated: Isolated, price: str = "10", stock: int = 5
) -> Shop:
    """A seller, a category, and a product the seller created and lists."""
    seller = person(isolated.settings, SELLER)
    category_id = root_category(isolated.settings)
    product_id = await new_product(graphql, seller, category_id)
    await listed(graphql, seller, product_id, price, stock)
    return Shop(seller, category_id, product_id)
