"""The consumer contract's operations, read from a folder of `.graphql` files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphql import OperationDefinitionNode, parse, print_ast

# The contract lives beside the repository when the project is checked out with it; the
# bench is a tool, so it runs without it (and without operations to measure).
DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "contract"


@dataclass(frozen=True)
class Operation:
    name: str
    file: str
    document: str
    is_mutation: bool


def load_operations(folder: Path) -> list[Operation]:
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.graphql")):
        for definition in parse(path.read_text()).definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name:
                found.append(
                    Operation(
                        definition.name.value,
                        path.name,
                        print_ast(definition),
                        definition.operation.value == "mutation",
                    )
                )
    return found
