"""The typed context of one GraphQL request."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response

from gateway.auth import ANONYMOUS, Caller
from gateway.observability.observation import Observation
from gateway.settings import Settings
from loaders.images import ImageStore
from loaders.request import RequestLoaders


@dataclass
class Context:
    request: Request
    response: Response
    request_id: str
    settings: Settings
    loaders: RequestLoaders
    images: ImageStore  # the product images' bucket
    trace_calls: bool = False
    # Who sent the request; read it through gateway.auth (which checks the session).
    caller: Caller = ANONYMOUS
    # The operations run and their error codes, for the log line and the metrics.
    observation: Observation = field(default_factory=Observation)
