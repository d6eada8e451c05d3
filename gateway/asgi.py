"""The ASGI entry point for uvicorn (`gateway.asgi:create`, a factory): settings from the
environment, and the garbage collector settled once the app has started
(gateway/gc_tuning.py)."""

from __future__ import annotations

from starlette.applications import Starlette

from gateway.app import create_app
from gateway.gc_tuning import settle_after_start
from gateway.observability.logs import configure_logging
from gateway.settings import load_settings


def create() -> Starlette:
    settings = load_settings()
    configure_logging(settings)  # JSON or text lines (GATEWAY_LOG_FORMAT)
    app = create_app(settings)
    app.router.lifespan_context = settle_after_start(app.router.lifespan_context)
    return app
