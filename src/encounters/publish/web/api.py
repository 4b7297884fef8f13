"""The JSON API (described at /openapi.json) and the export downloads.

In: HTTP requests. Out: JSON built by the store's queries and ``views`` — incident lists with
filters and paging, one incident with its values per source, accounts and history, a document
with its spans, monthly counts, map points as GeoJSON, the last accuracy report — and streamed
JSON/CSV/GeoJSON exports.
Edits (field reviews, merges, splits) need a logged-in editor and the session's CSRF token in
``X-CSRF-Token``, and carry the incident ``version`` they were based on (409 if it moved on).
"""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from encounters.core.errors import NotFoundError
from encounters.publish.export import GENERATORS, MEDIA_TYPES, iso, iter_people_csv
from encounters.publish.timeline import build_timeline
from encounters.publish.web.app import parse_filter, parse_page
from encounters.publish.web.security import (csrf, csrf_token, current_user, editor, log_in, log_out, public_user,
                                             reader)
from encounters.publish.web.views import document_view, incident_view
from encounters.review import merge_incidents, split_incident
from encounters.review.accounts import review_account
from encounters.review.fields import review_field
from encounters.review.people import review_person
from encounters.review.sources import review_source
from encounters.review.users import authenticate

router = APIRouter()


# An incident version as the database holds it (a 32-bit integer): 1e30 or NaN is a 422, not a 500.
Version = Annotated[int, Field(ge=0, le=2**31 - 1, description="The incident version the change is based on")]
Text = Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*$")]
Id = Annotated[str, Field(min_length=1, max_length=512, pattern=r"^[^\x00]*$")]


class ReviewIn(BaseModel):
    action: Literal["confirm", "correct", "reject", "reopen"]
    value: str | None = Field(None, max_length=2000, pattern=r"^[^\x00]*$",
                              description="The corrected value, as text (dates YYYY-MM-DD, counts, yes/no)")
    reason: Text
    version: Version


class MergeIn(BaseModel):
    others: list[Id] = Field(..., min_length=1, max_length=100)
    reason: Text
    version: Version


class SplitIn(BaseModel):
    documents: list[Id] = Field(..., min_length=1, max_length=1000)
    reason: Text
    version: Version


class PersonIn(BaseModel):
    action: Literal["add", "correct", "reopen", "remove", "not_participant", "restore"]
    person: str | None = Field(None, max_length=300, description="The person's key (as GET /api/incidents/{id} "
                                                                  "gives it) or name; not for add")
    attribute: Literal["name", "age", "role", "status", "citizen", "charged"] | None = None
    value: str | None = Field(None, max_length=300, description="For correct: the new value, as text")
    values: dict[str, str | int | None] | None = Field(None, description="For add: name, age, role, status, "
                                                                        "citizen, charged")
    reason: str = Field(..., min_length=1, max_length=2000)
    version: int


class QuoteIn(BaseModel):
    action: Literal["reattribute", "detach", "as_claim", "as_account", "restore"]
    ref: str = Field(..., max_length=600, description="The quote's ref (first characters of the sha256 of its words)")
    document: str | None = Field(None, max_length=512, description="The quote's document, when the ref is not enough")
    speaker: str | None = Field(None, max_length=255)
    affiliation: str | None = Field(None, max_length=255)
    side: Literal["official", "subject", "witness", "other"] | None = None
    reason: str = Field(..., min_length=1, max_length=2000)
    version: int


class SourceIn(BaseModel):
    action: Literal["detach", "reattach", "copy", "not_copy"]
    document: str = Field(..., max_length=512)
    original: str | None = Field(None, max_length=512, description="For copy: the document it copies")
    reason: str = Field(..., min_length=1, max_length=2000)
    version: int


class LoginIn(BaseModel):
    username: str = Field(..., max_length=64)
    password: str = Field(..., max_length=1024)


def store_of(request: Request):
    return request.app.state.store


