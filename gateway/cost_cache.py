"""Operation costs already estimated (gateway/query_cost.py), to skip the walk of the
document on every request: an estimate depends only on the document, the operation and
the values of the few variables it read (page sizes, `ids`, filters), never on the others
(ids, text). The documents are those of the document cache, the same object for the
same text, so an entry is found by the document's identity.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Any

from graphql import DocumentNode

MAX_DOCUMENTS = 1000  # as many as the document cache holds by default
MAX_VALUES = 100  # distinct values of the variables read, per operation


@dataclass
class _Estimates:
    document: DocumentNode  # kept alive, so its id is not reused while the entry lasts
    read: tuple[str, ...]
    costs: dict[str, int] = field(default_factory=dict)


class CostCache:
    def __init__(self) -> None:
        self._entries: dict[tuple[int, str | None], _Estimates] = {}

    def get(
        self, document: DocumentNode, operation: str | None, variables: Mapping[str, Any]
    ) -> int | None:
        entry = self._entries.get((id(document), operation))
        if entry is None or entry.document is not document:
            return None
        return entry.costs.get(_values(entry.read, variables))

    def put(
        self,
        document: DocumentNode,
        operation: str | None,
        variables: Mapping[str, Any],
        read: Set[str],
        cost: int,
    ) -> None:
        key = (id(document), operation)
        entry = self._entries.get(key)
        if entry is None or entry.document is not document:
            if len(self._entries) >= MAX_DOCUMENTS:
                self._entries.clear()
            entry = self._entries[key] = _Estimates(document, tuple(sorted(read)))
        if len(entry.costs) >= MAX_VALUES:
            entry.costs.clear()
        entry.costs[_values(entry.read, variables)] = cost


def _values(names: tuple[str, ...], variables: Mapping[str, Any]) -> str:
    """The coerced values of the variables read, as a key (input objects are dicts)."""
    return repr([variables.get(name) for name in names])
