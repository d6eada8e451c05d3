"""The operations the tests send, as the frontend teams write them (one `.graphql` file per
area). The tests carry their own copies so that a clone of the repository alone runs them;
`tests/test_contract.py` checks the schema against the consumer contract itself."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graphql import OperationDefinitionNode, parse, print_ast

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
