"""Reviewers: accounts with hashed passwords and roles.

In: an open ``Store``, a username, a password and a role. Out: users stored with an Argon2 hash
(argon2-cffi; the password itself is never stored), and ``authenticate`` answering who someone
is or raising ``AccessError`` — the same message whether the name or the password was wrong.
Roles: ``editor`` may review, merge and split; ``viewer`` may read when the site is private.

Logins are throttled per account and per address (``ThrottledError`` says how long to wait, and a
locked account refuses even the right password until then); at most ``VERIFY_SLOTS`` password is
checked at once, so a flood of guesses cannot take the server's CPU. Sessions live in the database
(``start_session``/``session_user``/``end_session``; a password change or ``revoke_sessions`` ends
them all). API tokens for scripts (``create_token``, scope ``read`` or ``edit``) are shown once and
stored as a sha256 hash; ``token_user`` answers who a token is, and revoked ones stop at once.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import threading
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from encounters.core.errors import AccessError, EncountersError, ThrottledError
from encounters.store import Store

ROLES = ("editor", "viewer")
NAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
HASHER = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
DUMMY_HASH = HASHER.hash("not a real password")
SCOPES = ("read", "edit")
SESSION_HOURS = 8
ACCOUNT_LIMIT = 5     # failed logins for one account before it is locked for a while
ADDRESS_LIMIT = 20    # failed logins from one address before it is locked for a while
LOCK_SECONDS = 60     # the first lock; each further failure doubles it, up to MAX_LOCK_SECONDS
MAX_LOCK_SECONDS = 15 * 60
FORGET_AFTER = timedelta(hours=1)  # failures older than this (with no lock running) are forgotten
VERIFY_SLOTS = threading.BoundedSemaphore(1)  # Argon2 checks at once, per process (one already uses every core)


def check_password(password: str) -> str:
    if len(password) < 10:
        raise EncountersError("a password needs at least 10 characters", hint="use a passphrase")
    if len(password) > 1024:
        raise EncountersError("a password may have at most 1024 characters")
    return password


def create_user(store: Store, username: str, password: str, role: str = "editor") -> None:
    if not NAME.match(username or ""):
        raise EncountersError(f"{username!r} is not a valid username", hint="2-64 letters, digits, _ . @ -")
    if role not in ROLES:
        raise EncountersError(f"unknown role {role!r}", hint=f"use one of {', '.join(ROLES)}")
    store.add_user(username, HASHER.hash(check_password(password)), role)


def set_password(store: Store, username: str, password: str) -> None:
    """A new password; every session of the user ends (their API tokens stay: revoke them apart)."""
    store.update_user(username, password_hash=HASHER.hash(check_password(password)))
    store.end_sessions(username=username)


def now() -> datetime:
    return datetime.now(timezone.utc)


def throttle_keys(username: str, address: str | None) -> list[tuple[str, int]]:
    keys = [(f"user:{(username or '').lower()[:64]}", ACCOUNT_LIMIT)]
    if address:
        keys.append((f"addr:{address[:64]}", ADDRESS_LIMIT))
    return keys


def check_throttle(store: Store, username: str, address: str | None) -> None:
    """Refuse (``ThrottledError``) while the account or the address is locked after failed logins."""
    for key, _ in throttle_keys(username, address):
        row = store.login_failures(key)
        if row and row["locked_until"] and row["locked_until"] > now():
            wait = int((row["locked_until"] - now()).total_seconds()) + 1
            what = "this account" if key.startswith("user:") else "your address"
            raise ThrottledError(f"too many failed logins for {what}; try again in {wait} s",
                                 retry_after=wait, hint="if you forgot the password, ask an editor of this site")


def record_failure(store: Store, username: str, address: str | None) -> None:
    for key, limit in throttle_keys(username, address):
        row = store.login_failures(key)
        if row is None or (row["first_at"] < now() - FORGET_AFTER and not row["locked_until"]):
            row = {"failures": 0, "first_at": now()}
        failures = row["failures"] + 1
        lock = None
        if failures >= limit:
            lock = now() + timedelta(seconds=min(MAX_LOCK_SECONDS, LOCK_SECONDS * 2 ** min(failures - limit, 10)))
        store.set_login_failures(key, failures, row["first_at"], lock)


def authenticate(store: Store, username: str, password: str, *, address: str | None = None) -> dict:
    """The user's record (without the hash) if the name and password match an active user; throttled
    per account and per ``address``."""
    check_throttle(store, username, address)
    if not VERIFY_SLOTS.acquire(timeout=5):
        raise ThrottledError("the server is busy checking other logins; try again in a few seconds", retry_after=5)
    try:
        user = store.user(username) if NAME.match(username or "") else None
        try:
            HASHER.verify(user["password_hash"] if user else DUMMY_HASH, password or "")
        except (VerificationError, InvalidHashError):
            user = None
    finally:
        VERIFY_SLOTS.release()
    if user is None or user["disabled"]:
        record_failure(store, username, address)
        raise AccessError("wrong username or password", hint="ask an editor of this site for an account")
    store.set_login_failures(throttle_keys(username, None)[0][0], 0, now(), None)
    return {"username": user["username"], "role": user["role"]}


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def start_session(store: Store, user: dict) -> str:
    """A new session for ``user``; returns its id (the cookie carries it, the database its hash)."""
    session_id = secrets.token_urlsafe(32)
    store.add_session(digest(session_id), user["username"], now() + timedelta(hours=SESSION_HOURS))
    return session_id


def active_user(store: Store, username: str | None) -> dict | None:
    user = store.user(username) if username else None
    if user is None or user["disabled"]:
        return None
    return {"username": user["username"], "role": user["role"]}


def session_user(store: Store, session_id: str | None) -> dict | None:
    """Who a live session belongs to; None once it ended (logout, password change, revoke) or expired."""
    if not isinstance(session_id, str) or not session_id or len(session_id) > 200:
        return None
    return active_user(store, store.session_owner(digest(session_id)))


def end_session(store: Store, session_id: str | None) -> None:
    if isinstance(session_id, str) and session_id:
        store.end_sessions(id_hash=digest(session_id))


def revoke_sessions(store: Store, username: str, *, tokens: bool = False) -> tuple[int, int]:
    """End every session of a user (and with ``tokens``, revoke their API tokens); returns the counts."""
    if store.user(username) is None:
        raise EncountersError(f"no user {username!r}", hint="`encounters users list` shows them")
    return store.end_sessions(username=username), store.revoke_tokens(username=username) if tokens else 0


def create_token(store: Store, username: str, scope: str, label: str | None = None) -> tuple[int, str]:
    """A new API token for ``username`` with ``scope`` (read, or edit for an editor); returns (id, token).
    The token is shown this once: only its hash is kept."""
    user = active_user(store, username)
    if user is None:
        raise EncountersError(f"no active user {username!r}", hint="`encounters users list` shows them")
    if scope not in SCOPES:
        raise EncountersError(f"unknown scope {scope!r}", hint="use read or edit")
    if scope == "edit" and user["role"] != "editor":
        raise EncountersError(f"{username} is a viewer: a token of theirs can only read", hint="use --scope read")
    token = "enc_" + secrets.token_urlsafe(32)
    return store.add_token(digest(token), username, scope, (label or "")[:255] or None), token


def token_user(store: Store, token: str | None) -> dict | None:
    """The user a live API token stands for, with its scope; None for an unknown or revoked token."""
    if not isinstance(token, str) or not token.startswith("enc_") or len(token) > 200:
        return None
    row = store.token(digest(token))
    user = active_user(store, row["username"]) if row else None
    if user is None:
        return None
    scope = row["scope"] if user["role"] == "editor" else "read"
    return {**user, "scope": scope, "token": row["id"]}
