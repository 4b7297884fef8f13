"""One incident for citing: its sources as citations with their evidence sentences, and a "cite this record" line.

In: an ``Incident``, its documents' metadata and a function giving a document's stored text.
Out: ``incident_export`` — the incident's record (with its timeline), each source cited (outlet,
headline, publication date, URL) with the sentences its values and quotes come from — as one JSON
object (``encounters export --incident ID``, the incident page's download), ``citation_rows`` for
the same as CSV (one row per evidence sentence), and ``cite_line``, the sentence a writer pastes
to cite the record.
"""
from __future__ import annotations

from datetime import date
from typing import Callable, Iterator, Mapping

from encounters.core.model import Incident
from encounters.publish.export import incident_record, iso, sentence_parts

CITATION_COLUMNS = ["id", "document", "outlet", "title", "published", "url", "citation", "mention", "copy_of",
                    "evidence_of", "value", "sentence", "start", "end"]


def sentence(text: str, start: int, end: int) -> str:
    return " ".join("".join(sentence_parts(text, start, end, limit=400)).split())


def evidence_of(inc: Incident, document: str, text: str) -> list[dict]:
    """Every value and quote this document gives the incident, with the sentence it stands in."""
    out = []
    for m in inc.mentions:
        if m.document_id != document:
            continue
        for name, v in m.fields.items():
            if v.spans and name not in ("latitude", "longitude"):
                s = v.spans[0]
                out.append({"of": name, "value": iso(v.value), "start": s.start, "end": s.end,
                            "sentence": sentence(text, s.start, s.end)})
        for p in m.people:
            for attr in ("name", "age", "status", "charged", "citizen"):
                v = getattr(p, attr)
                if v is not None and v.spans and v.value not in (None, "unknown"):
                    s = v.spans[0]
                    out.append({"of": f"{p.display_name or 'person'}: {attr}", "value": v.value, "start": s.start,
                                "end": s.end, "sentence": sentence(text, s.start, s.end)})
        for kind, items in (("account", m.accounts), ("claim", m.claims)):
            for a in items:
                out.append({"of": f"{kind}: {a.speaker} ({a.side})", "value": a.quote, "start": a.span.start,
                            "end": a.span.end, "sentence": sentence(text, a.span.start, a.span.end)})
    out.sort(key=lambda e: e["start"])
    return out


def incident_export(inc: Incident, docs: Mapping[str, dict], text_of: Callable[[str], str], *,
                    url: str | None = None, today: date | None = None) -> dict:
    """The incident as ``encounters export --incident`` writes it."""
    record = incident_record(inc, docs)
    citations = []
    for s in record["sources"]:
        citations.append({**s, "evidence": evidence_of(inc, s["document"], text_of(s["document"]))})
    return {"format": "encounters/1", "incident": record, "citations": citations,
            "cite": cite_line(record, url=url, today=today)}


def citation_rows(export: dict) -> Iterator[dict]:
    """One row per evidence sentence of each source (a source with none gets one row)."""
    inc = export["incident"]
    for c in export["citations"]:
        base = {"id": inc["id"], "document": c["document"], "outlet": c.get("outlet"), "title": c.get("title"),
                "published": c.get("published"), "url": c.get("url"), "citation": c.get("citation"),
                "mention": c["mention"], "copy_of": c.get("copy_of")}
        if not c["evidence"]:
            yield base
        for e in c["evidence"]:
            yield {**base, "evidence_of": e["of"], "value": e["value"], "sentence": e["sentence"], "start": e["start"],
                   "end": e["end"]}


def cite_line(record: dict, *, url: str | None = None, today: date | None = None) -> str:
    """"Incident inc-…, 2025-10-30, Franklin Park, IL (version 4, reviewed), in encounters, built from 3
    news reports (2 independent), first reported by Lakeshore Ledger on 2025-10-31. URL. Accessed …"."""
    place = ", ".join(x for x in (record.get("city") or record.get("county"), record.get("state")) if x)
    when = record.get("date") or (" to ".join(record["date_range"]) if record.get("date_range") else "date unknown")
    n = len(record["sources"])
    independent = record.get("independent_sources", n)
    first = record.get("first_report") or {}
    line = f"Incident {record['id']}, {when}" + (f", {place}" if place else "")
    status = record.get("review_status")
    line += f" ({status}" + (f", version {record['version']}" if record.get("version") else "") + ")"
    line += f", in the encounters record of use-of-force incidents, built from {n} news report{'s' if n != 1 else ''}"
    if independent != n:
        line += f" ({independent} independent)"
    if first.get("outlet"):
        line += f", first reported by {first['outlet']}" + (f" on {first['published']}" if first.get("published") else "")
    line += "."
    if url:
        line += f" {url}."
    line += f" Accessed {(today or date.today()).isoformat()}."
    return line
