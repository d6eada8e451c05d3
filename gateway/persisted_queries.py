"""Persisted queries: Apollo's automatic persisted queries (APQ), and in production an
allow-list of the operations the frontends registered.

APQ: a client sends `extensions.persistedQuery = {version: 1, sha256Hash}` without the
query, by POST or by GET; a known hash runs the text it stands for. An unknown one
answers the error whose message is `PersistedQueryNotFound` and whose code is
PERSISTED_QUERY_NOT_FOUND (what Apollo's link looks for), and the client sends the text
with the hash, which is checked and kept. Texts learnt that way are kept per process, at most
`max_entries`, the oldest dropped first.

The allow-list (`GATEWAY_PERSISTED_QUERIES`, a manifest written by
`python -m gateway persisted-queries build`) holds each registered operation by the
SHA-256 of its text. With `GATEWAY_ONLY_PERSISTED_QUERIES` the gateway runs nothing
else, by hash or by text (FORBIDDEN), and learns nothing new.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    SelectionNode,
    parse,
    print_ast,
)
from strawberry.http import GraphQLRequestData

from gateway.errors import BadUserInput, Forbidden, PersistedQueryNotFound

APQ_VERSION = 1
NOT_FOUND = "PersistedQueryNotFound"
MANIFEST_FORMAT = "apollo-persisted-query-manifest"


def query_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass
class PersistedQueries:
    registered: dict[str, str] = field(default_factory=dict)  # hash -> text
    only_registered: bool = False
    max_entries: int = 1000
    _learned: OrderedDict[str, str] = field(default_factory=OrderedDict)

    @classmethod
    def from_manifest(
        cls, path: Path | None, *, only_registered: bool, max_entries: int
    ) -> PersistedQueries:
        registered = read_manifest(path) if path is not None else {}
        return cls(registered, only_registered, max_entries)

    @staticmethod
    def by_hash_alone(request: GraphQLRequestData) -> bool:
        """The request names its operation by a persisted query's hash, without its text."""
        return request.query is None and "persistedQuery" in (request.extensions or {})

    def resolve(self, request: GraphQLRequestData) -> GraphQLRequestData:
        """The request with its text, or the error that says why it cannot run."""
        persisted = (request.extensions or {}).get("persistedQuery")
        if persisted is None:
            if self.only_registered and request.query is not None:
                self._allowed(query_hash(request.query))
            return request
        digest = self._hash_of(persisted)
        if request.query is None:
            text = self.registered.get(digest) or self._recall(digest)
            if text is None:
                self._allowed(digest)
                raise PersistedQueryNotFound(NOT_FOUND)
            return replace(request, query=text)
        if query_hash(request.query) != digest:
            raise BadUserInput("The query's SHA-256 is not persistedQuery.sha256Hash.")
        self._allowed(digest)
        self._learn(digest, request.query)
        return request

    @staticmethod
    def _hash_of(persisted: Any) -> str:
        if not isinstance(persisted, dict) or persisted.get("version") != APQ_VERSION:
            raise BadUserInput(f"persistedQuery must be {{version: {APQ_VERSION}, sha256Hash}}.")
        digest = persisted.get("sha256Hash")
        if not isinstance(digest, str) or len(digest) != 64:
            raise BadUserInput("persistedQuery.sha256Hash must be 64 hexadecimal digits.")
        return digest.lower()

    def _allowed(self, digest: str) -> None:
        if self.only_registered and digest not in self.registered:
            raise Forbidden(
                "This gateway runs registered operations only: register this one in the "
                "persisted query manifest."
            )

    def _recall(self, digest: str) -> str | None:
        text = self._learned.get(digest)
        if text is not None:
            self._learned.move_to_end(digest)
        return text

    def _learn(self, digest: str, text: str) -> None:
        if self.only_registered or digest in self.registered or self.max_entries <= 0:
            return
        self._learned[digest] = text
        if len(self._learned) > self.max_entries:
            self._learned.popitem(last=False)


# The manifest ----------------------------------------------------------------------------
def read_manifest(path: Path) -> dict[str, str]:
    """Apollo's persisted query manifest: `{format, version, operations: [{id, body, …}]}`."""
    try:
        manifest = json.loads(path.read_text())
        operations = manifest["operations"]
        registered = {str(o["id"]): str(o["body"]) for o in operations}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not a persisted query manifest: {error}") from error
    for digest, body in registered.items():
        if query_hash(body) != digest:
            raise ValueError(f"{path}: operation {digest} is not the SHA-256 of its body")
    return registered


def build_manifest(documents: Iterable[DocumentNode]) -> dict[str, Any]:
    """One entry per operation: its text with the fragments it spreads, printed."""
    operations = []
    for document in documents:
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                used = _spread_fragments(definition, fragments)
                body = "\n\n".join(print_ast(d) for d in [definition, *used])
                operations.append(
                    {
                        "id": query_hash(body),
                        "name": definition.name.value if definition.name else None,
                        "type": definition.operation.value,
                        "body": body,
                    }
                )
    return {"format": MANIFEST_FORMAT, "version": 1, "operations": operations}


def manifest_of_files(paths: Iterable[Path]) -> dict[str, Any]:
    return build_manifest(parse(path.read_text()) for path in sorted(paths))


def _spread_fragments(
    operation: OperationDefinitionNode, fragments: dict[str, FragmentDefinitionNode]
) -> list[FragmentDefinitionNode]:
    """The fragments an operation spreads, and those they spread, by name."""
    found: dict[str, FragmentDefinitionNode] = {}
    pending: list[ExecutableDefinitionNode] = [operation]
    while pending:
        for name in _spreads(pending.pop()):
            if name in fragments and name not in found:
                found[name] = fragments[name]
                pending.append(fragments[name])
    return sorted(found.values(), key=lambda f: f.name.value)


def _spreads(node: ExecutableDefinitionNode | SelectionNode) -> Iterator[str]:
    selection_set = getattr(node, "selection_set", None)
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FragmentSpreadNode):
            yield selection.name.value
        else:
            yield from _spreads(selection)
