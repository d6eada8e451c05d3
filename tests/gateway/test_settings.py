"""Settings fail fast, naming the variable that is wrong."""

from __future__ import annotations

import pytest

from gateway.settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("variables", "named", "says"),
    [
        pytest.param({"GATEWAY_PORT": "eighty"}, "GATEWAY_PORT", "integer", id="port-not-a-number"),
        pytest.param({"GATEWAY_PORT": "70000"}, "GATEWAY_PORT", "65535", id="port-too-large"),
        pytest.param({"GATEWAY_ENV": "staging"}, "GATEWAY_ENV", "development", id="unknown-env"),
        pytest.param(
            {"GATEWAY_DYNAMODB_ENDPOINT": "localhost:8000"},
            "GATEWAY_DYNAMODB_ENDPOINT",
            "http(s) URL",
            id="endpoint-without-scheme",
        ),
        pytest.param(
            {"GATEWAY_TABLE_PREFIX": "my shop"}, "GATEWAY_TABLE_PREFIX", "letters", id="prefix"
        ),
        pytest.param(
            {"GATEWAY_ENV": "production"}, "GATEWAY_JWT_SECRET", "required", id="no-secret"
        ),
        pytest.param({"GATEWAY_MAIL_SENDER": "shop"}, "GATEWAY_MAIL_SENDER", "e-mail", id="sender"),
        pytest.param(
            {"GATEWAY_SES_ENDPOINT": "localhost:4566"}, "GATEWAY_SES_ENDPOINT", "http(s)", id="ses"
        ),
    ],
)
def test_bad_settings_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], named: str, says: str
) -> None:
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert named in str(raised.value)
    assert says in str(raised.value)


def test_defaults_serve_development_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "GATEWAY_ENV",
        "GATEWAY_HOST",
        "GATEWAY_PORT",
        "GATEWAY_DYNAMODB_ENDPOINT",
        "AWS_REGION",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    settings = load_settings()
    assert (settings.env, settings.host, settings.port) == ("development", "127.0.0.1", 8000)
    assert settings.dynamodb_endpoint is None  # the AWS default endpoint and credential chain
    assert settings.aws_region == "us-east-1"


def test_region_comes_from_aws_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    assert load_settings().aws_region == "eu-west-1"
