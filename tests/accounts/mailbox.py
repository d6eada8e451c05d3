"""What the gateway e-mailed, read from moto's SES backend: the test server runs in this
process (`ThreadedMotoServer`), so its backend is this process's moto."""

from __future__ import annotations

import re

from moto.core.models import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends

from gateway.settings import Settings

CODE = re.compile(r"\b(\d{6})\b")


def sent_to(settings: Settings, address: str) -> list[tuple[str, str, str]]:
    """(sender, subject, body) of every message sent to `address`, oldest first."""
    backend = ses_backends[DEFAULT_ACCOUNT_ID][settings.aws_region]
    return [
        (m.source, m.subject, m.body)
        for m in backend.sent_messages
        if address in m.destinations.get("ToAddresses", [])
    ]


def last_code(settings: Settings, address: str) -> str:
    (*_, (_, _, body)) = sent_to(settings, address)
    found = CODE.search(body)
    assert found, body
    return found.group(1)
