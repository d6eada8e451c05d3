"""The cart: its type, the viewer's cart and the mutations that fill it."""

from __future__ import annotations

import strawberry

from gateway.auth import require_user
from gateway.context import Context
from resolvers import cart, checkout_preview
from schema.checkout_preview import CheckoutPreview
from schema.money import Money
from schema.product import Product
from schema.seller import Seller
from schema.user_errors import UserError, attempt

Info = strawberry.Info[Context, None]


@strawberry.type
class CartItem:
    quantity: int
    unit_price: Money = strawberry.field(description="The price when the line was added.")
    current_price: Money | None = strawberry.field(
        description="The listing's price now (what checkout charges); null if it is gone."
    )
    line_total: Money = strawberry.field(description="Quantity times the current price.")
    available: bool = strawberry.field(
        description="The listing is for sale and its stock covers the quantity."
    )
    product: Product | None = strawberry.field(description="Null if the product is gone.")
    seller: Seller
    line: strawberry.Private[cart.CartLine]

    @classmethod
    def from_line(cls, line: cart.CartLine) -> CartItem:
        current = line.current_price_cents
        return cls(
            quantity=line.quantity,
            unit_price=Money.from_cents(int(line.item["unit_price_cents"]), line.currency),
            current_price=None if current is None else Money.from_cents(current, line.currency),
            line_total=Money.from_cents(line.line_total_cents, line.currency),
            available=line.available,
            product=Product.from_item(line.product) if line.product else None,
            seller=Seller.from_listing(line.listing or line.item),
            line=line,
        )


@strawberry.type(description="The signed-in user's cart.")
class Cart:
    id: strawberry.ID = strawberry.field(
        description="The owner's user id (a user has one cart): the same on every request,"
        " so a client cache keeps one cart and updates it from each mutation's payload."
    )
    item_count: int = strawberry.field(description="Units: the sum of the quantities.")
    subtotal: Money = strawberry.field(description="The sum of the line totals.")
    items: list[CartItem] = strawberry.field(description="By product id, then seller id.")
    found: strawberry.Private[cart.Cart]

    @classmethod
    def from_cart(cls, found: cart.Cart, owner_id: str) -> Cart:
        return cls(
            id=strawberry.ID(owner_id),
            item_count=found.item_count,
            subtotal=Money.from_cents(found.subtotal_cents, found.currency),
            items=[CartItem.from_line(line) for line in found.lines],
            found=found,
        )

    @strawberry.field(
        description="What checkout would charge for this cart now with these arguments, and"
        " each reason it would refuse; nothing is written."
    )
    async def preview(
        self,
        info: Info,
        coupon_code: str | None = None,
        shipping_address_id: strawberry.ID | None = None,
        redeem_points: int | None = None,
    ) -> CheckoutPreview:
        # A Cart is only built for its owner (or an administrator): `User.cart` checked.
        request = preview_request(coupon_code, shipping_address_id, redeem_points)
        found = await checkout_preview.preview(
            info.context.loaders, str(self.id), self.found, request
        )
        return CheckoutPreview.from_preview(found)


def preview_request(
    coupon_code: str | None, shipping_address_id: object | None, redeem_points: int | None
) -> checkout_preview.PreviewRequest:
    """`preview`'s arguments (as its field, or a lookahead at them, gives them)."""
    return checkout_preview.PreviewRequest(
        coupon_code,
        None if shipping_address_id is None else str(shipping_address_id),
        redeem_points or 0,
    )


@strawberry.type
class CartPayload:
    cart: Cart | None
    errors: list[UserError]


def _payload(found: cart.Cart | None, errors: list[UserError], owner_id: str) -> CartPayload:
    return CartPayload(
        cart=Cart.from_cart(found, owner_id) if found is not None else None, errors=errors
    )


@strawberry.type
class CartMutation:
    @strawberry.mutation(
        description=f"Add units of a seller's offer to the cart (at most {cart.MAX_CART_LINES} lines)."
    )
    async def add_to_cart(
        self, info: Info, product_id: strawberry.ID, seller_id: strawberry.ID, quantity: int
    ) -> CartPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            cart.add_to_cart(
                info.context.loaders, viewer.user_id, str(product_id), str(seller_id), quantity
            )
        )
        return _payload(found, errors, viewer.user_id)

    @strawberry.mutation(description="Set the quantity of a cart line (1 to 99).")
    async def update_cart_item(
        self, info: Info, product_id: strawberry.ID, seller_id: strawberry.ID, quantity: int
    ) -> CartPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            cart.update_cart_item(
                info.context.loaders, viewer.user_id, str(product_id), str(seller_id), quantity
            )
        )
        return _payload(found, errors, viewer.user_id)

    @strawberry.mutation
    async def remove_from_cart(
        self, info: Info, product_id: strawberry.ID, seller_id: strawberry.ID
    ) -> CartPayload:
        viewer = await require_user(info)
        found, errors = await attempt(
            cart.remove_from_cart(
                info.context.loaders, viewer.user_id, str(product_id), str(seller_id)
            )
        )
        return _payload(found, errors, viewer.user_id)

    @strawberry.mutation
    async def clear_cart(self, info: Info) -> CartPayload:
        viewer = await require_user(info)
        found, errors = await attempt(cart.clear_cart(info.context.loaders, viewer.user_id))
        return _payload(found, errors, viewer.user_id)
