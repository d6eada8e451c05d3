"""The access patterns: what the loaders ask of each table, declared beside the model.

`python -m gateway model export` prints them with the tables and entities of
`loaders/model.py`. A parameter is an attribute name (typed as the attribute is, or by
`:int` when no attribute has that name), or an entity name (`CartItem`) for a whole item
to write. `serves` lists the seed-002 patterns (by number) that a pattern answers, which
is what the capacity estimates in the README are drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass

OPERATIONS = frozenset(
    {"GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem"}
    | {"BatchWriteItem"}
)
ACTIONS = frozenset({"Put", "Update", "Delete", "ConditionCheck"})


@dataclass(frozen=True)
class AccessPattern:
    name: str
    entity: str
    operation: str  # one of OPERATIONS
    description: str
    parameters: tuple[str, ...]
    returns: str = "entity_list"  # single_entity, entity_list, mixed_data, success_flag, void
    index: str | None = None
    range_condition: str | None = None  # on the sort key: one parameter, two for `between`
    serves: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.operation not in OPERATIONS:
            raise ValueError(f"{self.name}: {self.operation} is not one of {sorted(OPERATIONS)}")


@dataclass(frozen=True)
class Transaction:
    """One TransactWriteItems; `actions` are (entity, one of ACTIONS), in request order."""

    name: str
    description: str
    actions: tuple[tuple[str, str], ...]
    parameters: tuple[str, ...]
    serves: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for _, action in self.actions:
            if action not in ACTIONS:
                raise ValueError(f"{self.name}: {action} is not one of {sorted(ACTIONS)}")


A = AccessPattern
ONE, LIST, MIXED, FLAG, VOID = "single_entity", "entity_list", "mixed_data", "success_flag", "void"
BATCH = "through the request's one BatchGetItem of every key asked in the same tick"

# One line per pattern reads as a table; the formatter would give each ten lines.
# fmt: off
ACCESS_PATTERNS: tuple[AccessPattern, ...] = (
    # Users
    A("get_users", "User", "BatchGetItem", f"Profiles by id, {BATCH}", ("user_id",), LIST, serves=(3, 46)),
    A("get_user_now", "User", "GetItem", "A profile, strongly consistent, before a versioned change", ("user_id",), ONE, serves=(4,)),
    A("update_user", "User", "UpdateItem", "Change a profile if its updated_at is as read", ("user_id",), ONE, serves=(4, 5, 48)),
    A("login_by_email", "User", "Query", "The profile with an email (lower-cased)", ("email",), ONE, "EmailIndex", serves=(2,)),
    A("get_username_claim", "UniqueUsername", "BatchGetItem", f"The user id of a username (login), {BATCH}", ("username",), ONE, serves=(2,)),
    A("get_session", "Session", "BatchGetItem", f"The caller's session, with the profile, {BATCH}", ("user_id", "session_id"), ONE, serves=(7,)),
    A("end_session", "Session", "DeleteItem", "Sign out", ("user_id", "session_id"), VOID, serves=(6,)),
    A("get_attempts", "AccountAttempts", "BatchGetItem", f"The failed sign-ins of a name and of a client, {BATCH}", ("name", "address"), LIST, serves=(2,)),
    A("count_failure", "AccountAttempts", "UpdateItem", "One more failed sign-in of a name, or of a client (ClientAttempts): an atomic counter", ("name",), ONE, serves=(2,)),
    A("put_reset_code", "Otp", "PutItem", "A user's one live code for a purpose (replaces the last)", ("Otp",), VOID),
    A("get_code_now", "Otp", "GetItem", "A user's live code, strongly consistent", ("user_id", "purpose"), ONE),
    A("count_wrong_code", "Otp", "UpdateItem", "One more wrong attempt at a code, if the count is as read", ("user_id", "purpose"), FLAG),
    A("burn_code", "Otp", "DeleteItem", "A code deleted after too many wrong attempts", ("user_id", "purpose"), FLAG),
    A("get_sessions", "Session", "Query", "A user's sessions (to end them): begins_with(sk, 'SESSION#'), consistent", ("user_id",), LIST),
    A("get_address_now", "Address", "GetItem", "The shipping address of a checkout, strongly consistent", ("user_id", "address_id"), ONE, serves=(29,)),
    A("get_address", "Address", "BatchGetItem", f"The address a checkout preview names, {BATCH}", ("user_id", "address_id"), ONE, serves=(37, 43)),
    A("get_addresses", "Address", "Query", "A user's addresses: begins_with(sk, 'ADDRESS#')", ("user_id",), LIST, serves=(3,)),
    # Products
    A("get_products", "Product", "BatchGetItem", f"Product cards by id, {BATCH}", ("product_id",), LIST, serves=(11,)),
    A("get_product_page", "Product", "Query", "A product's item collection: info, listings, images, specs, facets", ("product_id",), MIXED, serves=(11,)),
    A("get_product_listings", "Listing", "Query", "A product's item and its offers: sk BETWEEN 'INFO' AND 'SELLER#~'", ("product_id",), LIST, serves=(11, 37)),
    A("get_listing_now", "Listing", "GetItem", "A listing, strongly consistent: the stock a checkout or cancel conditions on", ("product_id", "seller_id"), ONE, serves=(29, 32)),
    A("get_product_now", "Product", "GetItem", "A product, strongly consistent, before its rating sums change", ("product_id",), ONE),
    A("search_term", "SearchTerm", "Query", "The products under one search term (one Query per term of the search)", ("term",), LIST, serves=(9,)),
    A("search_term_prefix", "SearchTerm", "Query", "The products under the terms a prefix starts: begins_with(gsi1sk, prefix) (the last word of a search, suggestions)", ("prefix", "term"), LIST, "CategoryPriceIndex", "begins_with", serves=(9,)),
    A("get_listings", "Listing", "BatchGetItem", f"Listings by product and seller (cart lines), {BATCH}", ("product_id", "seller_id"), LIST, serves=(38, 44)),
    A("get_category_products", "Product", "Query", "A category's products in a price range, by price, ascending or descending (read whole for totalCount; read ahead in bounded pages under a filter)", ("category_id", "min_price_cents:int", "max_price_cents:int"), LIST, "CategoryPriceIndex", "between", serves=(8, 10)),
    A("get_category_newest", "Product", "Query", "A category's products newest first (backwards; the price range as a filter)", ("category_id",), LIST, "CategoryNewestIndex", serves=(8,)),
    A("get_category_best_rated", "Product", "Query", "A category's products best rated first (backwards; the price range as a filter)", ("category_id",), LIST, "CategoryRatingIndex", serves=(8,)),
    A("get_category_facet_counts", "FacetCount", "Query", "A category's facet counters (category.facets: one Query per category of the subtree, concurrently)", ("category_id",), LIST, serves=(8,)),
    A("get_product_facets_now", "Filter", "Query", "A product's facets, strongly consistent: begins_with(sk, 'FILTER#'), before a write that moves its facet counters", ("product_id",), LIST),
    A("get_seller_listings", "Listing", "Query", "A seller's listings (all of them: a store's rename, the dashboard's sums and low stock)", ("seller_id",), LIST, "SellerProductsIndex", serves=(15, 17, 47, 48)),
    A("get_seller_catalog", "Listing", "Query", "The products a seller created (Product items) or lists (Listing items of others' products), newest first; a COUNT Query gives totalCount", ("seller_id",), LIST, "SellerCatalogIndex", serves=(15,)),
    # Categories
    A("get_category_now", "Category", "GetItem", "A category, strongly consistent, before an admin changes it", ("category_id",), ONE, serves=(27, 28)),
    A("get_category_tree", "Category", "Scan", "The whole small table: roots, children, breadcrumbs, slugs", (), MIXED, serves=(19, 20, 21, 22, 23, 24, 25)),
    A("get_category_children", "Subcategory", "Query", "Whether a category has children: begins_with(sk, 'SUBCATEGORY#'), Limit 1, consistent", ("parent_id",), LIST, serves=(28,)),
    # Stock
    A("get_product_stock_history", "StockTransaction", "Query", "A product's stock transactions, newest first (optionally one seller's)", ("product_id",), LIST, "ProductTransactionIndex", serves=(16,)),
    A("get_seller_stock_log", "StockTransaction", "Query", "A seller's stock transactions across their listings, newest first", ("seller_id",), LIST, "SellerTransactionIndex", serves=(16,)),
    # Cart
    A("get_cart", "CartItem", "Query", "A user's cart lines", ("user_id",), LIST, serves=(38, 43)),
    A("put_cart_item", "CartItem", "PutItem", "Add a line", ("CartItem",), VOID, serves=(39,)),
    A("set_cart_quantity", "CartItem", "UpdateItem", "Change a line's quantity, if the line exists", ("user_id", "product_id", "seller_id", "quantity:int"), FLAG, serves=(40,)),
    A("delete_cart_item", "CartItem", "DeleteItem", "Remove a line, if it exists", ("user_id", "product_id", "seller_id"), FLAG, serves=(41,)),
    # Orders
    A("get_user_orders", "Order", "Query", "A user's orders, newest first: begins_with(sk, 'ORDER#'), backwards", ("user_id",), LIST, serves=(30, 35)),
    A("get_user_orders_by_status", "Order", "Query", "A user's orders in a status, newest first", ("user_id", "status"), LIST, "StatusIndex", "begins_with", serves=(30,)),
    A("get_user_orders_in_range", "Order", "Query", "A user's orders placed between two dates, newest first (optionally filtered on product_words)", ("user_id", "first_day", "last_day"), LIST, None, "between", serves=(30, 36)),
    A("get_user_orders_by_status_in_range", "Order", "Query", "A user's orders in a status placed between two dates, newest first: lsi1sk BETWEEN 'STATUS#<status>#<first day>' AND 'STATUS#<status>#<last day>'", ("user_id", "status_first_day", "status_last_day"), LIST, "StatusIndex", "between", serves=(30,)),
    A("get_largest_order", "Order", "Query", "A user's orders by net amount, largest first (order statistics)", ("user_id",), LIST, "AmountIndex", serves=(33,)),
    A("get_orders_by_status", "Order", "Query", "Every customer's orders in a status, oldest first, between two timestamps (operations view)", ("status", "since", "until"), LIST, "StatusDateIndex", "between"),
    A("get_order_by_id", "Order", "Query", "An order by id, whoever owns it (then checked against the caller)", ("order_id",), ONE, "OrderIdIndex", serves=(31,)),
    A("get_sold_orders", "Order", "BatchGetItem", f"The orders of a seller's page of sold items, by the keys the items give, {BATCH}", ("user_id", "created_at", "order_id"), LIST, serves=(34,)),
    A("get_order_now", "Order", "GetItem", "An order, strongly consistent, before changing it", ("user_id", "created_at", "order_id"), ONE, serves=(32, 34)),
    A("get_idempotency", "Idempotency", "GetItem", "The order an earlier checkout with this key placed", ("user_id", "key"), ONE, serves=(29,)),
    A("get_order_items", "OrderItem", "Query", "An order's items", ("order_id",), LIST, serves=(31,)),
    A("get_purchased_items", "OrderItem", "BatchGetItem", "A user's items of a product in their last orders (verified review)", ("order_id", "product_id", "seller_id"), LIST),
    A("get_seller_items", "OrderItem", "Query", "The items a seller must fulfil, newest first", ("seller_id",), LIST, "SellerItemsIndex", serves=(34,)),
    A("get_seller_pending_items", "OrderItem", "Query", "The items a seller has still to ship (the sparse index holds PENDING items only)", ("seller_id",), LIST, "SellerPendingIndex", serves=(34, 47)),
    # Reviews
    A("get_product_reviews", "Review", "Query", "A product's reviews, newest first: begins_with(sk, 'REVIEW#')", ("product_id",), LIST, serves=(11,)),
    A("get_seller_reviews", "Review", "Query", "A seller's reviews by date", ("seller_id",), LIST, "SellerReviewsIndex", serves=(46,)),
    A("get_review_guard", "ReviewGuard", "BatchGetItem", f"Whether a user reviewed a product, {BATCH}", ("product_id", "reviewer_id"), ONE),
    # Campaigns
    A("get_campaigns", "Campaign", "BatchGetItem", f"Campaigns by id, {BATCH}", ("campaign_id",), LIST),
    A("get_campaign_now", "Campaign", "GetItem", "A campaign, strongly consistent, before a change", ("campaign_id",), ONE),
    A("create_campaign", "Campaign", "PutItem", "A new campaign", ("Campaign",), VOID),
    A("set_campaign_status", "Campaign", "UpdateItem", "Change a campaign's status if it is still the one read", ("campaign_id", "status"), ONE),
    A("get_seller_campaigns", "Campaign", "Query", "A seller's campaigns, newest first", ("seller_id",), LIST, "SellerCampaignsIndex"),
    A("get_campaign_days", "CampaignDay", "Query", "A campaign's daily analytics in a date range", ("campaign_id", "first_date", "last_date"), LIST, None, "between"),
    A("get_campaign_targets", "CampaignTarget", "Query", "A campaign's targets: begins_with(sk, 'USER#') (a COUNT query gives totalCount)", ("campaign_id",), LIST),
    A("get_campaign_target_claims", "CampaignTarget", "BatchGetItem", f"Whether users are targets already, with their profiles, {BATCH}", ("campaign_id", "user_id"), LIST),
    A("write_campaign_targets", "CampaignTarget", "BatchWriteItem", "New targets, 25 per call", ("CampaignTarget",), VOID),
    # Wishlists, rewards, coupons
    A("get_wishlists", "Wishlist", "Query", "A user's wishlists and their items: one partition", ("user_id",), MIXED),
    A("create_wishlist", "Wishlist", "PutItem", "A new wishlist", ("Wishlist",), VOID),
    A("get_wishlist", "Wishlist", "BatchGetItem", f"A wishlist by its id, which names its owner, {BATCH}", ("user_id", "wishlist_id"), ONE),
    A("get_wishlist_items", "WishlistItem", "Query", "One wishlist's items: begins_with(sk, 'ITEM#<wishlist_id>#')", ("user_id", "wishlist_id"), LIST),
    A("remove_wishlist_item", "WishlistItem", "DeleteItem", "Take a product off a wishlist, if it is on it", ("user_id", "wishlist_id", "product_id"), FLAG),
    A("get_rewards", "Reward", "Query", "A user's rewards, newest first: begins_with(sk, 'REWARD#')", ("user_id",), LIST),
    A("get_coupon", "Coupon", "BatchGetItem", f"A coupon at checkout, {BATCH}", ("code",), ONE, serves=(29,)),
    A("get_coupon_now", "Coupon", "GetItem", "A coupon, strongly consistent, at checkout or cancel", ("code",), ONE, serves=(29, 32)),
    A("get_coupon_user_now", "CouponUser", "GetItem", "A user's uses of a coupon, strongly consistent", ("code", "user_id"), ONE, serves=(29, 32)),
    A("create_coupon", "Coupon", "PutItem", "A new coupon, if its code is free", ("Coupon",), FLAG),
    A("get_coupon_usages", "CouponUsage", "Query", "A coupon's uses, by user then order: begins_with(sk, 'USAGE#')", ("code",), LIST),
    A("get_coupon_user", "CouponUser", "BatchGetItem", f"A user's uses of a coupon, {BATCH}", ("code", "user_id"), ONE, serves=(29,)),
)
# fmt: on

TRANSACTIONS: tuple[Transaction, ...] = (
    Transaction(
        "create_product",
        "A product (its category must exist) and its search terms",
        (("Category", "ConditionCheck"), ("Product", "Put"), ("SearchTerm", "Put")),
        ("Product",),
        (12,),
    ),
    Transaction(
        "update_product",
        "A product's change, conditioned on its version, with its search terms kept in step",
        (
            ("Category", "ConditionCheck"),
            ("Product", "Update"),
            ("SearchTerm", "Put"),
            ("SearchTerm", "Delete"),
            ("FacetCount", "Update"),
        ),
        ("product_id",),
        (13, 14),
    ),
    Transaction(
        "write_listing",
        "A seller's listing created or changed (on the stock read), the product's price and "
        "version, and the stock change's record",
        (
            ("Listing", "Put"),
            ("Listing", "Update"),
            ("Product", "Update"),
            ("StockTransaction", "Put"),
            ("FacetCount", "Update"),
        ),
        ("Listing",),
        (12, 16),
    ),
    Transaction(
        "set_product_details",
        "A product's specifications and facets replaced as a whole (new or changed put, "
        "others deleted), the product's version moved as read, its category's facet "
        "counters moved (ADD) while it is on the pages",
        (
            ("Product", "Update"),
            ("Spec", "Put"),
            ("Spec", "Delete"),
            ("Filter", "Put"),
            ("Filter", "Delete"),
            ("FacetCount", "Update"),
        ),
        ("product_id",),
        (12, 13),
    ),
    Transaction(
        "write_images",
        "A product's images attached, moved or removed (positions renumbered) with the "
        "product's primary_image copy and version, as read",
        (("Product", "Update"), ("Image", "Put"), ("Image", "Delete")),
        ("product_id", "Image"),
        (18,),
    ),
    Transaction(
        "move_stock",
        "A listing's stock set, conditioned on the stock read, with its stock transaction",
        (("Listing", "Update"), ("StockTransaction", "Put")),
        ("product_id", "seller_id", "StockTransaction"),
        (16,),
    ),
    Transaction(
        "rename_store",
        "A store's name and description on the profile (as read), and the name's copy on "
        "the seller's listings; 100 actions a transaction, the profile in the first",
        (("User", "Update"), ("Listing", "Update")),
        ("user_id", "store_name"),
        (48,),
    ),
    Transaction(
        "create_category",
        "A category, its link under its parent and its slug guard; the parent and every "
        "ancestor conditioned on the parent they were read with",
        (
            ("Category", "Put"),
            ("Subcategory", "Put"),
            ("CategorySlug", "Put"),
            ("Category", "Update"),
            ("Category", "ConditionCheck"),
        ),
        ("Category",),
        (26,),
    ),
    Transaction(
        "update_category",
        "A category's change and its link's copy; a new slug moves the guard",
        (
            ("Category", "Update"),
            ("Subcategory", "Put"),
            ("CategorySlug", "Delete"),
            ("CategorySlug", "Put"),
        ),
        ("category_id",),
        (27,),
    ),
    Transaction(
        "move_category",
        "A category under a new parent (its link moved), then its subtree's paths, 100 a "
        "transaction",
        (
            ("Category", "Update"),
            ("Subcategory", "Delete"),
            ("Subcategory", "Put"),
            ("Category", "ConditionCheck"),
        ),
        ("category_id", "parent_id"),
        (27,),
    ),
    Transaction(
        "delete_category",
        "A childless, empty category, its link and its slug guard",
        (("Category", "Delete"), ("Subcategory", "Delete"), ("CategorySlug", "Delete")),
        ("category_id",),
        (28,),
    ),
    Transaction(
        "register_user",
        "A profile, both uniqueness claims and the first session; the claims must be new",
        (("User", "Put"), ("UniqueUsername", "Put"), ("UniqueEmail", "Put"), ("Session", "Put")),
        ("User", "UniqueUsername", "UniqueEmail", "Session"),
        (1,),
    ),
    Transaction(
        "sign_in",
        "The session and one more session begun on the profile, if its password hash is "
        "still the one checked (replaced if made with other parameters); the name's "
        "failures forgotten",
        (("Session", "Put"), ("AccountAttempts", "Delete"), ("User", "Update")),
        ("Session", "user_id", "name"),
        (2,),
    ),
    Transaction(
        "add_address",
        "A new address, the previous default unset, the profile's updated_at as read",
        (("User", "Update"), ("Address", "Put"), ("Address", "Update")),
        ("user_id", "Address"),
    ),
    Transaction(
        "update_address",
        "An address replaced, the previous default unset, the profile's updated_at as read",
        (("User", "Update"), ("Address", "Put"), ("Address", "Update")),
        ("user_id", "Address"),
    ),
    Transaction(
        "delete_address",
        "An address deleted, the oldest one left made the default, the profile's updated_at "
        "as read",
        (("User", "Update"), ("Address", "Delete"), ("Address", "Update")),
        ("user_id", "address_id"),
    ),
    Transaction(
        "set_password",
        "A new password (the profile's updated_at as read), sessions ended; a reset also "
        "deletes its code as read (single use) and starts a session",
        (("User", "Update"), ("Otp", "Delete"), ("Session", "Put"), ("Session", "Delete")),
        ("user_id",),
    ),
    Transaction(
        "checkout",
        "The order, its items, each listing's stock decrement with its stock transaction, "
        "the coupon use, the reward and the idempotency item: at most 100 actions",
        (
            ("Order", "Put"),
            ("Idempotency", "Put"),
            ("OrderItem", "Put"),
            ("Listing", "Update"),
            ("StockTransaction", "Put"),
            ("Coupon", "Update"),
            ("CouponUser", "Put"),
            ("CouponUsage", "Put"),
            ("Reward", "Put"),
            ("User", "Update"),
        ),
        ("Order", "user_id", "key"),
        (29, 16),
    ),
    Transaction(
        "cancel_order",
        "The order and its items cancelled, stock restored with stock transactions, "
        "the coupon use released, the reward taken back",
        (
            ("Order", "Update"),
            ("OrderItem", "Update"),
            ("Listing", "Update"),
            ("StockTransaction", "Put"),
            ("Coupon", "Update"),
            ("CouponUser", "Update"),
            ("CouponUsage", "Delete"),
            ("Reward", "Put"),
            ("User", "Update"),
        ),
        ("order_id", "user_id"),
        (32,),
    ),
    Transaction(
        "ship_order_item",
        "A seller ships an item; the order becomes SHIPPED once every live item has",
        (("OrderItem", "Update"), ("OrderItem", "ConditionCheck"), ("Order", "Update")),
        ("order_id", "product_id", "seller_id"),
        (34,),
    ),
    Transaction(
        "mark_order_item_delivered",
        "A shipped item delivered; the order DELIVERED once every live item is",
        (("OrderItem", "Update"), ("OrderItem", "ConditionCheck"), ("Order", "Update")),
        ("order_id", "product_id", "seller_id"),
        (34,),
    ),
    Transaction(
        "return_order_item",
        "A delivered item returned: the order's status, refund and net amount, the units back "
        "with a refund stock transaction, the points taken back",
        (
            ("OrderItem", "Update"),
            ("OrderItem", "ConditionCheck"),
            ("Order", "Update"),
            ("Listing", "Update"),
            ("StockTransaction", "Put"),
            ("Reward", "Put"),
            ("User", "Update"),
        ),
        ("order_id", "product_id", "user_id"),
        (34,),
    ),
    Transaction(
        "write_review",
        "A review, its guard (one per user and product), the product's and seller's sums",
        (("Review", "Put"), ("ReviewGuard", "Put"), ("Product", "Update"), ("User", "Update")),
        ("Review",),
    ),
    Transaction(
        "add_wishlist_item",
        "An item, if its wishlist exists",
        (("Wishlist", "ConditionCheck"), ("WishlistItem", "Put")),
        ("WishlistItem",),
    ),
    Transaction(
        "delete_wishlist",
        "A wishlist's items, then the wishlist with the last of them, 100 a transaction",
        (("WishlistItem", "Delete"), ("Wishlist", "Delete")),
        ("user_id", "wishlist_id"),
    ),
    Transaction(
        "clear_cart",
        "Every line of a cart (fewer than 100)",
        (("CartItem", "Delete"),),
        ("user_id",),
        (42,),
    ),
)
