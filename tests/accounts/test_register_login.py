"""Signing up, in and out, through HTTP, on the moto tables."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

import jwt
import pytest

from gateway.passwords import Passwords
from gateway.settings import Settings
from tests.accounts.factories import (
    PASSWORD,
    Account,
    item,
    registration,
    sessions,
    table,
    unique,
)
from tests.accounts.operations import LOGIN, LOGOUT, ME, REGISTER
from tests.graphql_client import GraphQLClient


async def test_register_writes_the_profile_and_both_unique_items_in_one_transaction(
    graphql: GraphQLClient, settings: Settings
) -> None:
    given = registration(phone="+1 555 0100")
    response = await graphql(REGISTER, {"input": given})
    result = response.data["register"]
    assert result["errors"] == []
    user = result["user"]
    assert user | {"id": None} == {
        "id": None,
        "username": given["username"],
        "email": given["email"],
        "firstName": "Ada",
        "lastName": "Lovelace",
    }
    assert [(c["operation"], c["keys"]) for c in response.calls] == [("TransactWriteItems", 4)]
    profile = item(settings, "Users", user["id"], "PROFILE")
    assert profile is not None
    assert profile["roles"] == ["customer"]
    assert profile["gsi1pk"] == given["email"].lower()
    assert profile["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in str(profile)
    claims = [
        item(settings, "Users", f"USERNAME#{given['username'].lower()}", "UNIQUE"),
        item(settings, "Users", f"EMAIL#{given['email'].lower()}", "UNIQUE"),
    ]
    assert [c and c["user_id"] for c in claims] == [user["id"], user["id"]]
    # The token it returns signs the user in.
    me = await graphql(ME, headers={"Authorization": f"Bearer {result['token']}"})
    assert me.data["viewer"]["id"] == user["id"]


async def test_usernames_and_emails_are_unique_regardless_of_case(
    graphql: GraphQLClient, alice: Account
) -> None:
    same_name = registration(username=alice.username.upper())
    same_email = registration(email=alice.email.upper())
    both = registration(username=alice.username, email=alice.email)
    codes = []
    for given in (same_name, same_email, both):
        result = (await graphql(REGISTER, {"input": given})).data["register"]
        assert result["user"] is None
        assert result["token"] is None
        codes.append([(e["code"], e["field"]) for e in result["errors"]])
    assert codes == [
        [("USERNAME_TAKEN", ["input", "username"])],
        [("EMAIL_TAKEN", ["input", "email"])],
        [("USERNAME_TAKEN", ["input", "username"]), ("EMAIL_TAKEN", ["input", "email"])],
    ]


async def test_concurrent_registrations_of_one_email_make_exactly_one_user(
    graphql: GraphQLClient, settings: Settings
) -> None:
    email = f"{unique('race')}@example.com"
    responses = await asyncio.gather(
        *(graphql(REGISTER, {"input": registration(email=email)}) for _ in range(30))
    )
    results = [r.data["register"] for r in responses]
    winners = [r for r in results if not r["errors"]]
    losers = [[e["code"] for e in r["errors"]] for r in results if r["errors"]]
    assert len(winners) == 1
    assert losers == [["EMAIL_TAKEN"]] * 29
    holders = table(settings, "Users").query(
        IndexName="EmailIndex",
        KeyConditionExpression="gsi1pk = :email",
        ExpressionAttributeValues={":email": email},
    )["Items"]
    assert [h["user_id"] for h in holders] == [winners[0]["user"]["id"]]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"email": "not-an-email"}, "email", id="email-shape"),
        pytest.param({"username": "ab"}, "username", id="username-too-short"),
        pytest.param({"username": "a" * 31}, "username", id="username-too-long"),
        pytest.param({"username": "ada lovelace"}, "username", id="username-space"),
        pytest.param({"username": "ada#1"}, "username", id="username-hash"),
        pytest.param({"password": "short"}, "password", id="password-too-short"),
        pytest.param({"password": "x" * 129}, "password", id="password-too-long"),
        pytest.param({"firstName": "  "}, "firstName", id="first-name-blank"),
        pytest.param({"lastName": ""}, "lastName", id="last-name-empty"),
    ],
)
async def test_invalid_registrations_are_refused_before_any_write(
    graphql: GraphQLClient, overrides: dict[str, str], field: str
) -> None:
    response = await graphql(REGISTER, {"input": registration(**overrides)})
    errors = response.data["register"]["errors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_INPUT", ["input", field])]
    assert response.calls == []


async def test_every_invalid_field_is_reported_at_once(graphql: GraphQLClient) -> None:
    given = registration(email="nope", username="x", password="short")
    errors = (await graphql(REGISTER, {"input": given})).data["register"]["errors"]
    assert sorted(e["field"][1] for e in errors) == ["email", "password", "username"]


@pytest.mark.parametrize("identifier", ["username", "USERNAME", "email", "EMAIL"])
async def test_login_with_username_or_email_in_any_case(
    graphql: GraphQLClient, settings: Settings, alice: Account, identifier: str
) -> None:
    name = alice.username if identifier.lower() == "username" else alice.email
    name = name.upper() if identifier.isupper() else name
    before = int(time.time())
    response = await graphql(LOGIN, {"username": name, "password": alice.password})
    result = response.data["login"]
    assert result["errors"] == []
    assert result["user"] == {"id": alice.user_id, "username": alice.username}
    expires = datetime.strptime(result["expiresAt"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    assert before + 3600 <= expires.timestamp() <= time.time() + 3600
    # An email goes through EmailIndex, with the failure counts beside it (one round); a
    # username through its UniqueUsername item, read with the counts, then the profile.
    # Either way one transaction: the Session item, whose TTL is the token's expiry, and
    # one more session begun on the profile, whose password hash must be the one checked.
    operations = [c["operation"] for c in response.calls]
    if "@" in name:
        assert sorted(operations[:2]) == ["BatchGetItem", "Query"]
        assert response.body["extensions"]["dynamodb"]["rounds"] == 2
    else:
        assert operations[:2] == ["BatchGetItem", "BatchGetItem"]
        assert set(response.calls[0]["tables"]) == {"test-Users", "test-Attempts"}
    assert operations[2:] == ["TransactWriteItems"]
    claims = jwt.decode(result["token"], options={"verify_signature": False})
    assert (claims["sub"], claims["roles"], claims["iss"]) == (
        alice.user_id,
        ["customer"],
        "shop-gateway",
    )
    assert claims["exp"] - claims["iat"] == 3600
    session = item(settings, "Users", alice.user_id, f"SESSION#{claims['sid']}")
    assert session is not None
    assert session["expires_at"] == claims["exp"]
    me = await graphql(ME, headers={"Authorization": f"Bearer {result['token']}"})
    assert me.data["viewer"]["username"] == alice.username


async def test_wrong_password_and_unknown_user_are_the_same_failure_in_the_same_time(
    graphql: GraphQLClient, alice: Account, checked_hashes: list[str]
) -> None:
    # What makes the time the same: every failed login checks one Argon2 hash (an unknown
    # user's against a stand-in), so no cheap answer tells which accounts exist. Counted
    # rather than timed: a timing assertion fails on a loaded machine.
    checked = checked_hashes

    async def failed_login(username: str, password: str) -> list[dict[str, object]]:
        result = (await graphql(LOGIN, {"username": username, "password": password})).data
        return list(result["login"]["errors"])

    wrong_password = await failed_login(alice.username, "wrong password!")
    unknown_user = await failed_login(unique("nobody"), "wrong password!")
    unknown_email = await failed_login(f"{unique('nobody')}@example.com", PASSWORD)
    assert wrong_password == unknown_user == unknown_email
    assert [e["code"] for e in wrong_password] == ["INVALID_CREDENTIALS"]
    assert len(checked) == 3
    assert all(h.startswith("$argon2id$") for h in checked)


async def test_a_wrong_password_leaves_no_session(
    graphql: GraphQLClient, settings: Settings, alice: Account
) -> None:
    before = sessions(settings, alice.user_id)  # the one her token names
    response = await graphql(LOGIN, {"username": alice.username, "password": "wrong password!"})
    assert [e["code"] for e in response.data["login"]["errors"]] == ["INVALID_CREDENTIALS"]
    # The session was written while the password was checked, then deleted.
    operations = [c["operation"] for c in response.calls]
    assert "TransactWriteItems" in operations
    assert "DeleteItem" in operations
    assert sessions(settings, alice.user_id) == before


async def test_the_session_is_written_while_the_password_is_checked(
    graphql: GraphQLClient, settings: Settings, alice: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check waits (on its thread) for the Session item: written after the check, it
    # would find none, and the sign-in would take one DynamoDB round longer.
    before = sessions(settings, alice.user_id)
    verify = Passwords.verify
    seen_while_checking: list[bool] = []

    def verify_once_the_session_is_written(
        passwords: Passwords, password_hash: str, password: str
    ) -> bool:
        deadline = time.monotonic() + 5
        while len(sessions(settings, alice.user_id)) == len(before) and time.monotonic() < deadline:
            time.sleep(0.01)
        seen_while_checking.append(len(sessions(settings, alice.user_id)) > len(before))
        return verify(passwords, password_hash, password)

    monkeypatch.setattr(Passwords, "verify", verify_once_the_session_is_written)
    response = await graphql(LOGIN, {"username": alice.username, "password": alice.password})
    assert response.data["login"]["errors"] == []
    assert seen_while_checking == [True]


async def test_logout_ends_the_session_and_the_token_with_it(
    graphql: GraphQLClient, settings: Settings, alice: Account
) -> None:
    response = await graphql(LOGOUT, headers=alice.headers)
    assert response.data == {"logout": {"ok": True, "errors": []}}
    for operation in (ME, LOGOUT):
        refused = await graphql(operation, headers=alice.headers)
        assert refused.error_codes == ["UNAUTHENTICATED"]
        assert "sign in again" in refused.body["errors"][0]["message"]
    # Signing in again gives a new session; the old token stays refused.
    fresh = (await graphql(LOGIN, {"username": alice.username, "password": alice.password})).data
    me = await graphql(ME, headers={"Authorization": f"Bearer {fresh['login']['token']}"})
    assert me.data["viewer"]["id"] == alice.user_id
    assert (await graphql(ME, headers=alice.headers)).error_codes == ["UNAUTHENTICATED"]


async def test_logout_needs_a_signed_in_caller(graphql: GraphQLClient) -> None:
    response = await graphql(LOGOUT)
    assert response.error_codes == ["UNAUTHENTICATED"]
    assert response.body["data"] is None


async def test_passwords_are_never_logged(
    graphql: GraphQLClient, alice: Account, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "a very secret passphrase"
    with caplog.at_level(logging.DEBUG):
        await graphql(REGISTER, {"input": registration(password=secret)})
        await graphql(LOGIN, {"username": alice.username, "password": secret})
    assert caplog.records
    assert all(secret not in record.getMessage() for record in caplog.records)
