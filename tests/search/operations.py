SEARCH = """
query SearchProducts($text: String!, $first: Int, $after: String) {
  searchProducts(text: $text, first: $first, after: $after) {
    edges { cursor node { id name brand minPrice { amount currencyCode } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
