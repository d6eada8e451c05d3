"""Category search and the flat category list: answered from the category tree alone.

The tree is read once per request (one Scan) or taken from the process's shared cache, so
neither read costs a DynamoDB call of its own.
"""

from __future__ import annotations

from loaders.categories import CategoryTree
from loaders.codec import Item
from loaders.keys import ROOT_CATEGORY
from loaders.search import words


def all_categories(tree: CategoryTree) -> list[Item]:
    """Every category: depth first from the roots, so parents come before their children and
    siblings are in position order. A category whose chain of parents is broken (a parent
    missing) comes last, by depth, position and name."""
    reachable = [tree.categories[c] for c in tree.subtree(ROOT_CATEGORY) if c in tree.categories]
    seen = {item["category_id"] for item in reachable}
    orphans = sorted(
        (item for item in tree.categories.values() if item["category_id"] not in seen),
        key=lambda c: (int(c.get("depth", 0)), int(c.get("position", 0)), c.get("name", "")),
    )
    return reachable + orphans


def _matches(name_words: list[str], wanted: list[str]) -> bool:
    """Every word wanted is a word of the name; the last one may be the start of one (the
    user may still be typing it)."""
    *whole, last = wanted
    return set(whole) <= set(name_words) and any(w.startswith(last) for w in name_words)


def search_categories(tree: CategoryTree, text: str) -> list[Item]:
    """The categories whose name holds every word of `text` (case and accents ignored, the
    last word also as a prefix): those whose name is exactly the text first, then in the
    order of `all_categories`. A text without words finds nothing."""
    wanted = words(text)
    if not wanted:
        return []
    found = [c for c in all_categories(tree) if _matches(words(str(c.get("name", ""))), wanted)]
    return sorted(found, key=lambda c: words(str(c.get("name", ""))) != wanted)
