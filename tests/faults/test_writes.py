"""Faults of writes. A transaction is retried with one ClientRequestToken (DynamoDB applies
it once) or, cancelled, with a new one; a single-item write is retried only when nothing
was applied; the table holds the whole write or none of it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from gateway.errors import ServiceUnavailable
from gateway.settings import Settings
from loaders.dynamo import Dynamo
from loaders.model import WISHLIST
from loaders.retries import FAULT_RETRY, UNPROCESSED_RETRY
from tests.accounts.factories import Account, item, registration, sessions
from tests.accounts.operations import LOGIN, REGISTER, UPDATE_PROFILE
from tests.faults.conftest import (
    UNAVAILABLE_MESSAGE,
    Faulty,
    IdempotentTransactions,
    Injector,
    conflicting,
    throttled,
    timeout,
    unreachable,
)
from tests.graphql_client import GraphQLClient, GraphQLResponse

REGISTER_ACTIONS = 4  # profile, UniqueUsername, UniqueEmail, session


def registered(settings: Settings, given: dict[str, Any]) -> list[dict[str, Any] | None]:
    """The items a registration writes, as the table holds them now."""
    username, email = given["username"].lower(), given["email"].lower()
    claim = item(settings, "Users", f"USERNAME#{username}", "UNIQUE")
    user_id = claim["user_id"] if claim else "absent"
    return [
        claim,
        item(settings, "Users", f"EMAIL#{email}", "UNIQUE"),
        item(settings, "Users", user_id, "PROFILE"),
    ]


def transactions(response: GraphQLResponse) -> list[str | None]:
    return [c.get("failure") for c in response.calls if c["operation"] == "TransactWriteItems"]


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        pytest.param(conflicting(REGISTER_ACTIONS), "conflict", id="transaction-conflict"),
        pytest.param(throttled("ThrottlingException"), "throttled", id="throttled"),
        pytest.param(unreachable, "connection", id="connection"),
    ],
)
async def test_a_transaction_that_applied_nothing_is_sent_again(
    faulty_graphql: GraphQLClient,
    inject: Injector,
    settings: Settings,
    fault: Callable[[str], Exception],
    kind: str,
) -> None:
    inject.before("TransactWriteItems", fault, times=1)
    given = registration()
    response = await faulty_graphql(REGISTER, {"input": given})
    assert response.data["register"]["errors"] == []
    assert transactions(response) == [
        "TransactionCanceledException" if kind == "conflict" else kind,
        None,
    ]
    assert response.body["extensions"]["dynamodb"]["retries"] == {kind: 1}
    assert None not in registered(settings, given)


async def test_a_transaction_conflicting_past_its_attempts_writes_nothing(
    faulty_graphql: GraphQLClient, inject: Injector, settings: Settings
) -> None:
    hook = inject.before("TransactWriteItems", conflicting(REGISTER_ACTIONS))
    given = registration()
    response = await faulty_graphql(REGISTER, {"input": given})
    assert response.error_codes == ["SERVICE_UNAVAILABLE"]
    assert hook.calls == UNPROCESSED_RETRY.attempts
    assert registered(settings, given) == [None, None, None]


async def test_a_transaction_whose_answer_timed_out_is_applied_once(
    faulty_graphql: GraphQLClient, inject: Injector, settings: Settings
) -> None:
    """DynamoDB applied it, the answer was lost: sent again with the same token, it
    answers success without applying it twice (which would fail its own conditions)."""
    dynamodb = IdempotentTransactions()
    dynamodb.install(inject)
    inject.after("TransactWriteItems", timeout, times=1)
    given = registration()
    response = await faulty_graphql(REGISTER, {"input": given})
    assert response.data["register"]["errors"] == []
    assert transactions(response) == ["timeout", None]
    assert len(dynamodb.tokens) == 2
    assert len(set(dynamodb.tokens)) == 1
    assert None not in registered(settings, given)


async def test_a_transaction_timing_out_past_its_attempts_is_service_unavailable(
    faulty_graphql: GraphQLClient, inject: Injector, settings: Settings
) -> None:
    inject.before("TransactWriteItems", timeout)
    given = registration()
    response = await faulty_graphql(REGISTER, {"input": given})
    assert response.error_codes == ["SERVICE_UNAVAILABLE"]
    assert [e["message"] for e in response.body["errors"]] == [UNAVAILABLE_MESSAGE]
    assert transactions(response) == ["timeout"] * FAULT_RETRY.attempts
    assert registered(settings, given) == [None, None, None]


def rename(first_name: str) -> dict[str, Any]:
    return {"input": {"firstName": first_name}}


@pytest.mark.parametrize(
    ("fault", "kind"),
    [
        pytest.param(
            throttled("ProvisionedThroughputExceededException"), "throttled", id="throughput"
        ),
        pytest.param(throttled("RequestLimitExceeded"), "throttled", id="request-limit"),
        pytest.param(throttled("TransactionConflictException"), "conflict", id="conflict"),
        pytest.param(unreachable, "connection", id="connection"),
    ],
)
async def test_a_single_write_refused_before_it_applied_is_sent_again(
    faulty_graphql: GraphQLClient,
    inject: Injector,
    settings: Settings,
    account: Account,
    fault: Callable[[str], Exception],
    kind: str,
) -> None:
    inject.before("UpdateItem", fault, times=2)
    response = await faulty_graphql(UPDATE_PROFILE, rename("Ada"), headers=account.headers)
    assert response.data["updateProfile"]["user"]["firstName"] == "Ada"
    updates = [c.get("failure") for c in response.calls if c["operation"] == "UpdateItem"]
    assert updates == [kind, kind, None]
    assert (item(settings, "Users", account.user_id, "PROFILE") or {})["first_name"] == "Ada"


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(timeout, id="read-timeout"),
        pytest.param(throttled("InternalServerError"), id="server-error"),
    ],
)
async def test_a_single_write_of_unknown_outcome_is_not_sent_again(
    faulty_graphql: GraphQLClient,
    inject: Injector,
    settings: Settings,
    account: Account,
    fault: Callable[[str], Exception],
) -> None:
    """Applied, but its answer lost: resent, a conditional write could fail on its own
    success. The caller learns SERVICE_UNAVAILABLE; the item holds the whole change."""
    hook = inject.after("UpdateItem", fault)
    response = await faulty_graphql(UPDATE_PROFILE, rename("Mary"), headers=account.headers)
    assert response.error_codes == ["SERVICE_UNAVAILABLE"]
    assert hook.calls == 1
    assert (item(settings, "Users", account.user_id, "PROFILE") or {})["first_name"] == "Mary"


class HoldingItemsBack:
    """DynamoDB hands back all but `keep` items of the first `times` BatchWriteItems as
    UnprocessedItems (moto wrote them: putting a whole item again changes nothing)."""

    def __init__(self, times: int, keep: int = 1) -> None:
        self.remaining = times
        self.keep = keep
        self.sent: dict[str, Any] = {}

    def before(self, params: dict[str, Any], **_: Any) -> None:
        self.sent = params["RequestItems"]

    def after(self, parsed: dict[str, Any], **_: Any) -> None:
        if self.remaining == 0:
            return
        self.remaining -= 1
        held = {t: r[self.keep :] for t, r in self.sent.items() if r[self.keep :]}
        parsed["UnprocessedItems"] = held


def wishlist_items(owner: str, count: int) -> list[dict[str, Any]]:
    return [{"pk": owner, "sk": f"WISHLIST#{n}", "entity": "Wishlist"} for n in range(count)]


async def test_unprocessed_items_are_written_again(
    faulty: Faulty, inject: Injector, settings: Settings
) -> None:
    holding = HoldingItemsBack(times=2)
    inject.on("before-parameter-build.dynamodb.BatchWriteItem", holding.before)
    inject.on("after-call.dynamodb.BatchWriteItem", holding.after)
    dynamo = Dynamo(faulty.client, settings.table_prefix)
    owner = f"faults-{uuid.uuid4().hex}"
    await dynamo.batch_write(WISHLIST, wishlist_items(owner, 3))
    assert [(c.operation, c.keys) for c in dynamo.log.calls] == [
        ("BatchWriteItem", k) for k in (3, 2, 1)
    ]
    assert dynamo.log.retries == {"unprocessed_items": 2}
    assert all(item(settings, "Wishlist", owner, f"WISHLIST#{n}") for n in range(3))


async def test_items_left_unprocessed_past_the_attempts_are_service_unavailable(
    faulty: Faulty, inject: Injector, settings: Settings
) -> None:
    holding = HoldingItemsBack(times=-1, keep=0)
    inject.on("before-parameter-build.dynamodb.BatchWriteItem", holding.before)
    inject.on("after-call.dynamodb.BatchWriteItem", holding.after)
    dynamo = Dynamo(faulty.client, settings.table_prefix)
    with pytest.raises(ServiceUnavailable):
        await dynamo.batch_write(WISHLIST, wishlist_items(f"faults-{uuid.uuid4().hex}", 2))
    assert dynamo.log.count("BatchWriteItem") == UNPROCESSED_RETRY.attempts


async def test_a_wrong_password_is_invalid_credentials_whatever_the_early_session_write_did(
    faulty_graphql: GraphQLClient, inject: Injector, settings: Settings, account: Account
) -> None:
    """The Session item written while the password is checked failed: the caller learns
    that the password is wrong, not that DynamoDB failed, and no session is left."""
    before = sessions(settings, account.user_id)
    inject.after("PutItem", throttled("InternalServerError"))  # applied, its answer lost
    wrong = {"username": account.username, "password": "wrong password!"}
    response = await faulty_graphql(LOGIN, wrong)
    assert [e["code"] for e in response.data["login"]["errors"]] == ["INVALID_CREDENTIALS"]
    assert sessions(settings, account.user_id) == before
