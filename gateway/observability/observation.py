"""What one request did, for its log line, its metrics and its span: the GraphQL
operations it ran (their names and error codes). The DynamoDB calls are in the
request's `CallLog`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from graphql import GraphQLSyntaxError
from graphql.language import Lexer, Source, TokenKind
from strawberry.http import GraphQLRequestData
from strawberry.types import ExecutionResult

from gateway.error_reporting import error_code

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
_OPERATION_KEYWORDS = frozenset({"query", "mutation", "subscription"})
_OPENING = frozenset({TokenKind.BRACE_L, TokenKind.PAREN_L, TokenKind.BRACKET_L})
_CLOSING = frozenset({TokenKind.BRACE_R, TokenKind.PAREN_R, TokenKind.BRACKET_R})


@dataclass
class Operation:
    name: str | None  # None: an anonymous operation, or one whose document did not parse
    error_codes: list[str]


@dataclass
class Observation:
    operations: list[Operation] = field(default_factory=list)

    def executed(self, request: GraphQLRequestData, result: ExecutionResult) -> None:
        """Record one operation (a batch records several)."""
        name = request.operation_name
        if name is None or not _NAME.fullmatch(name):
            name = _first_operation_name(request.query or "")
        codes = [error_code(error).value for error in result.errors or []]
        self.operations.append(Operation(name, codes))

    @property
    def error_codes(self) -> list[str]:
        return [code for operation in self.operations for code in operation.error_codes]


# Frontends send the same few documents again and again; those of a frontend's size are
# remembered (at most 1,024 of 8 KB: hostile texts cannot grow memory), others lexed anew.
_REMEMBERED_CHARACTERS = 8192


def _first_operation_name(document: str) -> str | None:
    if len(document) > _REMEMBERED_CHARACTERS:
        return first_operation_name(document)
    return _remembered_name(document)


@functools.lru_cache(maxsize=1024)
def _remembered_name(document: str) -> str | None:
    return first_operation_name(document)


def first_operation_name(document: str) -> str | None:
    """The name of the document's first operation (the one run when the request names
    none), read from its tokens without parsing it; None if anonymous or unreadable."""
    depth = 0
    header: list[str] = []  # the names of the current definition's header, at depth 0
    try:
        lexer = Lexer(Source(document))
        token = lexer.advance()
        while token.kind is not TokenKind.EOF:
            operation = bool(header) and header[0] in _OPERATION_KEYWORDS
            if depth == 0 and token.kind is TokenKind.NAME:
                if operation:
                    return token.value
                header.append(token.value or "")
            elif depth == 0 and (operation or (token.kind is TokenKind.BRACE_L and not header)):
                return None  # `query (`, `query {`, or a shorthand `{`: anonymous
            if token.kind in _OPENING:
                depth += 1
            elif token.kind in _CLOSING:
                depth -= 1
                if depth == 0 and token.kind is TokenKind.BRACE_R:
                    header = []  # a definition ended
            token = lexer.advance()
    except GraphQLSyntaxError:
        return None
    return None
