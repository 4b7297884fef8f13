"""A Datasette plugin (loaded with ``--plugins-dir``) that puts the web app's logins in front of Datasette.

In: Datasette's requests, and the plugin config ``encounters-guard`` that ``encounters browse``
writes: ``{"db": URL, "public": bool}``. Out: on a private record, every request needs either an
API token (``Authorization: Bearer enc_…``) or a user's name and password (HTTP Basic: the browser
asks), checked — and throttled — as the web app checks them; anything else is answered 401. The
user becomes Datasette's actor, and the metadata's ``allow`` blocks need one. Unconfigured (another
Datasette that happens to load it), it does nothing.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import time

from datasette import hookimpl

CACHE_SECONDS = 300  # a checked name and password is trusted this long (Argon2 is slow on purpose)


def guard_config(datasette) -> dict | None:
    return datasette.plugin_config("encounters-guard")


@hookimpl
def actor_from_request(datasette, request):
    user = request.scope.get("encounters_user")
    return {"id": user["username"], "role": user["role"]} if user else None


@hookimpl
def asgi_wrapper(datasette):
    config = guard_config(datasette)
    if not config or config.get("public"):
        return lambda app: app
    from encounters.core.errors import AccessError
    from encounters.review.users import authenticate, token_user
    from encounters.store import open_store

    store = open_store(config["db"])
    checked: dict[str, tuple[float, dict]] = {}

    def who(header: str, address: str | None) -> dict | None:
        if header[:7].lower() == "bearer ":
            return token_user(store, header[7:].strip())
        if header[:6].lower() != "basic ":
            return None
        key = hashlib.sha256(header.encode()).hexdigest()
        if key in checked and checked[key][0] > time.monotonic():
            return checked[key][1]
        try:
            name, _, password = base64.b64decode(header[6:].strip()).decode("utf-8").partition(":")
            user = authenticate(store, name, password, address=address)
        except (AccessError, ValueError):
            return None
        checked[key] = (time.monotonic() + CACHE_SECONDS, user)
        return user

    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            header = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
            address = (scope.get("client") or (None,))[0]
            user = await asyncio.to_thread(who, header, address) if header else None
            if user is None:
                body = b"this record needs a login: a user's name and password, or an API token"
                await send({"type": "http.response.start", "status": 401, "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                    (b"www-authenticate", b'Basic realm="encounters", charset="UTF-8"')]})
                await send({"type": "http.response.body", "body": body})
                return
            return await app({**scope, "encounters_user": user}, receive, send)

        return guarded

    return wrap
