"""moto's DynamoDB server, made to isolate requests from each other as DynamoDB does.

moto applies a TransactWriteItems action by action and undoes a cancelled one by putting
back a copy of every table taken before it began; two transactions at once (in the
server's threads) can then lose or double each other's writes. Serving one DynamoDB
request at a time gives each request the atomicity and isolation DynamoDB gives it,
while the requests of concurrent GraphQL operations still interleave as they would.

`python -m gateway.moto_server -H 127.0.0.1 -p PORT` runs it (the embedded engine of
`serve --embedded`); tests call `isolate_dynamodb_requests()` before starting moto's
threaded server.
"""

from __future__ import annotations

import threading
from typing import Any

from moto.dynamodb.responses import DynamoHandler

_lock = threading.Lock()
_installed = False


def isolate_dynamodb_requests() -> None:
    global _installed
    if _installed:
        return
    call_action = DynamoHandler.call_action

    def one_at_a_time(self: DynamoHandler) -> Any:
        with _lock:
            return call_action(self)

    # moto has no hook for this; the patch is the smallest change that isolates requests.
    DynamoHandler.call_action = one_at_a_time  # type: ignore[method-assign]
    _installed = True


if __name__ == "__main__":
    from moto.server import main

    isolate_dynamodb_requests()
    main()
