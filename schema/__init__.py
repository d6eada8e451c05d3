"""The GraphQL schema of the gateway."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.catalog import CatalogQuery
from schema.scalars import SCALARS


@strawberry.type
class Query(CatalogQuery):
    pass


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Errors are classified and logged once, with the request id, by the HTTP view."""


def build_schema(**options: Any) -> strawberry.Schema:
    return GatewaySchema(query=Query, config=StrawberryConfig(scalar_map=SCALARS), **options)


schema = build_schema()
