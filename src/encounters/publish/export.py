"""Exports of the incident record: JSON (the public data format), CSV and GeoJSON.

In: ``Incident`` records (from ``Store.iter_incidents``, with the list's filters) and, optionally,
a function giving their documents' metadata (``Store.document_meta``: outlet, title, publication
date, URL). Out: the JSON document ``{"incidents": [...]}`` that ../shared/eval/score.py reads (the
contract is in the README), with each incident's sources cited and its ``timeline`` when the
metadata is given; a GeoJSON FeatureCollection of incidents with coordinates; and the CSV of
``publish.sheets``. Every exported value is the displayed one; ``values`` keeps each field's
competing values with their sources, so disagreements survive the export.
"""
from __future__ import annotations

import io
import json
from datetime import date
from typing import IO, Callable, Iterable, Iterator, Mapping

from encounters.core.model import Incident
from encounters.publish.timeline import build_timeline

DocumentMeta = Callable[[list[str]], Mapping[str, dict]]

def iso(value):
    """Dates and times as ISO strings, inside lists and dicts too: a value ready for JSON."""
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [iso(v) for v in value]
    if isinstance(value, dict):
        return {k: iso(v) for k, v in value.items()}
    return value


def sentence_parts(text: str, start: int, end: int, limit: int = 10000) -> tuple[str, str, str]:
    """(before, span, after) of the sentence holding ``start:end``, at most ``limit`` characters on
    each side, for showing a value's evidence."""
    lo = max(text.rfind(". ", 0, start) + 1, text.rfind("\n", 0, start) + 1, start - limit, 0)
    stops = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    hi = min(min(stops) + 1 if stops else len(text), end + limit)
    return text[lo:start], text[start:end], text[end:hi]


def citation(meta: Mapping, document: str) -> str:
    """A source as a citation: Outlet, “Headline,” 2025-10-31, URL."""
    parts = [meta.get("outlet") or document]
    if meta.get("title"):
        parts.append(f"“{meta['title']}”")
    if meta.get("published"):
        parts.append(str(iso(meta["published"])))
    if meta.get("url"):
        parts.append(meta["url"])
    return ", ".join(parts)


def incident_record(inc: Incident, docs: Mapping[str, dict] | None = None) -> dict:
    """One incident in the export contract (plus a few documented extra keys). With ``docs``
    (document id → metadata) each source is cited and the record carries its ``timeline``."""
    v = inc.value
    people = [person_record(p) for p in inc.people]
    copies = inc.extras.get("copies") or {}
    sources, seen = [], set()
    for m in sorted(inc.mentions, key=lambda m: (m.kind != "primary", m.document_id)):
        if m.document_id not in seen:
            seen.add(m.document_id)
            meta = (docs or {}).get(m.document_id) or {}
            source = {"document": m.document_id, "mention": m.kind, "copy_of": m.copy_of}
            if docs is not None:
                source.update(outlet=meta.get("outlet"), title=meta.get("title"), published=iso(meta.get("published")),
                              url=meta.get("url"), citation=citation(meta, m.document_id))
            sources.append(source)
    accounts = [{"speaker": a.speaker, "affiliation": a.affiliation, "side": a.side, "quote": a.quote,
                 "document": m.document_id, "start": a.span.start, "end": a.span.end, "mode": a.mode,
                 **({"review": a.review["decisions"]} if a.review else {})}
                for m, a in inc.distinct_statements("accounts")]
    claims = [{"speaker": c.speaker, "affiliation": c.affiliation, "side": c.side, "quote": c.quote,
               "document": m.document_id, "start": c.span.start, "end": c.span.end,
               **({"review": c.review["decisions"]} if c.review else {})}
              for m, c in inc.distinct_statements("claims")]
    date_range = v("date_range")
    d = v("date")
    date_view = inc.fields.get("date")
    if date_view is not None and all(x.inferred for x in date_view.values) and date_range:
        d_inferred = True
    else:
        d_inferred = False
    first = inc.extras.get("first_report")
    record = {
        "id": inc.id, "date": iso(d), "date_inferred": d_inferred, "date_range": iso(date_range),
        "address": v("address"), "city": v("city"), "county": v("county"), "state": v("state"),
        "latitude": v("latitude"), "longitude": v("longitude"), "agencies": v("agencies") or [],
        "killed": v("killed"), "injured": v("injured"), "shots_fired": v("shots_fired"),
        "vehicle_involved": v("vehicle_involved"), "force_type": v("force_type"),
        "law_enforcement": v("law_enforcement"),
        "people": people, "sources": sources, "independent_sources": inc.independent_sources,
        "accounts": accounts, "claims": claims, "first_report": iso(first) if first else None,
        "conflicts": sorted(k for k, f in inc.fields.items() if f.conflict),
        "review_status": inc.review_status, "version": inc.version,
        "reviews": {k: f.review for k, f in inc.fields.items() if f.review},
        "people_set_aside": [person_record(p) for p in inc.extras.get("people_set_aside") or []],
        "detached_sources": inc.extras.get("detached") or [],
        "values": {k: [{"value": iso(s.value), "sources": s.sources, "inferred": s.inferred} for s in f.values]
                   for k, f in inc.fields.items()},
    }
    if docs is not None:
        record["timeline"] = build_timeline(inc, docs)
    return record


