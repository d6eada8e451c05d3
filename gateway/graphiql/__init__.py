"""GraphiQL served by the gateway itself, in development: the page (`page.html`, answered
by `/graphql` to a browser) and its pinned assets under `/graphiql/`, so it works with no
network but the gateway's (no CDN)."""

from __future__ import annotations

from functools import cache
from html import escape
from pathlib import Path

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from gateway.graphiql.assets import PACKAGES, STATIC

ASSETS_PATH = "/graphiql"
_PAGE = Path(__file__).parent / "page.html"


def page_assets() -> list[str]:
    """The style sheets and scripts the page loads, in order: their URLs relative to
    `/graphql` (so a path prefix in front of the gateway, a proxy's `root_path`, keeps
    working)."""
    return [
        f"{ASSETS_PATH.lstrip('/')}/{path}"
        for package in PACKAGES
        for path in package.served()
        if path.endswith((".css", ".js"))
    ]


@cache
def graphiql_page() -> str:
    """GraphiQL's page, loading the pinned assets from the gateway."""
    tags = [
        f'<link rel="stylesheet" href="{escape(url)}" />'
        if url.endswith(".css")
        else f'<script src="{escape(url)}"></script>'
        for url in page_assets()
    ]
    return _PAGE.read_text().replace("<!-- ASSETS -->", "\n    ".join(tags))


def graphiql_assets() -> Mount:
    """The assets' route: each under a versioned path, so a browser may cache it."""
    return Mount(ASSETS_PATH, StaticFiles(directory=STATIC), name="graphiql")
