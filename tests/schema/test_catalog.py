"""The storefront's catalog queries, on a catalog written straight through boto3."""

from __future__ import annotations

import pytest

from tests.factories import Catalog
from tests.graphql_client import GraphQLClient

CATEGORY_PAGE = """
query CategoryPage($id: ID!, $first: Int, $after: String, $minPrice: Decimal, $maxPrice: Decimal) {
  category(id: $id) {
    id name depth
    breadcrumbs { id }
    parent { id }
    children { id }
    products(first: $first, after: $after, minPrice: $minPrice, maxPrice: $maxPrice) {
      totalCount
      edges { cursor node { id minPrice { amount currencyCode } } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }
}"""

AUDIO_IN_PRICE_ORDER = [f"p-bulk-{n:02d}" for n in range(25)] + ["p-buds", "p-studio", "p-amp"]


async def test_category_tree_is_one_scan_in_position_order(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    response = await graphql(
        "{ categories { id children { id children { id slug } } } }",
    )
    roots = response.data["categories"]
    assert [r["id"] for r in roots] == ["electronics", "home"]
    assert [c["id"] for c in roots[0]["children"]] == ["audio", "phones"]
    assert roots[0]["children"][0]["children"] == [{"id": "headphones", "slug": "headphones"}]
    assert [c["operation"] for c in response.calls] == ["Scan"]


async def test_category_page_covers_the_subtree_cheapest_first(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    response = await graphql(CATEGORY_PAGE, {"id": "audio", "first": 5})
    category = response.data["category"]
    assert category["depth"] == 1
    assert [b["id"] for b in category["breadcrumbs"]] == ["electronics", "audio"]
    assert category["parent"] == {"id": "electronics"}
    assert category["children"] == [{"id": "headphones"}]
    products = category["products"]
    assert [e["node"]["id"] for e in products["edges"]] == AUDIO_IN_PRICE_ORDER[:5]
    assert products["edges"][0]["node"]["minPrice"] == {"amount": "10.00", "currencyCode": "USD"}
    assert products["totalCount"] == len(AUDIO_IN_PRICE_ORDER)
    assert products["pageInfo"]["hasNextPage"] is True
    # One Scan for the tree; then, together, one Query per category partition: the page
    # and the count come from the same reads.
    assert response.call_count("Scan") == 1
    assert response.call_count("Query") == 2


@pytest.mark.parametrize(
    "counted", [pytest.param(True, id="with-totalCount"), pytest.param(False, id="without")]
)
async def test_category_pages_follow_cursors_to_the_end(
    graphql: GraphQLClient, catalog: Catalog, counted: bool
) -> None:
    """Counted pages read each partition's whole range, uncounted ones start at the
    cursor: both walk the same products, and the count stays the range's on every page."""
    query = CATEGORY_PAGE if counted else CATEGORY_PAGE.replace("totalCount", "")
    seen: list[str] = []
    after = None
    while True:
        response = await graphql(query, {"id": "electronics", "first": 7, "after": after})
        products = response.data["category"]["products"]
        seen += [e["node"]["id"] for e in products["edges"]]
        assert products["pageInfo"]["hasPreviousPage"] is (after is not None)
        assert products.get("totalCount") == (len(AUDIO_IN_PRICE_ORDER) + 1 if counted else None)
        if not products["pageInfo"]["hasNextPage"]:
            break
        after = products["pageInfo"]["endCursor"]
    assert seen == [*AUDIO_IN_PRICE_ORDER, "p-phone"]


async def test_price_range_bounds_are_inclusive(graphql: GraphQLClient, catalog: Catalog) -> None:
    response = await graphql(
        CATEGORY_PAGE, {"id": "electronics", "minPrice": "49.99", "maxPrice": "89.99"}
    )
    products = response.data["category"]["products"]
    assert [e["node"]["id"] for e in products["edges"]] == ["p-buds", "p-studio"]
    assert products["totalCount"] == 2


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        pytest.param({"first": 101}, "first must be between 0 and 100", id="first-over-100"),
        pytest.param({"first": -1}, "first must be between 0 and 100", id="first-negative"),
        pytest.param({"minPrice": "-1"}, "minPrice must be a non-negative", id="negative-price"),
        pytest.param({"maxPrice": "1.001"}, "at most 2 decimals", id="sub-cent-price"),
        pytest.param({"after": "bm90IGEgY3Vyc29y"}, "Invalid cursor", id="forged-cursor"),
    ],
)
async def test_bad_arguments_are_refused_before_any_query(
    graphql: GraphQLClient, catalog: Catalog, variables: dict[str, object], message: str
) -> None:
    response = await graphql(CATEGORY_PAGE, {"id": "audio", **variables})
    assert response.error_codes == ["BAD_USER_INPUT"]
    assert message in response.body["errors"][0]["message"]
    assert response.call_count("Query") == 0


