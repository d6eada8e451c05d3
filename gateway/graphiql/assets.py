"""GraphiQL's assets, pinned: the npm packages its page loads, their versions, and the files
the gateway serves of each (minified builds and each package's licence), kept in `static/`
so the page needs no network but the gateway's. `python -m gateway.graphiql update` fetches
them again from npm after a version here changes."""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class NpmPackage:
    name: str
    version: str
    # Paths inside the package, served under `<name>@<version>/` by their file name alone;
    # scripts and style sheets are loaded by the page in this order.
    files: tuple[str, ...]

    @property
    def directory(self) -> str:
        return f"{self.name}@{self.version}"

    def served(self) -> list[str]:
        """The files' paths under `static/`."""
        return [f"{self.directory}/{Path(file).name}" for file in self.files]


# GraphiQL 4 is the last major version with a UMD build (5 is ES modules and Monaco's
# workers); React 18 the last with one, and within GraphiQL 4's peer range.
PACKAGES = (
    NpmPackage("react", "18.3.1", ("umd/react.production.min.js", "LICENSE")),
    NpmPackage("react-dom", "18.3.1", ("umd/react-dom.production.min.js", "LICENSE")),
    NpmPackage("graphiql", "4.1.2", ("graphiql.min.css", "graphiql.min.js", "LICENSE")),
)


def update(say: Callable[[str], None], static: Path = STATIC) -> None:
    """Replaces `static` with the pinned packages' files, fetched with `npm pack` (which
    checks each tarball against the registry's integrity hash)."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch GraphiQL's assets (apt-get install npm)")
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch) / "static"
        for package in PACKAGES:
            spec = f"{package.name}@{package.version}"
            packed = subprocess.run(
                [npm, "pack", spec, "--json", "--pack-destination", scratch],
                check=True,
                capture_output=True,
                text=True,
            )
            tarball = Path(scratch) / json.loads(packed.stdout)[0]["filename"]
            _extract(tarball, package, fresh / package.directory)
            say(f"{spec}: {', '.join(Path(file).name for file in package.files)}")
        shutil.rmtree(static, ignore_errors=True)
        shutil.copytree(fresh, static)
    say(f"GraphiQL's assets written to {static}")


def _extract(tarball: Path, package: NpmPackage, into: Path) -> None:
    into.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        for file in package.files:
            member = archive.extractfile(f"package/{file}")
            if member is None:
                raise SystemExit(f"{package.directory} has no file {file}")
            (into / Path(file).name).write_bytes(member.read())
