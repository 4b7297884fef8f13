"""The HTML pages: incident list, map, timeline, incident page, source page, accuracy report, login, and
the review forms (fields, people, quotes, sources, merge and split).

In: HTTP requests (GET for pages, POST for forms, each form carrying the session's CSRF token and,
for edits, the incident version it was read at). Out: pages rendered from Jinja2 templates with
autoescaping (article text is shown as text, never as HTML) and redirects after a successful
form (post/redirect/get). A conflicting edit re-renders the incident page with the conflict
message (409) and what the reviewer typed, so nothing is lost.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from encounters.core.errors import AccessError, ConflictError, EncountersError, NotFoundError
from encounters.core.model import FORCE_TYPES, INVOLVEMENTS, ROLES, SIDES, STATUSES, TRISTATE
from encounters.publish.accuracy_views import report_context
from encounters.publish.rows import LIST_HEADINGS, WHO_USED_FORCE, list_row
from encounters.publish.web.app import HERE, parse_filter, parse_page, templates
from encounters.publish.web.security import (csrf, csrf_token, current_user, editor, log_in, log_out, reader,
                                             safe_next)
from encounters.publish.web.views import SIDE_COLUMNS, SIDE_NAMES, document_view, incident_view
from encounters.review import merge_incidents, split_incident
from encounters.review.accounts import review_account
from encounters.review.evaluate import REPORT_FORMAT
from encounters.review.fields import REVIEWABLE, review_field
from encounters.review.people import review_person
from encounters.review.sources import review_source
from encounters.review.users import authenticate
from encounters.store.overlays import PERSON_ATTRIBUTES
from encounters.store.queries import OUTCOMES, PRESET_LABELS, REVIEW_STATUSES

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
    context = {"user": current_user(request), "csrf": csrf_token(request), "public": request.app.state.public,
               "flash": request.session.pop("flash", None), **context}
    return templates.TemplateResponse(request, name, context, status_code=status)


def flash(request: Request, message: str) -> None:
    request.session["flash"] = message


def filter_choices(store) -> dict:
    """What the filter form offers (the list and the map share it)."""
    return {"facets": store.facet_values(), "outcomes": OUTCOMES, "statuses": REVIEW_STATUSES,
            "force_types": FORCE_TYPES, "involvements": [(v, WHO_USED_FORCE.get(v, v)) for v in INVOLVEMENTS],
            "presets": PRESET_LABELS}


def int_field(form, name: str) -> int | None:
    raw = form.get(name)
    try:
        value = int(raw[:12]) if isinstance(raw, str) and raw.strip() else None
    except ValueError:
        raise EncountersError(f"{name} must be a whole number") from None
    if value is not None and not 0 <= value < 2**31:
        raise EncountersError(f"{name} must be a whole number") from None
    return value


def version_field(form) -> int:
    """The incident version a form was read at: required, so no form post skips the lock."""
    version = int_field(form, "version")
    if version is None:
        raise EncountersError("the form carries no incident version, so it cannot be checked against later changes",
                              hint="reload the incident page and submit again")
    return version


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
        "rows": [list_row(r) for r in rows], "headings": LIST_HEADINGS, "total": total, "page": page, "pages": pages,
        "flt": flt, **filter_choices(store), "query": urlencode(params), "sort": sort,
        "prev_url": "/?" + urlencode(params | {"page": page - 1}) if page > 1 else None,
        "next_url": "/?" + urlencode(params | {"page": page + 1}) if page < pages else None})


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, _user=Depends(reader)):
    store = request.app.state.store
    flt = parse_filter(request.query_params)
    n = store.count_map_points(flt)  # the points themselves come from /api/map
    return render(request, "map.html", {"flt": flt, "query": urlencode(flt.as_params()), "points": n,
                                        "tiles": request.app.state.tiles, **filter_choices(store)})


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
    view = incident_view(request.app.state.store, incident_id, base_url=str(request.base_url))
    return render(request, "incident.html", {
        "inc": view, "sides": SIDE_COLUMNS, "side_names": SIDE_NAMES, "reviewable": REVIEWABLE,
        "attributes": PERSON_ATTRIBUTES, "roles": ROLES, "statuses": STATUSES, "tristate": TRISTATE, "all_sides": SIDES,
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
        return RedirectResponse(f"/incidents/{quote(canonical, safe='')}", status_code=301)
    return incident_page(request, incident_id)


@router.post("/incidents/{incident_id}/review", dependencies=[Depends(csrf)])
async def incident_review(incident_id: str, request: Request, user=Depends(editor)):
    form = await request.form()
    draft = {k: form.get(k) for k in ("field", "action", "value", "reason")}
    try:
        review_field(request.app.state.store, incident_id, form.get("field") or "", form.get("action") or "",
                     value=form.get("value"), reason=form.get("reason") or "", author=user["username"],
                     expected_version=version_field(form))
    except EncountersError as err:
        return edit_failed(request, incident_id, err, draft)
    flash(request, f"{draft['field']}: {draft['action']} saved")
    return RedirectResponse(f"/incidents/{quote(incident_id, safe='')}#history", status_code=303)


@router.post("/incidents/{incident_id}/merge", dependencies=[Depends(csrf)])
async def incident_merge(incident_id: str, request: Request, user=Depends(editor)):
    form = await request.form()
    others = [x for x in (form.get("others") or "").replace(",", " ").split() if x]
    try:
        kept = merge_incidents(request.app.state.store, incident_id, others, reason=form.get("reason") or "",
                               author=user["username"], expected_version=version_field(form))
    except EncountersError as err:
        return edit_failed(request, incident_id, err, {"others": form.get("others"), "reason": form.get("reason")})
    flash(request, f"merged {', '.join(others)} into {kept}")
    return RedirectResponse(f"/incidents/{quote(kept, safe='')}", status_code=303)


@router.post("/incidents/{incident_id}/split", dependencies=[Depends(csrf)])
async def incident_split(incident_id: str, request: Request, user=Depends(editor)):
    form = await request.form()
    try:
        new_id = split_incident(request.app.state.store, incident_id, list(form.getlist("documents")),
                                reason=form.get("reason") or "", author=user["username"],
                                expected_version=version_field(form))
    except EncountersError as err:
        return edit_failed(request, incident_id, err, {"reason": form.get("reason")})
    flash(request, f"split into {new_id}")
    return RedirectResponse(f"/incidents/{quote(new_id, safe='')}", status_code=303)


@router.post("/incidents/{incident_id}/people", dependencies=[Depends(csrf)])
async def incident_people(incident_id: str, request: Request, user=Depends(editor)):
    """A decision on a person: add, correct, reopen, remove, not_participant, restore."""
    form = await request.form()
    action = form.get("action") or ""
    draft = {k: form.get(k) for k in ("action", "person", "attribute", "value", "reason")} | {"form": "people"}
    try:
        review_person(request.app.state.store, incident_id, action, person=form.get("person"),
                      attribute=form.get("attribute") or None, value=form.get("value"),
                      values={a: form.get(a) for a in PERSON_ATTRIBUTES} if action == "add" else None,
                      reason=form.get("reason") or "", author=user["username"],
                      expected_version=int_field(form, "version"))
    except EncountersError as err:
        return edit_failed(request, incident_id, err, draft)
    flash(request, f"person: {action.replace('_', ' ')} saved")
    return RedirectResponse(f"/incidents/{incident_id}#people-heading", status_code=303)


@router.post("/incidents/{incident_id}/accounts", dependencies=[Depends(csrf)])
async def incident_accounts(incident_id: str, request: Request, user=Depends(editor)):
    """A decision on a quote: reattribute, detach, as_claim, as_account, restore."""
    form = await request.form()
    action = form.get("action") or ""
    draft = {k: form.get(k) for k in ("action", "ref", "speaker", "affiliation", "side", "reason")} | {"form": "accounts"}
    try:
        review_account(request.app.state.store, incident_id, action, ref=form.get("ref"),
                       document=form.get("document") or None, speaker=form.get("speaker") or None,
                       affiliation=form.get("affiliation"), side=form.get("side") or None,
                       reason=form.get("reason") or "", author=user["username"],
                       expected_version=int_field(form, "version"))
    except EncountersError as err:
        return edit_failed(request, incident_id, err, draft)
    flash(request, f"quote: {action.replace('_', ' ')} saved")
    return RedirectResponse(f"/incidents/{incident_id}#accounts-heading", status_code=303)


@router.post("/incidents/{incident_id}/sources", dependencies=[Depends(csrf)])
async def incident_sources(incident_id: str, request: Request, user=Depends(editor)):
    """A decision on a source: detach, reattach, copy, not_copy."""
    form = await request.form()
    action = form.get("action") or ""
    draft = {k: form.get(k) for k in ("action", "document", "original", "reason")} | {"form": "sources"}
    try:
        review_source(request.app.state.store, incident_id, action, document=form.get("document") or "",
                      original=form.get("original") or None, reason=form.get("reason") or "",
                      author=user["username"], expected_version=int_field(form, "version"))
    except EncountersError as err:
        return edit_failed(request, incident_id, err, draft)
    flash(request, f"source: {action.replace('_', ' ')} saved")
    return RedirectResponse(f"/incidents/{incident_id}#sources-heading", status_code=303)


@router.get("/favicon.ico")
def favicon():
    return FileResponse(HERE / "static" / "favicon.svg", media_type="image/svg+xml")


@router.get("/documents/{doc_id:path}", response_class=HTMLResponse)
def document_page(doc_id: str, request: Request, _user=Depends(reader)):
    hl = None
    raw = request.query_params.get("hl", "")
    if raw.count("-") == 1:
        a, b = raw.split("-")
        if a.isdigit() and b.isdigit():
            hl = (int(a), int(b))
    return render(request, "document.html", {"doc": document_view(request.app.state.store, doc_id, hl)})


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request, _user=Depends(reader)):
    """The API described from the OpenAPI document, rendered here: no script, no CDN, works offline."""
    spec = request.app.openapi()
    operations = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [f"{p['name']} ({p['in']})" for p in op.get("parameters", [])]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            ref = body.get("$ref", "").rsplit("/", 1)[-1]
            fields = list(spec.get("components", {}).get("schemas", {}).get(ref, {}).get("properties", {})) if ref else []
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "description": op.get("description", ""), "params": params, "body": fields,
                               "tags": op.get("tags", [])})
    return render(request, "docs.html", {"spec": spec, "operations": operations})


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request):
    return render(request, "login.html", {"next": safe_next(request.query_params.get("next")), "error": None})


@router.post("/login", dependencies=[Depends(csrf)])
async def login_post(request: Request):
    form = await request.form()
    target = safe_next(form.get("next"))
    try:
        user = authenticate(request.app.state.store, str(form.get("username") or "")[:64],
                            str(form.get("password") or "")[:1024], address=request.client.host if request.client else None)
    except EncountersError as err:
        return render(request, "login.html", {"next": target, "error": str(err)}, status=401)
    log_in(request, user)
    return RedirectResponse(target, status_code=303)


@router.post("/logout", dependencies=[Depends(csrf)])
def logout_post(request: Request):
    log_out(request)
    return RedirectResponse("/", status_code=303)
