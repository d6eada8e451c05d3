"""Bearer tokens: which are honoured, which refuse the request, and what each costs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette

from gateway.app import create_app
from gateway.errors import Unauthenticated
from gateway.settings import Settings, SettingsError, load_settings
from gateway.tokens import LEEWAY_SECONDS, VERIFIED_TOKEN_SECONDS, TokenVerifier
from tests.accounts.factories import Account, bearer, mint, table
from tests.accounts.operations import ME
from tests.conftest import TEST_SECRET
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient

VIEWER_AND_CATALOG = "{ viewer { id } categories { id } }"
PROVIDER = "https://idp.example.test/"
AUDIENCE = "shop-frontend"
KID = "key-1"


def _segment(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def unsigned(claims: dict[str, Any]) -> str:
    """A token with `alg: none` and no signature."""
    return f"{_segment({'alg': 'none', 'typ': 'JWT'})}.{_segment(claims)}."


def hmac_signed(claims: dict[str, Any], secret: bytes) -> str:
    """HS256 by hand, with any bytes as the secret (PyJWT refuses a public key as one)."""
    signing_input = f"{_segment({'alg': 'HS256', 'typ': 'JWT', 'kid': KID})}.{_segment(claims)}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def _claims(**extra: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"iat": now, "exp": now + 600} | extra


# The gateway's own HS256 tokens -------------------------------------------------------


async def test_no_token_is_anonymous_and_costs_nothing(
    graphql: GraphQLClient, catalog: Catalog
) -> None:
    response = await graphql("{ viewer { id } }")
    assert response.data == {"viewer": None}
    assert response.calls == []


@pytest.mark.parametrize(
    ("token", "header"),
    [
        pytest.param(lambda a: mint({"sub": a, "exp": int(time.time()) - 60}), None, id="expired"),
        pytest.param(
            lambda a: mint({"sub": a}, key="another-secret-" + "y" * 32), None, id="other-key"
        ),
        pytest.param(lambda a: mint({"sub": a, "iss": "someone-else"}), None, id="other-issuer"),
        pytest.param(lambda a: mint({"sub": a, "iss": None}), None, id="no-issuer"),
        pytest.param(lambda a: mint({"roles": ["admin"]}), None, id="no-subject"),
        pytest.param(lambda a: mint({"sub": a, "roles": "admin"}), None, id="roles-not-a-list"),
        pytest.param(lambda a: unsigned(_claims(sub=a, iss="shop-gateway")), None, id="alg-none"),
        pytest.param(lambda a: "not.a.token", None, id="garbage"),
        pytest.param(lambda a: "", "Basic dXNlcjpwYXNz", id="not-bearer"),
        pytest.param(lambda a: "", "Bearer ", id="empty-bearer"),
    ],
)
async def test_bad_tokens_refuse_the_whole_request(
    graphql: GraphQLClient, alice: Account, token: Any, header: str | None
) -> None:
    authorization = header if header is not None else f"Bearer {token(alice.user_id)}"
    response = await graphql(VIEWER_AND_CATALOG, headers={"Authorization": authorization})
    assert response.status == 200
    assert response.error_codes == ["UNAUTHENTICATED"]
    assert response.body["data"] is None
    assert response.calls == []


async def test_a_token_without_a_session_stands_on_its_signature(
    graphql: GraphQLClient, alice: Account
) -> None:
    response = await graphql(ME, headers=bearer(mint({"sub": alice.user_id})))
    assert response.data["viewer"]["id"] == alice.user_id
    # Only the profile is read (its addresses and cart beside it): no session to check.
    batches = [call["keys"] for call in response.calls if call["operation"] == "BatchGetItem"]
    assert batches == [1]


async def test_a_tokens_signature_is_checked_once_per_process(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded: list[str] = []
    decode = jwt.decode

    def counting_decode(token: str, *args: Any, **kwargs: Any) -> Any:
        decoded.append(token)
        return decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting_decode)
    verifier = TokenVerifier(settings)
    token = mint({"sub": "u1"})  # valid 10 minutes
    assert [(await verifier.claims(token))["sub"] for _ in range(3)] == ["u1"] * 3
    assert decoded == [token]
    # Checked again once it has been kept as long as a provider's key set is.
    later = time.time() + VERIFIED_TOKEN_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert (await verifier.claims(token))["sub"] == "u1"
    assert decoded == [token, token]


async def test_a_kept_token_is_refused_once_it_expires(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = TokenVerifier(settings)
    expires = int(time.time()) + 60
    token = mint({"sub": "u1", "exp": expires})
    assert (await verifier.claims(token))["sub"] == "u1"
    later = expires + LEEWAY_SECONDS + 1

    class Later(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Later:
            return cls.fromtimestamp(later, tz)

    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(jwt.api_jwt, "datetime", Later)  # PyJWT's clock
    with pytest.raises(Unauthenticated):
        await verifier.claims(token)


async def test_a_session_past_its_expiry_is_refused_before_the_ttl_deletes_it(
    graphql: GraphQLClient, settings: Settings, alice: Account
) -> None:
    table(settings, "Users").put_item(
        Item={
            "pk": alice.user_id, "sk": "SESSION#old", "entity": "Session", "session_id": "old",
            "created_at": "2026-01-01T00:00:00.000Z", "expires_at": int(time.time()) - 1,
        }
    )  # fmt: skip
    response = await graphql(ME, headers=bearer(mint({"sub": alice.user_id, "sid": "old"})))
    assert response.error_codes == ["UNAUTHENTICATED"]
    assert response.body["data"] == {"viewer": None}


async def test_the_viewer_and_its_session_are_one_read(
    graphql: GraphQLClient, alice: Account
) -> None:
    response = await graphql("{ viewer { id username } }", headers=alice.headers)
    assert response.data["viewer"]["username"] == alice.username
    assert [(c["operation"], c["keys"]) for c in response.calls] == [("BatchGetItem", 2)]


async def test_public_reads_cost_the_same_signed_in(
    graphql: GraphQLClient, catalog: Catalog, alice: Account
) -> None:
    anonymous = await graphql("{ categories { id } }")
    signed_in = await graphql("{ categories { id } }", headers=alice.headers)
    assert signed_in.data == anonymous.data
    assert len(signed_in.calls) == len(anonymous.calls) == 1


# An outside identity provider's RS256 tokens, against its JWKS ------------------------


@pytest.fixture(scope="module")
def provider_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url(provider_key: rsa.RSAPrivateKey) -> Iterator[str]:
    """The provider's key set, served by a stub on 127.0.0.1."""
    jwk = RSAAlgorithm.to_jwk(provider_key.public_key(), as_dict=True)
    body = json.dumps({"keys": [jwk | {"kid": KID, "use": "sig", "alg": "RS256"}]}).encode()

    class KeySet(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), KeySet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()
    server.server_close()


