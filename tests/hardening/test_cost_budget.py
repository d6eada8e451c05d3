"""A cost budget per client (gateway/cost_budget.py): a leaky bucket of estimated cost,
per process; over it, HTTP 429 with Retry-After and RATE_LIMITED, before anything runs."""

from __future__ import annotations

from gateway.settings import Settings, load_settings
from tests.accounts.factories import bearer, mint
from tests.apps import client_for
from tests.factories import Catalog
from tests.operations import operation

TEN_SELLERS = operation("cost_budget.graphql", "TenSellers")
ONE_SELLER = operation("cost_budget.graphql", "OneSeller")
# A bucket of 10 that takes 100 s to restore one point: nothing comes back during a test.
BUDGET = {
    "cost_budget": True,
    "max_query_cost": 10,
    "cost_budget_capacity": 10,
    "cost_budget_restore_rate": 0.01,
}


async def test_a_client_over_its_budget_gets_429_with_retry_after(
    settings: Settings, catalog: Catalog
) -> None:
    async with client_for(settings, **BUDGET) as graphql:
        first = await graphql(TEN_SELLERS)
        assert first.status == 200
        # Estimated 10, spent 1 (one BatchGetItem): 9 go back, 9 are left.
        assert first.body["extensions"]["cost"] == {
            "requested": 10,
            "estimated": 10,
            "limit": 10,
            "actual": 1,
            "remaining": 9,
            "capacity": 10,
            "restoreRate": 0.01,
        }
        refused = await graphql(TEN_SELLERS)
        assert refused.status == 429
        assert refused.headers["Retry-After"] == "100"  # one point short, 0.01 a second
        assert refused.error_codes == ["RATE_LIMITED"]
        assert refused.body["errors"][0]["extensions"]["retryAfter"] == 100
        assert refused.body["data"] is None
        assert refused.calls == []  # nothing ran
        # What is left still buys a cheaper operation; a signed-in user has a bucket of
        # their own.
        assert (await graphql(ONE_SELLER)).status == 200
        signed_in = bearer(mint({"sub": "u-budget", "roles": ["customer"]}))
        assert (await graphql(TEN_SELLERS, headers=signed_in)).status == 200


async def test_every_response_says_its_cost_when_the_budget_is_on(
    settings: Settings, catalog: Catalog
) -> None:
    async with client_for(settings, **BUDGET) as graphql:
        response = await graphql(ONE_SELLER, trace=False)
    assert set(response.body["extensions"]["cost"]) == {
        "requested",
        "estimated",
        "limit",
        "actual",
        "remaining",
        "capacity",
        "restoreRate",
    }


def test_the_budget_is_off_in_development_and_on_in_production() -> None:
    assert not load_settings(env="development").cost_budget_enabled
    secret = "x" * 40
    assert load_settings(env="production", jwt_secret=secret).cost_budget_enabled
    assert not load_settings(
        env="production", jwt_secret=secret, cost_budget=False
    ).cost_budget_enabled
