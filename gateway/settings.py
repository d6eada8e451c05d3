"""Settings from the environment, validated once at start-up.

A missing or malformed value stops the process with a message that names the variable.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from gateway.client_address import trusted_proxies
from gateway.passwords import HashParameters, Passwords, passwords_with
from gateway.persisted_queries import read_manifest

DEVELOPMENT_SECRET = "development-only-secret-never-use-in-production"
MIN_SECRET_LENGTH = 32
_TABLE_PREFIX = re.compile(r"[A-Za-z0-9_.-]*")
_ORIGIN = re.compile(r"https?://[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?")


class SettingsError(Exception):
    """The environment does not describe a gateway that can start."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", frozen=True, extra="ignore")

    env: Literal["development", "production"] = "development"
    dynamodb_endpoint: str | None = None
    aws_region: str = Field(
        default="us-east-1", validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION")
    )
    table_prefix: str = ""
    jwt_secret: SecretStr | None = None
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    allow_call_trace: bool = False
    # The DynamoDB client: timeouts in seconds, pool size (retries: loaders/retries.py).
    dynamodb_connect_timeout: float = Field(default=2.0, gt=0)
    dynamodb_read_timeout: float = Field(default=5.0, gt=0)
    dynamodb_max_connections: int = Field(default=64, ge=1)
    # Sign-in. The gateway issues HS256 tokens signed with the secret; with a JWKS URL it
    # also accepts an outside identity provider's RS256 tokens, checked against its keys.
    jwt_issuer: str = Field(default="shop-gateway", min_length=1)
    jwt_lifetime_seconds: int = Field(default=3600, ge=60, le=30 * 24 * 3600)
    jwks_url: str | None = None
    jwks_issuer: str | None = None
    jwks_audience: str | None = None
    # The process-wide cache of catalog reads (the category tree, products): how long an
    # entry lives (0 turns it off) and how many are kept. This process's writes drop what
    # they touch at once; another process's are seen within the TTL.
    catalog_cache_seconds: float = Field(default=5.0, ge=0, le=300)
    catalog_cache_entries: int = Field(default=20_000, ge=0)
    # Answers to queries read from that cache alone, for anyone, kept while all they were
    # built from is (gateway/kept_answers.py): how many (0 turns them off).
    kept_answers: int = Field(default=2_000, ge=0)
    # If set, `/metrics` answers only `Authorization: Bearer <token>` (Prometheus's
    # `authorization` scrape option); unset, anyone who reaches the port may scrape.
    metrics_token: SecretStr | None = None
    # Log lines as JSON objects or as text; unset: JSON in production, text otherwise.
    log_format: Literal["json", "text"] | None = None
    # Limits on what one GraphQL document may ask, refused before it runs with
    # QUERY_TOO_COMPLEX (gateway/limits.py, gateway/query_cost.py).
    max_query_depth: int = Field(default=10, ge=1, le=100)  # fields nested in one another
    max_query_aliases: int = Field(default=30, ge=0)  # counted through fragments
    max_query_tokens: int = Field(default=2000, ge=100)  # lexical tokens of the document
    max_query_fields: int = Field(default=400, ge=1)  # field selections, through fragments
    max_query_directives: int = Field(default=3, ge=1)  # on one field, fragment or operation
    max_query_field_repeats: int = Field(default=10, ge=1)  # one field in one selection set
    max_query_cost: int = Field(default=3000, ge=1)  # estimated DynamoDB calls
    # Document texts kept parsed and validated (gateway/documents.py); 0 turns it off.
    document_cache_entries: int = Field(default=1000, ge=0)
    # Persisted queries (gateway/persisted_queries.py): the registered operations' manifest,
    # whether only those run, and how many texts APQ learns per process.
    persisted_queries: Path | None = None
    only_persisted_queries: bool = False
    persisted_query_entries: int = Field(default=1000, ge=0)
    # Operations batched in one request (a JSON array): off unless turned on, then at most
    # this many per request.
    allow_batching: bool = False
    max_batch_size: int = Field(default=10, ge=1, le=100)
    # Introspection: unset, on in development and off in production.
    allow_introspection: bool | None = None
    # A request's GraphQL execution is cut short after this long (TIMEOUT, HTTP 504).
    request_timeout_seconds: float = Field(default=10.0, gt=0, le=300)
    # Request bodies over this size are refused with 413 before they are read whole.
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Password hashing, Argon2id (gateway/passwords.py): OWASP's minimum by default. A
    # stored hash made with other parameters is replaced at its next successful sign-in.
    password_memory_kib: int = Field(default=19 * 1024, ge=8)
    password_iterations: int = Field(default=2, ge=1)
    password_parallelism: int = Field(default=1, ge=1)
    # Failed sign-ins slowed down (resolvers/throttle.py): after this many failures at one
    # name, or from one client address, attempts are refused for `first_lock` seconds,
    # doubled by each failure after, at most `longest_lock`; a count is forgotten `window`
    # seconds after its lock ends.
    attempts_per_account: int = Field(default=5, ge=1)
    attempts_per_client: int = Field(default=20, ge=1)
    attempts_first_lock_seconds: int = Field(default=30, ge=1)
    attempts_longest_lock_seconds: int = Field(default=900, ge=1)
    attempts_window_seconds: int = Field(default=900, ge=1)
    # The proxies whose X-Forwarded-For names the client (uvicorn's forwarded-allow-ips):
    # comma-separated addresses or networks, or "*"; empty: the connection's peer is the
    # client.
    forwarded_allow_ips: str = ""
    # The cost budget of each client, per process (gateway/cost_budget.py): a bucket of
    # `capacity` (estimated DynamoDB calls) refilled at `restore_rate` a second. Unset:
    # on in production, off in development.
    cost_budget: bool | None = None
    cost_budget_capacity: int = Field(default=3000, ge=1)
    cost_budget_restore_rate: float = Field(default=100.0, gt=0)
    # Clients whose buckets are remembered; past this, the least recently seen are dropped.
    cost_budget_clients: int = Field(default=100_000, ge=1)
    # Live updates (subscriptions over WebSocket, fed by the tables' streams).
    live_poll_seconds: float = Field(default=0.25, gt=0, le=10)  # a stream's pause when idle
    live_queue_size: int = Field(default=100, ge=1)  # events a subscriber may fall behind
    live_max_connections: int = Field(default=1000, ge=0)  # WebSockets open per process
    live_max_subscriptions: int = Field(default=20, ge=1)  # per connection
    # Set: several processes share one stream reader (a lease) and get its changes through
    # Redis pub/sub (gateway/live/broker.py); unset: each process reads the streams itself.
    redis_url: str | None = None
    live_lease_seconds: float = Field(default=5.0, ge=0.5, le=60)  # the reader's lease
    # Browsers on other origins (gateway/cors.py): the origins allowed, comma-separated
    # (development also allows http://localhost and http://127.0.0.1 on any port), and
    # whether their requests may carry credentials (cookies).
    cors_origins: Annotated[tuple[str, ...], NoDecode] = ()
    cors_allow_credentials: bool = False
    # Password-reset e-mails go through Amazon SES (v2) from this address, which SES must
    # know as a verified identity; the endpoint is for a local engine (moto), unset: AWS's.
    mail_sender: str = "no-reply@shop.example.com"
    ses_endpoint: str | None = None
    # Product images (resolvers/images.py): the S3 bucket they are uploaded to (`tables
    # create` makes it), S3's endpoint (unset: the DynamoDB endpoint when one is set, as the
    # embedded engine serves both, else AWS's), the public base URL images are shown from
    # (a CDN in production; unset: the bucket's own URL), and how long an upload URL lasts.
    images_bucket: str = Field(default="shop-images", pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
    s3_endpoint: str | None = None
    images_base_url: str | None = None
    image_upload_seconds: int = Field(default=900, ge=1, le=7 * 24 * 3600)

    @field_validator("dynamodb_endpoint", "ses_endpoint")
    @classmethod
    def _endpoint_is_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"https?://[^\s/]+", value):
            raise ValueError(f"must be an http(s) URL such as http://127.0.0.1:8001, got {value!r}")
        return value.rstrip("/")

    @field_validator("mail_sender")
    @classmethod
    def _sender_is_an_address(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s.]+", value):
            raise ValueError(
                f"must be an e-mail address such as no-reply@example.com, got {value!r}"
            )
        return value

    @field_validator("s3_endpoint", "images_base_url")
    @classmethod
    def _s3_urls(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"https?://[^\s/]+", value):
            raise ValueError(
                f"must be an http(s) URL such as https://cdn.example.com, got {value!r}"
            )
        return value.rstrip("/")

    @field_validator("jwks_url")
    @classmethod
    def _jwks_is_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"https?://[^\s/]+", value):
            raise ValueError(
                f"must be an http(s) URL such as https://idp.example.com/.well-known/jwks.json, got {value!r}"
            )
        return value

    @field_validator("jwks_issuer", "jwks_audience", "log_format", "metrics_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("persisted_queries", mode="before")
    @classmethod
    def _manifest_reads(cls, value: str | Path | None) -> Path | None:
        if not value:
            return None
        path = Path(value)
        read_manifest(path)  # a broken manifest stops the start, not the first request
        return path

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _proxies_are_addresses(cls, value: str) -> str:
        try:
            trusted_proxies(value)
        except ValueError as error:
            raise ValueError(
                f"must be comma-separated IP addresses or networks, or '*': {error}"
            ) from None
        return value

    @field_validator("table_prefix")
    @classmethod
    def _prefix_is_table_name_safe(cls, value: str) -> str:
        if not _TABLE_PREFIX.fullmatch(value):
            raise ValueError("may contain only letters, digits, '_', '-' and '.'")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins_are_origins(cls, value: str | tuple[str, ...]) -> tuple[str, ...]:
        listed = value.split(",") if isinstance(value, str) else value
        origins = tuple(origin.strip() for origin in listed if origin.strip())
        for origin in origins:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(
                    "a comma-separated list of origins, each scheme://host[:port] in lower "
                    f"case with no path nor wildcard (e.g. https://shop.example.com), got {origin!r}"
                )
        return origins

    @model_validator(mode="after")
    def _production_needs_a_secret(self) -> Settings:
        secret = self.jwt_secret.get_secret_value() if self.jwt_secret else ""
        if self.env == "production" and len(secret) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"GATEWAY_JWT_SECRET is required in production, at least {MIN_SECRET_LENGTH} "
                "characters (e.g. the output of `openssl rand -hex 32`)"
            )
        return self

    @model_validator(mode="after")
    def _an_allow_list_needs_a_manifest(self) -> Settings:
        if self.only_persisted_queries and self.persisted_queries is None:
            raise ValueError(
                "GATEWAY_ONLY_PERSISTED_QUERIES needs GATEWAY_PERSISTED_QUERIES, the manifest "
                "of the operations allowed (python -m gateway persisted-queries build)"
            )
        return self

    @model_validator(mode="after")
    def _a_budget_holds_the_costliest_query(self) -> Settings:
        if self.cost_budget_capacity < self.max_query_cost:
            raise ValueError(
                f"GATEWAY_COST_BUDGET_CAPACITY ({self.cost_budget_capacity}) must be at least "
                f"GATEWAY_MAX_QUERY_COST ({self.max_query_cost}): a query within the cost "
                "limit could never run"
            )
        return self

    @model_validator(mode="after")
    def _credentials_need_origins(self) -> Settings:
        if self.cors_allow_credentials and self.is_production and not self.cors_origins:
            raise ValueError(
                "GATEWAY_CORS_ALLOW_CREDENTIALS needs GATEWAY_CORS_ORIGINS in production, "
                "the origins whose pages may send credentials"
            )
        return self

    @property
    def s3_endpoint_url(self) -> str | None:
        """Where S3 is: GATEWAY_S3_ENDPOINT, else the DynamoDB endpoint (None: AWS's)."""
        return self.s3_endpoint or self.dynamodb_endpoint

    @property
    def images_url(self) -> str:
        """The base URL of the images' public addresses (the object key follows it)."""
        if self.images_base_url is not None:
            return self.images_base_url
        if self.s3_endpoint_url is not None:
            return f"{self.s3_endpoint_url}/{self.images_bucket}"
        return f"https://{self.images_bucket}.s3.{self.aws_region}.amazonaws.com"

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def cost_budget_enabled(self) -> bool:
        """GATEWAY_COST_BUDGET, by default on in production only."""
        if self.cost_budget is None:
            return self.is_production
        return self.cost_budget

    @property
    def passwords(self) -> Passwords:
        """Hashes and checks passwords with the configured Argon2id parameters."""
        return passwords_with(
            HashParameters(
                memory_kib=self.password_memory_kib,
                iterations=self.password_iterations,
                parallelism=self.password_parallelism,
            )
        )

    @property
    def introspection_enabled(self) -> bool:
        """GATEWAY_ALLOW_INTROSPECTION, by default on in development only."""
        if self.allow_introspection is None:
            return not self.is_production
        return self.allow_introspection

    @property
    def logs_as_json(self) -> bool:
        """One JSON object per log line (GATEWAY_LOG_FORMAT; by default in production)."""
        return self.log_format == "json" or (self.log_format is None and self.is_production)

    @cached_property
    def secret(self) -> bytes:
        """The signing secret: tokens and cursors. Development falls back to a fixed one."""
        if self.jwt_secret is not None:
            return self.jwt_secret.get_secret_value().encode()
        return DEVELOPMENT_SECRET.encode()

    @cached_property
    def cursor_secret(self) -> bytes:
        """A key for cursors alone, derived from the secret, so no MAC serves two purposes."""
        return hmac.new(self.secret, b"gateway cursors", hashlib.sha256).digest()


def _variable(location: tuple[int | str, ...]) -> str:
    field_name = str(location[0]) if location else ""
    if field_name == "aws_region":
        return "AWS_REGION"
    return f"GATEWAY_{field_name.upper()}" if field_name else "the gateway settings"


def load_settings(**overrides: object) -> Settings:
    """Read and validate the settings; raise `SettingsError` naming each bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            message = problem["msg"].removeprefix("Value error, ")
            if problem["loc"]:
                message = f"{_variable(problem['loc'])}: {message}"
            problems.append(message)
        raise SettingsError("Invalid settings:\n  " + "\n  ".join(problems)) from None
