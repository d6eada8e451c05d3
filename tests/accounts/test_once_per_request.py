"""Signing in and up run at most once per request (`@oncePerRequest`): thirty aliases or a
batch of sign-ins try one password at most."""

from __future__ import annotations

from gateway.settings import Settings
from tests.accounts.factories import Account, registration
from tests.apps import client_for
from tests.graphql_client import GraphQLClient
from tests.operations import operation

LOGIN = operation("sign_in.graphql", "Login")
THIRTY_LOGINS = operation("sign_in.graphql", "ThirtyLogins")
LOGIN_TWICE = operation("sign_in.graphql", "LoginTwiceThroughAFragment")
LOGIN_AND_REGISTER = operation("sign_in.graphql", "LoginAndRegister")


async def test_thirty_aliased_logins_are_refused_before_any_password_is_checked(
    graphql: GraphQLClient, alice: Account, checked_hashes: list[str]
) -> None:
    response = await graphql(THIRTY_LOGINS, {"username": alice.username})
    assert response.error_codes == ["QUERY_TOO_COMPLEX"]
    message = response.body["errors"][0]["message"]
    assert "'login' runs at most once per request (@oncePerRequest)" in message
    assert "30 times" in message
    assert response.body["data"] is None
    assert checked_hashes == []
    assert response.calls == []


async def test_a_second_login_through_a_fragment_is_refused_the_same_way(
    graphql: GraphQLClient, alice: Account, checked_hashes: list[str]
) -> None:
    variables = {"username": alice.username, "password": alice.password}
    response = await graphql(LOGIN_TWICE, variables)
    assert response.error_codes == ["QUERY_TOO_COMPLEX"]
    assert checked_hashes == []


async def test_different_once_fields_each_run_once(graphql: GraphQLClient, alice: Account) -> None:
    variables = {"username": alice.username, "password": alice.password, "input": registration()}
    data = (await graphql(LOGIN_AND_REGISTER, variables)).data
    assert data["login"]["errors"] == []
    assert data["register"]["errors"] == []


async def test_a_batch_runs_the_first_login_and_refuses_the_others(
    settings: Settings, alice: Account, checked_hashes: list[str]
) -> None:
    right = {"username": alice.username, "password": alice.password}
    batch = [{"query": LOGIN, "variables": right}] * 5
    async with client_for(settings, allow_batching=True) as graphql:
        response = await graphql.http.post("/graphql", json=batch)
    results = response.json()
    assert results[0]["data"]["login"]["errors"] == []
    assert results[0]["data"]["login"]["token"]
    for refused in results[1:]:
        assert refused["data"] is None
        (error,) = refused["errors"]
        assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
        assert "an earlier operation of this batch ran it" in error["message"]
    assert len(checked_hashes) == 1


async def test_the_password_mutations_run_once_per_request(graphql: GraphQLClient) -> None:
    for field, arguments in (
        ("requestPasswordReset", '(email: "a@example.com") { ok }'),
        ("resetPassword", '(email: "a@example.com", code: "1", newPassword: "x") { token }'),
        ("changePassword", '(currentPassword: "x", newPassword: "y") { ok }'),
    ):
        twice = f"mutation {{ first: {field}{arguments} second: {field}{arguments} }}"
        response = await graphql(twice)
        assert response.error_codes == ["QUERY_TOO_COMPLEX"], field
        assert f"'{field}' runs at most once per request" in response.body["errors"][0]["message"]
        assert response.calls == []
