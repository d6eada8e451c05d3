"""Passwords: changing one ends every other session; a forgotten one is reset with a
6-digit code e-mailed through SES (moto's, here), valid 5 minutes and once."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import pytest

from gateway.mail import verify_sender
from gateway.settings import Settings
from loaders import credentials, users
from loaders.dynamo import Dynamo
from tests import operations
from tests.accounts.factories import Account, a_session, bearer, item, sessions, table
from tests.accounts.mailbox import last_code, sent_to
from tests.accounts.operations import LOGIN, ME
from tests.graphql_client import GraphQLClient, GraphQLResponse

NEW_PASSWORD = "a brand new passphrase"


def operation(name: str) -> str:
    return operations.operation("account_settings.graphql", name)


@pytest.fixture(scope="module", autouse=True)
async def sender(settings: Settings) -> None:
    """SES sends only from an identity it knows."""
    await verify_sender(settings)


async def login(graphql: GraphQLClient, account: Account, password: str) -> GraphQLResponse:
    return await graphql(LOGIN, {"username": account.username, "password": password})


async def request(graphql: GraphQLClient, email: str) -> GraphQLResponse:
    return await graphql(operation("RequestPasswordReset"), {"email": email})


async def reset(
    graphql: GraphQLClient, email: str, code: str, password: str = NEW_PASSWORD
) -> GraphQLResponse:
    variables = {"email": email, "code": code, "newPassword": password}
    return await graphql(operation("ResetPassword"), variables)


def codes(response: GraphQLResponse, field: str) -> list[str]:
    return [e["code"] for e in response.data[field]["errors"]]


async def test_change_password_ends_every_other_session(
    graphql: GraphQLClient, alice: Account
) -> None:
    other = (await login(graphql, alice, alice.password)).data["login"]["token"]
    changed = await graphql(
        operation("ChangePassword"),
        {"currentPassword": alice.password, "newPassword": NEW_PASSWORD},
        headers=alice.headers,
    )
    assert changed.data["changePassword"] == {"ok": True, "errors": []}
    # The session check; the profile and the throttle's counts, then the sessions (after
    # the profile: loaders/credentials.py, profile_and_sessions); one transaction.
    assert [c["operation"] for c in changed.calls] == [
        "BatchGetItem", "GetItem", "BatchGetItem", "Query", "TransactWriteItems",
    ]  # fmt: skip
    assert changed.body["extensions"]["dynamodb"]["rounds"] == 4
    assert (await graphql(ME, headers=alice.headers)).data["viewer"]["id"] == alice.user_id
    assert (await graphql(ME, headers=bearer(other))).error_codes == ["UNAUTHENTICATED"]
    assert codes(await login(graphql, alice, alice.password), "login") == ["INVALID_CREDENTIALS"]
    assert codes(await login(graphql, alice, NEW_PASSWORD), "login") == []


async def test_change_password_needs_the_current_one(
    graphql: GraphQLClient, alice: Account, admin: Account
) -> None:
    wrong = await graphql(
        operation("ChangePassword"),
        {"currentPassword": "not the password", "newPassword": NEW_PASSWORD},
        headers=alice.headers,
    )
    result = wrong.data["changePassword"]
    assert (result["ok"], [(e["code"], e["field"]) for e in result["errors"]]) == (
        False, [("INVALID_CREDENTIALS", ["currentPassword"])],
    )  # fmt: skip
    short = await graphql(
        operation("ChangePassword"),
        {"currentPassword": alice.password, "newPassword": "short"},
        headers=alice.headers,
    )
    assert [e["field"] for e in short.data["changePassword"]["errors"]] == [["newPassword"]]
    # An administrator changes their own password only: Alice's still works.
    await graphql(
        operation("ChangePassword"),
        {"currentPassword": admin.password, "newPassword": NEW_PASSWORD},
        headers=admin.headers,
    )
    assert codes(await login(graphql, alice, alice.password), "login") == []
    anonymous = await graphql(
        operation("ChangePassword"), {"currentPassword": "x", "newPassword": NEW_PASSWORD}
    )
    assert anonymous.error_codes == ["UNAUTHENTICATED"]


async def test_a_reset_code_is_emailed_and_resets_the_password_once(
    graphql: GraphQLClient, settings: Settings, alice: Account
) -> None:
    requested = await request(graphql, alice.email.upper())
    assert requested.data["requestPasswordReset"] == {"ok": True, "errors": []}
    # The account by EmailIndex, then the code's PutItem (then SES, not DynamoDB).
    assert [c["operation"] for c in requested.calls] == ["Query", "PutItem"]
    ((sender, subject, body),) = sent_to(settings, alice.email)
    assert (sender, subject) == (settings.mail_sender, "Your password reset code")
    assert "valid for 5 minutes, once" in body
    code = last_code(settings, alice.email)
    stored = item(settings, "Users", alice.user_id, "OTP#PASSWORD_RESET")
    assert stored is not None
    assert code not in str(stored)  # only its HMAC is kept
    assert stored["attempts"] == 0
    assert abs(int(stored["expires_at"]) - (time.time() + 300)) < 60  # its TTL: 300 s

    done = await reset(graphql, alice.email, code)
    result = done.data["resetPassword"]
    assert (result["user"], result["errors"]) == ({"id": alice.user_id}, [])
    assert (await graphql(ME, headers=bearer(result["token"]))).data["viewer"][
        "id"
    ] == alice.user_id
    assert (await graphql(ME, headers=alice.headers)).error_codes == ["UNAUTHENTICATED"]
    assert codes(await login(graphql, alice, NEW_PASSWORD), "login") == []
    again = await reset(graphql, alice.email, code, "yet another passphrase")
    assert codes(again, "resetPassword") == ["INVALID_CREDENTIALS"]
    assert item(settings, "Users", alice.user_id, "OTP#PASSWORD_RESET") is None


async def test_an_unknown_address_answers_the_same_and_sends_nothing(
    graphql: GraphQLClient, settings: Settings
) -> None:
    for email in ("nobody-here@example.com", "not an email"):
        answered = await request(graphql, email)
        assert answered.data["requestPasswordReset"] == {"ok": True, "errors": []}
        assert sent_to(settings, email) == []
        refused = await reset(graphql, email, "123456")
        assert codes(refused, "resetPassword") == ["INVALID_CREDENTIALS"]


async def test_a_new_code_replaces_the_last_one(
    graphql: GraphQLClient, settings: Settings, bob: Account
) -> None:
    await request(graphql, bob.email)
    first = last_code(settings, bob.email)
    await request(graphql, bob.email)
    second = last_code(settings, bob.email)
    if first != second:  # one chance in a million that they are the same
        assert codes(await reset(graphql, bob.email, first), "resetPassword") == [
            "INVALID_CREDENTIALS"
        ]
    assert codes(await reset(graphql, bob.email, second), "resetPassword") == []


async def test_an_expired_code_is_refused(
    graphql: GraphQLClient, settings: Settings, bob: Account
) -> None:
    await request(graphql, bob.email)
    code = last_code(settings, bob.email)
    table(settings, "Users").update_item(
        Key={"pk": bob.user_id, "sk": "OTP#PASSWORD_RESET"},
        UpdateExpression="SET expires_at = :past",
        ExpressionAttributeValues={":past": 1_000_000_000},
    )  # DynamoDB's TTL deletes it days late: the read treats it as gone
    assert codes(await reset(graphql, bob.email, code), "resetPassword") == ["INVALID_CREDENTIALS"]
    assert codes(await login(graphql, bob, bob.password), "login") == []


async def test_wrong_codes_burn_the_code(
    graphql: GraphQLClient, settings: Settings, bob: Account
) -> None:
    await request(graphql, bob.email)
    code = last_code(settings, bob.email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert codes(await reset(graphql, bob.email, wrong), "resetPassword") == [
            "INVALID_CREDENTIALS"
        ]
    assert item(settings, "Users", bob.user_id, "OTP#PASSWORD_RESET") is None
    # The right code now: burnt, and the address locked by the sign-in throttle besides.
    assert codes(await reset(graphql, bob.email, code), "resetPassword") == ["TOO_MANY_ATTEMPTS"]


async def test_wrong_current_passwords_are_throttled_like_sign_ins(
    graphql: GraphQLClient, settings: Settings, alice: Account
) -> None:
    wrong = {"currentPassword": "not the password", "newPassword": NEW_PASSWORD}
    for _ in range(settings.attempts_per_account):
        changed = await graphql(operation("ChangePassword"), wrong, headers=alice.headers)
        assert codes(changed, "changePassword") == ["INVALID_CREDENTIALS"]
    right = {"currentPassword": alice.password, "newPassword": NEW_PASSWORD}
    locked = await graphql(operation("ChangePassword"), right, headers=alice.headers)
    (error,) = locked.data["changePassword"]["errors"]
    assert error["code"] == "TOO_MANY_ATTEMPTS"
    assert "try again in" in error["message"]


async def test_two_resets_racing_with_one_code_sign_in_once(
    graphql: GraphQLClient, settings: Settings, bob: Account
) -> None:
    await request(graphql, bob.email)
    code = last_code(settings, bob.email)
    results = await asyncio.gather(
        reset(graphql, bob.email, code, "first new passphrase"),
        reset(graphql, bob.email, code, "second new passphrase"),
    )
    outcomes = sorted(codes(r, "resetPassword") for r in results)
    assert outcomes == [[], ["INVALID_CREDENTIALS"]]


async def test_development_logs_the_code(
    graphql: GraphQLClient, settings: Settings, bob: Account, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="gateway.passwords"):
        await request(graphql, bob.email)
    code = last_code(settings, bob.email)
    assert any(code in record.getMessage() for record in caplog.records)


async def test_a_reset_that_a_sign_in_raced_reads_again_and_ends_its_session_too(
    graphql: GraphQLClient,
    settings: Settings,
    bob: Account,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await request(graphql, bob.email)
    code = last_code(settings, bob.email)
    read = credentials.profile_and_sessions
    raced: list[str] = []

    async def read_then_a_sign_in_lands(dynamo: Dynamo, user_id: str) -> Any:
        profile, found = await read(dynamo, user_id)
        if not raced and profile is not None:  # before the reset's commit, after its reads
            session = a_session(user_id)
            await users.start_session(dynamo, session, profile["password_hash"])
            raced.append(session.session_id)
        return profile, found

    monkeypatch.setattr(credentials, "profile_and_sessions", read_then_a_sign_in_lands)
    done = await reset(graphql, bob.email, code)
    assert done.data["resetPassword"]["errors"] == []
    assert len(raced) == 1
    left = {s["session_id"] for s in sessions(settings, bob.user_id)}
    assert raced[0] not in left
    assert len(left) == 1  # the reset's own
