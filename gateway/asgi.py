"""The ASGI entry point for uvicorn (`gateway.asgi:create`, a factory): settings from the environment."""

from __future__ import annotations

import logging

from starlette.applications import Starlette

from gateway.app import create_app
from gateway.settings import load_settings


def create() -> Starlette:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return create_app(load_settings())
