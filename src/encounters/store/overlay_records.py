"""Reviewers' decisions on people, quotes and sources: recorded, read back, and laid over an incident.

In: an engine (through ``Store``, which mixes this in), decision rows from the review stage, and
incidents being loaded or saved. Out: decisions stored with their audit entry under the optimistic
lock (one transaction: the incident's version moves on only if it is the one the reviewer saw);
the standing decisions read back for the overlays of ``store.overlays``; the documents a reviewer
took out of an incident; which document copies which (``copy_origins``, the one place copies are
read: reviewers' decisions over the automatic copy detection's ``documents.copy_of``; the store
sets each loaded mention's ``copy_of`` from it, so every count of independent sources agrees); and
the summary columns a saved incident gets (people as reviewed, who was shot or subjected to force,
the number of reports counting copies, the first report).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Iterable

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine

from encounters.core.model import Incident
from encounters.store import overlays
from encounters.store import schema as t


def now() -> datetime:
    return datetime.now(timezone.utc)


def chunked(items: list, n: int = 500) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


class OverlayRecords:
    """Mixed into ``Store`` (which provides ``bump_version``)."""

    engine: Engine

    # ------------------------------------------------------------ writing
    def record_decision(self, table, row: dict, *, incident_id: str, audit: dict,
                        expected_version: int | None) -> None:
        """Store one decision and its audit entry, taking the incident at ``expected_version``
        (``ConflictError`` if it moved on; nothing is written then)."""
        with self.engine.begin() as conn:
            self.bump_version(conn, incident_id, expected_version)
            at = now()
            conn.execute(insert(table).values(**row, created_at=at))
            conn.execute(insert(t.audit_log).values(incident_id=incident_id, created_at=at, **audit))

    def move_decisions(self, conn: Connection, from_id: str, to_id: str) -> None:
        """A merged-away incident's person and source decisions follow its mentions (quotes follow
        their documents by themselves)."""
        for table in (t.person_reviews, t.source_reviews):
            conn.execute(update(table).where(table.c.incident_id == from_id).values(incident_id=to_id))

    def copy_person_decisions(self, from_id: str, to_id: str) -> None:
        """A split-off incident keeps the decisions on the people its sources name (a person a
        reviewer added stays where it was added)."""
        with self.engine.begin() as conn:
            rows = conn.execute(select(t.person_reviews).where(t.person_reviews.c.incident_id == from_id,
                                                               t.person_reviews.c.action != "add")
                                .order_by(t.person_reviews.c.id)).all()
            if rows:
                conn.execute(insert(t.person_reviews), [
                    {k: v for k, v in r._mapping.items() if k != "id"} | {"incident_id": to_id} for r in rows])

    # ------------------------------------------------------------ reading
    def person_decisions(self, conn: Connection, incident_id: str) -> list:
        return conn.execute(select(t.person_reviews).where(t.person_reviews.c.incident_id == incident_id)
                            .order_by(t.person_reviews.c.id)).all()

    def quote_decisions(self, conn: Connection, documents: Iterable[str]) -> dict[tuple[str, str], list[dict]]:
        """(document, quote hash) → standing decisions, for the quotes of these documents."""
        docs = sorted(set(documents))
        rows = []
        for chunk in chunked(docs):
            rows += conn.execute(select(t.account_reviews).where(t.account_reviews.c.document_id.in_(chunk))).all()
        rows.sort(key=lambda r: r.id)
        return overlays.standing_quotes(rows)

    def detached(self, conn: Connection, incident_ids: Iterable[str]) -> dict[tuple[str, str], dict]:
        """(incident, document) → the standing decision that took the document out of the incident."""
        ids = sorted(set(incident_ids))
        rows = []
        for chunk in chunked(ids):
            rows += conn.execute(select(t.source_reviews).where(
                t.source_reviews.c.incident_id.in_(chunk), t.source_reviews.c.action.in_(("detach", "reattach")))).all()
        rows.sort(key=lambda r: r.id)
        return overlays.standing_detached(rows)

    def copy_origins(self, conn: Connection, documents: Iterable[str]) -> dict[str, dict]:
        """document → {"original", "by", …} for each of these documents (and the documents they copy)
        that copies another. The one place copies are read: a reviewer's ``copy``/``not_copy``
        stands over the automatic detection's ``documents.copy_of``."""
        wanted = set(documents)
        rows, automatic, seen = [], {}, set()
        d = t.documents.c
        while wanted - seen:
            batch = sorted(wanted - seen)
            seen |= set(batch)
            for chunk in chunked(batch):
                found = conn.execute(select(t.source_reviews).where(
                    t.source_reviews.c.document_id.in_(chunk),
                    t.source_reviews.c.action.in_(("copy", "not_copy")))).all()
                rows += found
                wanted |= {r.original for r in found if r.original}
                for doc, original in conn.execute(select(d.id, d.copy_of).where(d.id.in_(chunk),
                                                                                d.copy_of.is_not(None))):
                    automatic[doc] = original
                    wanted.add(original)
        rows.sort(key=lambda r: r.id)
        return overlays.standing_copies(rows, automatic)

    def any_copy_decisions(self, conn: Connection) -> bool:
        """Whether a reviewer ever said a document is (or is not) a copy (cached for a few seconds)."""
        import time

        cached = getattr(self, "_copy_decisions", None)
        if cached and cached[1] and time.monotonic() - cached[0] < 5:
            return True
        found = conn.execute(select(t.source_reviews.c.id).where(
            t.source_reviews.c.action.in_(("copy", "not_copy"))).limit(1)).first() is not None
        self._copy_decisions = (time.monotonic(), found)
        return found

    def standing_quotes_for(self, documents: Iterable[str]) -> dict[tuple[str, str], list[dict]]:
        with self.engine.connect() as conn:
            return self.quote_decisions(conn, documents)

    def copies_for(self, documents: Iterable[str]) -> dict[str, dict]:
        with self.engine.connect() as conn:
            return self.copy_origins(conn, documents)

    def detached_documents(self, incident_id: str) -> list[dict]:
        """The documents a reviewer took out of an incident, with the decision."""
        with self.engine.connect() as conn:
            return [v for (i, _), v in self.detached(conn, [incident_id]).items() if i == incident_id]

    # ------------------------------------------------------------ laying them over a saved incident
    def lay_decisions(self, conn: Connection, incident: Incident) -> dict[str, Any]:
        """Apply the person decisions to ``incident.people`` and fill ``incident.extras``; returns the
        summary columns of its row."""
        people, set_aside = overlays.lay_people(overlays.base_people(incident),
                                                self.person_decisions(conn, incident.id))
        incident.people = people
        docs = incident.documents
        meta = [dict(r._mapping) for r in conn.execute(
            select(t.documents.c.id, t.documents.c.title, t.documents.c.outlet, t.documents.c.url,
                   t.documents.c.published).where(t.documents.c.id.in_(docs)))] if docs else []
        copies = self.copy_origins(conn, docs)
        first = overlays.first_report(meta, incident.mentions)
        incident.extras.update(
            people_set_aside=set_aside, first_report=first, copies={d: c for d, c in copies.items() if d in docs},
            detached=[v for (i, _), v in self.detached(conn, [incident.id]).items() if i == incident.id])
        first = first or {}
        return {"reports": len(docs), "subjects": overlays.subjects_text(people),
                "first_document": first.get("document"), "first_title": first.get("title"),
                "first_outlet": (first.get("outlet") or None) and first["outlet"][:255],
                "first_url": first.get("url"), "first_published": first.get("published")}
