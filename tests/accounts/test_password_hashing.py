"""Passwords are hashed with Argon2id at the settings' parameters (OWASP's minimum by
default); a hash made with others is replaced at the next successful sign-in, in the
same transaction as the session."""

from __future__ import annotations

from argon2 import PasswordHasher, Type

from gateway.passwords import HashParameters, Passwords
from gateway.settings import Settings
from tests.accounts.factories import PASSWORD, item, registration, write_account
from tests.apps import client_for
from tests.graphql_client import GraphQLClient
from tests.operations import operation

LOGIN = operation("sign_in.graphql", "Login")
REGISTER = operation("sign_in.graphql", "Register")
OWASP_MINIMUM = "$argon2id$v=19$m=19456,t=2,p=1$"
# Cheaper than anything the gateway would choose: the test's "old" parameters.
OLD = Passwords(HashParameters(memory_kib=1024, iterations=1, parallelism=1))


async def test_an_old_hash_is_replaced_with_the_session_write_at_sign_in(
    graphql: GraphQLClient, settings: Settings
) -> None:
    account = write_account(settings, OLD.hash(PASSWORD))
    variables = {"username": account.username, "password": PASSWORD}
    first = await graphql(LOGIN, variables)
    assert first.data["login"]["errors"] == []
    assert [(c["operation"], c["keys"]) for c in first.calls][-1] == ("TransactWriteItems", 2)
    stored = item(settings, "Users", account.user_id, "PROFILE")
    assert stored is not None
    assert stored["password_hash"].startswith(OWASP_MINIMUM)
    # Replaced once: the next sign-in keeps it.
    again = await graphql(LOGIN, variables)
    assert again.data["login"]["errors"] == []
    kept = item(settings, "Users", account.user_id, "PROFILE")
    assert kept is not None
    assert kept["password_hash"] == stored["password_hash"]


async def test_the_settings_choose_the_parameters(settings: Settings) -> None:
    overrides = {"password_memory_kib": 8192, "password_iterations": 3}
    async with client_for(settings, **overrides) as graphql:
        given = registration()
        registered = (await graphql(REGISTER, {"input": given})).data["register"]
    assert registered["errors"] == []
    stored = item(settings, "Users", registered["user"]["id"], "PROFILE")
    assert stored is not None
    assert stored["password_hash"].startswith("$argon2id$v=19$m=8192,t=3,p=1$")


def test_either_library_checks_the_others_hashes() -> None:
    # libsodium makes and checks Argon2id hashes, argon2-cffi the rest: one string format,
    # so a hash stored by either signs in through the other.
    assert PasswordHasher().verify(OLD.hash(PASSWORD), PASSWORD)
    four_lanes = Passwords(HashParameters(memory_kib=1024, iterations=1, parallelism=4))
    assert four_lanes.hash(PASSWORD).startswith("$argon2id$v=19$m=1024,t=1,p=4$")
    for variant, lanes in [(Type.ID, 1), (Type.ID, 4), (Type.I, 1)]:
        stored = PasswordHasher(1, 1024, parallelism=lanes, type=variant).hash(PASSWORD)
        assert OLD.verify(stored, PASSWORD), stored
        assert not OLD.verify(stored, PASSWORD + "x"), stored


def test_a_damaged_hash_matches_no_password() -> None:
    for damaged in ["", "not a hash", OLD.hash(PASSWORD)[:-4], "$argon2i$v=19$m=8,t=1,p=1$"]:
        assert not OLD.verify(damaged, PASSWORD), damaged
