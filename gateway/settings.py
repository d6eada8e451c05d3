"""Settings from the environment, validated once at start-up.

A missing or malformed value stops the process with a message that names the variable.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from gateway.persisted_queries import read_manifest

DEVELOPMENT_SECRET = "development-only-secret-never-use-in-production"
MIN_SECRET_LENGTH = 32
_TABLE_PREFIX = re.compile(r"[A-Za-z0-9_.-]*")


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
    # Product images (resolvers/images.py): the S3 bucket they are uploaded to (`tables
    # create` makes it), S3's endpoint (unset: the DynamoDB endpoint when one is set, as the
    # embedded engine serves both, else AWS's), the public base URL images are shown from
    # (a CDN in production; unset: the bucket's own URL), and how long an upload URL lasts.
    images_bucket: str = Field(default="shop-images", pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
    s3_endpoint: str | None = None
    images_base_url: str | None = None
    image_upload_seconds: int = Field(default=900, ge=1, le=7 * 24 * 3600)

    @field_validator("dynamodb_endpoint")
    @classmethod
    def _endpoint_is_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"https?://[^\s/]+", value):
            raise ValueError(f"must be an http(s) URL such as http://127.0.0.1:8001, got {value!r}")
        return value.rstrip("/")

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

    @field_validator("table_prefix")
    @classmethod
    def _prefix_is_table_name_safe(cls, value: str) -> str:
        if not _TABLE_PREFIX.fullmatch(value):
            raise ValueError("may contain only letters, digits, '_', '-' and '.'")
        return value

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
