"""Who the client is, by address: what the sign-in throttle and the cost budget count.

The connection's peer, or, when that peer is a proxy the settings trust
(GATEWAY_FORWARDED_ALLOW_IPS), the client its `X-Forwarded-For` names: uvicorn's
`ProxyHeadersMiddleware`, which the app wraps itself in (gateway/app.py), has put that
address in the ASGI scope already. An IPv6 client counts as its /64 network, which one
subscriber usually holds whole.
"""

from __future__ import annotations

import ipaddress

from starlette.applications import Starlette
from starlette.requests import HTTPConnection
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

UNKNOWN = "unknown"
IPV6_SUBSCRIBER_PREFIX = 64


def client_address(connection: HTTPConnection) -> str:
    host = connection.client.host if connection.client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host or UNKNOWN  # a unix socket's peer, a test client's name
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_SUBSCRIBER_PREFIX}", strict=False))
    return str(address)


def trusted_proxies(value: str) -> list[str]:
    """GATEWAY_FORWARDED_ALLOW_IPS as a list: addresses, networks, or "*" (any peer)."""
    entries = [entry.strip() for entry in value.split(",") if entry.strip()]
    for entry in entries:
        if entry != "*":
            ipaddress.ip_network(entry, strict=False)  # ValueError names the bad entry
    return entries


def behind_proxies(app: Starlette, allowed: str) -> Starlette:
    """`app`, reading the client from X-Forwarded-For when the peer is a trusted proxy
    (outermost of its middleware, so the logs see that client too)."""
    proxies = trusted_proxies(allowed)
    if proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=proxies)
    return app
