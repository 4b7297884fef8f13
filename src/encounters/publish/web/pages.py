"""The HTML pages: incident list, map, timeline, incident page, source page, accuracy report, login, and
the review forms.

In: HTTP requests (GET for pages, POST for forms, each form carrying the session's CSRF token and,
for edits, the incident version it was read at). Out: pages rendered from Jinja2 templates with
autoescaping (article text is shown as text, never as HTML) and redirects after a successful
form (post/redirect/get). A conflicting edit re-renders the incident page with the conflict
message (409) and what the reviewer typed, so nothing is lost.
"""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from encounters.core.errors import AccessError, ConflictError, EncountersError, NotFoundError
from encounters.publish.accuracy_views import report_context
from encounters.publish.web.app import parse_filter, parse_page, templates
from encounters.publish.web.security import (csrf, csrf_token, current_user, editor, log_in, log_out, reader,
                                             safe_next)
from encounters.publish.web.views import SIDE_COLUMNS, SIDE_NAMES, document_view, incident_view
from encounters.review import merge_incidents, split_incident
from encounters.review.evaluate import REPORT_FORMAT
from encounters.review.fields import REVIEWABLE, review_field
from encounters.review.users import authenticate
from encounters.store.queries import OUTCOMES, REVIEW_STATUSES

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    context = {"user": current_user(request), "csrf": csrf_token(request), "public": request.app.state.public,
               "flash": request.session.pop("flash", None), **context}
    return templates.TemplateResponse(request, name, context, status_code=status)


def flash(request: Request, message: str) -> None:
    request.session["flash"] = message


def int_field(form, name: str) -> int | None:
    raw = form.get(name)
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        raise EncountersError(f"{name} must be a whole number") from None


@router.get("/", response_class=HTMLResponse)
def list_page(request: Request, _user=Depends(reader)):
    store = request.app.state.store
    flt = parse_filter(request.query_params)
    page, per_page = parse_page(request.query_params)
    sort = request.query_params.get("sort", "date")
    rows, total = store.list_incidents(flt, page=page, per_page=per_page, sort=sort)
    params = flt.as_params() | ({"sort": sort} if sort != "date" else {})
    pages = max(1, -(-total // per_page))
    return render(request, "list.html", {
        "rows": rows, "total": total, "page": page, "pages": pages, "flt": flt, "facets": store.facet_values(),
        "outcomes": OUTCOMES, "statuses": REVIEW_STATUSES, "query": urlencode(params), "sort": sort,
        "prev_url": "/?" + urlencode(params | {"page": page - 1}) if page > 1 else None,
        "next_url": "/?" + urlencode(params | {"page": page + 1}) if page < pages else None})


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, _user=Depends(reader)):
    flt = parse_filter(request.query_params)
    n = request.app.state.store.count_map_points(flt)  # the points themselves come from /api/map
    return render(request, "map.html", {"flt": flt, "query": urlencode(flt.as_params()), "points": n,
                                        "tiles": request.app.state.tiles})


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, _user=Depends(reader)):
    flt = parse_filter(request.query_params)
    months = request.app.state.store.monthly_counts(flt)
    top = max([m["incidents"] for m in months] + [1])
    return render(request, "timeline.html", {"flt": flt, "months": months, "top": top,
                                             "query": urlencode(flt.as_params())})


@router.get("/accuracy", response_class=HTMLResponse)
def accuracy_page(request: Request, _user=Depends(reader)):
    """The last report of `encounters evaluate` kept in the database (none yet: a page saying how)."""
    saved = request.app.state.store.last_accuracy_report()
    if saved is None or (saved["report"] or {}).get("format") != REPORT_FORMAT:
        return render(request, "accuracy.html", {"rep": None, "saved": saved})
    return render(request, "accuracy.html", {**report_context(saved["report"]), "saved": saved, "link": True})


