"""The ASGI entry point for uvicorn (`gateway.asgi:create`, a factory): settings from the environment."""

from __future__ import annotations

from starlette.applications import Starlette

from gateway.app import create_app
from gateway.observability.logs import configure_logging
from gateway.settings import load_settings


def create() -> Starlette:
    settings = load_settings()
    configure_logging(settings)  # JSON or text lines (GATEWAY_LOG_FORMAT)
    return create_app(settings)
