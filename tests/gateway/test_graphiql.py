"""GraphiQL's page and its pinned assets come from the gateway, in development only
(tests/clients/test_graphiql_offline.py has Chromium use them with no other network)."""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from gateway.graphiql import page_assets
from gateway.graphiql.assets import PACKAGES, STATIC, update
from gateway.settings import Settings
from tests.apps import client_for
from tests.graphql_client import GraphQLClient

BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css"}


async def test_the_page_loads_its_assets_from_the_gateway(graphql: GraphQLClient) -> None:
    page = await graphql.http.get("/graphql", headers=BROWSER)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert re.findall(r'(?:src|href)="([^"]+)"', page.text) == ["data:,", *page_assets()]
    assert "unpkg.com" not in page.text
    for url in page_assets():
        asset = await graphql.http.get(f"/{url}")
        assert asset.status_code == 200, url
        assert asset.headers["content-type"].startswith(CONTENT_TYPES[Path(url).suffix])


def test_each_package_comes_with_its_licence() -> None:
    for package in PACKAGES:
        licence = (STATIC / package.directory / "LICENSE").read_text()
        assert "MIT License" in licence, package.directory


def test_only_the_pinned_versions_are_kept() -> None:
    assert sorted(p.name for p in STATIC.iterdir()) == sorted(p.directory for p in PACKAGES)
    for package in PACKAGES:
        kept = sorted(p.name for p in (STATIC / package.directory).iterdir())
        assert kept == sorted(Path(path).name for path in package.served())


def test_the_wheel_carries_the_assets() -> None:
    """pyproject.toml's package data names every file the page needs."""
    package_data = tomllib.loads(PYPROJECT.read_text())["tool"]["setuptools"]["package-data"]
    patterns = package_data["gateway.graphiql"]
    here = STATIC.parent
    files = [p.relative_to(here).as_posix() for p in here.rglob("*") if p.is_file()]
    shipped = [f for f in files if not f.endswith((".py", ".pyc")) and "__pycache__" not in f]
    assert shipped
    for file in shipped:
        assert any(fnmatch(file, pattern) for pattern in patterns), file


@pytest.mark.parametrize("path", ["/graphql", f"/{page_assets()[0]}"], ids=["page", "asset"])
async def test_production_serves_no_graphiql(settings: Settings, path: str) -> None:
    async with client_for(settings, env="production") as client:
        response = await client.http.get(path, headers=BROWSER)
    assert response.status_code in (404, 405)
    assert "GraphiQL" not in response.text


FAKE_NPM = """#!{python}
# `npm pack SPEC --json --pack-destination DIR`, offline: a tarball of the files that
# $FAKE_NPM_FILES (JSON) lists for SPEC, each holding its own path.
import json, os, sys, tarfile, io
spec, destination = sys.argv[2], sys.argv[sys.argv.index("--pack-destination") + 1]
filename = spec.replace("@", "-") + ".tgz"
with tarfile.open(os.path.join(destination, filename), "w:gz") as archive:
    for path in json.loads(os.environ["FAKE_NPM_FILES"])[spec]:
        data = f"{{spec}}/{{path}}".encode()
        member = tarfile.TarInfo(f"package/{{path}}")
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))
print(json.dumps([{{"filename": filename}}]))
"""


def test_update_replaces_the_assets_with_the_pinned_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`python -m gateway.graphiql update`, with a stand-in for npm."""
    bin_dir, static = tmp_path / "bin", tmp_path / "static"
    bin_dir.mkdir()
    (bin_dir / "npm").write_text(FAKE_NPM.format(python=sys.executable))
    (bin_dir / "npm").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    files = {f"{p.name}@{p.version}": [*p.files, "README.md"] for p in PACKAGES}
    monkeypatch.setenv("FAKE_NPM_FILES", json.dumps(files))
    (static / "graphiql@0.0.1").mkdir(parents=True)  # a version no longer pinned
    said: list[str] = []
    update(said.append, static)
    assert sorted(p.name for p in static.iterdir()) == sorted(p.directory for p in PACKAGES)
    react_dom = next(p for p in PACKAGES if p.name == "react-dom")
    script = static / react_dom.directory / "react-dom.production.min.js"
    assert script.read_text() == f"{react_dom.directory}/umd/react-dom.production.min.js"
    assert not (static / react_dom.directory / "README.md").exists()  # only what is pinned
    assert said[-1] == f"GraphiQL's assets written to {static}"
