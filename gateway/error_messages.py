"""Messages in the client's words, not Python's.

graphql-core writes the values it refuses as Python (`None`, `True`, `{'a': 1}`) and its
built-in scalars say what they cannot represent, not what they accept. `plain` rewrites
both: a value becomes JSON, and a refusal of ID, String, Int, Float or Boolean says what
the value must look like. Messages the gateway writes itself (its scalars, cursors, use
cases) are already in these words and pass through unchanged.
"""

from __future__ import annotations

import ast
import json
import re
from typing import Any

EXPECTED = {
    "ID": "a string (or an integer)",
    "String": "a string",
    "Int": "a whole number from -2147483648 to 2147483647",
    "Float": "a number",
    "Boolean": "true or false",
}
_BUILT_IN = re.compile(
    r"\b(?P<scalar>ID|String|Int|Float|Boolean) cannot represent [^:]*value: (?P<value>.*)$",
    re.DOTALL,
)
# Where graphql-core prints the value it refused, at the end of its message.
_VALUE_AT_END = re.compile(r"(?:[,;.?] [Ff]ound|value): ")
_NULL = " not to be None."


def as_json(text: str) -> str | None:
    """`text` as JSON when it is a Python literal (what graphql-core prints), else None."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    return json.dumps(_without_ellipsis(value), ensure_ascii=False)


def _without_ellipsis(value: Any) -> Any:
    """graphql-core cuts long lists and dicts with `...`; JSON has no such value."""
    if value is Ellipsis:
        return "…"
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_without_ellipsis(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _without_ellipsis(item) for key, item in value.items()}
    if isinstance(value, (bytes, complex)):
        return str(value)
    return value


def plain(message: str) -> str:
    message = message.replace(_NULL, " not to be null.")
    built_in = _BUILT_IN.search(message)
    if built_in is not None:
        scalar, value = built_in["scalar"], built_in["value"]
        shown = as_json(value) or value  # a literal of the document is GraphQL already
        return f"{message[: built_in.start()]}{scalar} must be {EXPECTED[scalar]}, not {shown}."
    for marker in _VALUE_AT_END.finditer(message):
        value = message[marker.end() :]
        shown = as_json(value.removesuffix(".")) or as_json(value)
        if shown is not None:
            return f"{message[: marker.end()]}{shown}."
    return message
