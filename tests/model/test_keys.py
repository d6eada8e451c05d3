"""Every key builder of `loaders/keys.py` agrees with its entity's template in
`loaders/model.py`, on sample values: the model export and the gateway say one thing."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from loaders import keys
from loaders.model import ENTITIES, entity, format_key

# Samples as the builders take them (usernames and emails lower-cased: the keys are).
SAMPLE: dict[str, str | int] = {
    "user_id": "u_01", "address_id": "a_01", "session_id": "s_01", "username": "alice",
    "email": "alice@example.com", "product_id": "p_01", "seller_id": "s_02",
    "image_id": "i_01", "name": "colour", "category_id": "c_01", "parent_id": "c_00",
    "child_id": "c_02", "min_price_cents": 8999, "created_at": "2026-02-23T10:30:00.000Z",
    "order_id": "o_01", "status": "SHIPPED", "total_cents": 12345, "key": "idem-1",
    "reviewer_id": "u_02", "wishlist_id": "w_01", "type": "EARN", "reward_id": "r_01",
    "code": "SPRING10", "date": "2026-02-23", "transaction_id": "t_01",
    "timestamp": "2026-02-23T10:30:00.000Z", "campaign_id": "cp_01",
    "reward_type": "EARN",  # RewardKey's name for the attribute `type`
    "slug": "over-ear", "term": "kettle", "prefix": "ke", "address": "192.0.2.7",
    "purpose": "PASSWORD_RESET", "value": "blue", "rating_sum": 13, "rating_count": 3, "rating_average": 4333,
}  # fmt: skip


def expected(entity_name: str, part: str) -> str:
    """`part`: "pk" or "sk" of the item, or "<index>.pk" / "<index>.sk"."""
    about = entity(entity_name)
    where, _, attribute = part.rpartition(".")
    if where:
        index = next(i for i in about.indexes if i.index == where)
        template = index.pk if attribute == "pk" else index.sk
    else:
        template = about.pk if attribute == "pk" else about.sk
    return format_key(template, **SAMPLE)


@dataclass(frozen=True)
class Case:
    builder: str
    build: Callable[[], str]
    entity: str
    part: str


def s(name: str) -> str:
    return str(SAMPLE[name])


def n(name: str) -> int:
    value = SAMPLE[name]
    assert isinstance(value, int)
    return value


FUNCTION_CASES = [
    Case("category_partition", lambda: keys.category_partition(s("category_id")), "Product", "CategoryPriceIndex.pk"),
    Case("category_newest_sort_key", lambda: keys.category_newest_sort_key(s("created_at"), s("product_id")), "Product", "CategoryNewestIndex.sk"),
    Case("category_rating_sort_key", lambda: keys.category_rating_sort_key(n("rating_sum"), n("rating_count"), s("product_id")), "Product", "CategoryRatingIndex.sk"),
    Case("category_price_sort_key", lambda: keys.category_price_sort_key(n("min_price_cents"), s("product_id")), "Product", "CategoryPriceIndex.sk"),
    Case("image_sort_key", lambda: keys.image_sort_key(s("image_id")), "Image", "sk"),
    Case("spec_sort_key", lambda: keys.spec_sort_key(s("name")), "Spec", "sk"),
    Case("facet_sort_key", lambda: keys.facet_sort_key(s("name")), "Filter", "sk"),
    Case("subcategory_sort_key", lambda: keys.subcategory_sort_key(s("child_id")), "Subcategory", "sk"),
    Case("seller_catalog_sort_key", lambda: keys.seller_catalog_sort_key(s("created_at"), s("product_id")), "Listing", "SellerCatalogIndex.sk"),
    Case("listing_index_sort_key", lambda: keys.listing_index_sort_key(s("product_id")), "Listing", "SellerProductsIndex.sk"),
    Case("review_sort_key", lambda: keys.review_sort_key(s("created_at"), s("reviewer_id")), "Review", "sk"),
    Case("address_sort_key", lambda: keys.address_sort_key(s("address_id")), "Address", "sk"),
    Case("session_sort_key", lambda: keys.session_sort_key(s("session_id")), "Session", "sk"),
    Case("otp_sort_key", lambda: keys.otp_sort_key(s("purpose")), "Otp", "sk"),
    Case("unique_username_partition", lambda: keys.unique_username_partition("Alice"), "UniqueUsername", "pk"),
    Case("unique_email_partition", lambda: keys.unique_email_partition("Alice@Example.com"), "UniqueEmail", "pk"),
    Case("email_index_partition", lambda: keys.email_index_partition("Alice@Example.com"), "User", "EmailIndex.pk"),
    Case("cart_item_sort_key", lambda: keys.cart_item_sort_key(s("product_id"), s("seller_id")), "CartItem", "sk"),
    Case("order_sort_key", lambda: keys.order_sort_key(s("created_at"), s("order_id")), "Order", "sk"),
    Case("order_status_sort_key", lambda: keys.order_status_sort_key(s("status"), s("created_at")), "Order", "StatusIndex.sk"),
    Case("order_amount_sort_key", lambda: keys.order_amount_sort_key(n("total_cents"), s("order_id")), "Order", "AmountIndex.sk"),
    Case("order_item_sort_key", lambda: keys.order_item_sort_key(s("product_id"), s("seller_id")), "OrderItem", "sk"),
    Case("seller_item_index_sort_key", lambda: keys.seller_item_index_sort_key(s("created_at"), s("order_id")), "OrderItem", "SellerItemsIndex.sk"),
    Case("idempotency_sort_key", lambda: keys.idempotency_sort_key(s("key")), "Idempotency", "sk"),
    Case("review_guard_sort_key", lambda: keys.review_guard_sort_key(s("reviewer_id")), "ReviewGuard", "sk"),
    Case("wishlist_sort_key", lambda: keys.wishlist_sort_key(s("wishlist_id")), "Wishlist", "sk"),
    Case("wishlist_item_sort_key", lambda: keys.wishlist_item_sort_key(s("wishlist_id"), s("product_id")), "WishlistItem", "sk"),
    Case("reward_sort_key", lambda: keys.reward_sort_key(s("created_at"), s("type"), s("reward_id")), "Reward", "sk"),
    Case("coupon_partition", lambda: keys.coupon_partition("spring10"), "Coupon", "pk"),
    Case("coupon_user_sort_key", lambda: keys.coupon_user_sort_key(s("user_id")), "CouponUser", "sk"),
    Case("coupon_usage_sort_key", lambda: keys.coupon_usage_sort_key(s("user_id"), s("order_id")), "CouponUsage", "sk"),
    Case("campaign_target_sort_key", lambda: keys.campaign_target_sort_key(s("user_id")), "CampaignTarget", "sk"),
    Case("campaign_day_sort_key", lambda: keys.campaign_day_sort_key(s("date")), "CampaignDay", "sk"),
    Case("term_partition", lambda: keys.term_partition(s("term")), "SearchTerm", "pk"),
    Case("term_bucket_partition", lambda: keys.term_bucket_partition(s("prefix")), "SearchTerm", "CategoryPriceIndex.pk"),
    Case("term_bucket_sort_key", lambda: keys.term_bucket_sort_key(s("term"), s("product_id")), "SearchTerm", "CategoryPriceIndex.sk"),
    Case("category_slug_partition", lambda: keys.category_slug_partition(s("slug")), "CategorySlug", "pk"),
]  # fmt: skip

# Each key class with the entity whose primary key it encodes, built from the samples.
KEY_CASES: list[tuple[type[keys.ItemKey], str]] = [
    (keys.UserKey, "User"),
    (keys.SellerKey, "User"),  # the same item, as buyers see it
    (keys.ProductKey, "Product"),
    (keys.FacetCountKey, "FacetCount"),
    (keys.ListingKey, "Listing"),
    (keys.CategoryKey, "Category"),
    (keys.ReviewGuardKey, "ReviewGuard"),
    (keys.SessionKey, "Session"),
    (keys.OtpKey, "Otp"),
    (keys.UniqueUsernameKey, "UniqueUsername"),
    (keys.UniqueEmailKey, "UniqueEmail"),
    (keys.AddressKey, "Address"),
    (keys.WishlistKey, "Wishlist"),
    (keys.WishlistItemKey, "WishlistItem"),
    (keys.CartItemKey, "CartItem"),
    (keys.OrderKey, "Order"),
    (keys.IdempotencyKey, "Idempotency"),
    (keys.OrderItemKey, "OrderItem"),
    (keys.CouponKey, "Coupon"),
    (keys.CouponUserKey, "CouponUser"),
    (keys.CouponUsageKey, "CouponUsage"),
    (keys.StockTransactionKey, "StockTransaction"),
    (keys.RewardKey, "Reward"),
    (keys.ReviewKey, "Review"),
    (keys.SubcategoryKey, "Subcategory"),
    (keys.CategorySlugKey, "CategorySlug"),
    (keys.CampaignKey, "Campaign"),
    (keys.CampaignTargetKey, "CampaignTarget"),
    (keys.SearchTermKey, "SearchTerm"),
    (keys.AccountAttemptsKey, "AccountAttempts"),
    (keys.ClientAttemptsKey, "ClientAttempts"),
    (keys.SpecKey, "Spec"),
    (keys.FacetKey, "Filter"),
    (keys.ImageKey, "Image"),
]
# Key classes that encode no template of their own.
NOT_A_TEMPLATE = {
    "ItemKey": "the base class",
    "StoredOrderKey": "an Order by the sort key stored beside it (Idempotency.order_sk)",
}


@pytest.mark.parametrize("case", FUNCTION_CASES, ids=[c.builder for c in FUNCTION_CASES])
def test_builder_formats_its_template(case: Case) -> None:
    assert case.build() == expected(case.entity, case.part)


@pytest.mark.parametrize(("key_class", "entity_name"), KEY_CASES, ids=[e for _, e in KEY_CASES])
def test_key_class_encodes_its_entity_key(key_class: type[keys.ItemKey], entity_name: str) -> None:
    about = entity(entity_name)
    names = inspect.signature(key_class).parameters
    key = key_class(**{name: SAMPLE[name] for name in names})
    assert key.table is about.table
    assert key.encode() == {"pk": expected(entity_name, "pk"), "sk": expected(entity_name, "sk")}


def test_query_prefixes_are_template_prefixes() -> None:
    status_index = expected("Order", "StatusIndex.sk")
    assert status_index.startswith(keys.order_status_prefix(s("status")))
    assert keys.price_bound(n("min_price_cents")) == format_key(
        entity("Product").indexes[0].sk, min_price_cents=n("min_price_cents"), product_id=""
    )
    assert keys.padded(n("total_cents")) == format_key("{total_cents}", **SAMPLE)


def test_every_key_constant_opens_a_template() -> None:
    """The `*_PREFIX` constants that queries use with `begins_with` (and the fixed sort
    keys) are the literal start of some template: no format of their own."""
    templates = [t for e in ENTITIES for t in (e.pk, e.sk)]
    templates += [t for e in ENTITIES for i in e.indexes for t in (i.pk, i.sk)]
    constants = {
        name: value
        for name, value in vars(keys).items()
        if isinstance(value, str) and name.isupper() and name != "ROOT_CATEGORY"
    }
    assert constants, "keys.py has no key constants?"
    stray = {n: v for n, v in constants.items() if not any(t.startswith(v) for t in templates)}
    assert stray == {}


def test_every_builder_in_keys_has_a_template() -> None:
    """A new key format must be declared in `loaders/model.py` ENTITIES and given a case here."""
    checked = {c.builder for c in FUNCTION_CASES}
    builders = {
        name
        for name, value in vars(keys).items()
        if inspect.isfunction(value)
        and value.__module__ == keys.__name__
        and (name.endswith("_sort_key") or name.endswith("_partition"))
    }
    assert builders - checked == set(), "declare these formats in loaders/model.py ENTITIES"
    classes = {
        name
        for name, value in vars(keys).items()
        if inspect.isclass(value) and issubclass(value, keys.ItemKey)
    }
    covered = {k.__name__ for k, _ in KEY_CASES} | set(NOT_A_TEMPLATE)
    assert classes - covered == set(), "declare these keys in loaders/model.py ENTITIES"


def test_every_entity_has_a_builder() -> None:
    built = {e for _, e in KEY_CASES} | {c.entity for c in FUNCTION_CASES}
    without = {e.name for e in ENTITIES} - built
    assert without == set()
