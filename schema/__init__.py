"""The GraphQL schema of the gateway."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.schema.config import BatchingConfig, StrawberryConfig
from strawberry.types import ExecutionContext

from gateway.context import Context
from gateway.error_reporting import format_error
from schema.account import AccountMutation, AccountQuery
from schema.campaign import CampaignQuery
from schema.campaign_write import CampaignMutation
from schema.cart import CartMutation
from schema.catalog import CatalogQuery
from schema.category_admin import CategoryAdminMutation
from schema.checkout import CheckoutMutation, CheckoutQuery
from schema.coupon import CouponMutation
from schema.discovery import DiscoveryQuery
from schema.execution import GatewayExecutionContext
from schema.fulfilment import FulfilmentMutation
from schema.images import ImageMutation
from schema.live import Subscription
from schema.orders import OrderDashboardQuery, OrderMutation, OrderQuery
from schema.passwords import PasswordMutation
from schema.profile import ProfileMutation
from schema.returns import ReturnsMutation
from schema.review_write import ReviewMutation
from schema.scalars import SCALARS
from schema.search import SearchQuery
from schema.seller_catalog import SellerCatalogMutation
from schema.seller_tools import ProductDetailsMutation, SellerToolsMutation
from schema.stock import StockMutation, StockQuery
from schema.wishlist import WishlistMutation, WishlistQuery


@strawberry.type
class Query(
    CatalogQuery,
    AccountQuery,
    CheckoutQuery,
    OrderQuery,
    CampaignQuery,
    SearchQuery,
    StockQuery,
    DiscoveryQuery,
    WishlistQuery,
    OrderDashboardQuery,
):
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
    CategoryAdminMutation,
    CampaignMutation,
    SellerCatalogMutation,
    StockMutation,
    CouponMutation,
    ReturnsMutation,
    PasswordMutation,
    SellerToolsMutation,
    ProductDetailsMutation,
    ImageMutation,
):
    pass


class GatewaySchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Errors are classified and logged once, with the request id, by the HTTP view;
        a WebSocket's are sent as they are, so they get their code here."""
        context = execution_context.context if execution_context else None
        if isinstance(context, Context) and isinstance(context.request, WebSocket):
            for error in errors:
                formatted = format_error(error, context.request_id)
                error.message, error.extensions = formatted["message"], formatted["extensions"]


def build_schema(max_batch_size: int | None = None, **options: Any) -> strawberry.Schema:
    """The schema; `options` are Strawberry's (`extensions`: gateway/app.py gives the limits).
    `max_batch_size`: batched operations allowed, at most that many (None: refused)."""
    batching = None if max_batch_size is None else BatchingConfig(max_operations=max_batch_size)
    config = StrawberryConfig(scalar_map=SCALARS, batching_config=batching)
    return GatewaySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=config,
        execution_context_class=GatewayExecutionContext,
        **options,
    )


schema = build_schema()
