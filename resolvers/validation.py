"""Checks of what callers send, run before a use case reads or writes anything.

Each check returns None or the INVALID_INPUT problem of one field; `reject_invalid`
refuses an input with every problem it has at once. Field names are the use case's own
(snake_case); the schema turns them into the paths of its arguments.
"""

from __future__ import annotations

import re

from gateway.errors import Problem, Rejected, UserErrorCode

USERNAME = re.compile(r"[A-Za-z0-9_.-]{3,30}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
PHONE = re.compile(r"\+?[0-9][0-9 ().-]{4,24}")
COUNTRY = re.compile(r"[A-Z]{2}")
MAX_EMAIL_LENGTH = 254
PASSWORD_LENGTHS = (10, 128)
NAME_LENGTH = 100
LINE_LENGTH = 200


def invalid(field: str, message: str) -> Problem:
    return Problem(UserErrorCode.INVALID_INPUT, message, tuple(field.split(".")))


def reject_invalid(*checks: Problem | None) -> None:
    """Raise `Rejected` with every problem found; return when there is none."""
    problems = [problem for problem in checks if problem is not None]
    if problems:
        raise Rejected(*problems)


def username(value: str, field: str = "username") -> Problem | None:
    if USERNAME.fullmatch(value):
        return None
    return invalid(field, "A username is 3 to 30 letters, digits, '_', '.' or '-'.")


def email(value: str, field: str = "email") -> Problem | None:
    if len(value) <= MAX_EMAIL_LENGTH and EMAIL.fullmatch(value):
        return None
    return invalid(field, "Give an email address such as ada@example.com.")


def password(value: str, field: str = "password") -> Problem | None:
    shortest, longest = PASSWORD_LENGTHS
    if shortest <= len(value) <= longest:
        return None
    return invalid(field, f"A password is {shortest} to {longest} characters long.")


def text(
    value: str | None, field: str, what: str, *, required: bool = True, longest: int = NAME_LENGTH
) -> Problem | None:
    """Free text: not blank when `required` (blank means absent when not), at most
    `longest` characters."""
    if value is None or not value.strip():
        if not required:
            return None
        return invalid(field, f"{what} cannot be empty.")
    if len(value) > longest:
        return invalid(field, f"{what} is at most {longest} characters long.")
    return None


def phone(value: str | None, field: str = "phone") -> Problem | None:
    if value is None or PHONE.fullmatch(value):
        return None
    return invalid(field, "Give a phone number of digits, spaces and ( ) . - with an optional +.")


def country(value: str, field: str = "country") -> Problem | None:
    if COUNTRY.fullmatch(value.upper()):
        return None
    return invalid(field, "Give the country as its two-letter ISO 3166 code, such as US.")


def number_between(value: int, field: str, what: str, low: int, high: int) -> Problem | None:
    if low <= value <= high:
        return None
    return invalid(field, f"{what} is {low} to {high}.")


def clean(value: str | None) -> str | None:
    """Text as stored: trimmed, and absent rather than empty."""
    stripped = value.strip() if value is not None else None
    return stripped or None
