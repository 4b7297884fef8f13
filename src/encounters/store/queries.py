"""Read queries for browsing the record: filtered incident lists, monthly counts, a document's spans.

In: an engine (through ``Store``, which mixes this in) and an ``IncidentFilter`` (date range,
state, agency or a preset group of agencies, force type, who used force, outcome, review status,
free-text search) — the one filter the web app, the API, ``incidents`` and ``export`` share. Out: pages of incident rows with the
total count, per-month counts for the timeline, map points, and every extracted span of a
document with what it is evidence of. All filtering and paging happens in SQL on indexed
columns of ``incidents``, so a list page costs the same with 100 or 100,000 incidents.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from sqlalchemy import String, and_, cast, func, literal, or_, select
from sqlalchemy.engine import Engine

from encounters.core.errors import EncountersError
from encounters.core.model import FORCE_TYPES, INVOLVEMENTS
from encounters.store import schema as t


def like_escape(text: str) -> str:
    """``text`` matched literally by ``LIKE … ESCAPE '\\'``: its ``%``, ``_`` and ``\\`` are escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")

OUTCOMES = ("killed", "injured", "unharmed", "unknown")
REVIEW_STATUSES = ("unreviewed", "reviewed", "confirmed", "rejected")
# named groups of agencies a filter can ask for at once
PRESETS = {"immigration": ("ICE", "CBP", "HSI", "ERO", "DHS")}
PRESET_LABELS = {"immigration": "immigration agents"}
SORTS = {"date": (t.incidents.c.date_from.desc().nulls_last(), t.incidents.c.id),
         "-date": (t.incidents.c.date_from.asc().nulls_last(), t.incidents.c.id),
         "sources": (t.incidents.c.sources.desc(), t.incidents.c.id),
         "updated": (t.incidents.c.updated_at.desc(), t.incidents.c.id)}
LIST_COLUMNS = [c for c in t.incidents.c if c.name not in ("fields", "search_text")]
FILTER_NAMES = ("date_from", "date_to", "state", "agency", "preset", "force_type", "law_enforcement", "outcome",
                "review_status", "q")


