"""The tracker row: what one incident's line shows, in the list page, ``encounters incidents`` and the CSV.

In: a row of the ``incidents`` table (from ``Store.list_incidents`` / ``incident_rows``) or an
exported incident record. Out: the row as people read it, leading with what trackers lead with —
date, place, who was shot or subjected to force (name, age, outcome), agency, force type, who used
force, killed/injured, independent sources, the first report's headline, outlet and link, review
status — as display strings (``list_row``) or typed cells (``record_cells``). The web list, the
terminal table and the CSV all take their columns from here.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from encounters.publish.timeline import WHO_USED_FORCE, timeline_text
from encounters.store.overlays import describe_person, subjects_of

LIST_HEADINGS = (("date", "Date"), ("place", "Place"), ("subjects", "Shot or subjected to force"),
                 ("agencies", "Agency"), ("force_type", "Force"), ("who", "Who used force"), ("killed", "Killed"),
                 ("injured", "Injured"), ("sources", "Sources"), ("first_report", "First report"),
                 ("review_status", "Review"), ("id", "Id"))


def safe_url(url: str | None) -> str:
    """A document's URL when it is a web address one may link to (never ``javascript:`` or ``data:``)."""
    url = (url or "").strip()
    return url if url.lower().startswith(("http://", "https://")) else ""


def show(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def when(r: dict) -> str:
    if r.get("date"):
        return show(r["date"])
    if r.get("date_from"):
        return f"{show(r['date_from'])} – {show(r.get('date_to'))}"
    return "—"


def place(r: dict) -> str:
    return ", ".join(x for x in (r.get("city") or r.get("county"), r.get("state")) if x) or "—"


def list_row(r: dict) -> dict[str, str]:
    """An ``incidents`` row as display strings (keys of ``LIST_HEADINGS``, plus the first report's parts)."""
    independent = r.get("sources") or 0  # a document and its copies counted once
    reports = r.get("reports")
    counted = str(independent)
    if reports is not None and reports != independent:
        counted += f" ({reports} with copies)"
    first = " — ".join(x for x in (r.get("first_title"), r.get("first_outlet")) if x) or r.get("first_document") or ""
    return {"date": when(r), "place": place(r), "subjects": r.get("subjects") or "—",
            "agencies": (r.get("agencies") or "—").replace(",", ", "), "force_type": show(r.get("force_type")),
            "who": WHO_USED_FORCE.get(r.get("law_enforcement") or "", "—"), "killed": show(r.get("killed")),
            "injured": show(r.get("injured")), "sources": counted, "first_report": first or "—",
            "first_title": r.get("first_title") or "", "first_outlet": r.get("first_outlet") or "",
            "first_url": safe_url(r.get("first_url")), "first_published": show(r.get("first_published")),
            "review_status": r.get("review_status") or "unreviewed", "id": r["id"]}


def person_cells(p: dict) -> str:
    """"Mateo Ruiz (34, suspect, injured, charged)" — everything a person's row says, readable."""
    extra = [str(p["age"])] if p.get("age") is not None else []
    extra += [x for x in (p.get("role"), p.get("status")) if x and x != "unknown"]
    if p.get("charged") == "yes":
        extra.append("charged")
    if p.get("citizen") in ("yes", "no"):
        extra.append("US citizen" if p["citizen"] == "yes" else "not a US citizen")
    return (p.get("name") or "unnamed") + (f" ({', '.join(extra)})" if extra else "")


def record_cells(r: dict) -> dict[str, Any]:
    """An exported incident record as the CSV's typed cells (one row per incident)."""
    rng = r.get("date_range") or [None, None]
    subjects = subjects_of(r["people"])
    first = r.get("first_report") or {}
    timeline = r.get("timeline")
    return {
        "date": r["date"] or "", "date_from": r["date"] or rng[0], "date_to": r["date"] or rng[1],
        "city": r["city"], "county": r["county"], "state": r["state"], "address": r["address"],
        "subjects": "; ".join(describe_person(p) for p in subjects),
        "subject_names": "; ".join(p.get("name") or "unnamed" for p in subjects),
        "subject_ages": "; ".join("" if p.get("age") is None else str(p["age"]) for p in subjects),
        "subject_outcomes": "; ".join(p.get("status") or "unknown" for p in subjects),
        "people": "; ".join(person_cells(p) for p in r["people"]),
        "agencies": "; ".join(r["agencies"]), "force_type": r["force_type"], "law_enforcement": r["law_enforcement"],
        "who_used_force": WHO_USED_FORCE.get(r["law_enforcement"] or "", ""),
        "killed": r["killed"], "injured": r["injured"], "independent_sources": r.get("independent_sources"),
        "reports": len(r["sources"]), "first_report_title": first.get("title"),
        "first_report_outlet": first.get("outlet"), "first_report_date": first.get("published"),
        "first_report_url": first.get("url"), "review_status": r["review_status"], "id": r["id"],
        "latitude": r["latitude"], "longitude": r["longitude"], "shots_fired": r["shots_fired"],
        "vehicle_involved": r["vehicle_involved"],
        "citations": " | ".join(s.get("citation") or s["document"] for s in r["sources"]),
        "documents": "; ".join(s["document"] for s in r["sources"]), "conflicts": "; ".join(r["conflicts"]),
        "timeline": timeline_text(timeline) if timeline else "",
    }
