"""Browsers on other origins (CORS): which pages may call the gateway with `fetch`.

Development allows any page served from `http://localhost` or `http://127.0.0.1` (a Vite
dev server, a storybook), on any port; production only the origins of
`GATEWAY_CORS_ORIGINS`. Credentials (cookies) only with `GATEWAY_CORS_ALLOW_CREDENTIALS`:
the gateway's own sign-in is a bearer token, which needs none."""

from __future__ import annotations

import re

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from gateway.settings import Settings

LOCAL_ORIGINS = r"http://(localhost|127\.0\.0\.1)(:[0-9]{1,5})?"
# What GraphQL clients send beyond the CORS-safelisted headers: the bearer token, the
# gateway's own request headers, and Apollo's (its CSRF guard and client awareness).
ALLOWED_HEADERS = (
    "Authorization",
    "Content-Type",
    "X-Request-ID",
    "X-Gateway-Cost",
    "X-Gateway-Trace",
    "Apollo-Require-Preflight",
    "X-Apollo-Operation-Name",
    "Apollographql-Client-Name",
    "Apollographql-Client-Version",
)
# Response headers a page's script may read (the others CORS hides from it).
EXPOSED_HEADERS = ("X-Request-ID",)
# How long a browser may reuse a preflight's answer; Chromium caps it at two hours.
PREFLIGHT_CACHE_SECONDS = 7200


def origin_allowed(settings: Settings, origin: str) -> bool:
    """Whether a page of `origin` may open a WebSocket (the rule the middleware applies to
    `fetch`)."""
    local = not settings.is_production and re.fullmatch(LOCAL_ORIGINS, origin) is not None
    return local or origin in settings.cors_origins


def cors(settings: Settings) -> Middleware:
    """The CORS middleware for the settings' origins."""
    return Middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_origin_regex=None if settings.is_production else LOCAL_ORIGINS,
        allow_methods=("GET", "POST"),
        allow_headers=ALLOWED_HEADERS,
        allow_credentials=settings.cors_allow_credentials,
        expose_headers=EXPOSED_HEADERS,
        max_age=PREFLIGHT_CACHE_SECONDS,
    )