def one_of(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if value in (None, ""):
        return None
    low = value.strip().lower().replace(" ", "_")
    match = next((c for c in choices if c.replace("-", "_") == low.replace("-", "_")), None)
    if match is None:
        raise EncountersError(f"unknown {name.replace('_', ' ')} {value!r}", hint=f"use one of {', '.join(choices)}")
    return match


@dataclass
class IncidentFilter:
    """What the list shows; every part optional. The web app, the API, ``encounters incidents``
    and ``encounters export`` all build one with ``from_params`` and filter with its conditions.

    ``agency`` is one agency code or several separated by commas (any of them); ``preset`` names a
    group of agencies (``immigration``: ICE, CBP, HSI, ERO, DHS); ``force_type`` is one of the
    shared FORCE_TYPES and ``law_enforcement`` (who used force) one of INVOLVEMENTS."""

    date_from: date | None = None
    date_to: date | None = None
    state: str | None = None
    agency: str | None = None
    outcome: str | None = None
    review_status: str | None = None
    q: str | None = None
    force_type: str | None = None
    law_enforcement: str | None = None
    preset: str | None = None

    def __post_init__(self) -> None:
        if self.state:
            self.state = self.state.strip().upper()
        if self.agency:
            self.agency = ",".join(a.strip().upper() for a in self.agency.split(",") if a.strip()) or None
        if self.q is not None:
            self.q = self.q[:500] or None
        self.outcome = one_of("outcome", self.outcome, OUTCOMES)
        self.review_status = one_of("review status", self.review_status, REVIEW_STATUSES)
        self.force_type = one_of("force type", self.force_type, FORCE_TYPES)
        self.law_enforcement = one_of("law_enforcement", self.law_enforcement, INVOLVEMENTS)
        self.preset = one_of("preset", self.preset, tuple(PRESETS))

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> "IncidentFilter":
        """A filter from query parameters or command-line options (names as in ``FILTER_NAMES``;
        ``immigration`` set to a true value is the preset); bad values are a clear error."""
        def day(name: str) -> date | None:
            raw = params.get(name)
            if isinstance(raw, date):
                return raw
            raw = (raw or "").strip()
            if not raw:
                return None
            try:
                return date.fromisoformat(raw)
            except ValueError:
                raise EncountersError(f"{name}={raw!r} is not a date", hint="use YYYY-MM-DD") from None

        def text(name: str) -> str | None:
            raw = params.get(name)
            if isinstance(raw, (list, tuple)):
                raw = ",".join(raw)
            return (str(raw).strip() or None) if raw is not None else None

        preset = text("preset")
        if not preset and str(params.get("immigration") or "").lower() in ("1", "true", "yes", "on"):
            preset = "immigration"
        return cls(date_from=day("date_from"), date_to=day("date_to"), state=text("state"), agency=text("agency"),
                   outcome=text("outcome"), review_status=text("review_status"), q=text("q"),
                   force_type=text("force_type"), law_enforcement=text("law_enforcement"), preset=preset)

    def as_params(self) -> dict[str, str]:
        out = {}
        for name in FILTER_NAMES:
            v = getattr(self, name)
            if v not in (None, ""):
                out[name] = v.isoformat() if isinstance(v, date) else str(v)
        return out

    def describe(self) -> str:
        """The filter in words ("force type shooting, immigration agents"), empty when none."""
        parts = []
        for name, v in self.as_params().items():
            parts.append(f"{PRESET_LABELS[v]} ({', '.join(PRESETS[v])})" if name == "preset"
                         else f"{name.replace('_', ' ')} {v}")
        return ", ".join(parts)

    def conditions(self) -> list:
        c = t.incidents.c
        out = []
        if self.date_from:
            out.append(func.coalesce(c.date_to, c.date_from) >= self.date_from)
        if self.date_to:
            out.append(c.date_from <= self.date_to)
        if self.state:
            out.append(c.state == self.state)
        for group in ([a for a in (self.agency or "").split(",") if a], list(PRESETS.get(self.preset or "", ()))):
            if group:  # any agency of the group
                listed = literal(",") + c.agencies + literal(",")
                out.append(or_(*(listed.like(f"%,{like_escape(a)},%", escape="\\") for a in group)))
        if self.force_type:
            out.append(c.force_type == self.force_type)
        if self.law_enforcement:
            out.append(c.law_enforcement == self.law_enforcement)
        if self.outcome:
            out.append(c.outcome == self.outcome)
        if self.review_status:
            out.append(c.review_status == self.review_status)
        if self.q:
            for word in self.q.lower().split()[:8]:
                word = word[:100]
                out.append(or_(c.search_text.like(f"%{like_escape(word)}%", escape="\\"), c.id == word))
        return out


def located(flt: IncidentFilter | None):
    """The filter's conditions, for incidents that have coordinates."""
    c = t.incidents.c
    return and_(c.latitude.is_not(None), c.longitude.is_not(None), *(flt or IncidentFilter()).conditions())


class BrowseQueries:
    """Mixed into ``Store``."""

    engine: Engine

    def list_incidents(self, flt: IncidentFilter | None = None, *, page: int = 1, per_page: int = 50,
                       sort: str = "date") -> tuple[list[dict], int]:
        """One page of incident rows (without the per-source JSON) and the number matching."""
        flt = flt or IncidentFilter()
        where = and_(True, *flt.conditions())
        per_page = max(1, min(per_page, 500))
        page = max(1, page)
        q = (select(*LIST_COLUMNS).where(where).order_by(*SORTS.get(sort, SORTS["date"]))
             .limit(per_page).offset((page - 1) * per_page))
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(t.incidents).where(where)).scalar_one()
            rows = [dict(r._mapping) for r in conn.execute(q)]
        return rows, total

    def facet_values(self, max_age: float = 30.0) -> dict[str, list[str]]:
        """The states and agencies present, for filter menus (recomputed at most every ``max_age`` s)."""
        cached = getattr(self, "_facets", None)
        if cached and time.monotonic() - cached[0] < max_age:
            return cached[1]
        with self.engine.connect() as conn:
            states = [r[0] for r in conn.execute(select(t.incidents.c.state).distinct()
                                                 .where(t.incidents.c.state.is_not(None)).order_by(t.incidents.c.state))]
            agencies: set[str] = set()
            for (a,) in conn.execute(select(t.incidents.c.agencies).distinct().where(t.incidents.c.agencies.is_not(None))):
                agencies.update(x for x in a.split(",") if x)
        self._facets = (time.monotonic(), {"states": states, "agencies": sorted(agencies)})
        return self._facets[1]

    def monthly_counts(self, flt: IncidentFilter | None = None) -> list[dict]:
        """Incidents, people killed and people injured per month of the incident date."""
        flt = flt or IncidentFilter()
        month = func.substr(cast(t.incidents.c.date_from, String), 1, 7)
        q = (select(month.label("month"), func.count().label("incidents"),
                    func.coalesce(func.sum(t.incidents.c.killed), 0).label("killed"),
                    func.coalesce(func.sum(t.incidents.c.injured), 0).label("injured"))
             .where(and_(t.incidents.c.date_from.is_not(None), *flt.conditions()))
             .group_by(month).order_by(month))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def map_points(self, flt: IncidentFilter | None = None, limit: int = 20000) -> list[dict]:
        c = t.incidents.c
        q = (select(c.id, c.date, c.date_from, c.city, c.state, c.latitude, c.longitude, c.killed, c.injured,
                    c.agencies, c.outcome, c.subjects, c.force_type, c.law_enforcement).where(located(flt)).order_by(c.id).limit(limit))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def count_map_points(self, flt: IncidentFilter | None = None) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(t.incidents).where(located(flt))).scalar_one()

    def document_meta(self, doc_ids) -> dict[str, dict]:
        """document id → outlet, title, publication date, URL and flags (not the text), for citing."""
        d = t.documents.c
        ids = sorted(set(doc_ids))
        out: dict[str, dict] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                for r in conn.execute(select(d.id, d.title, d.outlet, d.published, d.url, d.byline, d.sponsored,
                                             d.opinion).where(d.id.in_(ids[i:i + 500]))):
                    out[r.id] = dict(r._mapping)
        return out

    def document_spans(self, doc_id: str) -> list[dict]:
        """Every extracted span in a document: start, end, what it is (field, person attribute,
        account) and the incident it belongs to."""
        out: list[dict[str, Any]] = []
        m = t.mentions
        with self.engine.connect() as conn:
            owner = {r.key: r.incident_id for r in conn.execute(select(m.c.key, m.c.incident_id)
                                                                 .where(m.c.document_id == doc_id))}
            keys = list(owner)
            if not keys:
                return []
            for f in conn.execute(select(t.facts).where(t.facts.c.mention_key.in_(keys))):
                for s in f.spans:
                    out.append({"start": s[0], "end": s[1], "kind": "field", "label": f.field, "value": f.value,
                                "incident_id": owner[f.mention_key]})
            for p in conn.execute(select(t.people).where(t.people.c.mention_key.in_(keys))):
                for attr, v in (p.evidence or {}).items():
                    for s in (v or {}).get("spans", []):
                        out.append({"start": s[0], "end": s[1], "kind": "person", "label": f"{p.name or 'person'}: {attr}",
                                    "value": v.get("value"), "incident_id": owner[p.mention_key]})
            for a in conn.execute(select(t.accounts).where(t.accounts.c.mention_key.in_(keys))):
                out.append({"start": a.start, "end": a.end, "kind": a.kind, "label": f"{a.speaker} ({a.side})",
                            "value": a.side, "incident_id": owner[a.mention_key]})
                if a.speaker_start is not None:
                    out.append({"start": a.speaker_start, "end": a.speaker_end, "kind": "speaker",
                                "label": f"speaker: {a.speaker}", "value": a.side, "incident_id": owner[a.mention_key]})
        out.sort(key=lambda s: (s["start"], -s["end"]))
        return out
