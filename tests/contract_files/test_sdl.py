"""The SDL as committed: `schema.graphql` is the schema served, and nothing of the last
release's schema is broken unless the allow-list below says so."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from graphql import (
    BreakingChange,
    DangerousChange,
    build_schema,
    find_breaking_changes,
    find_dangerous_changes,
)

from schema import schema

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "schema.graphql"
LAST_RELEASE = ROOT / "releases" / "schema-0.1.0.graphql"
REGENERATE = "python -m gateway export-schema > schema.graphql"

# Breaking changes made on purpose, each with why: {"<description>": "<reason, and how
# clients were told>"}. The descriptions are graphql-core's (`find_breaking_changes`),
# e.g. "Field Query.coupon was removed.". Empty: 0.1.0's schema is served whole.
ALLOWED_BREAKING: dict[str, str] = {}


def _describe(changes: Sequence[BreakingChange | DangerousChange]) -> list[str]:
    return [change.description for change in changes]


def unexpected_breaking(released_sdl: str) -> list[str]:
    """The breaking changes from `released_sdl` to the schema served, less the allowed."""
    breaking = _describe(find_breaking_changes(build_schema(released_sdl), schema._schema))
    return [change for change in breaking if change not in ALLOWED_BREAKING]


def test_committed_sdl_is_the_schema_served() -> None:
    served = str(schema) + "\n"
    assert COMMITTED.read_text() == served, f"schema.graphql is out of date: run `{REGENERATE}`"


def test_no_breaking_change_since_the_last_release(
    record_property: Callable[[str, object], None],
) -> None:
    """Dangerous changes (an enum value added, an argument's default changed…) break no
    query but can surprise a client: they are reported, in the test report's properties
    (`--junitxml`) and on stdout (`-s`), not refused."""
    released = LAST_RELEASE.read_text()
    dangerous = _describe(find_dangerous_changes(build_schema(released), schema._schema))
    record_property("dangerous_changes", dangerous)
    for change in dangerous:
        print(f"dangerous change since 0.1.0: {change}")
    assert unexpected_breaking(released) == [], (
        "these changes break clients of 0.1.0: undo them, or list them in ALLOWED_BREAKING "
        "(tests/contract_files/test_sdl.py) with the reason"
    )


def test_a_removed_field_is_found_breaking() -> None:
    """The check above sees a removal: a release that had one more root field."""
    released = LAST_RELEASE.read_text().replace(
        "type Query {", "type Query {\n  legacyBanner: String", 1
    )
    assert unexpected_breaking(released) == ["Field Query.legacyBanner was removed."]


def test_allowed_breaking_changes_are_still_needed() -> None:
    """An allow-list entry that matches no change any more is stale: remove it."""
    released = build_schema(LAST_RELEASE.read_text())
    seen = set(_describe(find_breaking_changes(released, schema._schema)))
    assert set(ALLOWED_BREAKING) - seen == set()
