"""What a cart costs at checkout, and every reason checkout would refuse it.

One set of rules for `checkout` (which writes the order when there is no problem) and
`cart.preview` (which writes nothing):

- each line at its listing's price now; a line whose listing or product is withdrawn, or
  whose stock is short, is an `OUT_OF_STOCK` problem naming the line;
- the coupon's discount on the subtotal (`COUPON_INVALID` when it cannot be used);
- points: 100 points are worth 1.00, at most the balance (`User.reward_points`) and the
  total before shipping (subtotal less the coupon's discount); more is `INVALID_INPUT`;
- shipping free from 50.00 of subtotal less the coupon's discount (points do not change
  it), else 4.99; the total is subtotal - discount - points discount + shipping;
- one point earned per whole currency unit of that total.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway.errors import Problem, UserErrorCode
from loaders.codec import Item
from resolvers import coupons
from resolvers.cart import Cart, CartLine, is_for_sale

FREE_SHIPPING_FROM_CENTS = 5_000
SHIPPING_CENTS = 499
CENTS_PER_POINT = 100
"""Earning: one point per whole currency unit (100 cents) of an order's total."""
POINTS_PER_UNIT = 100
"""Redeeming: 100 points are worth 1.00, so a point redeemed takes 1 cent off."""


def points_value_cents(points: int) -> int:
    """What `points` redeemed take off an order."""
    return points * 100 // POINTS_PER_UNIT


def points_for_cents(cents: int) -> int:
    """The most points an amount of `cents` takes (whole points, rounded down)."""
    return cents * POINTS_PER_UNIT // 100


@dataclass
class Seen:
    """What checkout prices (and its transaction is conditioned on), as last read."""

    cart: Cart
    listings: list[Item | None]
    profile: Item | None
    coupon: Item | None
    coupon_used: int | None

    @classmethod
    def read(
        cls, cart: Cart, profile: Item | None, coupon: Item | None, coupon_user: Item | None
    ) -> Seen:
        """As read: the cart with its listings, the profile, the coupon and the caller's
        use of it (its CouponUser item)."""
        used = int(coupon_user["used"]) if coupon_user else None
        return cls(cart, [line.listing for line in cart.lines], profile, coupon, used)

    @property
    def balance(self) -> int:
        return int((self.profile or {}).get("reward_points") or 0)


@dataclass(frozen=True)
class Priced:
    lines: list[CartLine]
    subtotal_cents: int
    discount_cents: int
    points_redeemed: int
    shipping_cents: int
    problems: list[Problem]

    @property
    def points_discount_cents(self) -> int:
        return points_value_cents(self.points_redeemed)

    @property
    def total_cents(self) -> int:
        return (
            self.subtotal_cents
            - self.discount_cents
            - self.points_discount_cents
            + self.shipping_cents
        )

    @property
    def points_earned(self) -> int:
        return self.total_cents // CENTS_PER_POINT


def price(seen: Seen, code: str | None, redeem_points: int, within: tuple[str, ...] = ()) -> Priced:
    """The cart priced as `seen` stands. `within` is the argument the coupon and points
    fields are inside of (`("input",)` for checkout). Figures are given even when there
    are problems: the points are the most the request may redeem of what it asked."""
    lines = [
        CartLine(line.item, listing, line.product)
        for line, listing in zip(seen.cart.lines, seen.listings, strict=True)
    ]
    problems = _short_lines(lines)
    subtotal = sum(line.line_total_cents for line in lines)
    discount = 0
    if code is not None:
        problem = _coupon_problem(seen, subtotal, within)
        if problem is None and seen.coupon is not None:
            discount = coupons.discount_cents(seen.coupon, subtotal)
        elif problem is not None:
            problems.append(problem)
    before_shipping = subtotal - discount
    most = min(seen.balance, points_for_cents(before_shipping))
    if redeem_points < 0 or redeem_points > most:
        problems.append(_points_problem(redeem_points, seen.balance, before_shipping, within))
    redeemed = max(0, min(redeem_points, most))
    shipping = 0 if before_shipping >= FREE_SHIPPING_FROM_CENTS else SHIPPING_CENTS
    return Priced(lines, subtotal, discount, redeemed, shipping, problems)


def _short_lines(lines: list[CartLine]) -> list[Problem]:
    problems = []
    for n, line in enumerate(lines):
        name = line.product["name"] if line.product else line.item["product_id"]
        stock = int(line.listing.get("stock", 0)) if line.listing else 0
        if not is_for_sale(line.listing, line.product):
            message = f"{name} is no longer for sale from this seller; remove the line."
        elif stock < line.quantity:
            message = (
                f"Only {stock} of {name} left; lower the quantity or remove the line."
                if stock > 0
                else f"{name} is out of stock; remove the line to check out."
            )
        else:
            continue
        problems.append(Problem(UserErrorCode.OUT_OF_STOCK, message, ("lines", str(n))))
    return problems


def _coupon_problem(seen: Seen, subtotal_cents: int, within: tuple[str, ...]) -> Problem | None:
    reason = coupons.why_unusable(seen.coupon, seen.coupon_used or 0)
    found = seen.coupon
    if reason is None and found is not None:
        minimum = int(found.get("min_order_cents", 0))
        if subtotal_cents < minimum:
            reason = f"This coupon needs an order of at least {minimum / 100:.2f}."
    if reason is None:
        return None
    return Problem(UserErrorCode.COUPON_INVALID, reason, (*within, "coupon_code"))


def _points_problem(
    asked: int, balance: int, before_shipping: int, within: tuple[str, ...]
) -> Problem:
    if asked < 0:
        message = "Redeem 0 points or more."
    elif asked > balance:
        message = f"You have {balance} points; redeem at most that many."
    else:
        message = (
            f"This order takes at most {points_for_cents(before_shipping)} points "
            f"(its total before shipping, {before_shipping / 100:.2f}; 100 points are 1.00)."
        )
    return Problem(UserErrorCode.INVALID_INPUT, message, (*within, "redeem_points"))