async def _served(settings: Settings, jwks_url: str) -> AsyncIterator[GraphQLClient]:
    provider_settings = load_settings(
        dynamodb_endpoint=settings.dynamodb_endpoint,
        table_prefix=settings.table_prefix,
        jwt_secret=TEST_SECRET,
        jwks_url=jwks_url,
        jwks_issuer=PROVIDER,
        jwks_audience=AUDIENCE,
    )
    app: Starlette = create_app(provider_settings)
    async with app.router.lifespan_context(app), GraphQLClient.over(app) as client:
        yield client


@pytest.fixture
async def with_provider(settings: Settings, jwks_url: str) -> AsyncIterator[GraphQLClient]:
    async for client in _served(settings, jwks_url):
        yield client


def provider_token(key: rsa.RSAPrivateKey, subject: str, **extra: Any) -> str:
    claims = {"iss": PROVIDER, "aud": AUDIENCE, "sub": subject} | extra
    return mint(claims, key=key, algorithm="RS256", kid=KID)


async def test_provider_tokens_are_honoured(
    with_provider: GraphQLClient, provider_key: rsa.RSAPrivateKey, alice: Account
) -> None:
    token = provider_token(provider_key, alice.user_id, roles=["customer"])
    response = await with_provider(ME, headers=bearer(token))
    assert response.data["viewer"]["id"] == alice.user_id
    # The gateway's own tokens are honoured beside them.
    own = await with_provider(ME, headers=alice.headers)
    assert own.data["viewer"]["id"] == alice.user_id


@pytest.mark.parametrize(
    "forge",
    [
        pytest.param(
            lambda key, sub: unsigned(_claims(sub=sub, iss=PROVIDER, aud=AUDIENCE)), id="alg-none"
        ),
        pytest.param(
            lambda key, sub: hmac_signed(
                _claims(sub=sub, iss=PROVIDER, aud=AUDIENCE),
                key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo),
            ),
            id="hs256-signed-with-the-public-key",
        ),
        pytest.param(
            lambda key, sub: provider_token(
                rsa.generate_private_key(public_exponent=65537, key_size=2048), sub
            ),
            id="signed-by-another-key",
        ),
        pytest.param(
            lambda key, sub: provider_token(key, sub, aud="another-app"), id="other-audience"
        ),
        pytest.param(
            lambda key, sub: provider_token(key, sub, iss="https://evil.test/"), id="other-issuer"
        ),
        pytest.param(
            lambda key, sub: provider_token(key, sub, exp=int(time.time()) - 60), id="expired"
        ),
        pytest.param(
            lambda key, sub: mint(
                {"iss": PROVIDER, "aud": AUDIENCE, "sub": sub},
                key=key,
                algorithm="RS256",
                kid="unknown",
            ),
            id="unknown-key-id",
        ),
    ],
)
async def test_forged_provider_tokens_are_refused(
    with_provider: GraphQLClient, provider_key: rsa.RSAPrivateKey, alice: Account, forge: Any
) -> None:
    response = await with_provider(ME, headers=bearer(forge(provider_key, alice.user_id)))
    assert response.error_codes == ["UNAUTHENTICATED"]
    assert response.body["data"] is None


async def test_provider_tokens_are_refused_without_a_jwks(
    graphql: GraphQLClient, provider_key: rsa.RSAPrivateKey, alice: Account
) -> None:
    response = await graphql(ME, headers=bearer(provider_token(provider_key, alice.user_id)))
    assert response.error_codes == ["UNAUTHENTICATED"]


async def test_an_unreachable_jwks_is_service_unavailable(
    settings: Settings, provider_key: rsa.RSAPrivateKey, alice: Account
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    async for client in _served(settings, f"http://127.0.0.1:{closed_port}/jwks.json"):
        response = await client(ME, headers=bearer(provider_token(provider_key, alice.user_id)))
        assert response.error_codes == ["SERVICE_UNAVAILABLE"]


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        pytest.param(
            {"GATEWAY_JWKS_URL": "file:///etc/keys.json"}, "GATEWAY_JWKS_URL", id="jwks-not-http"
        ),
        pytest.param(
            {"GATEWAY_JWT_LIFETIME_SECONDS": "10"}, "GATEWAY_JWT_LIFETIME_SECONDS", id="lifetime"
        ),
        pytest.param({"GATEWAY_JWT_ISSUER": ""}, "GATEWAY_JWT_ISSUER", id="empty-issuer"),
    ],
)
def test_bad_sign_in_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], named: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=named):
        load_settings()
