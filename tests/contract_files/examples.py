"""The documented example operations of `examples/*.graphql`, one by one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    NonNullTypeNode,
    OperationDefinitionNode,
    OperationType,
    parse,
    print_ast,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FILES = sorted(EXAMPLES.glob("*.graphql"))


@dataclass(frozen=True)
class Example:
    name: str
    node: OperationDefinitionNode
    text: str  # the operation alone, with the fragments it spreads

    @property
    def runs_without_arguments(self) -> bool:
        """A query whose variables all have defaults or may be null."""
        return self.node.operation is OperationType.QUERY and not any(
            isinstance(v.type, NonNullTypeNode) and v.default_value is None
            for v in self.node.variable_definitions or ()
        )


def _alone(operation: OperationDefinitionNode, fragments: list[FragmentDefinitionNode]) -> str:
    text = print_ast(operation)
    used = [f for f in fragments if f"...{f.name.value}" in text]
    return print_ast(DocumentNode(definitions=(operation, *used)))


def examples(path: Path) -> list[Example]:
    definitions = parse(path.read_text()).definitions
    fragments = [d for d in definitions if isinstance(d, FragmentDefinitionNode)]
    return [
        Example(d.name.value if d.name else "", d, _alone(d, fragments))
        for d in definitions
        if isinstance(d, OperationDefinitionNode)
    ]


def example(name: str) -> str:
    """The text of the example operation called `name`."""
    for path in FILES:
        for found in examples(path):
            if found.name == name:
                return found.text
    raise KeyError(f"no example operation {name} in {EXAMPLES}")
