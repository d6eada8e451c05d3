"""The typed context of one GraphQL request."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from gateway.auth import ANONYMOUS, Caller
from gateway.settings import Settings
from loaders.request import RequestLoaders


@dataclass
class Context:
    request: Request
    response: Response
    request_id: str
    settings: Settings
    loaders: RequestLoaders
    trace_calls: bool = False
    # Who sent the request; read it through gateway.auth (which checks the session).
    caller: Caller = ANONYMOUS
