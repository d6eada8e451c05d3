"""Faults of reads: retried (a read is safe to send again) within `FAULT_RETRY`, then
SERVICE_UNAVAILABLE, never a stack trace; unprocessed keys retried within `UNPROCESSED_RETRY`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from loaders.retries import FAULT_RETRY, UNPROCESSED_RETRY
from tests.factories import Catalog
from tests.faults.conftest import (
    UNAVAILABLE_MESSAGE,
    Injector,
    throttled,
    timeout,
    unreachable,
)
from tests.graphql_client import GraphQLClient

TREE = "{ categories { id name } }"  # one Scan
PRODUCT = 'query { product(id: "p-studio") { id name } }'  # one BatchGetItem

FAULTS = [
    pytest.param(throttled("ProvisionedThroughputExceededException"), "throttled", id="throughput"),
    pytest.param(throttled("ThrottlingException"), "throttled", id="throttling"),
    pytest.param(throttled("RequestLimitExceeded"), "throttled", id="request-limit"),
    pytest.param(throttled("InternalServerError"), "server_error", id="server-error"),
    pytest.param(timeout, "timeout", id="read-timeout"),
    pytest.param(unreachable, "connection", id="connection"),
]


@pytest.mark.parametrize(("fault", "kind"), FAULTS)
async def test_a_read_is_retried_through_a_fault(
    faulty_graphql: GraphQLClient,
    inject: Injector,
    catalog: Catalog,
    fault: Callable[[str], Exception],
    kind: str,
) -> None:
    expected = (await faulty_graphql(TREE)).data
    failing = FAULT_RETRY.attempts - 1  # the last attempt succeeds
    inject.before("Scan", fault, times=failing)
    response = await faulty_graphql(TREE)
    assert response.data == expected
    assert [c.get("failure") for c in response.calls] == [kind] * failing + [None]
    assert response.body["extensions"]["dynamodb"]["retries"] == {kind: failing}


@pytest.mark.parametrize(("fault", "kind"), FAULTS)
async def test_a_read_failing_past_its_attempts_is_service_unavailable(
    faulty_graphql: GraphQLClient,
    inject: Injector,
    catalog: Catalog,
    fault: Callable[[str], Exception],
    kind: str,
) -> None:
    hook = inject.before("Scan", fault)
    response = await faulty_graphql(TREE)
    assert response.body["data"] is None
    assert response.error_codes == ["SERVICE_UNAVAILABLE"]
    assert [e["message"] for e in response.body["errors"]] == [UNAVAILABLE_MESSAGE]
    assert hook.calls == FAULT_RETRY.attempts
    assert [c.get("failure") for c in response.calls] == [kind] * FAULT_RETRY.attempts


class HoldingBack:
    """An after-call hook: DynamoDB answers no key of the first `times` BatchGetItems and
    hands them all back as UnprocessedKeys (as it does when throttled)."""

    def __init__(self, times: int) -> None:
        self.remaining = times

    def __call__(self, parsed: dict[str, Any], **_: Any) -> None:
        if self.remaining == 0:
            return
        self.remaining -= 1
        parsed["UnprocessedKeys"] = {
            table: {"Keys": [{"pk": i["pk"], "sk": i["sk"]} for i in items]}
            for table, items in parsed.get("Responses", {}).items()
        }
        parsed["Responses"] = {}


async def test_unprocessed_keys_are_read_again(
    faulty_graphql: GraphQLClient, inject: Injector, catalog: Catalog
) -> None:
    inject.on("after-call.dynamodb.BatchGetItem", HoldingBack(times=2))
    response = await faulty_graphql(PRODUCT)
    assert response.data == {"product": {"id": "p-studio", "name": "Studio Headphones"}}
    assert [(c["operation"], c["keys"]) for c in response.calls] == [("BatchGetItem", 1)] * 3
    assert response.body["extensions"]["dynamodb"]["retries"] == {"unprocessed_keys": 2}


async def test_keys_left_unprocessed_past_the_attempts_are_service_unavailable(
    faulty_graphql: GraphQLClient, inject: Injector, catalog: Catalog
) -> None:
    inject.on("after-call.dynamodb.BatchGetItem", HoldingBack(times=-1))
    response = await faulty_graphql(PRODUCT)
    assert response.error_codes == ["SERVICE_UNAVAILABLE"]
    assert response.call_count("BatchGetItem") == UNPROCESSED_RETRY.attempts