def incident_page(request: Request, incident_id: str, *, error: str | None = None, hint: str | None = None,
                  draft: dict | None = None, status: int = 200) -> HTMLResponse:
    view = incident_view(request.app.state.store, incident_id)
    return render(request, "incident.html", {
        "inc": view, "sides": SIDE_COLUMNS, "side_names": SIDE_NAMES, "reviewable": REVIEWABLE,
        "error": error, "hint": hint, "draft": draft or {}}, status)


def edit_failed(request: Request, incident_id: str, err: EncountersError, draft: dict) -> HTMLResponse:
    """The incident page again, with the error and what the reviewer typed (nothing is lost)."""
    if isinstance(err, (NotFoundError, AccessError)):
        raise err
    status = 409 if isinstance(err, ConflictError) else 400
    return incident_page(request, incident_id, error=str(err), hint=err.hint, draft=draft, status=status)


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_get(incident_id: str, request: Request, _user=Depends(reader)):
    store = request.app.state.store
    canonical = store.canonical_id(incident_id)
    if canonical != incident_id:
        return RedirectResponse(f"/incidents/{canonical}", status_code=301)
    return incident_page(request, incident_id)


@router.post("/incidents/{incident_id}/review", dependencies=[Depends(csrf)])
async def incident_review(incident_id: str, request: Request, user=Depends(editor)):
    form = await request.form()
    draft = {k: form.get(k) for k in ("field", "action", "value", "reason")}
    try:
        review_field(request.app.state.store, incident_id, form.get("field") or "", form.get("action") or "",
                     value=form.get("value"), reason=form.get("reason") or "", author=user["username"],
                     expected_version=int_field(form, "version"))
    except EncountersError as err:
        return edit_failed(request, incident_id, err, draft)
    flash(request, f"{draft['field']}: {draft['action']} saved")
    return RedirectResponse(f"/incidents/{incident_id}#history", status_code=303)


@router.post("/incidents/{incident_id}/merge", dependencies=[Depends(csrf)])
async def incident_merge(incident_id: str, request: Request, user=Depends(editor)):
    form = await request.form()
    others = [x for x in (form.get("others") or "").replace(",", " ").split() if x]
    try:
        kept = merge_incidents(request.app.state.store, incident_id, others, reason=form.get("reason") or "",
                               author=user["username"], expected_version=int_field(form, "version"))
    except EncountersError as err:
        return edit_failed(request, incident_id, err, {"others": form.get("others"), "reason": form.get("reason")})
    flash(request, f"merged {', '.join(others)} into {kept}")
    return RedirectResponse(f"/incidents/{kept}", status_code=303)


@router.post("/incidents/{incident_id}/split", dependencies=[Depends(csrf)])
async def incident_split(incident_id: str, request: Request, user=Depends(editor)):
    form = await request.form()
    try:
        new_id = split_incident(request.app.state.store, incident_id, list(form.getlist("documents")),
                                reason=form.get("reason") or "", author=user["username"],
                                expected_version=int_field(form, "version"))
    except EncountersError as err:
        return edit_failed(request, incident_id, err, {"reason": form.get("reason")})
    flash(request, f"split into {new_id}")
    return RedirectResponse(f"/incidents/{new_id}", status_code=303)


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(doc_id: str, request: Request, _user=Depends(reader)):
    hl = None
    raw = request.query_params.get("hl", "")
    if raw.count("-") == 1:
        a, b = raw.split("-")
        if a.isdigit() and b.isdigit():
            hl = (int(a), int(b))
    return render(request, "document.html", {"doc": document_view(request.app.state.store, doc_id, hl)})


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request):
    return render(request, "login.html", {"next": safe_next(request.query_params.get("next")), "error": None})


@router.post("/login", dependencies=[Depends(csrf)])
async def login_post(request: Request):
    form = await request.form()
    target = safe_next(form.get("next"))
    try:
        user = authenticate(request.app.state.store, form.get("username") or "", form.get("password") or "")
    except EncountersError as err:
        return render(request, "login.html", {"next": target, "error": str(err)}, status=401)
    log_in(request, user)
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[Depends(csrf)])
def logout_post(request: Request):
    log_out(request)
    return RedirectResponse("/", status_code=303)
