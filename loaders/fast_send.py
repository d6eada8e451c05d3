"""DynamoDB's data-plane requests signed and sent by the gateway, from botocore's `before-call`.

Once the client has built a data-plane request (serialized, its endpoint resolved, its
headers set) and emitted `before-call`, botocore's endpoint spends about as much CPU again
before and after the exchange itself: it wraps the request in an `AWSRequest` whose headers
are an `email.message.Message`, signs through them, prepares a second copy, emits half a
dozen more events (retries, the SDK's telemetry headers, history) and converts the headers
for aiohttp and back. A `before-call` handler that answers is how botocore's own `Stubber`
takes a call over; this one is registered last, so handlers registered the usual way (the
tests' fault injection, say) still run first.

`FastSend` signs the request with SigV4 itself, deriving the signing key once a day where
botocore derives it (four HMACs) for every request (`tests/loaders/test_fast_send.py`
compares what it sends with what botocore's endpoint sends, signature included). It emits
`before-send` (where a handler may answer instead of DynamoDB, as botocore allows), else
sends the request through the client's own HTTP session (its pool, timeouts and proxies,
and aiobotocore's translation of connection failures into botocore's exceptions). It then
emits `before-parse`, where `loaders/fast_parse.py` parses a plain answer, and leaves the
rest to the client's own parser: errors and binary values parse exactly as botocore parses
them, and the client raises the same `ClientError` from them
(`tests/loaders/test_fast_parse.py` replays every operation's answers through both).

What it leaves out, rightly here: retries (the client makes one attempt: `Dynamo` retries,
`loaders/retries.py`), the SDK's telemetry headers (`amz-sdk-invocation-id`,
`amz-sdk-request`) and botocore's history. A request it does not expect (a URL with a path
or a query) is left to botocore.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import hmac
from typing import Any
from urllib.parse import urlsplit

from botocore.auth import SIGNED_HEADERS_BLACKLIST, _host_from_url
from botocore.awsrequest import AWSPreparedRequest
from botocore.hooks import first_non_none_response

from loaders.fast_parse import DATA_PLANE

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "dynamodb"
# What a client of one attempt reports in every answer's metadata (botocore's standard
# retry mode with `total_max_attempts` 1).
ONE_ATTEMPT = {"RetryAttempts": 0, "MaxAttemptsReached": True}


@functools.lru_cache(maxsize=4)  # a day's key per credential; rotated credentials age out
def signing_key(secret_key: str, day: str, region: str, service: str) -> bytes:
    """SigV4's signing key: it depends on the secret, the day, the region and the service
    alone (AWS's "Deriving a signing key")."""
    key = f"AWS4{secret_key}".encode()
    for part in (day, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


host_of = functools.lru_cache(maxsize=16)(_host_from_url)  # botocore's Host: a client has one URL


def sigv4_authorization(
    headers: dict[str, str],
    body: bytes,
    *,
    access_key: str,
    secret_key: str,
    region: str,
    amz_date: str,
) -> str:
    """The Authorization header of a POST to `/` without a query, signing every header of
    `headers` (names lower-case; values are trimmed as SigV4 says)."""
    names = sorted(headers)
    signed = ";".join(names)
    canonical = "\n".join(
        (
            "POST",
            "/",
            "",
            *(f"{name}:{' '.join(headers[name].split())}" for name in names),
            "",
            signed,
            hashlib.sha256(body).hexdigest(),
        )
    )
    day = amz_date[:8]
    scope = f"{day}/{region}/{SERVICE}/aws4_request"
    digest = hashlib.sha256(canonical.encode()).hexdigest()
    key = signing_key(secret_key, day, region, SERVICE)
    signature = hmac.new(
        key, f"{ALGORITHM}\n{amz_date}\n{scope}\n{digest}".encode(), hashlib.sha256
    )
    return f"{ALGORITHM} Credential={access_key}/{scope}, SignedHeaders={signed}, Signature={signature.hexdigest()}"  # fmt: skip


def amz_date_now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@functools.lru_cache(maxsize=16)  # a client has one endpoint
def _plain_post(url: str) -> bool:
    """A URL whose request `sigv4_authorization` signs: no path, no query."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


class FastSend:
    """The `before-call` handler of one DynamoDB client's data-plane operations."""

    def __init__(self, client: Any, credentials: Any) -> None:
        self.events = client.meta.events
        self.region = client.meta.region_name
        self.credentials = credentials
        self.endpoint = client._endpoint
        self.http = self.endpoint.http_session  # the client's pool, timeouts, proxies
        self.parser = self.endpoint._response_parser_factory.create_parser(
            client.meta.service_model.protocol
        )

    async def __call__(
        self, model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any
    ) -> tuple[Any, dict[str, Any]] | None:
        if not _plain_post(params["url"]):
            return None
        request = await self._signed(params["url"], params["headers"], params["body"])
        name = model.name
        answers = await self.events.emit(f"before-send.{SERVICE}.{name}", request=request)
        http = first_non_none_response(answers)
        if http is None:
            http = await self.http.send(request)
        response = {
            "headers": http.headers,
            "status_code": http.status_code,
            "body": await http.content,
            "context": context,
        }
        customized: dict[str, Any] = {}
        await self.events.emit(
            f"before-parse.{SERVICE}.{name}",
            operation_model=model,
            response_dict=response,
            customized_response_dict=customized,
            context=context,
        )
        parsed: dict[str, Any] = await self.parser.parse(response, model.output_shape)
        parsed.update(customized)
        if http.status_code >= 300:  # an error's own members (a failed condition's `Item`)
            await self.endpoint._add_modeled_error_fields(response, parsed, model, self.parser)
        parsed["ResponseMetadata"].update(ONE_ATTEMPT)
        return http, parsed

    async def _signed(self, url: str, headers: dict[str, str], body: bytes) -> AWSPreparedRequest:
        credentials = await self.credentials.get_frozen_credentials()
        amz_date = amz_date_now()
        signed: dict[str, str] = {}
        unsigned: dict[str, str] = {}
        for name, value in headers.items():
            lower = name.lower()
            (unsigned if lower in SIGNED_HEADERS_BLACKLIST else signed)[lower] = value
        signed["host"] = host_of(url)
        signed["x-amz-date"] = amz_date
        if credentials.token:
            signed["x-amz-security-token"] = credentials.token
        authorization = sigv4_authorization(
            signed,
            body,
            access_key=credentials.access_key,
            secret_key=credentials.secret_key,
            region=self.region,
            amz_date=amz_date,
        )
        del signed["host"]  # aiohttp writes it from the URL, as it was signed
        sent = {**signed, **unsigned, "authorization": authorization}
        return AWSPreparedRequest("POST", url, sent, body, stream_output=False)


def install(client: Any, credentials: Any) -> None:
    """Send a DynamoDB client's data-plane requests through `FastSend`, signed with
    `credentials` (the client's session's). The client must make one attempt a call."""
    if (client.meta.config.retries or {}).get("total_max_attempts") != 1:
        raise ValueError("FastSend makes one attempt a call: build the client with total_max_attempts=1")  # fmt: skip
    handler = FastSend(client, credentials)
    for operation in DATA_PLANE:
        client.meta.events.register_last(f"before-call.{SERVICE}.{operation}", handler)
