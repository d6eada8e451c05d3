"""The consumer contract: every operation the frontend teams send must validate against
the schema, and the catalog's must run. Uses ../shared/contract when it exists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from graphql import OperationDefinitionNode, parse, print_ast, validate

from schema import schema
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient

CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "contract"

# Served by later issues; strict xfail turns each into a failure the day it is served,
# so this list can only shrink.
NOT_YET_SERVED: dict[str, str] = {
    "account_settings.graphql:UpdateAddress": "Customers' side of the seeds (account settings)",
    "account_settings.graphql:DeleteAddress": "Customers' side of the seeds (account settings)",
    "account_settings.graphql:ChangePassword": "Customers' side of the seeds (account settings)",
    "account_settings.graphql:RequestPasswordReset": "Customers' side of the seeds (account settings)",
    "account_settings.graphql:ResetPassword": "Customers' side of the seeds (account settings)",
    "account_settings.graphql:RemoveFromWishlist": "Customers' side of the seeds (account settings)",
    "account_settings.graphql:DeleteWishlist": "Customers' side of the seeds (account settings)",
    "account_settings.graphql:SharedWishlist": "Customers' side of the seeds (account settings)",
    "discovery.graphql:FilteredCategoryPage": "Discovery",
    "discovery.graphql:Search": "Discovery",
    "discovery.graphql:SearchSuggestions": "Discovery",
    "discovery.graphql:FindCategories": "Discovery",
    "discovery.graphql:AllCategories": "Discovery",
    "discovery.graphql:CheckoutPreview": "Discovery",
    "discovery.graphql:CheckoutWithPoints": "Discovery",
    "live.graphql:OrderUpdates": "Live updates",
    "live.graphql:MyOrderUpdates": "Live updates",
    "live.graphql:CartSync": "Live updates",
    "live.graphql:Availability": "Live updates",
    "live.graphql:NewSales": "Live updates",
    "orders_lifecycle.graphql:MyOrdersFiltered": "Customers' side of the seeds (orders after checkout)",
    "orders_lifecycle.graphql:MyOrderStats": "Customers' side of the seeds (orders after checkout)",
    "orders_lifecycle.graphql:MarkDelivered": "Customers' side of the seeds (orders after checkout)",
    "orders_lifecycle.graphql:ReturnItem": "Customers' side of the seeds (orders after checkout)",
    "orders_lifecycle.graphql:OrdersByStatus": "Customers' side of the seeds (orders after checkout)",
    "orders_lifecycle.graphql:CreateCoupon": "Customers' side of the seeds (orders after checkout)",
    "orders_lifecycle.graphql:CouponUsage": "Customers' side of the seeds (orders after checkout)",
}

# Variables that make each served read operation touch data of the test catalog.
RUNNABLE: dict[tuple[str, str], dict[str, Any]] = {
    ("catalog.graphql", "CategoryTree"): {},
    ("catalog.graphql", "CategoryPage"): {
        "id": "audio",
        "first": 3,
        "minPrice": "10.00",
        "maxPrice": "200",
    },
    ("catalog.graphql", "CategoryBySlug"): {"slug": "headphones"},
    ("catalog.graphql", "ProductPage"): {"id": "p-studio"},
    ("catalog.graphql", "ProductCards"): {"ids": ["p-studio", "p-buds", "missing"]},
    ("catalog.graphql", "MoreReviews"): {"productId": "p-studio", "first": 2},
    ("catalog.graphql", "SellerStorefront"): {"id": "s-acme", "first": 2},
    ("reviews.graphql", "SellerReviews"): {"sellerId": "s-acme", "first": 2},
}


def _operations() -> list[Any]:
    if not CONTRACT.is_dir():
        return [
            pytest.param(
                None,
                None,
                id="no-contract-folder",
                marks=pytest.mark.skip("../shared/contract is absent"),
            )
        ]
    found = []
    for path in sorted(CONTRACT.glob("*.graphql")):
        for definition in parse(path.read_text()).definitions:
            assert isinstance(definition, OperationDefinitionNode)
            assert definition.name
            name = definition.name.value
            reason = NOT_YET_SERVED.get(f"{path.name}:{name}")
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            found.append(
                pytest.param(
                    path.name, print_ast(definition), id=f"{path.stem}:{name}", marks=marks
                )
            )
    return found


def contract_operation(file: str, name: str) -> str:
    """The text of one operation of the contract; skips the test when the folder is absent."""
    if not CONTRACT.is_dir():
        pytest.skip("../shared/contract is absent")
    (operation,) = [
        d
        for d in parse((CONTRACT / file).read_text()).definitions
        if isinstance(d, OperationDefinitionNode) and d.name and d.name.value == name
    ]
    return print_ast(operation)


@pytest.mark.parametrize(("file", "operation"), _operations())
def test_contract_operation_validates(file: str, operation: str) -> None:
    errors = validate(schema._schema, parse(operation))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize(("file", "name"), sorted(RUNNABLE), ids=lambda v: str(v))
async def test_read_operation_runs(
    graphql: GraphQLClient, catalog: Catalog, file: str, name: str
) -> None:
    response = await graphql(contract_operation(file, name), RUNNABLE[(file, name)])
    data = response.data
    assert data
    assert all(value is not None for value in data.values()), data
