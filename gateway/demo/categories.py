"""The category tree: Category items and the Subcategory links between them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from gateway.demo.context import Context, stamp
from gateway.demo.profiles import Profile
from gateway.demo.vocabulary import CATEGORY_TREE, FAMILIES, CategorySpec, Family
from loaders.codec import Item
from loaders.keys import ROOT_CATEGORY, CategoryKey, subcategory_sort_key
from loaders.model import CATEGORIES

CATEGORY_IMAGE_BASE = "https://img.example.com/categories/"


@dataclass
class CategoryNode:
    category_id: str
    name: str
    family: Family
    depth: int
    nouns: tuple[str, ...]
    price_dollars: tuple[int, int]
    children: list[CategoryNode] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")


def _kept(
    specs: tuple[CategorySpec, ...], profile: Profile, depth: int
) -> tuple[CategorySpec, ...]:
    limits = profile.tree_limits
    if limits is None:
        return specs
    return specs[: limits[depth]] if depth < len(limits) else ()


def _nouns(spec: CategorySpec, kept: tuple[CategorySpec, ...]) -> tuple[str, ...]:
    """A category's own product nouns, or else all of its descendants' (also pruned ones)."""
    if spec.nouns:
        return spec.nouns
    return tuple(noun for child in spec.children for noun in _nouns(child, ()))


def _price(spec: CategorySpec) -> tuple[int, int]:
    if spec.nouns or not spec.children:
        return spec.price_dollars
    ranges = [_price(child) for child in spec.children]
    return min(low for low, _ in ranges), max(high for _, high in ranges)


class _TreeBuilder:
    def __init__(self, ctx: Context, profile: Profile, created: datetime) -> None:
        self.ctx = ctx
        self.profile = profile
        self.created = created
        self.slugs: set[str] = set()
        self.nodes: list[CategoryNode] = []

    def build(
        self, spec: CategorySpec, family: Family, path: list[str], parent_slug: str, position: int
    ) -> CategoryNode:
        ctx = self.ctx
        created = ctx.after(self.created, 2)
        category_id = ctx.new_id(created)
        depth = len(path)
        kept = _kept(spec.children, self.profile, depth + 1)
        node = CategoryNode(category_id, spec.name, family, depth, _nouns(spec, kept), _price(spec))
        self.nodes.append(node)
        slug = slugify(spec.name)
        if slug in self.slugs:
            slug = f"{parent_slug}-{slug}"
        self.slugs.add(slug)
        parent_id = path[-1] if path else ROOT_CATEGORY
        item: Item = {
            **CategoryKey(category_id).encode(),
            "entity": "Category",
            "category_id": category_id,
            "name": spec.name,
            "slug": slug,
            "parent_id": parent_id,
            "path": [*path, category_id],
            "depth": depth,
            "position": position,
            "created_at": stamp(created),
            "updated_at": stamp(ctx.after(created, 300)),
        }
        if spec.description:
            item["description"] = spec.description
        if depth == 0 or ctx.chance(0.5):
            item["image_url"] = f"{CATEGORY_IMAGE_BASE}{slug}.jpg"
        ctx.add(CATEGORIES, item)
        ctx.add(
            CATEGORIES,
            {
                "pk": parent_id,
                "sk": subcategory_sort_key(category_id),
                "entity": "Subcategory",
                "child_id": category_id,
                "name": spec.name,
                "position": position,
            },
        )
        for child_position, child in enumerate(kept):
            node.children.append(
                self.build(child, family, [*path, category_id], slug, child_position)
            )
        return node


def build_categories(ctx: Context, profile: Profile) -> list[CategoryNode]:
    """Every category of the profile's tree, parents before their children."""
    builder = _TreeBuilder(ctx, profile, ctx.days_ago(1000, 1100))
    for position, root in enumerate(_kept(CATEGORY_TREE, profile, 0)):
        builder.build(root, FAMILIES[root.name], [], "", position)
    return builder.nodes
