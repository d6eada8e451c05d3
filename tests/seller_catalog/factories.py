"""Sellers, customers, administrators and categories for the seller catalog tests, written
straight through boto3 into the module's isolated tables (so the category pages these
tests change are theirs alone)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from boto3.dynamodb.conditions import Key

from gateway.settings import Settings
from tests import operations
from tests.accounts.factories import bearer, item, mint, table, unique
from tests.factories import T0, category
from tests.graphql_client import GraphQLClient, GraphQLResponse

CUSTOMER, SELLER, ADMIN = ["customer"], ["customer", "seller"], ["customer", "admin"]

CATEGORY_PAGE = """
query Page($id: ID!) {
  category(id: $id) { products(first: 100) { edges { node { id name minPrice { amount } } } } }
}"""


def operation(name: str) -> str:
    return operations.operation("seller_admin.graphql", name)


@dataclass(frozen=True)
class Person:
    user_id: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


def person(settings: Settings, roles: list[str], store: str = "") -> Person:
    """A user with a profile (a store, if a seller), signed in by a token without a session."""
    uid = unique("u-seller-")
    table(settings, "Users").put_item(Item={
        "pk": uid, "sk": "PROFILE", "entity": "User", "user_id": uid, "username": uid,
        "email": f"{uid}@example.com", "password_hash": "x", "first_name": "Sam",
        "last_name": "Trader", "roles": roles, "is_seller": "seller" in roles,
        "store_name": store or f"Store {uid[-6:]}", "seller_rating_sum": 0,
        "seller_rating_count": 0, "reward_points": 0, "created_at": T0, "updated_at": T0,
        "gsi1pk": f"{uid}@example.com", "gsi1sk": uid,
    })  # fmt: skip
    return Person(uid, mint({"sub": uid, "roles": roles}))


def root_category(settings: Settings) -> str:
    """A new root category (unique id) of the isolated tables."""
    cid = unique("c-")
    with table(settings, "Categories").batch_writer() as batch:
        for row in category(cid, f"Category {cid}", "ROOT", [cid], 0):
            batch.put_item(Item=row)
    return cid


def product_item(settings: Settings, product_id: str) -> dict[str, Any]:
    found = item(settings, "Products", product_id, "INFO")
    assert found is not None
    return found


def listing_item(settings: Settings, product_id: str, seller_id: str) -> dict[str, Any]:
    found = item(settings, "Products", product_id, f"SELLER#{seller_id}")
    assert found is not None
    return found


def stock_transactions(settings: Settings, product_id: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table(settings, "StockTransactions").query(
        IndexName="ProductTransactionIndex", KeyConditionExpression=Key("gsi1pk").eq(product_id)
    )["Items"]
    return rows


async def create_product(
    graphql: GraphQLClient, who: Person, category_id: str, **overrides: Any
) -> GraphQLResponse:
    fields = {
        "name": "Trail Lantern",
        "description": "A lantern for the trail.",
        "brand": "Glow",
        "categoryId": category_id,
        "tags": ["camping", "light"],
    }
    return await graphql(
        operation("CreateProduct"), {"input": fields | overrides}, headers=who.headers
    )


async def new_product(graphql: GraphQLClient, who: Person, category_id: str, **fields: Any) -> str:
    created = (await create_product(graphql, who, category_id, **fields)).data["createProduct"]
    assert created["errors"] == []
    product_id: str = created["product"]["id"]
    return product_id


async def upsert(
    graphql: GraphQLClient,
    who: Person,
    product_id: str,
    price: str,
    stock: int,
    condition: str | None = None,
) -> GraphQLResponse:
    variables: dict[str, Any] = {"productId": product_id, "price": price, "stock": stock}
    if condition is not None:
        variables["condition"] = condition
    return await graphql(operation("UpsertListing"), variables, headers=who.headers)


async def listed(
    graphql: GraphQLClient, who: Person, product_id: str, price: str, stock: int
) -> dict[str, Any]:
    payload: dict[str, Any] = (await upsert(graphql, who, product_id, price, stock)).data[
        "upsertListing"
    ]
    assert payload["errors"] == []
    return payload


async def page_of(graphql: GraphQLClient, category_id: str) -> list[tuple[str, str]]:
    """A category page's products, in order: (id, min price)."""
    data = (await graphql(CATEGORY_PAGE, {"id": category_id})).data
    edges = data["category"]["products"]["edges"]
    return [(e["node"]["id"], e["node"]["minPrice"]["amount"]) for e in edges]


def payload_codes(response: GraphQLResponse, field: str) -> list[str]:
    return [error["code"] for error in response.data[field]["errors"]]
