"""The JSON API (described at /openapi.json) and the export downloads.

In: HTTP requests. Out: JSON built by the store's queries and ``views`` — incident lists with
filters and paging, one incident with its values per source, accounts and history, a document
with its spans, monthly counts, map points as GeoJSON, the last accuracy report — and streamed
JSON/CSV/GeoJSON exports.
Edits (field reviews, merges, splits) need a logged-in editor and the session's CSRF token in
``X-CSRF-Token``, and carry the incident ``version`` they were based on (409 if it moved on).
"""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from encounters.core.errors import NotFoundError
from encounters.publish.export import GENERATORS, MEDIA_TYPES, iso
from encounters.publish.web.app import parse_filter, parse_page
from encounters.publish.web.security import csrf, csrf_token, current_user, editor, log_in, log_out, reader
from encounters.publish.web.views import document_view, incident_view
from encounters.review import merge_incidents, split_incident
from encounters.review.fields import review_field
from encounters.review.users import authenticate

router = APIRouter()


class ReviewIn(BaseModel):
    action: Literal["confirm", "correct", "reject", "reopen"]
    value: str | None = Field(None, description="The corrected value, as text (dates YYYY-MM-DD, counts, yes/no)")
    reason: str = Field(..., min_length=1, max_length=2000)
    version: int = Field(..., description="The incident version the change is based on")


class MergeIn(BaseModel):
    others: list[str] = Field(..., min_length=1)
    reason: str = Field(..., min_length=1, max_length=2000)
    version: int


class SplitIn(BaseModel):
    documents: list[str] = Field(..., min_length=1)
    reason: str = Field(..., min_length=1, max_length=2000)
    version: int


class LoginIn(BaseModel):
    username: str = Field(..., max_length=64)
    password: str = Field(..., max_length=1024)


def store_of(request: Request):
    return request.app.state.store


@router.get("/api/incidents", tags=["incidents"])
def list_incidents(request: Request, _user=Depends(reader)):
    """Incidents matching the filters (date_from, date_to, state, agency, outcome, review_status, q),
    a page at a time (page, per_page ≤ 500), sorted by sort (date, -date, sources, updated)."""
    flt = parse_filter(request.query_params)
    page, per_page = parse_page(request.query_params)
    rows, total = store_of(request).list_incidents(flt, page=page, per_page=per_page,
                                                   sort=request.query_params.get("sort", "date"))
    return JSONResponse({"total": total, "page": page, "per_page": per_page, "filters": flt.as_params(),
                         "incidents": iso(rows)})


@router.get("/api/incidents/{incident_id}", tags=["incidents"])
def get_incident(incident_id: str, request: Request, _user=Depends(reader)):
    """One incident: the exported record, each field's values per source with evidence, accounts by
    side, sources with why they were joined, decisions and the audit history."""
    return JSONResponse(incident_view(store_of(request), incident_id))


@router.get("/api/accuracy", tags=["review"])
def get_accuracy(request: Request, _user=Depends(reader)):
    """The last report of `encounters evaluate` kept in the database: the figures, every gold row with
    the record it was matched to, and the worst cases (404 when none was run)."""
    saved = store_of(request).last_accuracy_report()
    if saved is None:
        raise NotFoundError("no accuracy report yet", hint="run `encounters evaluate --gold FILE --db …`")
    return JSONResponse(iso({k: saved[k] for k in ("id", "created_at", "gold", "author", "report")}))


@router.get("/api/incidents/{incident_id}/history", tags=["review"])
def get_history(incident_id: str, request: Request, _user=Depends(reader)):
    store = store_of(request)
    canonical = store.canonical_id(incident_id)
    return {"incident": canonical, "history": iso(store.history(canonical))}


@router.post("/api/incidents/{incident_id}/fields/{field}", tags=["review"], dependencies=[Depends(csrf)])
def post_review(incident_id: str, field: str, body: ReviewIn, request: Request, user=Depends(editor)):
    """Confirm, correct, reject or reopen one field (``incident`` for the whole record)."""
    store = store_of(request)
    version = review_field(store, incident_id, field, body.action, value=body.value, reason=body.reason,
                           author=user["username"], expected_version=body.version)
    return {"version": version, "incident": incident_view(store, incident_id)}


@router.post("/api/incidents/{incident_id}/merge", tags=["review"], dependencies=[Depends(csrf)])
def post_merge(incident_id: str, body: MergeIn, request: Request, user=Depends(editor)):
    store = store_of(request)
    kept = merge_incidents(store, incident_id, body.others, reason=body.reason, author=user["username"],
                           expected_version=body.version)
    return {"incident": incident_view(store, kept)}


@router.post("/api/incidents/{incident_id}/split", tags=["review"], dependencies=[Depends(csrf)])
def post_split(incident_id: str, body: SplitIn, request: Request, user=Depends(editor)):
    store = store_of(request)
    new_id = split_incident(store, incident_id, body.documents, reason=body.reason, author=user["username"],
                            expected_version=body.version)
    return {"incident": incident_view(store, incident_id), "new": incident_view(store, new_id)}


@router.get("/api/documents/{doc_id:path}", tags=["documents"])
def get_document(doc_id: str, request: Request, _user=Depends(reader)):
    """A stored document's text and every span extracted from it (offsets into ``text``)."""
    view = document_view(store_of(request), doc_id)
    view.pop("segments")
    return view


@router.get("/api/stats/monthly", tags=["incidents"])
def monthly(request: Request, _user=Depends(reader)):
    """Incidents, killed and injured per month, with the list's filters."""
    return {"months": store_of(request).monthly_counts(parse_filter(request.query_params))}


@router.get("/api/map", tags=["incidents"])
def map_points(request: Request, _user=Depends(reader)):
    """Incidents with coordinates as a GeoJSON FeatureCollection, with the list's filters."""
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                 "properties": iso({k: v for k, v in r.items() if k not in ("latitude", "longitude")})}
                for r in store_of(request).map_points(parse_filter(request.query_params))]
    return {"type": "FeatureCollection", "features": features}


@router.get("/api/session", tags=["session"])
def get_session(request: Request):
    """Who is logged in, and the CSRF token to send as X-CSRF-Token with every POST."""
    return {"user": current_user(request), "csrf_token": csrf_token(request), "public": request.app.state.public}


@router.post("/api/session", tags=["session"], dependencies=[Depends(csrf)])
def post_session(body: LoginIn, request: Request):
    """Log in; the answer carries the new session's CSRF token."""
    user = authenticate(store_of(request), body.username, body.password)
    log_in(request, user)
    return {"user": user, "csrf_token": csrf_token(request)}


@router.delete("/api/session", tags=["session"], dependencies=[Depends(csrf)])
def delete_session(request: Request):
    log_out(request)
    return {"user": None}


@router.get("/export/incidents.{fmt}", tags=["exports"])
def download(fmt: Literal["json", "csv", "geojson"], request: Request, _user=Depends(reader)):
    """The whole record in the export format (the JSON contract is in the README), streamed."""
    store = store_of(request)
    return StreamingResponse(GENERATORS[fmt](store.iter_incidents()), media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f'attachment; filename="incidents.{fmt}"'})
