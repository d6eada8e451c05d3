"""The model export, as the command prints it, for the tests of this folder."""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest

from gateway.cli import main
from gateway.settings import Settings


@pytest.fixture(scope="module")
def exported(settings: Settings) -> dict[str, Any]:
    """The command's output, run through the CLI entry with the tests' table prefix."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["model", "export", "--prefix", settings.table_prefix]) == 0
    return dict(json.loads(out.getvalue()))
