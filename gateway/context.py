"""The typed context of one GraphQL request."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response

from gateway.auth import ANONYMOUS, Caller
from gateway.mail import Mailer
from gateway.observability.observation import Observation
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
    mailer: Mailer | None = None  # password-reset e-mails (gateway/mail.py)
    # Who sent the request; read it through gateway.auth (which checks the session).
    caller: Caller = ANONYMOUS
    # The operations run and their error codes, for the log line and the metrics.
    observation: Observation = field(default_factory=Observation)
