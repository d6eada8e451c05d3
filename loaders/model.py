"""The storage contract in code: every table, its keys, indexes and TTL (`TABLES`), and
every entity with its key templates (`ENTITIES`), declared once.

`tables create`, the key builders, the loaders and the model export all derive from
these. The layout is the one in the project's data model document, so the gateway
serves tables it did not create.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from enum import Enum


class IndexKind(Enum):
    GLOBAL = "global"
    LOCAL = "local"


@dataclass(frozen=True)
class Index:
    name: str
    kind: IndexKind
    partition_key: str
    sort_key: str


@dataclass(frozen=True)
class Table:
    """A logical table; its physical name is the configured prefix plus `name`."""

    name: str
    indexes: tuple[Index, ...] = ()
    ttl_attribute: str | None = None
    # A DynamoDB Stream (NEW_AND_OLD_IMAGES) feeds live updates (gateway/live/): an addition
    # to the storage contract that `tables create` makes.
    streamed: bool = False
    partition_key: str = field(default="pk", init=False)
    sort_key: str = field(default="sk", init=False)

    def index(self, name: str) -> Index:
        for index in self.indexes:
            if index.name == name:
                return index
        raise KeyError(f"table {self.name} has no index {name}")


def _gsi(name: str, number: int) -> Index:
    return Index(name, IndexKind.GLOBAL, f"gsi{number}pk", f"gsi{number}sk")


def _lsi(name: str, number: int) -> Index:
    return Index(name, IndexKind.LOCAL, "pk", f"lsi{number}sk")


TTL_ATTRIBUTE = "expires_at"

USERS = Table("Users", (_gsi("EmailIndex", 1),), ttl_attribute=TTL_ATTRIBUTE, streamed=True)
PRODUCTS = Table(
    "Products",
    (
        _gsi("CategoryPriceIndex", 1),
        _gsi("SellerProductsIndex", 2),
        # Added by the gateway: a seller's own catalog, newest first (viewer.sellerProducts).
        _gsi("SellerCatalogIndex", 3),
        # Added by the gateway: a category's products newest first, and best rated first
        # (category.products' NEWEST and RATING sorts); the same partition as the price
        # index, so only products on their category's pages are in them.
        Index("CategoryNewestIndex", IndexKind.GLOBAL, "gsi1pk", "gsi4sk"),
        Index("CategoryRatingIndex", IndexKind.GLOBAL, "gsi1pk", "gsi5sk"),
    ),
    streamed=True,
)
CATEGORIES = Table("Categories")
CART = Table("Cart", streamed=True)
ORDERS = Table(
    "Orders",
    (
        _gsi("OrderIdIndex", 1),
        _gsi("StatusDateIndex", 2),
        _lsi("StatusIndex", 1),
        _lsi("AmountIndex", 2),
    ),
    ttl_attribute=TTL_ATTRIBUTE,
    streamed=True,
)
ORDER_ITEMS = Table(
    "OrderItems",
    (
        _gsi("SellerItemsIndex", 1),
        # Added by the gateway: a seller's items still to ship (a sparse index).
        _gsi("SellerPendingIndex", 2),
    ),
    streamed=True,
)
REVIEWS = Table("Reviews", (_gsi("SellerReviewsIndex", 1),))
CAMPAIGNS = Table("Campaigns", (_gsi("SellerCampaignsIndex", 1),))
WISHLIST = Table("Wishlist")
REWARDS = Table("Rewards")
COUPONS = Table("Coupons", ttl_attribute=TTL_ATTRIBUTE)
STOCK_TRANSACTIONS = Table(
    "StockTransactions",
    (_gsi("ProductTransactionIndex", 1), _gsi("SellerTransactionIndex", 2)),
)
# Added by the gateway (seed 000's Filters table): how many active products of a category
# have each facet value (category.facets), kept by the product writes' transactions.
FILTERS = Table("Filters")
# Added by the gateway: counts of failed sign-ins, shared by every replica (resolvers/throttle.py).
ATTEMPTS = Table("Attempts", ttl_attribute=TTL_ATTRIBUTE)

TABLES: tuple[Table, ...] = (
    USERS,
    PRODUCTS,
    CATEGORIES,
    CART,
    ORDERS,
    ORDER_ITEMS,
    REVIEWS,
    CAMPAIGNS,
    WISHLIST,
    REWARDS,
    COUPONS,
    STOCK_TRANSACTIONS,
    ATTEMPTS,
    FILTERS,
)


# Entities: what each table holds, and its keys as templates --------------------------------
# A template names its parameters in braces (`ORDER#{created_at}#{order_id}`); an integer
# parameter is zero-padded to `SORT_KEY_DIGITS` digits, the convention for numbers inside
# keys. `loaders/keys.py` builds every key in these formats (tests/model checks that the
# builders and the templates agree); `python -m gateway model export` prints them.

SORT_KEY_DIGITS = 12
FieldType = str  # "string", "integer", "decimal", "boolean", "array", "object"
_TYPES = {"": "string", "int": "integer", "bool": "boolean", "list": "array", "map": "object"}


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType = "string"
    required: bool = True


def parse_field(word: str) -> Field:
    """`"roles:list"`, `"phone?"`: a name, with `:type` unless a string, `?` if optional."""
    name, _, kind = word.rstrip("?").partition(":")
    return Field(name, _TYPES[kind], not word.endswith("?"))


def _fields(spec: str) -> tuple[Field, ...]:
    return tuple(parse_field(word) for word in spec.split())


def template_params(template: str) -> tuple[str, ...]:
    """The parameter names of a key template, in order."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def format_key(template: str, **values: str | int) -> str:
    """A key value in a template's format (integers zero-padded, the sort-key convention)."""
    return template.format(
        **{k: f"{v:0{SORT_KEY_DIGITS}d}" if isinstance(v, int) else v for k, v in values.items()}
    )


