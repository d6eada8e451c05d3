"""How much data each profile makes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    # Children kept per parent at each depth (the roots first); None keeps the whole tree.
    tree_limits: tuple[int, ...] | None
    sellers: int
    customers: int
    products: int
    reviews: int
    orders: int
    carts: int
    wishlist_owners: int
    campaigns: int


_PROFILES = {
    "small": Profile(
        name="small",
        tree_limits=(2, 2, 1),
        sellers=6,
        customers=20,
        products=40,
        reviews=150,
        orders=30,
        carts=5,
        wishlist_owners=6,
        campaigns=2,
    ),
    "demo": Profile(
        name="demo",
        tree_limits=None,
        sellers=50,
        customers=200,
        products=500,
        reviews=2000,
        orders=300,
        carts=40,
        wishlist_owners=60,
        campaigns=10,
    ),
}

PROFILES: tuple[str, ...] = tuple(_PROFILES)


def profile_named(name: str) -> Profile:
    try:
        return _PROFILES[name]
    except KeyError:
        raise ValueError(f"unknown demo profile {name!r}; choose one of {PROFILES}") from None
