"""How people are shown to other people."""

from __future__ import annotations


def display_name(first_name: str, last_name: str) -> str:
    """The public name of a user: first name and last initial ("Ada L.").

    Stored as `reviewer_name` on reviews when they are written, so showing a reviewer
    needs no read of the user.
    """
    initial = f" {last_name.strip()[0]}." if last_name.strip() else ""
    return f"{first_name.strip()}{initial}"