@router.get("/api/incidents", tags=["incidents"])
def list_incidents(request: Request, _user=Depends(reader)):
    """Incidents matching the filters (date_from, date_to, state, agency — codes separated by commas —,
    preset=immigration, force_type, law_enforcement, outcome, review_status, q),
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


@router.post("/api/incidents/{incident_id}/people", tags=["review"], dependencies=[Depends(csrf)])
def post_person(incident_id: str, body: PersonIn, request: Request, user=Depends(editor)):
    """Add a person, correct or reopen an attribute, remove one, mark one as not a participant, or restore."""
    store = store_of(request)
    values = {k: None if v is None else str(v) for k, v in (body.values or {}).items()}
    version = review_person(store, incident_id, body.action, person=body.person, attribute=body.attribute,
                            value=body.value, values=values, reason=body.reason, author=user["username"],
                            expected_version=body.version)
    return {"version": version, "incident": incident_view(store, incident_id)}


@router.post("/api/incidents/{incident_id}/accounts", tags=["review"], dependencies=[Depends(csrf)])
def post_quote(incident_id: str, body: QuoteIn, request: Request, user=Depends(editor)):
    """Reattribute a quote (speaker, affiliation, side), detach it, make it a claim or an account, or restore it."""
    store = store_of(request)
    version = review_account(store, incident_id, body.action, ref=body.ref, document=body.document,
                             speaker=body.speaker, affiliation=body.affiliation, side=body.side, reason=body.reason,
                             author=user["username"], expected_version=body.version)
    return {"version": version, "incident": incident_view(store, incident_id)}


@router.post("/api/incidents/{incident_id}/sources", tags=["review"], dependencies=[Depends(csrf)])
def post_source(incident_id: str, body: SourceIn, request: Request, user=Depends(editor)):
    """Detach a document from the incident or put it back; mark it as a copy of another or not."""
    store = store_of(request)
    version = review_source(store, incident_id, body.action, document=body.document, original=body.original,
                            reason=body.reason, author=user["username"], expected_version=body.version)
    return {"version": version, "incident": incident_view(store, incident_id)}


@router.get("/api/incidents/{incident_id}/timeline", tags=["incidents"])
def get_timeline(incident_id: str, request: Request, _user=Depends(reader)):
    """What was reported when: each source in publication order with what it added or changed."""
    store = store_of(request)
    inc = store.incident(store.canonical_id(incident_id))
    return {"incident": inc.id, "timeline": iso(build_timeline(inc, store.document_meta(inc.documents)))}


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
    return {"user": public_user(current_user(request)), "csrf_token": csrf_token(request),
            "public": request.app.state.public}


@router.post("/api/session", tags=["session"], dependencies=[Depends(csrf)])
def post_session(body: LoginIn, request: Request):
    """Log in; the answer carries the new session's CSRF token. Failed logins are throttled per
    account and per address (429 with Retry-After)."""
    user = authenticate(store_of(request), body.username, body.password,
                        address=request.client.host if request.client else None)
    log_in(request, user)
    return {"user": user, "csrf_token": csrf_token(request)}


@router.delete("/api/session", tags=["session"], dependencies=[Depends(csrf)])
def delete_session(request: Request):
    """Log out: the session ends in the database too, so its cookie no longer works anywhere."""
    log_out(request)
    return {"user": None}


@router.get("/openapi.json", include_in_schema=False)
def openapi_document(request: Request, _user=Depends(reader)):
    """The OpenAPI document (readable only by those who may read the site)."""
    return JSONResponse(request.app.openapi())


@router.get("/export/incidents.{fmt}", tags=["exports"])
def download(fmt: Literal["json", "csv", "geojson"], request: Request, _user=Depends(reader)):
    """The record in the export format (the JSON contract is in the README), streamed; the list's
    filters apply, and ``per_person=1`` gives the CSV one row per person."""
    store = store_of(request)
    flt = parse_filter(request.query_params)
    generator = GENERATORS[fmt]
    if fmt == "csv" and request.query_params.get("per_person") in ("1", "true", "yes", "on"):
        generator = iter_people_csv
    name = "people" if generator is iter_people_csv else "incidents"
    return StreamingResponse(generator(store.iter_incidents(flt), store.document_meta), media_type=MEDIA_TYPES[fmt],
                             headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


@router.get("/export/incidents/{incident_id}.{fmt}", tags=["exports"])
def download_incident(incident_id: str, fmt: Literal["json", "csv"], request: Request, _user=Depends(reader)):
    """One incident with its sources' citations and evidence sentences (CSV: a row per sentence)."""
    from encounters.publish.citations import CITATION_COLUMNS, citation_rows, incident_export
    from encounters.publish.sheets import csv_text

    store = store_of(request)
    inc = store.incident(store.canonical_id(incident_id))
    data = incident_export(inc, store.document_meta(inc.documents), lambda d: store.document(d).text,
                           url=f"{str(request.base_url).rstrip('/')}/incidents/{inc.id}")
    headers = {"Content-Disposition": f'attachment; filename="{inc.id}.{fmt}"'}
    if fmt == "csv":
        return Response(csv_text(CITATION_COLUMNS, citation_rows(data)), media_type=MEDIA_TYPES["csv"], headers=headers)
    return JSONResponse(data, headers=headers)
