"""Schema directives: what a field declares about itself, printed in the SDL."""

from __future__ import annotations

import strawberry
from strawberry.schema_directive import Location


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION],
    description=(
        "Runs at most once per request: a second selection of the field, under another "
        "alias or in another operation of a batch, is refused with QUERY_TOO_COMPLEX before "
        "anything runs. For fields that check a secret or create an account."
    ),
)
class OncePerRequest:
    pass


ONCE_PER_REQUEST = OncePerRequest()
