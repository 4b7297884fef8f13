"""Who is asking, and may they: sessions, CSRF tokens and role checks for the web app.

In: a Starlette request carrying a signed session cookie (itsdangerous, through Starlette's
``SessionMiddleware``). Out: FastAPI dependencies — ``reader`` (anyone when the operator made the
site public, else a logged-in user), ``editor`` (a logged-in editor whose account is still active)
and ``csrf`` (a POST must carry the session's token in the ``csrf_token`` form field or the
``X-CSRF-Token`` header). Failures raise ``AccessError``, which the app turns into 401/403 (JSON)
or a redirect to the login page (HTML). Passwords are checked in ``review.users``.
"""
from __future__ import annotations

import secrets

from fastapi import Request

from encounters.core.errors import AccessError

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class Forbidden(AccessError):
    """Logged in, but this needs another role (403)."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def current_user(request: Request) -> dict | None:
    """The logged-in user, re-checked against the database so a disabled account stops at once."""
    name = request.session.get("user")
    if not name:
        return None
    user = request.app.state.store.user(name)
    if user is None or user["disabled"]:
        request.session.pop("user", None)
        return None
    return {"username": user["username"], "role": user["role"]}


def log_in(request: Request, user: dict) -> None:
    """Start a fresh session for ``user`` (a new CSRF token too, against session fixation)."""
    request.session.clear()
    request.session["user"] = user["username"]
    request.session["csrf"] = secrets.token_urlsafe(32)


def log_out(request: Request) -> None:
    request.session.clear()


def reader(request: Request) -> dict | None:
    user = current_user(request)
    if user is None and not request.app.state.public:
        raise AccessError("this site needs a login to read", hint="log in at /login")
    return user


def editor(request: Request) -> dict:
    user = current_user(request)
    if user is None:
        raise AccessError("editing needs a login", hint="log in at /login")
    if user["role"] != "editor":
        raise Forbidden(f"{user['username']} may read but not edit", hint="ask for an editor account")
    return user


async def csrf(request: Request) -> None:
    """Refuse a state-changing request that does not carry this session's CSRF token."""
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        sent = form.get(CSRF_FIELD)
    expected = request.session.get("csrf")
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise Forbidden("missing or wrong CSRF token; the form may be stale",
                        hint="reload the page and submit again (API clients: send X-CSRF-Token from GET /api/session)")


def safe_next(target: str | None) -> str:
    """Only same-site paths after login: no ``//host`` or ``http://`` redirects."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
