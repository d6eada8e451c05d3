"""What a change is about: the topics a stream record is published under, and the topic
each subscription listens to, written once."""

from __future__ import annotations

from loaders.streams import Change


def order_topic(order_id: str) -> str:
    return f"order:{order_id}"


def orders_of_topic(user_id: str) -> str:
    return f"orders-of:{user_id}"


def cart_topic(user_id: str) -> str:
    return f"cart:{user_id}"


def product_topic(product_id: str) -> str:
    return f"product:{product_id}"


def sales_of_topic(seller_id: str) -> str:
    return f"sales-of:{seller_id}"


def session_topic(user_id: str, session_id: str) -> str:
    return f"session:{user_id}:{session_id}"


def topics_of(change: Change) -> list[str]:
    """The topics of one committed write, from the item's own attributes."""
    item = change.current
    entity = item.get("entity")
    if change.table == "Orders" and entity == "Order":
        return [order_topic(item["order_id"]), orders_of_topic(item["user_id"])]
    if change.table == "OrderItems":
        return [
            order_topic(item["order_id"]),
            orders_of_topic(item["user_id"]),
            sales_of_topic(item["seller_id"]),
        ]
    if change.table == "Cart" and entity == "CartItem":
        return [cart_topic(item["user_id"])]
    if change.table == "Products" and entity in ("Product", "Listing"):
        return [product_topic(item["product_id"])]
    if change.table == "Users" and entity == "Session" and change.new is None:
        return [session_topic(item["pk"], item["session_id"])]
    return []
