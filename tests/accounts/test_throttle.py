"""Failed sign-ins are slowed down per account name and per client address, with counts in
DynamoDB that every gateway process shares (resolvers/throttle.py)."""

from __future__ import annotations

import time
from typing import Any

from gateway.settings import Settings
from tests.accounts.factories import Account, item, table, unique
from tests.apps import running_app
from tests.graphql_client import GraphQLClient
from tests.operations import operation

LOGIN = operation("sign_in.graphql", "Login")
WRONG = "not the password"


async def login(graphql: GraphQLClient, username: str, password: str) -> dict[str, Any]:
    payload: dict[str, Any] = (
        await graphql(LOGIN, {"username": username, "password": password})
    ).data["login"]
    return payload


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["errors"]]


def account_failures(settings: Settings, name: str) -> dict[str, Any] | None:
    return item(settings, "Attempts", f"ACCOUNT#{name}", "FAILURES")


def write_account_failures(
    settings: Settings, name: str, failures: int, last_at: int, expires_at: int
) -> None:
    """An AccountAttempts item as another replica, earlier, would have left it."""
    table(settings, "Attempts").put_item(
        Item={
            "pk": f"ACCOUNT#{name}",
            "sk": "FAILURES",
            "entity": "AccountAttempts",
            "name": name,
            "failures": failures,
            "last_failure_at": last_at,
            "expires_at": expires_at,
        }
    )


async def test_five_wrong_passwords_lock_the_account_but_not_another(
    graphql: GraphQLClient, alice: Account, bob: Account, checked_hashes: list[str]
) -> None:
    for _ in range(5):
        assert codes(await login(graphql, alice.username, WRONG)) == ["INVALID_CREDENTIALS"]
    refused = await graphql(LOGIN, {"username": alice.username, "password": alice.password})
    payload = refused.data["login"]
    assert payload["token"] is None
    (error,) = payload["errors"]
    assert error["code"] == "TOO_MANY_ATTEMPTS"
    assert 0 < error["retryAfter"] <= 30
    assert f"try again in {error['retryAfter']} seconds" in error["message"]
    # Refused from the counts alone: no password checked, nothing written.
    assert len(checked_hashes) == 5
    assert [c["operation"] for c in refused.calls] == ["BatchGetItem"]
    # Bob signs in as ever.
    assert codes(await login(graphql, bob.username, bob.password)) == []


async def test_the_lock_grows_with_each_failure_after_the_limit(
    graphql: GraphQLClient, settings: Settings, alice: Account
) -> None:
    # Seven failures, the last 100 s ago: locked 30 s x 2 x 2 = 120 s after it.
    now = int(time.time())
    write_account_failures(settings, alice.username, 7, now - 100, now + 900)
    (error,) = (await login(graphql, alice.username.upper(), alice.password))["errors"]
    assert error["code"] == "TOO_MANY_ATTEMPTS"
    assert 18 <= error["retryAfter"] <= 21


async def test_an_unknown_name_is_locked_the_same_way(graphql: GraphQLClient) -> None:
    nobody = unique("nobody")
    answers = [codes(await login(graphql, nobody, WRONG)) for _ in range(6)]
    assert answers == [["INVALID_CREDENTIALS"]] * 5 + [["TOO_MANY_ATTEMPTS"]]


async def test_a_successful_sign_in_forgets_the_accounts_failures(
    graphql: GraphQLClient, settings: Settings, alice: Account
) -> None:
    for _ in range(4):
        await login(graphql, alice.username, WRONG)
    assert (account_failures(settings, alice.username) or {}).get("failures") == 4
    signed_in = await graphql(LOGIN, {"username": alice.username, "password": alice.password})
    assert signed_in.data["login"]["errors"] == []
    # The session (with its count on the profile) and the forgetting in one transaction.
    assert [(c["operation"], c["keys"]) for c in signed_in.calls][-1] == ("TransactWriteItems", 3)
    assert account_failures(settings, alice.username) is None
    for _ in range(4):
        await login(graphql, alice.username, WRONG)
    assert codes(await login(graphql, alice.username, alice.password)) == []


async def test_an_expired_count_starts_again_from_one(
    graphql: GraphQLClient, settings: Settings, alice: Account
) -> None:
    # DynamoDB deletes expired items days late: such an item is no count at all.
    now = int(time.time())
    write_account_failures(settings, alice.username, 40, now - 3000, now - 10)
    assert codes(await login(graphql, alice.username, WRONG)) == ["INVALID_CREDENTIALS"]
    counted = account_failures(settings, alice.username)
    assert counted is not None
    assert counted["failures"] == 1
    assert codes(await login(graphql, alice.username, alice.password)) == []


async def test_one_client_failing_across_many_names_is_slowed_down(
    settings: Settings, alice: Account
) -> None:
    guesser, neighbour = ("198.51.100.7", 4000), ("198.51.100.200", 4000)
    async with running_app(settings, attempts_per_client=3) as app:
        async with GraphQLClient.over(app, client=guesser) as graphql:
            for _ in range(3):
                assert codes(await login(graphql, unique("victim"), WRONG)) == [
                    "INVALID_CREDENTIALS"
                ]
            # A fourth name, a real one with its right password: the client waits.
            (error,) = (await login(graphql, alice.username, alice.password))["errors"]
            assert error["code"] == "TOO_MANY_ATTEMPTS"
        async with GraphQLClient.over(app, client=neighbour) as graphql:
            assert codes(await login(graphql, alice.username, alice.password)) == []


async def test_two_gateway_processes_share_the_counts(settings: Settings, alice: Account) -> None:
    async with (
        running_app(settings) as first,
        running_app(settings) as second,
        GraphQLClient.over(first) as one,
        GraphQLClient.over(second) as other,
    ):
        for graphql in (one, other, one, other, one):
            assert codes(await login(graphql, alice.username, WRONG)) == ["INVALID_CREDENTIALS"]
        for graphql in (one, other):
            refused = await login(graphql, alice.username, alice.password)
            assert codes(refused) == ["TOO_MANY_ATTEMPTS"]


async def test_x_forwarded_for_names_the_client_only_behind_a_trusted_proxy(
    settings: Settings,
) -> None:
    forwarded = {"X-Forwarded-For": "203.0.113.9"}

    async def fail_from(peer: str) -> None:
        async with GraphQLClient.over(app, client=(peer, 5000)) as graphql:
            variables = {"username": unique("victim"), "password": WRONG}
            payload = (await graphql(LOGIN, variables, headers=forwarded)).data["login"]
            assert codes(payload) == ["INVALID_CREDENTIALS"]

    def failures_of(address: str) -> int | None:
        counted = item(settings, "Attempts", f"CLIENT#{address}", "FAILURES")
        return None if counted is None else int(counted["failures"])

    async with running_app(settings, forwarded_allow_ips="10.0.0.1, 10.1.0.0/16") as app:
        await fail_from("10.0.0.1")  # a trusted proxy: the client it names is counted
        await fail_from("10.1.2.3")  # another, within a trusted network
        await fail_from("10.0.0.2")  # not trusted: its header is ignored, itself counted
    assert failures_of("203.0.113.9") == 2
    assert failures_of("10.0.0.2") == 1
    assert failures_of("10.0.0.1") is None
