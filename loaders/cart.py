"""The Cart table: a user's cart lines, one item collection per user."""

from __future__ import annotations

from collections.abc import Sequence

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.errors import ConditionFailed
from loaders.keys import ITEM_PREFIX, CartItemKey
from loaders.model import CART
from loaders.writes import MUST_EXIST, Delete, Put, Update


async def cart_items(dynamo: Dynamo, user_id: str, *, consistent: bool = False) -> list[Item]:
    """Every line of a user's cart (by product, then seller): one Query."""
    condition = "pk = :user AND begins_with(sk, :prefix)"
    values = {":user": user_id, ":prefix": ITEM_PREFIX}
    if consistent:
        return await dynamo.query_all(CART, condition, values, consistent=True)
    return await dynamo.query_all(CART, condition, values)


def _key(line: Item) -> CartItemKey:
    return CartItemKey(line["user_id"], line["product_id"], line["seller_id"])


async def put_line(dynamo: Dynamo, line: Item) -> None:
    await dynamo.put(Put(_key(line), {"entity": "CartItem", **line}))


async def set_quantity(dynamo: Dynamo, key: CartItemKey, quantity: int, updated_at: str) -> bool:
    """False when the cart has no such line."""
    try:
        await dynamo.update(
            Update(key, {"quantity": quantity, "updated_at": updated_at}, MUST_EXIST)
        )
    except ConditionFailed:
        return False
    return True


async def delete_line(dynamo: Dynamo, key: CartItemKey) -> bool:
    """False when the cart has no such line."""
    try:
        await dynamo.delete(Delete(key, MUST_EXIST))
    except ConditionFailed:
        return False
    return True


async def delete_lines(dynamo: Dynamo, lines: Sequence[Item]) -> None:
    """Remove lines, in one transaction (a cart has fewer than 100 lines)."""
    if lines:
        await dynamo.transact_write([Delete(_key(line)) for line in lines])
