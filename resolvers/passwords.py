"""Passwords: changing one, and resetting a forgotten one with a code sent by e-mail.

- `change_password`: the current password is checked, the new one set, and every other
  session of the user ends in the same transaction; the session that asked stays.
- `request_reset`: always answers the same, whether or not the address has an account.
  For an account, a 6-digit code is stored as an HMAC (keyed by the gateway's secret: a
  leaked table does not give the codes away) in the user's `OTP#PASSWORD_RESET` item,
  valid `CODE_SECONDS` (its TTL), replacing any earlier code: one live code per account.
  The code is e-mailed (Amazon SES); in development it is logged too.
- `reset_password`: a wrong, expired or used code is INVALID_CREDENTIALS; `MAX_ATTEMPTS`
  wrong codes burn it. The right one, in one transaction: deleted (single use: of two
  resets racing with one code, one wins), the new password set, every session ended and
  a new one started (the caller is signed in).

Every password or code is judged in `check_credentials`, behind the sign-in throttle
(resolvers/throttle.py): a change counts its failures under the user's id, a reset under
the e-mail address it names (the name a sign-in by e-mail counts under), and both under
the client's address.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from gateway.auth import Viewer
from gateway.context import Context
from gateway.errors import Problem, Rejected, ServiceUnavailable, UserErrorCode
from gateway.mail import Mailer
from gateway.passwords import Passwords
from gateway.settings import Settings
from loaders import credentials, users
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY, Dynamo
from loaders.ids import later_than, timestamp
from loaders.request import RequestLoaders
from resolvers import validation
from resolvers.accounts import SignedIn, new_session
from resolvers.throttle import Throttle, rules_of

logger = logging.getLogger("gateway.passwords")

PURPOSE = "PASSWORD_RESET"
CODE_DIGITS = 6
CODE_SECONDS = 300
MAX_ATTEMPTS = 5
WRONG_PASSWORD = Problem(
    UserErrorCode.INVALID_CREDENTIALS, "The current password is wrong.", ("current_password",)
)
WRONG_CODE = Problem(
    UserErrorCode.INVALID_CREDENTIALS,
    "This code is wrong, expired or used; ask for a new one.",
    ("code",),
)
SUBJECT = "Your password reset code"
KEPT_CHANGING = "The account kept changing while the password was set; try again."


async def check_credentials(
    throttle: Throttle, check: Callable[[], Awaitable[bool]], refusal: Problem
) -> None:
    """The one place a password or a reset code is judged, once `throttle.check()` (run
    beside the caller's own reads) let it through: `refusal`, and one more failure
    counted, unless `check` says it is right."""
    if not await check():
        await throttle.failed()
        raise Rejected(refusal)


async def _nobody() -> None:
    return None


def _code_hash(settings: Settings, user_id: str, code: str) -> str:
    key = hmac.new(settings.secret, b"password reset codes", hashlib.sha256).digest()
    return hmac.new(key, f"{user_id}:{code}".encode(), hashlib.sha256).hexdigest()


async def _password_matches(passwords: Passwords, stored_hash: str | None, password: str) -> bool:
    """Checked against a stand-in hash when there is none, to take the same time."""
    if len(password) > validation.PASSWORD_LENGTHS[1]:
        return False  # never a valid password: no hash to spend time on
    hashed = stored_hash or passwords.stand_in_hash
    return await asyncio.to_thread(passwords.verify, hashed, password) and bool(stored_hash)


async def _code_matches(
    loaders: RequestLoaders, settings: Settings, stored: Item | None, code: str
) -> bool:
    """A wrong code counts against the stored one (`MAX_ATTEMPTS` burn it)."""
    if stored is None:
        return False
    wanted = _code_hash(settings, stored["user_id"], code.strip())
    if hmac.compare_digest(wanted, str(stored["code_hash"])):
        return True
    await credentials.count_wrong_code(loaders.dynamo, stored, MAX_ATTEMPTS)
    return False


async def change_password(context: Context, viewer: Viewer, current: str, new: str) -> None:
    validation.reject_invalid(validation.password(new, "new_password"))
    loaders, settings = context.loaders, context.settings
    throttle = Throttle(loaders, rules_of(settings), viewer.user_id, context.client_address)
    dynamo = loaders.dynamo
    (profile, found), _ = await asyncio.gather(
        credentials.profile_and_sessions(dynamo, viewer.user_id),
        throttle.check(),  # TOO_MANY_ATTEMPTS while locked: no password is checked
    )
    stored = (profile or {}).get("password_hash")
    check = functools.partial(_password_matches, settings.passwords, stored, current)
    await check_credentials(throttle, check, WRONG_PASSWORD)
    password_hash = await asyncio.to_thread(settings.passwords.hash, new)
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        if attempt:  # the profile changed meanwhile (or a session began): read again
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            profile, found = await credentials.profile_and_sessions(dynamo, viewer.user_id)
        if profile is None:
            raise Rejected(WRONG_PASSWORD)
        others = [s for s in found if s["session_id"] != viewer.session_id]
        at = later_than(profile.get("updated_at"), timestamp())
        if await credentials.set_password(dynamo, profile, password_hash, at, ended=others):
            return
    raise ServiceUnavailable(KEPT_CHANGING)


async def new_code(dynamo: Dynamo, settings: Settings, user_id: str) -> str:
    """A fresh code for the user's password reset, stored (as its HMAC) in place of any
    earlier one; the code itself is returned, for the e-mail (the bench stores one this
    way too, as it cannot read the e-mail)."""
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    code_hash = _code_hash(settings, user_id, code)
    await credentials.put_code(dynamo, user_id, PURPOSE, code_hash, int(time.time()) + CODE_SECONDS)
    return code


async def request_reset(
    loaders: RequestLoaders, settings: Settings, mailer: Mailer | None, email: str
) -> None:
    """Store and send a code if the address has an account; the same answer either way."""
    address = email.strip()
    if validation.email(address) is not None:
        return
    user = await users.user_by_email(loaders.dynamo, address)
    if user is None:
        return
    code = await new_code(loaders.dynamo, settings, user["user_id"])
    if not settings.is_production:
        logger.info("password reset code for user %s: %s", user["user_id"], code)
    text = (
        f"Hello {user.get('first_name', '')},\n\nYour code to reset your password is {code}.\n"
        f"It is valid for {CODE_SECONDS // 60} minutes, once. If you did not ask for it, "
        "ignore this message: your password has not changed.\n"
    )
    if mailer is not None:
        await mailer.send(user["email"], SUBJECT, text)


async def reset_password(context: Context, email: str, code: str, new: str) -> SignedIn:
    validation.reject_invalid(validation.password(new, "new_password"))
    loaders, settings = context.loaders, context.settings
    dynamo = loaders.dynamo
    address = email.strip()
    throttle = Throttle(loaders, rules_of(settings), address.lower(), context.client_address)
    user, _ = await asyncio.gather(
        _nobody() if validation.email(address) else users.user_by_email(dynamo, address),
        throttle.check(),  # TOO_MANY_ATTEMPTS while locked: no code is checked
    )
    stored: Item | None = None
    profile: Item | None = None
    ended: list[Item] = []
    if user is not None:
        stored, (profile, ended) = await asyncio.gather(
            credentials.code_now(dynamo, user["user_id"], PURPOSE),
            credentials.profile_and_sessions(dynamo, user["user_id"]),
        )
    check = functools.partial(_code_matches, loaders, settings, stored, code)
    await check_credentials(throttle, check, WRONG_CODE)
    if profile is None or stored is None:
        raise Rejected(WRONG_CODE)
    now = datetime.now(UTC)
    token, session = new_session(settings, profile, now)
    password_hash = await asyncio.to_thread(settings.passwords.hash, new)
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        if attempt:  # a session began meanwhile (or the account changed): read again
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            checked = stored
            stored, (profile, ended) = await asyncio.gather(
                credentials.code_now(dynamo, session.user_id, PURPOSE),
                credentials.profile_and_sessions(dynamo, session.user_id),
            )
            if profile is None or stored != checked:
                raise Rejected(WRONG_CODE)  # used meanwhile: ask again
        at = later_than(profile.get("updated_at"), timestamp(now))
        if await credentials.set_password(
            dynamo, profile, password_hash, at, ended=ended, used_code=stored, new_session=session
        ):
            return SignedIn(profile | {"password_hash": password_hash, "updated_at": at}, token)
    raise ServiceUnavailable(KEPT_CHANGING)
