"""Exports of the incident record: JSON (the public data format), CSV and GeoJSON.

In: ``Incident`` records (from ``Store.iter_incidents``). Out: the JSON document
``{"incidents": [...]}`` that ../shared/eval/score.py reads (the contract is in the README),
a flat CSV with one row per incident, and a GeoJSON FeatureCollection of incidents with
coordinates. Every exported value is the displayed one; ``values`` keeps each field's
competing values with their sources, so disagreements survive the export.
"""
from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import IO, Iterable, Iterator

from encounters.core.model import Incident

CSV_COLUMNS = ["id", "date", "date_from", "date_to", "address", "city", "county", "state", "latitude", "longitude", "agencies",
               "killed", "injured", "shots_fired", "vehicle_involved", "force_type", "law_enforcement", "people", "sources",
               "documents", "conflicts"]


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


def incident_record(inc: Incident) -> dict:
    """One incident in the export contract (plus a few documented extra keys)."""
    v = inc.value
    people = [{"name": p["name"], "full_name": p.get("full_name", p["name"]), "age": p.get("age"), "role": p.get("role") or "unknown",
               "status": p.get("status") or "unknown", "citizen": p.get("citizen", "unknown"),
               "charged": p.get("charged", "unknown"), "conflicts": p.get("conflicts", []),
               "values": p.get("sources", {})} for p in inc.people]
    first_primary = next((m for m in inc.mentions if m.kind == "primary"), None)
    if first_primary:
        for p in first_primary.people:
            if p.name is None:
                people.append({"name": None, "age": p.age.value if p.age else None, "role": p.role.value,
                               "status": p.status.value, "citizen": p.citizen.value, "charged": p.charged.value})
    sources, seen = [], set()
    for m in sorted(inc.mentions, key=lambda m: (m.kind != "primary", m.document_id)):
        if m.document_id not in seen:
            seen.add(m.document_id)
            sources.append({"document": m.document_id, "mention": m.kind, "copy_of": m.copy_of})
    accounts = [{"speaker": a.speaker, "affiliation": a.affiliation, "side": a.side, "quote": a.quote,
                 "document": m.document_id, "start": a.span.start, "end": a.span.end, "mode": a.mode}
                for m in inc.mentions for a in m.accounts]
    claims = [{"speaker": c.speaker, "affiliation": c.affiliation, "side": c.side, "quote": c.quote,
               "document": m.document_id, "start": c.span.start, "end": c.span.end}
              for m in inc.mentions for c in m.claims]
    date_range = v("date_range")
    d = v("date")
    date_view = inc.fields.get("date")
    if date_view is not None and all(x.inferred for x in date_view.values) and date_range:
        d_inferred = True
    else:
        d_inferred = False
    return {
        "id": inc.id, "date": iso(d), "date_inferred": d_inferred, "date_range": iso(date_range),
        "address": v("address"), "city": v("city"), "county": v("county"), "state": v("state"),
        "latitude": v("latitude"), "longitude": v("longitude"), "agencies": v("agencies") or [],
        "killed": v("killed"), "injured": v("injured"), "shots_fired": v("shots_fired"),
        "vehicle_involved": v("vehicle_involved"), "force_type": v("force_type"),
        "law_enforcement": v("law_enforcement"),
        "people": people, "sources": sources, "independent_sources": inc.independent_sources,
        "accounts": accounts, "claims": claims,
        "conflicts": sorted(k for k, f in inc.fields.items() if f.conflict),
        "review_status": inc.review_status,
        "reviews": {k: f.review for k, f in inc.fields.items() if f.review},
        "values": {k: [{"value": iso(s.value), "sources": s.sources, "inferred": s.inferred} for s in f.values]
                   for k, f in inc.fields.items()},
    }


def iter_json(incidents: Iterable[Incident]) -> Iterator[str]:
    """The JSON export in pieces, one incident at a time (for streaming responses)."""
    n = 0
    yield '{"format": "encounters/1", "incidents": [\n'
    for inc in incidents:
        yield ("," if n else "") + json.dumps(incident_record(inc), ensure_ascii=False) + "\n"
        n += 1
    yield "]}\n"


def iter_csv(incidents: Iterable[Incident]) -> Iterator[str]:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    w.writeheader()
    for inc in incidents:
        r = incident_record(inc)
        rng = r["date_range"] or [None, None]
        w.writerow({**r, "date_from": r["date"] or rng[0], "date_to": r["date"] or rng[1],
                    "agencies": ";".join(r["agencies"]),
                    "people": "; ".join(f"{p['name'] or 'unnamed'} ({p['age'] or '?'}, {p['role']}, {p['status']})"
                                        for p in r["people"]),
                    "sources": r["independent_sources"], "documents": ";".join(s["document"] for s in r["sources"]),
                    "conflicts": ";".join(r["conflicts"])})
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue()


def iter_geojson(incidents: Iterable[Incident]) -> Iterator[str]:
    n = 0
    yield '{"type": "FeatureCollection", "features": [\n'
    for inc in incidents:
        r = incident_record(inc)
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


def write_export(incidents: Iterable[Incident], fmt: str, out: IO[str]) -> int:
    """Write an export to a file; returns the number of incidents read."""
    counted = Counted(incidents)
    for piece in GENERATORS[fmt](counted):
        out.write(piece)
    return counted.n


def write_json(incidents: Iterable[Incident], out: IO[str]) -> int:
    return write_export(incidents, "json", out)


def write_csv(incidents: Iterable[Incident], out: IO[str]) -> int:
    return write_export(incidents, "csv", out)


def write_geojson(incidents: Iterable[Incident], out: IO[str]) -> int:
    return write_export(incidents, "geojson", out)


WRITERS = {"json": write_json, "csv": write_csv, "geojson": write_geojson}


def export_text(incidents: Iterable[Incident], fmt: str) -> str:
    buf = io.StringIO()
    write_export(incidents, fmt, buf)
    return buf.getvalue()
