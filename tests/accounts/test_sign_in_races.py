"""A sign-in racing a password change: no session begun with the old password outlives
the change, and the new password is not refused. The sign-in reads the hash maybe from
before the change (eventually consistent), and its session's write can land between the
change's read of the sessions it ends and its commit."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future

import jwt
import pytest

from gateway.passwords import Passwords
from gateway.settings import Settings
from loaders import credentials, users
from loaders.dynamo import Dynamo, DynamoClient
from loaders.ids import timestamp
from resolvers import accounts
from tests.accounts.factories import Account, a_session, bearer, sessions
from tests.accounts.operations import LOGIN, ME
from tests.graphql_client import GraphQLClient, GraphQLResponse
from tests.operations import operation

NEW_PASSWORD = "a brand new passphrase"
CHANGE_PASSWORD = operation("account_settings.graphql", "ChangePassword")


@pytest.fixture
def dynamo(dynamodb: DynamoClient, settings: Settings) -> Dynamo:
    return Dynamo(dynamodb, settings.table_prefix)


async def test_a_session_begun_after_a_change_read_the_sessions_stops_its_commit(
    dynamo: Dynamo, settings: Settings, alice: Account
) -> None:
    profile, ended = await credentials.profile_and_sessions(dynamo, alice.user_id)
    assert profile is not None
    late = a_session(alice.user_id)
    await users.start_session(dynamo, late, profile["password_hash"])  # lands in between
    at = timestamp()
    assert not await credentials.set_password(dynamo, profile, "$new", at, ended=ended)
    # Read again, the change ends that session too.
    profile, ended = await credentials.profile_and_sessions(dynamo, alice.user_id)
    assert profile is not None
    assert late.session_id in {s["session_id"] for s in ended}
    assert await credentials.set_password(dynamo, profile, "$new", timestamp(), ended=ended)
    assert sessions(settings, alice.user_id) == []


async def test_a_sign_in_that_checked_the_old_hash_begins_no_session_after_a_change(
    dynamo: Dynamo, settings: Settings, alice: Account
) -> None:
    profile, ended = await credentials.profile_and_sessions(dynamo, alice.user_id)
    assert profile is not None
    assert await credentials.set_password(dynamo, profile, "$new", timestamp(), ended=ended)
    with pytest.raises(users.PasswordChanged):
        await users.start_session(dynamo, a_session(alice.user_id), profile["password_hash"])
    assert sessions(settings, alice.user_id) == []


async def test_a_password_changed_while_a_sign_in_checks_the_old_one_refuses_it(
    graphql: GraphQLClient, settings: Settings, alice: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One failure first: the sign-in then writes its session after the check, in one
    # transaction with the forgetting of it (the path where nothing is sent early).
    failed = await graphql(LOGIN, {"username": alice.username, "password": "wrong password!"})
    assert failed.data["login"]["errors"]
    loop = asyncio.get_running_loop()
    verify = Passwords.verify
    changes: list[Future[GraphQLResponse]] = []

    def verify_while_the_password_changes(
        passwords: Passwords, password_hash: str, password: str
    ) -> bool:
        if not changes:  # the sign-in's check (the change's own check comes here too)
            change = graphql(
                CHANGE_PASSWORD,
                {"currentPassword": alice.password, "newPassword": NEW_PASSWORD},
                headers=alice.headers,
            )
            changes.append(asyncio.run_coroutine_threadsafe(change, loop))
            changes[0].result(30)
        return verify(passwords, password_hash, password)

    monkeypatch.setattr(Passwords, "verify", verify_while_the_password_changes)
    signed_in = await graphql(LOGIN, {"username": alice.username, "password": alice.password})
    assert changes[0].result().data["changePassword"] == {"ok": True, "errors": []}
    payload = signed_in.data["login"]
    assert [e["code"] for e in payload["errors"]] == ["INVALID_CREDENTIALS"]
    assert payload["token"] is None
    # Only the session of the change's caller is left.
    (left,) = sessions(settings, alice.user_id)
    assert left["session_id"] == jwt.decode(alice.token, options={"verify_signature": False})["sid"]
    assert (await graphql(ME, headers=alice.headers)).data["viewer"]["id"] == alice.user_id


@pytest.mark.parametrize("by", ["username", "email"])
async def test_the_new_password_signs_in_though_the_sign_ins_read_predates_the_change(
    by: str,
    graphql: GraphQLClient,
    dynamo: Dynamo,
    alice: Account,
    checked_hashes: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = await users.profile_now(dynamo, alice.user_id)
    assert before is not None
    change = await graphql(
        CHANGE_PASSWORD,
        {"currentPassword": alice.password, "newPassword": NEW_PASSWORD},
        headers=alice.headers,
    )
    assert change.data["changePassword"] == {"ok": True, "errors": []}
    after = await users.profile_now(dynamo, alice.user_id)
    assert after is not None
    # An eventually consistent read (by key, or through EmailIndex) may answer the profile
    # as it was for a moment after the change; moto never does, so the sign-in's is made to.
    read = accounts._account

    async def read_from_before_the_change(*args: object) -> object:
        await read(*args)  # type: ignore[arg-type]
        return before

    monkeypatch.setattr(accounts, "_account", read_from_before_the_change)
    name = alice.username if by == "username" else alice.email
    checked_hashes.clear()

    signed_in = await graphql(LOGIN, {"username": name, "password": NEW_PASSWORD})

    payload = signed_in.data["login"]
    assert payload["errors"] == []
    assert checked_hashes == [before["password_hash"], after["password_hash"]]
    assert "GetItem" in [c["operation"] for c in signed_in.calls]  # the consistent read
    me = await graphql(ME, headers=bearer(payload["token"]))
    assert me.data["viewer"]["id"] == alice.user_id
    # The old password, checked against the same stale read, is still refused.
    old = await graphql(LOGIN, {"username": name, "password": alice.password})
    assert [e["code"] for e in old.data["login"]["errors"]] == ["INVALID_CREDENTIALS"]
