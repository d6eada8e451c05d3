"""The GraphQL schema of the gateway."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.account import AccountMutation, AccountQuery
from schema.cart import CartMutation
from schema.catalog import CatalogQuery
from schema.checkout import CheckoutMutation, CheckoutQuery
from schema.fulfilment import FulfilmentMutation
from schema.orders import OrderMutation, OrderQuery
from schema.profile import ProfileMutation
from schema.review_write import ReviewMutation
from schema.scalars import SCALARS
from schema.wishlist import WishlistMutation


@strawberry.type
class Query(CatalogQuery, AccountQuery, CheckoutQuery, OrderQuery):
    pass


@strawberry.type
class Mutation(
    AccountMutation,
    ProfileMutation,
    WishlistMutation,
    CartMutation,
    CheckoutMutation,
    OrderMutation,
    FulfilmentMutation,
    ReviewMutation,
):
    pass


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Errors are classified and logged once, with the request id, by the HTTP view."""


def build_schema(**options: Any) -> strawberry.Schema:
    return GatewaySchema(
        query=Query, mutation=Mutation, config=StrawberryConfig(scalar_map=SCALARS), **options
    )


schema = build_schema()
