"""Key formats, written once.

Each item kind has a frozen (hence hashable) key dataclass whose `encode()` returns
the DynamoDB primary key; the DataLoader caches by these objects. Index key values
(`gsi1sk` and friends) are built by the functions below them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from loaders.model import (
    ATTEMPTS,
    CAMPAIGNS,
    CART,
    CATEGORIES,
    COUPONS,
    FILTERS,
    ORDER_ITEMS,
    ORDERS,
    PRODUCTS,
    REVIEWS,
    REWARDS,
    SORT_KEY_DIGITS,
    STOCK_TRANSACTIONS,
    USERS,
    WISHLIST,
    Table,
)

ROOT_CATEGORY = "ROOT"

PROFILE = "PROFILE"
INFO = "INFO"
LISTING_PREFIX = "SELLER#"
IMAGE_PREFIX = "IMAGE#"
SPEC_PREFIX = "SPEC#"
FACET_PREFIX = "FILTER#"
SUBCATEGORY_PREFIX = "SUBCATEGORY#"
REVIEW_PREFIX = "REVIEW#"
REVIEWER_PREFIX = "REVIEWER#"
ADDRESS_PREFIX = "ADDRESS#"
CATEGORY_PARTITION_PREFIX = "CATEGORY#"
PRICE_PREFIX = "PRICE#"
PRODUCT_PREFIX = "PRODUCT#"
ACCOUNT_ATTEMPTS_PREFIX = "ACCOUNT#"
CLIENT_ATTEMPTS_PREFIX = "CLIENT#"
FAILURES = "FAILURES"

Key = dict[str, str]


@dataclass(frozen=True)
class ItemKey:
    """Base of every primary-key dataclass: `table` says where, `encode()` says which,
    `visible()` what of the item its reader gets (all of it, but for a seller's profile)."""

    table: ClassVar[Table]

    def encode(self) -> Key:
        raise NotImplementedError

    def visible(self, item: dict[str, Any]) -> dict[str, Any]:
        return item


@dataclass(frozen=True)
class UserKey(ItemKey):
    table: ClassVar[Table] = USERS
    user_id: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": PROFILE}


# What every buyer may see of a seller's User item: its store and the store's rating.
SELLER_VIEW = frozenset(
    (
        "pk",
        "sk",
        "entity",
        "user_id",
        "is_seller",
        "store_name",
        "store_description",
        "seller_rating_sum",
        "seller_rating_count",
    )
)


@dataclass(frozen=True)
class SellerKey(ItemKey):
    """A seller's public profile: the User item of `UserKey`, as a storefront, a product
    page or an order shows its seller. Catalog data, the same for every reader: it may come
    from the shared cache, which keeps this view only (loaders/shared_cache.py)."""

    table: ClassVar[Table] = USERS
    user_id: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": PROFILE}

    def visible(self, item: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in item.items() if name in SELLER_VIEW}


@dataclass(frozen=True)
class ProductKey(ItemKey):
    table: ClassVar[Table] = PRODUCTS
    product_id: str

    def encode(self) -> Key:
        return {"pk": self.product_id, "sk": INFO}


@dataclass(frozen=True)
class ListingKey(ItemKey):
    table: ClassVar[Table] = PRODUCTS
    product_id: str
    seller_id: str

    def encode(self) -> Key:
        return {"pk": self.product_id, "sk": LISTING_PREFIX + self.seller_id}


@dataclass(frozen=True)
class CategoryKey(ItemKey):
    table: ClassVar[Table] = CATEGORIES
    category_id: str

    def encode(self) -> Key:
        return {"pk": self.category_id, "sk": INFO}


@dataclass(frozen=True)
class ReviewGuardKey(ItemKey):
    table: ClassVar[Table] = REVIEWS
    product_id: str
    reviewer_id: str

    def encode(self) -> Key:
        return {"pk": self.product_id, "sk": REVIEWER_PREFIX + self.reviewer_id}


def padded(number: int) -> str:
    """A non-negative number as it sorts inside a sort key."""
    if number < 0:
        raise ValueError(f"sort key numbers are non-negative, got {number}")
    return f"{number:0{SORT_KEY_DIGITS}d}"


def category_partition(category_id: str) -> str:
    return CATEGORY_PARTITION_PREFIX + category_id


def category_price_sort_key(min_price_cents: int, product_id: str) -> str:
    return f"{PRICE_PREFIX}{padded(min_price_cents)}#{product_id}"


RATING_SCALE = 1000
"""A rating average in a sort key: thousandths of a star (0 to 5000), unrated as 0."""


def category_newest_sort_key(created_at: str, product_id: str) -> str:
    """`CategoryNewestIndex` (gsi4sk): a category's products by when they were created."""
    return f"{created_at}#{product_id}"


def rating_average(rating_sum: int, rating_count: int) -> int:
    return rating_sum * RATING_SCALE // rating_count if rating_count else 0


def category_rating_sort_key(rating_sum: int, rating_count: int, product_id: str) -> str:
    """`CategoryRatingIndex` (gsi5sk): by average rating, then number of ratings."""
    average = rating_average(rating_sum, rating_count)
    return f"RATING#{padded(average)}#{padded(rating_count)}#{product_id}"


def price_bound(cents: int) -> str:
    """The first `CategoryPriceIndex` sort key of a price: everything at that price sorts after."""
    return f"{PRICE_PREFIX}{padded(cents)}#"


def image_sort_key(image_id: str) -> str:
    return IMAGE_PREFIX + image_id


def spec_sort_key(name: str) -> str:
    return SPEC_PREFIX + name


def facet_sort_key(name: str) -> str:
    return FACET_PREFIX + name


def subcategory_sort_key(child_id: str) -> str:
    return SUBCATEGORY_PREFIX + child_id


def listing_index_sort_key(product_id: str) -> str:
    return PRODUCT_PREFIX + product_id


def seller_catalog_sort_key(created_at: str, product_id: str) -> str:
    """`SellerCatalogIndex` (gsi3sk): a seller's products, by when they became theirs."""
    return f"{created_at}#{product_id}"


def review_sort_key(created_at: str, reviewer_id: str) -> str:
    return f"{REVIEW_PREFIX}{created_at}#{reviewer_id}"


def address_sort_key(address_id: str) -> str:
    return ADDRESS_PREFIX + address_id


# Users ------------------------------------------------------------------------------
SESSION_PREFIX = "SESSION#"
UNIQUE = "UNIQUE"


def session_sort_key(session_id: str) -> str:
    return SESSION_PREFIX + session_id


def unique_username_partition(username: str) -> str:
    return "USERNAME#" + username.lower()


def unique_email_partition(email: str) -> str:
    return "EMAIL#" + email.lower()


def email_index_partition(email: str) -> str:
    return email.lower()


# Cart, orders -------------------------------------------------------------------------
ITEM_PREFIX = "ITEM#"
ORDER_PREFIX = "ORDER#"
IDEMPOTENCY_PREFIX = "IDEMPOTENCY#"
AMOUNT_PREFIX = "AMOUNT#"


def cart_item_sort_key(product_id: str, seller_id: str) -> str:
    return f"{ITEM_PREFIX}{product_id}#{seller_id}"


def order_sort_key(created_at: str, order_id: str) -> str:
    return f"{ORDER_PREFIX}{created_at}#{order_id}"


def order_status_sort_key(status: str, created_at: str) -> str:
    """`StatusIndex` (lsi1sk): a user's orders in a status, by date."""
    return f"STATUS#{status}#{created_at}"


def order_amount_sort_key(total_cents: int, order_id: str) -> str:
    """`AmountIndex` (lsi2sk): a user's orders by amount."""
    return f"{AMOUNT_PREFIX}{padded(total_cents)}#{order_id}"


def order_item_sort_key(product_id: str, seller_id: str) -> str:
    return f"{ITEM_PREFIX}{product_id}#{seller_id}"


def seller_item_index_sort_key(created_at: str, order_id: str) -> str:
    """`SellerItemsIndex` (gsi1sk): a seller's order items, by date."""
    return f"{created_at}#{order_id}"


def idempotency_sort_key(key: str) -> str:
    return IDEMPOTENCY_PREFIX + key


# Reviews, wishlists, rewards ----------------------------------------------------------
def review_guard_sort_key(reviewer_id: str) -> str:
    return REVIEWER_PREFIX + reviewer_id


WISHLIST_PREFIX = "WISHLIST#"
REWARD_PREFIX = "REWARD#"


def wishlist_sort_key(wishlist_id: str) -> str:
    return WISHLIST_PREFIX + wishlist_id


def wishlist_item_sort_key(wishlist_id: str, product_id: str) -> str:
    return f"{ITEM_PREFIX}{wishlist_id}#{product_id}"


def reward_sort_key(created_at: str, reward_type: str, reward_id: str) -> str:
    return f"{REWARD_PREFIX}{created_at}#{reward_type}#{reward_id}"


# Coupons, campaigns -------------------------------------------------------------------
USER_PREFIX = "USER#"
COUPON_USAGE_PREFIX = "USAGE#"
ANALYTICS_PREFIX = "ANALYTICS#"


def coupon_partition(code: str) -> str:
    return code.upper()


def coupon_user_sort_key(user_id: str) -> str:
    return USER_PREFIX + user_id


def coupon_usage_sort_key(user_id: str, order_id: str) -> str:
    return f"{COUPON_USAGE_PREFIX}{user_id}#{order_id}"


def campaign_target_sort_key(user_id: str) -> str:
    return USER_PREFIX + user_id


def campaign_day_sort_key(date: str) -> str:
    return ANALYTICS_PREFIX + date


OTP_PREFIX = "OTP#"


def otp_sort_key(purpose: str) -> str:
    return OTP_PREFIX + purpose


# Accounts: key dataclasses of the Users and Wishlist items ---------------------------------
@dataclass(frozen=True)
class SessionKey(ItemKey):
    table: ClassVar[Table] = USERS
    user_id: str
    session_id: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": session_sort_key(self.session_id)}


@dataclass(frozen=True)
class OtpKey(ItemKey):
    """A one-time code of a user for one purpose: one live code per account and purpose."""

    table: ClassVar[Table] = USERS
    user_id: str
    purpose: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": otp_sort_key(self.purpose)}


@dataclass(frozen=True)
class UniqueUsernameKey(ItemKey):
    """Claims a username (case-insensitively) for one user."""

    table: ClassVar[Table] = USERS
    username: str

    def encode(self) -> Key:
        return {"pk": unique_username_partition(self.username), "sk": UNIQUE}


@dataclass(frozen=True)
class UniqueEmailKey(ItemKey):
    """Claims an email address (case-insensitively) for one user."""

    table: ClassVar[Table] = USERS
    email: str

    def encode(self) -> Key:
        return {"pk": unique_email_partition(self.email), "sk": UNIQUE}


@dataclass(frozen=True)
class AccountAttemptsKey(ItemKey):
    """The failed attempts at one account name (a username or an email, lower-cased),
    whether or not an account has it."""

    table: ClassVar[Table] = ATTEMPTS
    name: str

    def encode(self) -> Key:
        return {"pk": ACCOUNT_ATTEMPTS_PREFIX + self.name.lower(), "sk": FAILURES}


@dataclass(frozen=True)
class ClientAttemptsKey(ItemKey):
    """The failed attempts of one client address (an IPv6 client's /64 network)."""

    table: ClassVar[Table] = ATTEMPTS
    address: str

    def encode(self) -> Key:
        return {"pk": CLIENT_ATTEMPTS_PREFIX + self.address, "sk": FAILURES}


@dataclass(frozen=True)
class AddressKey(ItemKey):
    table: ClassVar[Table] = USERS
    user_id: str
    address_id: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": address_sort_key(self.address_id)}


@dataclass(frozen=True)
class WishlistKey(ItemKey):
    table: ClassVar[Table] = WISHLIST
    user_id: str
    wishlist_id: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": wishlist_sort_key(self.wishlist_id)}


@dataclass(frozen=True)
class WishlistItemKey(ItemKey):
    table: ClassVar[Table] = WISHLIST
    user_id: str
    wishlist_id: str
    product_id: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": wishlist_item_sort_key(self.wishlist_id, self.product_id)}


# Cart, orders, coupons, stock: key dataclasses -----------------------------------------------
@dataclass(frozen=True)
class CartItemKey(ItemKey):
    table: ClassVar[Table] = CART
    user_id: str
    product_id: str
    seller_id: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": cart_item_sort_key(self.product_id, self.seller_id)}


@dataclass(frozen=True)
class OrderKey(ItemKey):
    table: ClassVar[Table] = ORDERS
    user_id: str
    created_at: str
    order_id: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": order_sort_key(self.created_at, self.order_id)}


@dataclass(frozen=True)
class StoredOrderKey(ItemKey):
    """An order by the sort key stored beside it (in an Idempotency item's `order_sk`)."""

    table: ClassVar[Table] = ORDERS
    user_id: str
    order_sk: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": self.order_sk}


@dataclass(frozen=True)
class IdempotencyKey(ItemKey):
    table: ClassVar[Table] = ORDERS
    user_id: str
    key: str

    def encode(self) -> Key:
        return {"pk": self.user_id, "sk": idempotency_sort_key(self.key)}


@dataclass(frozen=True)
class OrderItemKey(ItemKey):
    table: ClassVar[Table] = ORDER_ITEMS
    order_id: str
    product_id: str
    seller_id: str

    def encode(self) -> Key:
        return {"pk": self.order_id, "sk": order_item_sort_key(self.product_id, self.seller_id)}


@dataclass(frozen=True)
class CouponKey(ItemKey):
    table: ClassVar[Table] = COUPONS
    code: str

    def encode(self) -> Key:
        return {"pk": coupon_partition(self.code), "sk": INFO}


@dataclass(frozen=True)
class CouponUserKey(ItemKey):
    table: ClassVar[Table] = COUPONS
    code: str
    user_id: str

    def encode(self) -> Key:
        return {"pk": coupon_partition(self.code), "sk": coupon_user_sort_key(self.user_id)}


@dataclass(frozen=True)
class CouponUsageKey(ItemKey):
    table: ClassVar[Table] = COUPONS
    code: str
    user_id: str
    order_id: str

    def encode(self) -> Key:
        return {
            "pk": coupon_partition(self.code),
            "sk": coupon_usage_sort_key(self.user_id, self.order_id),
        }


@dataclass(frozen=True)
class StockTransactionKey(ItemKey):
    table: ClassVar[Table] = STOCK_TRANSACTIONS
    transaction_id: str
    timestamp: str

    def encode(self) -> Key:
        return {"pk": self.transaction_id, "sk": self.timestamp}


@dataclass(frozen=True)
class RewardKey(ItemKey):
    table: ClassVar[Table] = REWARDS
    user_id: str
    created_at: str
    reward_type: str
    reward_id: str

    def encode(self) -> Key:
        return {
            "pk": self.user_id,
            "sk": reward_sort_key(self.created_at, self.reward_type, self.reward_id),
        }


def order_status_prefix(status: str) -> str:
    """The `StatusIndex` (lsi1sk) prefix of a user's orders in a status."""
    return f"STATUS#{status}#"


@dataclass(frozen=True)
class ReviewKey(ItemKey):
    table: ClassVar[Table] = REVIEWS
    product_id: str
    created_at: str
    reviewer_id: str

    def encode(self) -> Key:
        return {"pk": self.product_id, "sk": review_sort_key(self.created_at, self.reviewer_id)}


# Category administration: the Subcategory link and the slug guard ----------------------------
CATEGORY_SLUG_PREFIX = "SLUG#"


def category_slug_partition(slug: str) -> str:
    """The guard item that claims a category slug (an addition to the storage contract)."""
    return CATEGORY_SLUG_PREFIX + slug


@dataclass(frozen=True)
class SubcategoryKey(ItemKey):
    """The link of a child under its parent (`ROOT_CATEGORY` for a root)."""

    table: ClassVar[Table] = CATEGORIES
    parent_id: str
    child_id: str

    def encode(self) -> Key:
        return {"pk": self.parent_id, "sk": subcategory_sort_key(self.child_id)}


@dataclass(frozen=True)
class CategorySlugKey(ItemKey):
    """Claims a slug for one category: written with `attribute_not_exists(pk)`."""

    table: ClassVar[Table] = CATEGORIES
    slug: str

    def encode(self) -> Key:
        return {"pk": category_slug_partition(self.slug), "sk": UNIQUE}


# Campaigns: key dataclasses -------------------------------------------------------------------
@dataclass(frozen=True)
class CampaignKey(ItemKey):
    table: ClassVar[Table] = CAMPAIGNS
    campaign_id: str

    def encode(self) -> Key:
        return {"pk": self.campaign_id, "sk": INFO}


@dataclass(frozen=True)
class CampaignTargetKey(ItemKey):
    table: ClassVar[Table] = CAMPAIGNS
    campaign_id: str
    user_id: str

    def encode(self) -> Key:
        return {"pk": self.campaign_id, "sk": campaign_target_sort_key(self.user_id)}


# Search: the inverted index's term items in the Products table ---------------------------------
TERM_PREFIX = "TERM#"


def term_partition(term: str) -> str:
    """The partition of one search term: its items are the products that hold it."""
    return TERM_PREFIX + term


TERMS_STARTING_PREFIX = "TERMS#"
TERM_BUCKET_LENGTH = 2
"""Term items are grouped in the prefix index by their first characters: a prefix of at
least this many characters is one Query of one partition."""


def term_bucket(term: str) -> str:
    return term[:TERM_BUCKET_LENGTH]


def term_bucket_partition(bucket: str) -> str:
    """The prefix index's partition of the terms that start with `bucket`."""
    return TERMS_STARTING_PREFIX + bucket


def term_bucket_sort_key(term: str, product_id: str) -> str:
    """Sorted by term, then product: `begins_with` on a term's start finds its products."""
    return f"{term}#{product_id}"


@dataclass(frozen=True)
class SearchTermKey(ItemKey):
    """A product under a search term; product ids have no `#`, so no product collides."""

    table: ClassVar[Table] = PRODUCTS
    term: str
    product_id: str

    def encode(self) -> Key:
        return {"pk": term_partition(self.term), "sk": self.product_id}


# A product's details and images: key dataclasses ---------------------------------------------
@dataclass(frozen=True)
class SpecKey(ItemKey):
    table: ClassVar[Table] = PRODUCTS
    product_id: str
    name: str

    def encode(self) -> Key:
        return {"pk": self.product_id, "sk": spec_sort_key(self.name)}


@dataclass(frozen=True)
class FacetKey(ItemKey):
    """A facet (the storage contract's Filter item) of a product."""

    table: ClassVar[Table] = PRODUCTS
    product_id: str
    name: str

    def encode(self) -> Key:
        return {"pk": self.product_id, "sk": facet_sort_key(self.name)}


@dataclass(frozen=True)
class ImageKey(ItemKey):
    table: ClassVar[Table] = PRODUCTS
    product_id: str
    image_id: str

    def encode(self) -> Key:
        return {"pk": self.product_id, "sk": image_sort_key(self.image_id)}


@dataclass(frozen=True)
class FacetCountKey(ItemKey):
    """How many active products of a category have a facet value (Filters table)."""

    table: ClassVar[Table] = FILTERS
    category_id: str
    name: str
    value: str

    def encode(self) -> Key:
        return {"pk": self.category_id, "sk": f"{FACET_PREFIX}{self.name}#DATA#{self.value}"}
