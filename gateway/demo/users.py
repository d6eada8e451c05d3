"""Users: the admin, the sellers and the customers, with their addresses and Unique items."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from gateway.demo.context import Context, stamp
from gateway.demo.profiles import Profile
from gateway.demo.vocabulary import STORE_PITCHES, STORE_WORDS
from loaders.codec import Item
from loaders.keys import (
    UNIQUE,
    UserKey,
    address_sort_key,
    email_index_partition,
    unique_email_partition,
    unique_username_partition,
)
from loaders.model import USERS
from resolvers.people import display_name

CUSTOMER, SELLER, ADMIN = "customer", "seller", "admin"
KNOWN_NAMED = 3  # seller1..seller3 and customer1..customer3
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
ADDRESS_LABELS = ("Home", "Work", "Parents", "Cabin")
# What an order copies from the default address (phone: the address's, else the user's).
SHIPPING_FIELDS = ("recipient", "line1", "line2", "city", "region", "postal_code", "country")


@dataclass
class Person:
    item: Item
    created: datetime
    addresses: list[Item] = field(default_factory=list)

    @property
    def user_id(self) -> str:
        return str(self.item["user_id"])

    @property
    def public_name(self) -> str:
        return display_name(self.item["first_name"], self.item["last_name"])

    def shipping_address(self) -> Item:
        default = next(a for a in self.addresses if a["is_default"])
        kept = {name: default[name] for name in SHIPPING_FIELDS if name in default}
        phone = default.get("phone", self.item.get("phone"))
        if phone is not None:
            kept["phone"] = phone
        return kept


@dataclass
class People:
    admin: Person
    sellers: list[Person]
    customers: list[Person]

    @property
    def everyone(self) -> list[Person]:
        return [self.admin, *self.sellers, *self.customers]


class _UserFactory:
    def __init__(self, ctx: Context, password_hash: str) -> None:
        self.ctx = ctx
        self.password_hash = password_hash
        self.usernames: set[str] = set()
        self.store_names: set[str] = set()

    def _username(self, first: str, last: str) -> str:
        rng = self.ctx.rng
        base = re.sub(r"[^a-z0-9.]", "", f"{first}.{last}".lower()) or "user"
        candidate = base
        while candidate in self.usernames:
            candidate = f"{base}{rng.randint(2, 999)}"
        return candidate

    def phone(self) -> str:
        """A US number in 555-0100..555-0199, the range set aside for fiction."""
        rng = self.ctx.rng
        return f"+1-{rng.randint(201, 989)}-555-01{rng.randint(0, 99):02d}"

    def _store_name(self) -> str:
        while True:
            name = " ".join(self.ctx.pick(words) for words in STORE_WORDS)
            if name not in self.store_names:
                self.store_names.add(name)
                return name

    def person(self, roles: list[str], created: datetime, username: str | None = None) -> Person:
        ctx = self.ctx
        first, last = ctx.fake.first_name(), ctx.fake.last_name()
        username = username or self._username(first, last)
        self.usernames.add(username)
        email = f"{username}@{ctx.pick(EMAIL_DOMAINS)}"
        user_id = ctx.new_id(created)
        is_seller = SELLER in roles
        item: Item = {
            **UserKey(user_id).encode(),
            "entity": "User",
            "user_id": user_id,
            "username": username,
            "email": email,
            "password_hash": self.password_hash,
            "first_name": first,
            "last_name": last,
            "roles": roles,
            "is_seller": is_seller,
            "seller_rating_sum": 0,
            "seller_rating_count": 0,
            "reward_points": 0,
            "created_at": stamp(created),
            "updated_at": stamp(ctx.after(created, 60)),
            "gsi1pk": email_index_partition(email),
            "gsi1sk": user_id,
        }
        if ctx.chance(0.7):
            item["phone"] = self.phone()
        if is_seller:
            item["store_name"] = self._store_name()
            item["store_description"] = ctx.pick(STORE_PITCHES)
        ctx.add(USERS, item)
        for entity, partition in (
            ("UniqueUsername", unique_username_partition(username)),
            ("UniqueEmail", unique_email_partition(email)),
        ):
            ctx.add(USERS, {"pk": partition, "sk": UNIQUE, "entity": entity, "user_id": user_id})
        return Person(item, created)

    def add_addresses(self, person: Person, count: int) -> None:
        ctx, fake = self.ctx, self.ctx.fake
        default_index = ctx.rng.randrange(count)
        for index in range(count):
            created = ctx.after(person.created, 200)
            address_id = ctx.new_id(created)
            address: Item = {
                "pk": person.user_id,
                "sk": address_sort_key(address_id),
                "entity": "Address",
                "address_id": address_id,
                "label": ADDRESS_LABELS[index],
                "recipient": f"{person.item['first_name']} {person.item['last_name']}",
                "line1": fake.street_address(),
                "city": fake.city(),
                "region": fake.state_abbr(include_territories=False),
                "postal_code": fake.zipcode(),
                "country": "US",
                "is_default": index == default_index,
                "created_at": stamp(created),
            }
            if ctx.chance(0.3):
                address["line2"] = fake.secondary_address()
            if ctx.chance(0.4):
                address["phone"] = self.phone()
            person.addresses.append(ctx.add(USERS, address))


def build_people(ctx: Context, profile: Profile, password_hash: str) -> People:
    factory = _UserFactory(ctx, password_hash)
    admin = factory.person([CUSTOMER, ADMIN], ctx.days_ago(1000, 1000), "admin")
    sellers = []
    for index in range(profile.sellers):
        known = f"seller{index + 1}" if index < KNOWN_NAMED else None
        seller = factory.person([CUSTOMER, SELLER], ctx.days_ago(400, 950), known)
        factory.add_addresses(seller, 1)
        sellers.append(seller)
    customers = []
    for index in range(profile.customers):
        known = f"customer{index + 1}" if index < KNOWN_NAMED else None
        customer = factory.person([CUSTOMER], ctx.days_ago(20, 700), known)
        factory.add_addresses(customer, ctx.weighted((1, 2, 3), (60, 30, 10)))
        customers.append(customer)
    return People(admin, sellers, customers)
