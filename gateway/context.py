"""The typed context of one GraphQL request, or of one WebSocket connection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from gateway.auth import ANONYMOUS, Caller
from gateway.client_address import client_address
from gateway.mail import Mailer
from gateway.observability.observation import Observation
from gateway.settings import Settings
from loaders.images import ImageStore
from loaders.request import RequestLoaders

if TYPE_CHECKING:
    from gateway.live.service import LiveUpdates


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket
    request_id: str
    settings: Settings
    loaders: RequestLoaders
    images: ImageStore  # the product images' bucket
    trace_calls: bool = False
    mailer: Mailer | None = None  # password-reset e-mails (gateway/mail.py)
    # Who sent the request; read it through gateway.auth (which checks the session, and
    # notes that the answer depends on who asked: `viewer_asked`, gateway/kept_answers.py).
    caller: Caller = ANONYMOUS
    viewer_asked: bool = False
    # The operations run and their error codes, for the log line and the metrics.
    observation: Observation = field(default_factory=Observation)
    # A WebSocket connection's: its live updates, the payload of its `connection_init`, and
    # where each event's fresh loaders come from (a connection outlives any one read).
    live: LiveUpdates | None = None
    connection_params: dict[str, Any] | None = None
    new_loaders: Callable[[], RequestLoaders] | None = None
    # The once-per-request fields this request's operations have run (gateway/once.py).
    ran_once: set[str] = field(default_factory=set)

    @property
    def client_address(self) -> str:
        """The client's address, as the throttle and the cost budget count it."""
        return client_address(self.request)