@dataclass(frozen=True)
class IndexKeys:
    """The templates of an entity's key attributes in one index (a local index's `pk` is the
    table's)."""

    index: str
    pk: str
    sk: str


@dataclass(frozen=True)
class Entity:
    name: str
    table: Table
    pk: str
    sk: str
    fields: tuple[Field, ...]
    indexes: tuple[IndexKeys, ...] = ()

    def attribute(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


_ADDRESS = "recipient line1 line2? city region? postal_code country phone?"
ENTITIES: tuple[Entity, ...] = (
    # Users
    Entity(
        "User",
        USERS,
        "{user_id}",
        "PROFILE",
        _fields(
            "user_id username email password_hash first_name last_name phone? roles:list"
            " is_seller:bool store_name? store_description? seller_rating_sum:int"
            " seller_rating_count:int reward_points:int created_at updated_at"
        ),
        # gsi1pk is the email lower-cased (so is every email and username in a key).
        (IndexKeys("EmailIndex", "{email}", "{user_id}"),),
    ),
    Entity(
        "Address",
        USERS,
        "{user_id}",
        "ADDRESS#{address_id}",
        _fields(f"user_id address_id label? {_ADDRESS} is_default:bool created_at"),
    ),
    Entity(
        "Session",
        USERS,
        "{user_id}",
        "SESSION#{session_id}",
        _fields("user_id session_id created_at expires_at:int"),
    ),
    Entity(
        "Otp",
        USERS,
        "{user_id}",
        "OTP#{purpose}",
        _fields("user_id purpose code_hash attempts:int expires_at:int"),
    ),
    Entity("UniqueUsername", USERS, "USERNAME#{username}", "UNIQUE", _fields("username user_id")),
    Entity("UniqueEmail", USERS, "EMAIL#{email}", "UNIQUE", _fields("email user_id")),
    # Products
    Entity(
        "Product",
        PRODUCTS,
        "{product_id}",
        "INFO",
        _fields(
            "product_id name description brand? category_id tags:list is_active:bool"
            " rating_sum:int rating_count:int min_price_cents:int? currency primary_image:map?"
            " created_at updated_at"
            # Added by the gateway: who created the product (absent on products it did not
            # create), and the change counter its catalog writes are conditioned on.
            " created_by? version:int?"
            # Added by the gateway, while the product is on its category's pages: its
            # average rating in thousandths of a star, the RATING sort's key (gsi5sk).
            " rating_average:int?"
        ),
        (
            IndexKeys(
                "CategoryPriceIndex",
                "CATEGORY#{category_id}",
                "PRICE#{min_price_cents}#{product_id}",
            ),
            # Added by the gateway, on the products it creates: under their creator.
            IndexKeys("SellerCatalogIndex", "{created_by}", "{created_at}#{product_id}"),
            # Added by the gateway, with the price index's keys: the NEWEST and RATING sorts
            # (`rating_average` in thousandths of a star, from rating_sum and rating_count).
            IndexKeys("CategoryNewestIndex", "CATEGORY#{category_id}", "{created_at}#{product_id}"),
            IndexKeys(
                "CategoryRatingIndex",
                "CATEGORY#{category_id}",
                "RATING#{rating_average}#{rating_count}#{product_id}",
            ),
        ),
    ),
    Entity(
        "Listing",
        PRODUCTS,
        "{product_id}",
        "SELLER#{seller_id}",
        _fields(
            "product_id seller_id seller_name price_cents:int currency stock:int condition"
            " is_active:bool created_at updated_at"
            # Added by the gateway: the listing's sales, less cancellations and returns.
            " units_sold:int? revenue_cents:int?"
        ),
        (
            IndexKeys("SellerProductsIndex", "{seller_id}", "PRODUCT#{product_id}"),
            # Added by the gateway: a listing of a product its seller did not create (the
            # creator's product is under them already), from when it was listed.
            IndexKeys("SellerCatalogIndex", "{seller_id}", "{created_at}#{product_id}"),
        ),
    ),
    Entity(
        "Image",
        PRODUCTS,
        "{product_id}",
        "IMAGE#{image_id}",
        _fields("product_id image_id url alt position:int width:int? height:int?"),
    ),
    Entity(
        "Spec",
        PRODUCTS,
        "{product_id}",
        "SPEC#{name}",
        _fields("product_id name value unit? group?"),
    ),
    Entity("Filter", PRODUCTS, "{product_id}", "FILTER#{name}", _fields("product_id name value")),
    # Added by the gateway: the active products of a category (not of its descendants) with
    # a facet value, `name` and `value` case-folded in the key, as last written in the item.
    Entity(
        "FacetCount",
        FILTERS,
        "{category_id}",
        "FILTER#{name}#DATA#{value}",
        _fields("category_id name value count:int"),
    ),
    # Added by the gateway: the search index, a product under each of its terms (the name
    # normalized, to rank exact matches first); in the prefix index under the term's first
    # two characters (`prefix`), sorted by term.
    Entity(
        "SearchTerm",
        PRODUCTS,
        "TERM#{term}",
        "{product_id}",
        _fields("term product_id weight:int name prefix"),
        (IndexKeys("CategoryPriceIndex", "TERMS#{prefix}", "{term}#{product_id}"),),
    ),
    # Categories
    Entity(
        "Category",
        CATEGORIES,
        "{category_id}",
        "INFO",
        _fields(
            "category_id name slug description? image_url? parent_id path:list depth:int"
            " position:int created_at updated_at"
        ),
    ),
    Entity(
        "Subcategory",
        CATEGORIES,
        "{parent_id}",  # ROOT for the roots
        "SUBCATEGORY#{child_id}",
        _fields("parent_id child_id name position:int"),
    ),
    # Added by the gateway: claims a slug, written in the same transaction as its category.
    Entity("CategorySlug", CATEGORIES, "SLUG#{slug}", "UNIQUE", _fields("slug category_id")),
    # Cart
    Entity(
        "CartItem",
        CART,
        "{user_id}",
        "ITEM#{product_id}#{seller_id}",
        _fields(
            "user_id product_id seller_id quantity:int unit_price_cents:int currency"
            " added_at updated_at"
        ),
    ),
    # Orders
    Entity(
        "Order",
        ORDERS,
        "{user_id}",
        "ORDER#{created_at}#{order_id}",
        _fields(
            "order_id user_id status subtotal_cents:int discount_cents:int shipping_cents:int"
            " total_cents:int currency item_count:int coupon_code? shipping_address:map"
            " payment:map created_at updated_at"
        ),
        (
            IndexKeys("OrderIdIndex", "{order_id}", "{user_id}"),
            IndexKeys("StatusDateIndex", "{status}", "{created_at}"),
            IndexKeys("StatusIndex", "{user_id}", "STATUS#{status}#{created_at}"),
            IndexKeys("AmountIndex", "{user_id}", "AMOUNT#{total_cents}#{order_id}"),
        ),
    ),
    Entity(
        "Idempotency",
        ORDERS,
        "{user_id}",
        "IDEMPOTENCY#{key}",
        _fields("user_id key order_id order_sk created_at expires_at:int"),
    ),
    Entity(
        "OrderItem",
        ORDER_ITEMS,
        "{order_id}",
        "ITEM#{product_id}#{seller_id}",
        _fields(
            "order_id user_id product_id seller_id product_name image_url? quantity:int"
            " unit_price_cents:int line_total_cents:int currency status courier:map?"
            " created_at updated_at"
        ),
        (
            IndexKeys("SellerItemsIndex", "{seller_id}", "{created_at}#{order_id}"),
            # Added by the gateway, while the item is PENDING only.
            IndexKeys("SellerPendingIndex", "{seller_id}", "{created_at}#{order_id}"),
        ),
    ),
    # Reviews
    Entity(
        "Review",
        REVIEWS,
        "{product_id}",
        "REVIEW#{created_at}#{reviewer_id}",
        _fields(
            "review_id product_id reviewer_id reviewer_name seller_id? rating:int title body"
            " verified_purchase:bool helpful_count:int created_at"
        ),
        (IndexKeys("SellerReviewsIndex", "{seller_id}", "{created_at}"),),
    ),
    Entity(
        "ReviewGuard",
        REVIEWS,
        "{product_id}",
        "REVIEWER#{reviewer_id}",
        _fields("product_id reviewer_id review_sk"),
    ),
    # Campaigns
    Entity(
        "Campaign",
        CAMPAIGNS,
        "{campaign_id}",
        "INFO",
        _fields(
            "campaign_id seller_id name description? status channel starts_at ends_at"
            " targeting:map coupon_code? budget_cents:int created_at updated_at"
        ),
        (IndexKeys("SellerCampaignsIndex", "{seller_id}", "{campaign_id}"),),
    ),
    Entity(
        "CampaignTarget",
        CAMPAIGNS,
        "{campaign_id}",
        "USER#{user_id}",
        _fields("campaign_id user_id status updated_at"),
    ),
    Entity(
        "CampaignDay",
        CAMPAIGNS,
        "{campaign_id}",
        "ANALYTICS#{date}",
        _fields("campaign_id date impressions:int clicks:int conversions:int revenue_cents:int"),
    ),
    # Wishlist
    Entity(
        "Wishlist",
        WISHLIST,
        "{user_id}",
        "WISHLIST#{wishlist_id}",
        _fields("user_id wishlist_id name description? is_public:bool created_at"),
    ),
    Entity(
        "WishlistItem",
        WISHLIST,
        "{user_id}",
        "ITEM#{wishlist_id}#{product_id}",
        _fields("user_id wishlist_id product_id priority:int notes? added_at"),
    ),
    # Rewards
    Entity(
        "Reward",
        REWARDS,
        "{user_id}",
        "REWARD#{created_at}#{type}#{reward_id}",
        _fields("user_id reward_id type points:int order_id? description created_at"),
    ),
    # Coupons (the code upper-cased)
    Entity(
        "Coupon",
        COUPONS,
        "{code}",
        "INFO",
        _fields(
            "code description discount_type discount_value:int min_order_cents:int"
            " max_uses:int used_count:int per_user_limit:int starts_at expires_at:int"
            " is_active:bool"
        ),
    ),
    Entity("CouponUser", COUPONS, "{code}", "USER#{user_id}", _fields("code user_id used:int")),
    Entity(
        "CouponUsage",
        COUPONS,
        "{code}",
        "USAGE#{user_id}#{order_id}",
        _fields("code user_id order_id discount_cents:int used_at"),
    ),
    # StockTransactions: an immutable audit log
    Entity(
        "StockTransaction",
        STOCK_TRANSACTIONS,
        "{transaction_id}",
        "{timestamp}",
        _fields(
            "transaction_id timestamp product_id seller_id transaction_type"
            " quantity_change:int stock_before:int stock_after:int order_id? performed_by"
            " notes?"
        ),
        (
            IndexKeys("ProductTransactionIndex", "{product_id}", "{timestamp}"),
            IndexKeys("SellerTransactionIndex", "{seller_id}", "{timestamp}"),
        ),
    ),
    # Added by the gateway: failed attempts of one account name (as typed, lower-cased) and
    # of one client address, atomic counters that expire (resolvers/throttle.py).
    Entity(
        "AccountAttempts",
        ATTEMPTS,
        "ACCOUNT#{name}",
        "FAILURES",
        _fields("name failures:int last_failure_at:int expires_at:int"),
    ),
    Entity(
        "ClientAttempts",
        ATTEMPTS,
        "CLIENT#{address}",
        "FAILURES",
        _fields("address failures:int last_failure_at:int expires_at:int"),
    ),
)


def entity(name: str) -> Entity:
    for candidate in ENTITIES:
        if candidate.name == name:
            return candidate
    raise KeyError(f"no entity {name}")
