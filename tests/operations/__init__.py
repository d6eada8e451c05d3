"""The operations the tests send, as the frontend teams write them (one `.graphql` file per
area). The tests carry their own copies so that a clone of the repository alone runs them;
`tests/test_contract.py` checks the schema against the consumer contract itself."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphql import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)

HERE = Path(__file__).parent


@cache
def operation(file: str, name: str) -> str:
    """The text of operation `name` in `tests/operations/<file>`."""
    (found,) = [
        d
        for d in parse((HERE / file).read_text()).definitions
        if isinstance(d, OperationDefinitionNode) and d.name and d.name.value == name
    ]
    return print_ast(found)


@cache
def document(file: str, name: str) -> str:
    """Operation `name` of `tests/operations/<file>` with the fragments it spreads, directly
    or through other fragments: the document a client sends."""
    definitions = parse((HERE / file).read_text()).definitions
    fragments = {d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)}
    (found,) = [
        d
        for d in definitions
        if isinstance(d, OperationDefinitionNode) and d.name and d.name.value == name
    ]
    needed: dict[str, FragmentDefinitionNode] = {}

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: object) -> None:
            if node.name.value not in needed:
                needed[node.name.value] = fragments[node.name.value]
                visit(fragments[node.name.value], self)

    visit(found, Spreads())
    return "\n\n".join(print_ast(d) for d in [found, *needed.values()])
