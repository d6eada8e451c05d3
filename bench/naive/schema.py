"""The naive schema's types: each field that leads to another object reads it alone.

Resolvers are plain functions over boto3, as a team's first Python GraphQL server is
written: every GetItem or Query is a full round trip, sent after the previous one ended.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any

import jwt
import strawberry
from strawberry.types import Info

from bench.naive.store import Store
from loaders.codec import Item

Context = dict[str, Any]


def _store(info: Info[Context, None]) -> Store:
    store: Store = info.context["store"]
    return store


@strawberry.enum
class OrderStatus(Enum):
    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    CANCELLED = "CANCELLED"


@strawberry.type
class Money:
    amount: Decimal
    currency_code: str

    @staticmethod
    def of(item: Item, attribute: str) -> Money:
        return Money(
            amount=Decimal(int(item.get(attribute, 0))).scaleb(-2),
            currency_code=item.get("currency", "USD"),
        )


@strawberry.type
class Rating:
    average: float | None
    count: int

    @staticmethod
    def of(total: Any, count: Any) -> Rating:
        count = int(count or 0)
        return Rating(average=round(int(total or 0) / count, 2) if count else None, count=count)


@strawberry.type
class Image:
    url: str
    alt: str | None
    position: int | None = None
    width: int | None = None
    height: int | None = None


@strawberry.type
class Spec:
    name: str
    value: str
    unit: str | None
    group: str | None


@strawberry.type
class Facet:
    name: str
    value: str


@strawberry.type
class Seller:
    id: strawberry.ID
    store_name: str | None
    rating: Rating


def _seller(item: Item | None) -> Seller | None:
    if item is None:
        return None
    return Seller(
        id=strawberry.ID(item["user_id"]),
        store_name=item.get("store_name"),
        rating=Rating.of(item.get("seller_rating_sum"), item.get("seller_rating_count")),
    )


@strawberry.type
class Offer:
    item: strawberry.Private[Item]
    price: Money
    stock: int
    in_stock: bool
    condition: str

    @strawberry.field
    def seller(self, info: Info[Context, None]) -> Seller | None:
        return _seller(_store(info).get("Users", self.item["seller_id"], "PROFILE"))


@strawberry.type
class Breadcrumb:
    id: strawberry.ID
    name: str
    slug: str


@strawberry.type
class Category:
    item: strawberry.Private[Item]
    id: strawberry.ID
    name: str

    @strawberry.field
    def breadcrumbs(self, info: Info[Context, None]) -> list[Breadcrumb]:
        crumbs = []
        for category_id in self.item["path"]:  # one GetItem per ancestor, in turn
            found = _store(info).get("Categories", category_id, "INFO")
            if found:
                crumbs.append(
                    Breadcrumb(id=found["category_id"], name=found["name"], slug=found["slug"])
                )
        return crumbs


@strawberry.type
class Reviewer:
    id: strawberry.ID
    display_name: str


@strawberry.type
class Review:
    item: strawberry.Private[Item]
    id: strawberry.ID
    rating: int
    title: str
    body: str
    verified_purchase: bool
    helpful_count: int
    created_at: str

    @strawberry.field
    def reviewer(self, info: Info[Context, None]) -> Reviewer | None:
        user = _store(info).get("Users", self.item["reviewer_id"], "PROFILE")
        if user is None:
            return None
        return Reviewer(
            id=user["user_id"], display_name=f"{user['first_name']} {user['last_name'][:1]}."
        )


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class ReviewPage:
    total_count: int
    nodes: list[Review]
    page_info: PageInfo


@strawberry.type
class Product:
    item: strawberry.Private[Item]
    id: strawberry.ID
    name: str
    description: str | None
    brand: str | None
    tags: list[str]
    is_active: bool
    created_at: str
    min_price: Money
    rating: Rating
    primary_image: Image | None

    @staticmethod
    def of(item: Item | None) -> Product | None:
        if item is None:
            return None
        image = item.get("primary_image")
        return Product(
            item=item,
            id=item["product_id"],
            name=item["name"],
            description=item.get("description"),
            brand=item.get("brand"),
            tags=list(item.get("tags", [])),
            is_active=bool(item.get("is_active")),
            created_at=item["created_at"],
            min_price=Money.of(item, "min_price_cents"),
            rating=Rating.of(item.get("rating_sum"), item.get("rating_count")),
            primary_image=Image(url=image["url"], alt=image.get("alt")) if image else None,
        )

    @strawberry.field
    def category(self, info: Info[Context, None]) -> Category | None:
        item = _store(info).get("Categories", self.item["category_id"], "INFO")
        return Category(item=item, id=item["category_id"], name=item["name"]) if item else None

    @strawberry.field
    def images(self, info: Info[Context, None]) -> list[Image]:
        rows = _store(info).query("Products", self.item["product_id"], "IMAGE#")
        rows.sort(key=lambda r: r["position"])
        return [
            Image(
                url=r["url"],
                alt=r.get("alt"),
                position=r["position"],
                width=r.get("width"),
                height=r.get("height"),
            )
            for r in rows
        ]

    @strawberry.field
    def specifications(self, info: Info[Context, None]) -> list[Spec]:
        rows = _store(info).query("Products", self.item["product_id"], "SPEC#")
        return [
            Spec(name=r["name"], value=str(r["value"]), unit=r.get("unit"), group=r.get("group"))
            for r in rows
        ]

    @strawberry.field
    def facets(self, info: Info[Context, None]) -> list[Facet]:
        rows = _store(info).query("Products", self.item["product_id"], "FILTER#")
        return [Facet(name=r["name"], value=str(r["value"])) for r in rows]

    @strawberry.field
    def sellers(self, info: Info[Context, None]) -> list[Offer]:
        rows = _store(info).query("Products", self.item["product_id"], "SELLER#")
        return [
            Offer(
                item=r,
                price=Money.of(r, "price_cents"),
                stock=int(r["stock"]),
                in_stock=int(r["stock"]) > 0,
                condition=r["condition"],
            )
            for r in rows
            if r.get("is_active")
        ]

    @strawberry.field
    def reviews(self, info: Info[Context, None], first: int = 20) -> ReviewPage:
        store = _store(info)
        product_id = self.item["product_id"]
        rows = store.query("Reviews", product_id, "REVIEW#", newest_first=True, limit=first + 1)
        total = store.count("Reviews", product_id, "REVIEW#")
        nodes = [
            Review(
                item=r,
                id=r["review_id"],
                rating=int(r["rating"]),
                title=r["title"],
                body=r["body"],
                verified_purchase=bool(r.get("verified_purchase")),
                helpful_count=int(r.get("helpful_count", 0)),
                created_at=r["created_at"],
            )
            for r in rows[:first]
        ]
        return ReviewPage(
            total_count=total,
            nodes=nodes,
            page_info=PageInfo(
                has_next_page=len(rows) > first,
                end_cursor=rows[first - 1]["sk"] if len(rows) > first else None,
            ),
        )


@strawberry.type
class OrderItem:
    item: strawberry.Private[Item]
    product_name: str
    quantity: int
    status: str

    @strawberry.field
    def product(self, info: Info[Context, None]) -> Product | None:
        return Product.of(_store(info).get("Products", self.item["product_id"], "INFO"))

    @strawberry.field
    def seller(self, info: Info[Context, None]) -> Seller | None:
        return _seller(_store(info).get("Users", self.item["seller_id"], "PROFILE"))


@strawberry.type
class Order:
    item: strawberry.Private[Item]
    id: strawberry.ID
    status: str
    created_at: str
    total: Money
    item_count: int

    @strawberry.field
    def items(self, info: Info[Context, None]) -> list[OrderItem]:
        rows = _store(info).query("OrderItems", self.item["order_id"], "ITEM#")
        return [
            OrderItem(
                item=r,
                product_name=r["product_name"],
                quantity=int(r["quantity"]),
                status=r["status"],
            )
            for r in rows
        ]


@strawberry.type
class OrderEdge:
    cursor: str
    node: Order


@strawberry.type
class OrderPage:
    total_count: int
    edges: list[OrderEdge]
    page_info: PageInfo


@strawberry.type
class Viewer:
    item: strawberry.Private[Item]
    id: strawberry.ID

    @strawberry.field
    def orders(
        self,
        info: Info[Context, None],
        first: int | None = 20,
        after: str | None = None,
        status: OrderStatus | None = None,
    ) -> OrderPage:
        store = _store(info)
        limit = first or 20
        rows = store.query(
            "Orders", self.item["user_id"], "ORDER#", newest_first=True, limit=limit + 1
        )
        total = store.count("Orders", self.item["user_id"], "ORDER#")
        edges = [
            OrderEdge(
                cursor=r["sk"],
                node=Order(
                    item=r,
                    id=r["order_id"],
                    status=r["status"],
                    created_at=r["created_at"],
                    total=Money.of(r, "total_cents"),
                    item_count=int(r["item_count"]),
                ),
            )
            for r in rows[:limit]
        ]
        return OrderPage(
            total_count=total,
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > limit, end_cursor=edges[-1].cursor if edges else None
            ),
        )


@strawberry.type
class Query:
    @strawberry.field
    def viewer(self, info: Info[Context, None]) -> Viewer | None:
        token = info.context["token"]
        if not token:
            return None
        claims = jwt.decode(
            token, info.context["secret"], algorithms=["HS256"], options={"verify_iss": False}
        )
        store = _store(info)
        session = store.get("Users", claims["sub"], f"SESSION#{claims['sid']}")
        if session is None:
            return None
        user = store.get("Users", claims["sub"], "PROFILE")
        return Viewer(item=user, id=user["user_id"]) if user else None

    @strawberry.field
    def product(self, info: Info[Context, None], id: strawberry.ID) -> Product | None:
        return Product.of(_store(info).get("Products", str(id), "INFO"))


schema = strawberry.Schema(query=Query)
