"""`search_term_writes`: the index writes a product change needs, as values; and what a
search's text looks for."""

from __future__ import annotations

from typing import Any

import pytest

from loaders.keys import SearchTermKey
from loaders.search import MAX_TERMS_PER_PRODUCT, product_terms, search_term_writes, terms
from loaders.search_reads import SearchText
from loaders.writes import Delete, Put, Write

Item = dict[str, Any]


def _product(name: str, brand: str = "Acme", tags: list[str] | None = None, **extra: Any) -> Item:
    return {
        "pk": "p1", "sk": "INFO", "entity": "Product", "product_id": "p1", "name": name,
        "brand": brand, "tags": tags or [], "is_active": True, **extra,
    }  # fmt: skip


def _puts(writes: list[Write]) -> dict[str, Item]:
    return {
        w.key.term: dict(w.attributes)
        for w in writes
        if isinstance(w, Put) and isinstance(w.key, SearchTermKey)
    }


def _deleted(writes: list[Write]) -> set[str]:
    return {
        w.key.term for w in writes if isinstance(w, Delete) and isinstance(w.key, SearchTermKey)
    }


def test_terms_fold_case_and_accents_and_drop_stop_words() -> None:
    assert terms("The Crème-Brûlée  of  Año x 42") == ["creme", "brulee", "ano", "42"]


def test_weights_sum_over_fields() -> None:
    weights = product_terms(_product("Acme Kettle", brand="Acme", tags=["kettle", "Kitchen"]))
    assert weights == {"acme": 6 + 4, "kettle": 6 + 2, "kitchen": 2}


def test_description_words_weigh_least_and_come_last() -> None:
    weights = product_terms(
        _product("Kettle", tags=["steel"], description="A kettle, in steel, boils.")
    )
    assert weights == {"kettle": 6 + 1, "acme": 4, "steel": 2 + 1, "boils": 1}
    assert list(weights) == ["kettle", "acme", "steel", "boils"]


def test_new_product_puts_every_term() -> None:
    writes = search_term_writes(None, _product("Red Kettle"))
    puts = _puts(writes)
    assert set(puts) == {"red", "kettle", "acme"}
    assert puts["red"] == {
        "entity": "SearchTerm",
        "term": "red",
        "product_id": "p1",
        "weight": 6,
        "name": "red kettle",
        "prefix": "re",
        "gsi1pk": "TERMS#re",
        "gsi1sk": "red#p1",
    }
    assert {"pk": "TERM#red", "sk": "p1"} in [w.key.encode() for w in writes]
    assert not _deleted(writes)


def test_rename_deletes_old_words_and_puts_new_ones() -> None:
    writes = search_term_writes(_product("Red Kettle"), _product("Blue Kettle"))
    assert _deleted(writes) == {"red"}
    # The name stored on every term changes, so each remaining term is put again.
    assert set(_puts(writes)) == {"blue", "kettle", "acme"}
    assert {p["name"] for p in _puts(writes).values()} == {"blue kettle"}


def test_change_that_keeps_the_terms_writes_nothing() -> None:
    assert (
        search_term_writes(_product("Red Kettle"), _product("Red  kettle!", description="x")) == []
    )


def test_tag_change_puts_only_the_changed_terms() -> None:
    writes = search_term_writes(
        _product("Kettle", tags=["steel"]), _product("Kettle", tags=["glass"])
    )
    assert _deleted(writes) == {"steel"}
    assert set(_puts(writes)) == {"glass"}


def test_deactivation_deletes_every_term() -> None:
    before = _product("Red Kettle", tags=["kitchen"])
    writes = search_term_writes(before, {**before, "is_active": False})
    assert _deleted(writes) == {"red", "kettle", "acme", "kitchen"}
    assert len(writes) == 4
    assert search_term_writes(before, None) == writes


def test_reactivation_puts_every_term() -> None:
    after = _product("Red Kettle")
    assert set(_puts(search_term_writes({**after, "is_active": False}, after))) == {
        "red", "kettle", "acme",
    }  # fmt: skip


def test_a_product_keeps_at_most_the_limit_of_terms() -> None:
    many = [f"tag{n:03d}" for n in range(3 * MAX_TERMS_PER_PRODUCT)]
    before = _product("Red Kettle", tags=many)
    after = _product("Blue Pot", brand="Other", tags=[f"x{t}" for t in many])
    assert len(_puts(search_term_writes(None, before))) == MAX_TERMS_PER_PRODUCT
    assert "red" in product_terms(before)  # the heaviest terms are the ones kept
    assert len(search_term_writes(before, after)) <= 2 * MAX_TERMS_PER_PRODUCT


@pytest.mark.parametrize(
    ("text", "whole", "prefix"),
    [
        pytest.param("Wireless  KETT", ("wireless",), "kett", id="last-word-a-prefix"),
        pytest.param("kettle for", ("kettle",), "for", id="a-stop-word-last-is-a-prefix-only"),
        pytest.param("kettle steel kettle", ("steel",), "kettle", id="last-word-not-twice"),
        pytest.param("Crème k", ("creme",), None, id="one-letter-last-word-is-nothing"),
        pytest.param("the - a", (), None, id="no-words"),
    ],
)
def test_a_search_text_is_whole_words_and_its_last_word_as_a_prefix(
    text: str, whole: tuple[str, ...], prefix: str | None
) -> None:
    found = SearchText.of(text)
    assert (found.whole, found.prefix) == (whole, prefix)
    assert found.size == len(whole) + (prefix is not None)
