"""The request id of a request or a WebSocket connection: the caller's `X-Request-ID` when
it is a sane token, else a new one (the logs, the errors and the response carry it)."""

from __future__ import annotations

import re
import uuid

from starlette.requests import Request
from starlette.websockets import WebSocket

REQUEST_ID_HEADER = "x-request-id"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def request_id_of(request: Request | WebSocket) -> str:
    """The caller's X-Request-ID when it is a sane token, else a new one."""
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if _VALID_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