def person_record(p: dict) -> dict:
    out = {"name": p.get("name"), "full_name": p.get("full_name", p.get("name")), "age": p.get("age"),
           "role": p.get("role") or "unknown", "status": p.get("status") or "unknown",
           "citizen": p.get("citizen") or "unknown", "charged": p.get("charged") or "unknown",
           "conflicts": p.get("conflicts", []), "values": p.get("sources", {})}
    if p.get("key"):
        out["key"] = p["key"]
    for extra in ("reviews", "added", "set_aside"):
        if p.get(extra):
            out[extra] = p[extra]
    return out


def with_documents(incidents: Iterable[Incident], docs: DocumentMeta | None) -> Iterator[tuple[Incident, Mapping | None]]:
    """Each incident with its documents' metadata (None without a ``docs`` function)."""
    for inc in incidents:
        yield inc, (docs(inc.documents) if docs is not None else None)


def iter_json(incidents: Iterable[Incident], docs: DocumentMeta | None = None) -> Iterator[str]:
    """The JSON export in pieces, one incident at a time (for streaming responses)."""
    n = 0
    yield '{"format": "encounters/1", "incidents": [\n'
    for inc, meta in with_documents(incidents, docs):
        yield ("," if n else "") + json.dumps(incident_record(inc, meta), ensure_ascii=False) + "\n"
        n += 1
    yield "]}\n"


def iter_geojson(incidents: Iterable[Incident], docs: DocumentMeta | None = None) -> Iterator[str]:
    n = 0
    yield '{"type": "FeatureCollection", "features": [\n'
    for inc, meta in with_documents(incidents, docs):
        r = incident_record(inc, meta)
        if r["latitude"] is None or r["longitude"] is None:
            continue
        props = {k: r[k] for k in ("id", "date", "city", "county", "state", "agencies", "killed", "injured",
                                   "vehicle_involved", "force_type", "law_enforcement")}
        props["sources"] = r["independent_sources"]
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                   "properties": props}
        yield ("," if n else "") + json.dumps(feature, ensure_ascii=False) + "\n"
        n += 1
    yield "]}\n"


def iter_csv(incidents: Iterable[Incident], docs: DocumentMeta | None = None) -> Iterator[str]:
    from encounters.publish.sheets import iter_incident_csv

    return iter_incident_csv(incidents, docs)


def iter_people_csv(incidents: Iterable[Incident], docs: DocumentMeta | None = None) -> Iterator[str]:
    from encounters.publish.sheets import iter_person_csv

    return iter_person_csv(incidents, docs)


GENERATORS = {"json": iter_json, "csv": iter_csv, "geojson": iter_geojson}
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}


class Counted:
    """Passes incidents through, counting them."""

    def __init__(self, incidents: Iterable[Incident]) -> None:
        self.incidents, self.n = incidents, 0

    def __iter__(self) -> Iterator[Incident]:
        for inc in self.incidents:
            self.n += 1
            yield inc


def write_export(incidents: Iterable[Incident], fmt: str, out: IO[str], *, docs: DocumentMeta | None = None,
                 per_person: bool = False) -> int:
    """Write an export to a file; returns the number of incidents read. ``per_person``: the CSV
    has one row per person instead of one per incident."""
    counted = Counted(incidents)
    generator = iter_people_csv if fmt == "csv" and per_person else GENERATORS[fmt]
    for piece in generator(counted, docs):
        out.write(piece)
    return counted.n


def write_json(incidents: Iterable[Incident], out: IO[str], **options) -> int:
    return write_export(incidents, "json", out, **options)


def write_csv(incidents: Iterable[Incident], out: IO[str], **options) -> int:
    return write_export(incidents, "csv", out, **options)


def write_geojson(incidents: Iterable[Incident], out: IO[str], **options) -> int:
    return write_export(incidents, "geojson", out, **options)


WRITERS = {"json": write_json, "csv": write_csv, "geojson": write_geojson}


def export_text(incidents: Iterable[Incident], fmt: str, **options) -> str:
    buf = io.StringIO()
    write_export(incidents, fmt, buf, **options)
    return buf.getvalue()
