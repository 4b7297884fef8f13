"""The web app: one FastAPI application serving the HTML pages, the JSON API and the exports.

In: a database URL and the operator's choices (public reading or login required, a map tile URL
or none, the session signing key). Out: ``create_app(...)`` — a FastAPI app with the routes of
``pages`` (HTML) and ``api`` (JSON, described at ``/openapi.json``), static files (Leaflet is
bundled, so the map needs no CDN), security headers (a Content-Security-Policy that allows no
inline script) on every page, ``/docs`` included (a page rendered here from the OpenAPI document:
no script, no CDN, works offline), signed session cookies, a cap on request bodies
(``MAX_BODY_BYTES``, refused with 413 before they are read), a refusal of NUL characters in URLs,
and one error handler that turns ``EncountersError`` into a JSON error with a hint under ``/api``
and an error page elsewhere — bad parameters are a clean 4xx, never a 500.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.middleware.sessions import SessionMiddleware

from encounters import __version__
from encounters.core.errors import AccessError, ConflictError, EncountersError, NotFoundError, ThrottledError
from encounters.store import open_store
from encounters.store.queries import IncidentFilter

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.filters["urlpart"] = lambda value: quote(str(value), safe="")  # an id as one URL path segment
MAX_BODY_BYTES = 1024 * 1024  # forms and JSON edits are small; nothing bigger is read
MAX_PARAM_CHARS = 200         # one query parameter
MAX_PAGE = 1_000_000


def status_of(err: EncountersError, request: Request) -> int:
    from encounters.publish.web.security import Forbidden

    if isinstance(err, Forbidden):
        return 403
    if isinstance(err, ThrottledError):
        return 429
    if isinstance(err, AccessError):
        return 401
    if isinstance(err, NotFoundError):
        return 404
    if isinstance(err, ConflictError):
        return 409
    return 400


def parse_filter(params) -> IncidentFilter:
    """An ``IncidentFilter`` from query parameters (the store's one parser); bad values are a clear 400, not a 500."""
    for name, value in params.items():
        if len(value) > MAX_PARAM_CHARS:
            raise EncountersError(f"{name} is {len(value):,} characters, over the {MAX_PARAM_CHARS} limit",
                                  hint="shorten the search")
    return IncidentFilter.from_params(params)


def parse_page(params) -> tuple[int, int]:
    try:
        page = int((params.get("page") or "1")[:20])
        per_page = int((params.get("per_page") or "50")[:20])
    except ValueError:
        raise EncountersError("page and per_page must be whole numbers") from None
    if not 1 <= page <= MAX_PAGE:
        raise EncountersError(f"page must be between 1 and {MAX_PAGE:,}")
    return page, max(1, min(per_page, 500))


class BodyLimit:
    """Pure ASGI middleware refusing a request body over ``limit`` bytes with 413: at once when its
    Content-Length says so, else as soon as the streamed body passes the limit — never read whole."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length", b"0")
        if not length.isdigit():
            return await refuse(send, 400, "Content-Length is not a number")
        if int(length) > self.limit:
            return await refuse(send, 413, f"the request body is over the {self.limit // 1024} KB limit")
        seen = 0

        async def bounded_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    from starlette.exceptions import HTTPException

                    raise HTTPException(413, f"the request body is over the {self.limit // 1024} KB limit")
            return message

        return await self.app(scope, bounded_receive, send)


class CleanURL:
    """Pure ASGI middleware refusing a URL whose path or query holds a NUL (``%00``): no id or
    filter has one, and PostgreSQL would refuse it deeper down."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and ("\x00" in scope["path"] or b"%00" in scope.get("query_string", b"")
                                        or b"\x00" in scope.get("query_string", b"")):
            return await refuse(send, 400, "the URL holds a NUL character")
        return await self.app(scope, receive, send)


async def refuse(send, status: int, message: str) -> None:
    import json

    body = json.dumps({"error": message, "hint": None}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Pure ASGI middleware adding a Content-Security-Policy (no inline script, no framing) and
    friends to every response, /docs included (it is rendered here, with no script)."""

    def __init__(self, app, csp: str) -> None:
        self.app = app
        self.headers = [(b"content-security-policy", csp.encode()), (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"same-origin"), (b"x-frame-options", b"DENY")]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.headers
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def create_app(db_url: str | None = None, *, public: bool = False, tiles: str | None = None,
               secret_key: str | None = None, secure_cookies: bool = False) -> FastAPI:
    """The app over the database at ``db_url`` (created and migrated if needed)."""
    store = open_store(db_url)
    # No key given: a fresh one per start (sessions end on restart); `serve --workers N` passes one
    # key to all its workers. No secret is ever written to the database, which Datasette may show.
    key = secret_key or secrets.token_urlsafe(48)
    app = FastAPI(title="encounters", version=__version__,
                  description="A grounded record of use-of-force incidents built from news reports. Every value "
                              "keeps its sources; reviewers' changes are audited.",
                  openapi_tags=[{"name": "incidents"}, {"name": "documents"}, {"name": "review"},
                                {"name": "session"}, {"name": "exports"}],
                  docs_url=None, redoc_url=None, openapi_url=None)  # served by pages, behind the reader check
    app.state.store = store
    app.state.public = public
    app.state.tiles = tiles
    app.add_middleware(SessionMiddleware, secret_key=key, session_cookie="encounters_session", max_age=8 * 3600,
                       same_site="lax", https_only=secure_cookies)

    tile_host = ""
    if tiles and "://" in tiles:
        tile_host = " " + "/".join(tiles.split("/")[:3]).replace("{s}.", "*.")

    app.add_middleware(SecurityHeaders, csp=(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data:{tile_host}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        "form-action 'self'"))
    app.add_middleware(BodyLimit)
    app.add_middleware(CleanURL)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, err: RequestValidationError):
        """422 naming each bad part; the offending input is not echoed (it may be NaN, or megabytes)."""
        problems = ["/".join(str(x) for x in e.get("loc", ())) + ": " + str(e.get("msg", "invalid"))
                    for e in err.errors()][:20]
        return JSONResponse({"error": "invalid request: " + "; ".join(problems), "hint": "see /docs"},
                            status_code=422)

    @app.exception_handler(EncountersError)
    async def domain_error(request: Request, err: EncountersError):
        status = status_of(err, request)
        headers = {"Retry-After": str(err.retry_after)} if isinstance(err, ThrottledError) else None
        if request.url.path.startswith(("/api", "/export", "/openapi")):
            return JSONResponse({"error": str(err), "hint": err.hint}, status_code=status, headers=headers)
        if status == 401 and request.method == "GET":
            return RedirectResponse("/login?" + urlencode({"next": request.url.path}), status_code=303)
        from encounters.publish.web.security import csrf_token, current_user

        return templates.TemplateResponse(request, "error.html", {
            "error": str(err), "hint": err.hint, "status": status, "user": current_user(request),
            "csrf": csrf_token(request), "public": app.state.public}, status_code=status, headers=headers)

    from encounters.publish.web import api, pages

    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    return app


def app_from_environment() -> FastAPI:
    """The app as ``encounters serve --workers N`` configures it through the environment."""
    import os

    env = os.environ.get
    return create_app(env("ENCOUNTERS_DB"), public=env("ENCOUNTERS_PUBLIC") == "1", tiles=env("ENCOUNTERS_TILES") or None,
                      secret_key=env("ENCOUNTERS_SECRET_KEY") or None, secure_cookies=env("ENCOUNTERS_SECURE_COOKIES") == "1")
