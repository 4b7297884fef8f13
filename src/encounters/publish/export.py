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
from typing import IO, Iterable

from encounters.core.model import Incident

CSV_COLUMNS = ["id", "date", "date_from", "date_to", "city", "county", "state", "latitude", "longitude", "agencies",
               "killed", "injured", "shots_fired", "vehicle_involved", "force_type", "people", "sources",
               "documents", "conflicts"]


def iso(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [iso(v) for v in value]
    return value


def incident_record(inc: Incident) -> dict:
    """One incident in the export contract (plus a few documented extra keys)."""
    v = inc.value
    people = [{"name": p["name"], "age": p.get("age"), "role": p.get("role") or "unknown",
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
            sources.append({"document": m.document_id, "mention": m.kind})
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
        "city": v("city"), "county": v("county"), "state": v("state"),
        "latitude": v("latitude"), "longitude": v("longitude"), "agencies": v("agencies") or [],
        "killed": v("killed"), "injured": v("injured"), "shots_fired": v("shots_fired"),
        "vehicle_involved": v("vehicle_involved"), "force_type": v("force_type"),
        "people": people, "sources": sources, "accounts": accounts, "claims": claims,
        "conflicts": sorted(k for k, f in inc.fields.items() if f.conflict),
        "values": {k: [{"value": iso(s.value), "sources": s.sources, "inferred": s.inferred} for s in f.values]
                   for k, f in inc.fields.items()},
    }


def write_json(incidents: Iterable[Incident], out: IO[str]) -> int:
    """Stream the JSON export; returns the number of incidents written."""
    n = 0
    out.write('{"format": "encounters/1", "incidents": [\n')
    for inc in incidents:
        out.write(("," if n else "") + json.dumps(incident_record(inc), ensure_ascii=False) + "\n")
        n += 1
    out.write("]}\n")
    return n


def write_csv(incidents: Iterable[Incident], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    w.writeheader()
    n = 0
    for inc in incidents:
        r = incident_record(inc)
        rng = r["date_range"] or [None, None]
        w.writerow({**r, "date_from": r["date"] or rng[0], "date_to": r["date"] or rng[1],
                    "agencies": ";".join(r["agencies"]),
                    "people": "; ".join(f"{p['name'] or 'unnamed'} ({p['age'] or '?'}, {p['role']}, {p['status']})"
                                        for p in r["people"]),
                    "sources": len(r["sources"]), "documents": ";".join(s["document"] for s in r["sources"]),
                    "conflicts": ";".join(r["conflicts"])})
        n += 1
    return n


def write_geojson(incidents: Iterable[Incident], out: IO[str]) -> int:
    n = 0
    out.write('{"type": "FeatureCollection", "features": [\n')
    for inc in incidents:
        r = incident_record(inc)
        if r["latitude"] is None or r["longitude"] is None:
            continue
        props = {k: r[k] for k in ("id", "date", "city", "county", "state", "agencies", "killed", "injured",
                                   "vehicle_involved", "force_type")}
        props["sources"] = len(r["sources"])
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]},
                   "properties": props}
        out.write(("," if n else "") + json.dumps(feature, ensure_ascii=False) + "\n")
        n += 1
    out.write("]}\n")
    return n


WRITERS = {"json": write_json, "csv": write_csv, "geojson": write_geojson}


def export_text(incidents: Iterable[Incident], fmt: str) -> str:
    buf = io.StringIO()
    WRITERS[fmt](incidents, buf)
    return buf.getvalue()
