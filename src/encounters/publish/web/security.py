"""Who is asking, and may they: sessions, CSRF tokens and role checks for the web app.

In: a Starlette request carrying a signed session cookie (itsdangerous, through Starlette's
``SessionMiddleware``) whose session id must still be live in the database, or an
``Authorization: Bearer enc_…`` API token. Out: FastAPI dependencies — ``reader`` (anyone when
the operator made the site public, else a logged-in user or a token), ``editor`` (an active
editor, by session or by a token with the ``edit`` scope) and ``csrf`` (a POST with a session
must carry the session's token in the ``csrf_token`` form field or the ``X-CSRF-Token`` header; a
request authenticated by a bearer token carries no ambient credential and needs none). Failures
raise ``AccessError``, which the app turns into 401/403/429 (JSON) or a redirect to the login page
(HTML). Passwords, sessions and tokens are checked in ``review.users``.
"""
from __future__ import annotations

import secrets

from fastapi import Request

from encounters.core.errors import AccessError
from encounters.review.users import end_session, session_user, start_session, token_user

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


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else None


def current_user(request: Request) -> dict | None:
    """Who is asking: the owner of a bearer token (and only that, when one is sent), else the user of
    a live session — re-checked against the database on every request, so a logout, a password
    change, a revoke or a disabled account stops it at once."""
    if hasattr(request.state, "user"):
        return request.state.user
    store = request.app.state.store
    token = bearer_token(request)
    if token is not None:
        user = token_user(store, token)
    else:
        user = session_user(store, request.session.get("sid"))
        if user is None and "sid" in request.session:
            request.session.pop("sid", None)
        if user is not None:
            user = {**user, "scope": "edit"}
    request.state.user = user
    return user


def public_user(user: dict | None) -> dict | None:
    return {"username": user["username"], "role": user["role"]} if user else None


def log_in(request: Request, user: dict) -> None:
    """Start a fresh session for ``user`` (a new id and CSRF token, against session fixation)."""
    end_session(request.app.state.store, request.session.get("sid"))
    request.session.clear()
    request.session["sid"] = start_session(request.app.state.store, user)
    request.session["csrf"] = secrets.token_urlsafe(32)
    request.state.user = {**user, "scope": "edit"}


def log_out(request: Request) -> None:
    """End the session here and in the database: the cookie is worthless from now on."""
    end_session(request.app.state.store, request.session.get("sid"))
    request.session.clear()
    request.state.user = None


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
    if user.get("scope") != "edit":
        raise Forbidden("this API token may only read", hint="make one with --scope edit to edit")
    return user


async def csrf(request: Request) -> None:
    """Refuse a state-changing request that does not carry this session's CSRF token (a request
    authenticated by a bearer token alone has no cookie to ride on, and is exempt)."""
    if bearer_token(request) is not None:
        return
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
