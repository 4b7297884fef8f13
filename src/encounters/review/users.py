"""Reviewers: accounts with hashed passwords and roles.

In: an open ``Store``, a username, a password and a role. Out: users stored with an Argon2 hash
(argon2-cffi; the password itself is never stored), and ``authenticate`` answering who someone
is or raising ``AccessError`` — the same message whether the name or the password was wrong.
Roles: ``editor`` may review, merge and split; ``viewer`` may read when the site is private.
"""
from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from encounters.core.errors import AccessError, EncountersError
from encounters.store import Store

ROLES = ("editor", "viewer")
NAME = re.compile(r"^[A-Za-z0-9_.@-]{2,64}$")
HASHER = PasswordHasher()
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
DUMMY_HASH = HASHER.hash("not a real password")


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
    store.update_user(username, password_hash=HASHER.hash(check_password(password)))


def authenticate(store: Store, username: str, password: str) -> dict:
    """The user's record (without the hash) if the name and password match an active user."""
    user = store.user(username or "")
    try:
        HASHER.verify(user["password_hash"] if user else DUMMY_HASH, password or "")
    except (VerificationError, InvalidHashError):
        user = None
    if user is None or user["disabled"]:
        raise AccessError("wrong username or password", hint="ask an editor of this site for an account")
    return {"username": user["username"], "role": user["role"]}
