"""The operations of the consumer contract's account.graphql, as the frontend sends them
(`Me` without `cart`, which the cart area serves), plus a few of our own."""

from __future__ import annotations

REGISTER = """
mutation Register($input: RegisterInput!) {
  register(input: $input) {
    user { id username email firstName lastName }
    token
    errors { field message code }
  }
}"""

LOGIN = """
mutation Login($username: String!, $password: String!) {
  login(username: $username, password: $password) {
    token
    expiresAt
    user { id username }
    errors { field message code }
  }
}"""

LOGOUT = """
mutation Logout {
  logout { ok errors { code message } }
}"""

ME = """
query Me {
  viewer {
    id
    username
    email
    firstName
    lastName
    phone
    roles
    isSeller
    rewardPoints
    addresses { id label recipient line1 line2 city region postalCode country isDefault }
  }
}"""

UPDATE_PROFILE = """
mutation UpdateProfile($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    user { id firstName lastName phone }
    errors { field message code }
  }
}"""

ADD_ADDRESS = """
mutation AddAddress($input: AddressInput!) {
  addAddress(input: $input) {
    address { id label recipient line1 city postalCode country isDefault }
    errors { field message code }
  }
}"""

BECOME_SELLER = """
mutation BecomeSeller($storeName: String!, $storeDescription: String) {
  becomeSeller(storeName: $storeName, storeDescription: $storeDescription) {
    user { id isSeller roles }
    errors { field message code }
  }
}"""

MY_REWARDS = """
query MyRewards($first: Int, $after: String) {
  viewer {
    rewardPoints
    rewards(first: $first, after: $after) {
      edges { node { id type points description createdAt order { id } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}"""

MY_WISHLISTS = """
query MyWishlists {
  viewer {
    wishlists {
      id
      name
      isPublic
      items { priority notes addedAt product { id name minPrice { amount currencyCode } } }
    }
  }
}"""

CREATE_WISHLIST = """
mutation CreateWishlist($name: String!, $isPublic: Boolean) {
  createWishlist(name: $name, isPublic: $isPublic) {
    wishlist { id name isPublic }
    errors { field message code }
  }
}"""

ADD_TO_WISHLIST = """
mutation AddToWishlist($wishlistId: ID!, $productId: ID!, $priority: Int, $notes: String) {
  addToWishlist(wishlistId: $wishlistId, productId: $productId, priority: $priority, notes: $notes) {
    wishlist { id items { product { id } priority } }
    errors { field message code }
  }
}"""

# Not in the contract: an administrator's view of any account.
USER_BY_ID = """
query UserById($id: ID!) {
  user(id: $id) { id username addresses { id } wishlists { id } rewards { edges { node { id } } } }
}"""
