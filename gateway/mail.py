"""E-mail through Amazon SES (the v2 API): one aioboto3 client, opened with the app.

moto's server answers the same API, so the embedded engine and the tests send mail too
(the tests read what was sent from moto's SES backend). Sending needs the sender to be
an identity SES knows (`verify_sender`, which `serve --embedded` runs against moto).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aioboto3
from aiobotocore.config import AioConfig

from gateway.settings import Settings

logger = logging.getLogger("gateway.mail")

SesClient = Any  # aiobotocore's client is generated at run time and has no types


@dataclass(frozen=True)
class Mailer:
    client: SesClient
    sender: str

    async def send(self, to: str, subject: str, text: str) -> bool:
        """Send a plain-text message; False (logged) when SES refused or did not answer:
        the caller's answer must not depend on it."""
        try:
            await self.client.send_email(
                FromEmailAddress=self.sender,
                Destination={"ToAddresses": [to]},
                Content={
                    "Simple": {"Subject": {"Data": subject}, "Body": {"Text": {"Data": text}}}
                },
            )
        except Exception:  # a mail failure is logged, never shown (see the docstring)
            logger.warning("SES did not send a message", exc_info=True)
            return False
        return True


def _config(settings: Settings) -> AioConfig:
    return AioConfig(
        retries={"mode": "standard", "total_max_attempts": 3},
        connect_timeout=settings.dynamodb_connect_timeout,
        read_timeout=settings.dynamodb_read_timeout,
    )


@asynccontextmanager
async def open_mailer(settings: Settings) -> AsyncIterator[Mailer]:
    session = aioboto3.Session(region_name=settings.aws_region)
    async with session.client(
        "sesv2", endpoint_url=settings.ses_endpoint, config=_config(settings)
    ) as client:
        yield Mailer(client, settings.mail_sender)


async def verify_sender(settings: Settings) -> None:
    """Make the sender an identity SES knows (for moto; on AWS, verify it in the console)."""
    async with open_mailer(settings) as mailer:
        await mailer.client.create_email_identity(EmailIdentity=settings.mail_sender)