async def test_cursors_are_tamper_evident_and_bound_to_their_query(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    first = await graphql(CATEGORY_PAGE, {"id": "audio", "first": 2})
    cursor = first.data["category"]["products"]["pageInfo"]["endCursor"]
    payload, mac = cursor.split(".")
    edited = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + mac
    for variables in (
        {"id": "audio", "after": edited},
        {"id": "electronics", "after": cursor},  # another category's page
        {"id": "audio", "after": cursor, "minPrice": "1.00"},  # other filters
    ):
        response = await graphql(CATEGORY_PAGE, variables)
        assert response.error_codes == ["BAD_USER_INPUT"], variables


async def test_category_by_slug_has_breadcrumbs_root_first(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    query = "query($slug: String!) { categoryBySlug(slug: $slug) { id breadcrumbs { name slug } } }"
    found = await graphql(query, {"slug": "headphones"})
    assert [b["name"] for b in found.data["categoryBySlug"]["breadcrumbs"]] == [
        "Electronics",
        "Audio",
        "Headphones",
    ]
    missing = await graphql(query, {"slug": "no-such-slug"})
    assert missing.data == {"categoryBySlug": None}


PRODUCT_PAGE = """
query ProductPage($id: ID!) {
  product(id: $id) {
    id name brand tags isActive createdAt
    category { id breadcrumbs { id } }
    images { url position width }
    minPrice { amount currencyCode }
    primaryImage { url }
    sellers { seller { id storeName rating { average count } } price { amount } stock inStock condition }
    rating { average count }
    reviews(first: 5) { totalCount nodes { id rating reviewer { id displayName } } pageInfo { hasNextPage } }
  }
}"""


async def test_product_page_returns_what_the_tables_hold(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    response = await graphql(PRODUCT_PAGE, {"id": "p-studio"})
    product = response.data["product"]
    assert product["name"] == "Studio Headphones"
    assert product["createdAt"] == "2026-03-01T10:00:00.000Z"
    assert [b["id"] for b in product["category"]["breadcrumbs"]] == [
        "electronics",
        "audio",
        "headphones",
    ]
    assert [i["position"] for i in product["images"]] == [0, 1, 2]
    assert product["primaryImage"] == {"url": "https://img.test/p-studio/0.jpg"}
    assert product["minPrice"] == {"amount": "89.99", "currencyCode": "USD"}
    assert product["sellers"] == [
        {
            "seller": {
                "id": "s-acme",
                "storeName": "Acme Audio",
                "rating": {"average": 4.5, "count": 2},
            },
            "price": {"amount": "89.99"},
            "stock": 5,
            "inStock": True,
            "condition": "NEW",
        },
        {
            "seller": {
                "id": "s-budget",
                "storeName": "Budget Sounds",
                "rating": {"average": None, "count": 0},
            },
            "price": {"amount": "99.99"},
            "stock": 0,
            "inStock": False,
            "condition": "NEW",
        },
    ]
    assert product["rating"] == {"average": 4.0, "count": 3}
    reviews = product["reviews"]
    assert [n["reviewer"]["id"] for n in reviews["nodes"]] == ["cy", "bob", "ann"]  # newest first
    assert reviews["nodes"][0]["reviewer"]["displayName"] == "Cy Q."
    assert reviews["totalCount"] == 3
    # The item collection, the reviews, the category tree and one batch for the sellers.
    assert sorted(c["operation"] for c in response.calls) == [
        "BatchGetItem",
        "Query",
        "Query",
        "Scan",
    ]


async def test_missing_product_is_null(graphql: GraphQLClient, catalog: Catalog) -> None:
    response = await graphql(PRODUCT_PAGE, {"id": "no-such-product"})
    assert response.data == {"product": None}


PRODUCT_CARDS = """
query ProductCards($ids: [ID!]!) {
  products(ids: $ids) {
    id name
    minPrice { amount currencyCode }
    primaryImage { url alt }
    sellers { seller { id storeName } price { amount currencyCode } inStock }
  }
}"""


async def test_product_cards_read_each_product_with_its_listings_in_one_query(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    ids = [*catalog.bulk_ids, *catalog.headphone_ids, "p-amp", "p-phone", "missing"]
    assert len(ids) == 30
    response = await graphql(PRODUCT_CARDS, {"ids": ids})
    cards = response.data["products"]
    assert [c["id"] if c else None for c in cards] == [*ids[:-1], None]
    assert cards[0]["sellers"] == [
        {
            "seller": {"id": "s-budget", "storeName": "Budget Sounds"},
            "price": {"amount": "10.00", "currencyCode": "USD"},
            "inStock": True,
        }
    ]
    # One Query per product, all in one round: its Product item and its listings together
    # (no BatchGetItem beside them); no read of a seller, whose store name is on the listing.
    assert response.call_count("Query") == 30
    assert response.call_count() == 30
    assert response.body["extensions"]["dynamodb"]["rounds"] == 1


async def test_product_cards_without_sellers_are_one_batch(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    ids = [*catalog.bulk_ids, "missing"]
    query = PRODUCT_CARDS.replace(
        "sellers { seller { id storeName } price { amount currencyCode } inStock }", ""
    )
    response = await graphql(query, {"ids": ids})
    assert [c["id"] if c else None for c in response.data["products"]] == [*ids[:-1], None]
    batches = [c for c in response.calls if c["operation"] == "BatchGetItem"]
    assert [b["keys"] for b in batches] == [len(ids)]
    assert response.call_count() == 1


async def test_products_refuses_more_than_100_ids(graphql: GraphQLClient) -> None:
    response = await graphql(PRODUCT_CARDS, {"ids": [f"p{n}" for n in range(101)]})
    assert response.error_codes == ["BAD_USER_INPUT"]


MORE_REVIEWS = """
query MoreReviews($productId: ID!, $first: Int!, $after: String) {
  product(id: $productId) {
    reviews(first: $first, after: $after) {
      edges { cursor node { id rating createdAt reviewer { displayName } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""


async def test_reviews_page_newest_first(graphql: GraphQLClient, catalog: Catalog) -> None:
    first = await graphql(MORE_REVIEWS, {"productId": "p-studio", "first": 2})
    page = first.data["product"]["reviews"]
    assert [e["node"]["id"] for e in page["edges"]] == ["r-p-studio-cy", "r-p-studio-bob"]
    assert page["pageInfo"]["hasNextPage"] is True
    after = page["pageInfo"]["endCursor"]
    second = await graphql(MORE_REVIEWS, {"productId": "p-studio", "first": 2, "after": after})
    page = second.data["product"]["reviews"]
    assert [e["node"]["id"] for e in page["edges"]] == ["r-p-studio-ann"]
    assert page["pageInfo"]["hasNextPage"] is False


async def test_forged_review_cursor_is_refused_though_the_page_was_prefetched(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    query = 'query($after: String) { product(id: "p-studio") { name reviews(first: 2, after: $after) { nodes { id } } } }'
    forged = await graphql(query, {"after": "e30.AAAAAAAAAAAAAAAAAAAAAA"})
    assert forged.error_codes == ["BAD_USER_INPUT"]
    fine = await graphql(query)  # `first: 2` is a literal here: lookahead reads its text
    assert len(fine.data["product"]["reviews"]["nodes"]) == 2
    assert fine.body["extensions"]["dynamodb"]["rounds"] == 1


SELLER_STOREFRONT = """
query SellerStorefront($id: ID!, $first: Int, $after: String) {
  seller(id: $id) {
    id storeName storeDescription
    rating { average count }
    products(first: $first, after: $after) {
      edges { cursor node { id name } }
      pageInfo { hasNextPage endCursor }
    }
    reviews(first: 3) { nodes { rating title product { id name } } }
  }
}"""


async def test_seller_storefront(graphql: GraphQLClient, catalog: Catalog) -> None:
    response = await graphql(SELLER_STOREFRONT, {"id": "s-acme", "first": 2})
    seller = response.data["seller"]
    assert seller["storeName"] == "Acme Audio"
    assert seller["storeDescription"] == "Acme Audio, since 2020"
    assert seller["rating"] == {"average": 4.5, "count": 2}
    assert [e["node"]["id"] for e in seller["products"]["edges"]] == ["p-amp", "p-phone"]
    assert [n["rating"] for n in seller["reviews"]["nodes"]] == [3, 4, 5]
    assert seller["reviews"]["nodes"][0]["product"] == {
        "id": "p-studio",
        "name": "Studio Headphones",
    }
    after = seller["products"]["pageInfo"]["endCursor"]
    rest = await graphql(SELLER_STOREFRONT, {"id": "s-acme", "first": 2, "after": after})
    products = rest.data["seller"]["products"]
    # p-old's product is inactive: it is not on the storefront.
    assert [e["node"]["id"] for e in products["edges"]] == ["p-studio"]
    assert products["pageInfo"]["hasNextPage"] is False


@pytest.mark.parametrize("seller_id", ["p-studio", "nobody"])
async def test_seller_is_null_unless_a_seller(
    graphql: GraphQLClient, catalog: Catalog, seller_id: str
) -> None:
    response = await graphql("query($id: ID!) { seller(id: $id) { id } }", {"id": seller_id})
    assert response.data == {"seller": None}
