"""The store: documents, mentions and incidents in any SQLAlchemy database.

In: a database URL (SQLite by default, PostgreSQL too) and the model objects the other stages
produce. Out: ``Store`` — opens the database and brings its schema to the newest Alembic
revision, saves each document with its mentions, facts, people and accounts in one transaction
(a failure leaves what was stored before intact), answers the candidate queries resolution
needs, and loads incidents back as model objects.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlalchemy import create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from encounters.core.errors import NotFoundError, StoreError
from encounters.core.model import (Account, Claim, Document, FieldView, Incident, Mention, Person, SourcedValue, Span,
                                   Value)
from encounters.store import schema as t
from encounters.store.queries import BrowseQueries
from encounters.store.records import ReviewRecords

DEFAULT_URL = "sqlite:///encounters.db"
DATE_FIELDS = {"date"}
BLOCK_WINDOW_DAYS = 62  # the widest date window kept for blocking (two months)


def now() -> datetime:
    return datetime.now(timezone.utc)


def normalise_url(url: str | None) -> str:
    """A SQLAlchemy URL; a bare path is taken as a SQLite file, ``postgresql://`` uses psycopg 3."""
    url = url or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def migrate(engine: Engine) -> None:
    """Apply every Alembic migration up to head."""
    from alembic import command
    from alembic.config import Config

    here = Path(__file__).parent / "migrations"
    cfg = Config()
    cfg.set_main_option("script_location", str(here))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def encode(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    return value


def decode(field: str, value: Any) -> Any:
    if field == "date" and isinstance(value, str):
        return date.fromisoformat(value)
    if field == "date_range" and isinstance(value, list):
        return [date.fromisoformat(v) for v in value]
    return value


def value_row(v: Value | None) -> dict | None:
    if v is None:
        return None
    return {"value": encode(v.value), "spans": [s.to_list() for s in v.spans], "rule": v.rule}


def row_value(field: str, d: dict | None) -> Value | None:
    if not d:
        return None
    return Value(decode(field, d["value"]), tuple(Span.from_list(s) for s in d["spans"]), d.get("rule", ""))


class Store(ReviewRecords, BrowseQueries):
    """One database. Open with ``open_store(url)``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------ documents
    def document_state(self, doc: Document) -> tuple[str, str | None]:
        """(state, stored source): ``new``, ``unchanged`` (same id and content) or ``updated``
        (same id, new content), with where the stored version was read from."""
        with self.engine.connect() as conn:
            row = conn.execute(select(t.documents.c.content_hash, t.documents.c.source)
                               .where(t.documents.c.id == doc.id)).first()
        if row is None:
            return "new", None
        return ("unchanged" if row.content_hash == doc.content_hash else "updated"), row.source

    def save_document(self, doc: Document, mentions: list[Mention], *, extractor: str) -> list[str]:
        """Store a document and its mentions (replacing an earlier version's); returns incident ids
        its old mentions pointed to, which the caller re-summarises."""
        with self.engine.begin() as conn:
            old = [r.incident_id for r in conn.execute(
                select(t.mentions.c.incident_id).where(t.mentions.c.document_id == doc.id)) if r.incident_id]
            self._delete_mentions(conn, doc.id)
            conn.execute(delete(t.document_bands).where(t.document_bands.c.document_id == doc.id))
            conn.execute(delete(t.documents).where(t.documents.c.id == doc.id))
            conn.execute(insert(t.documents).values(
                id=doc.id, content_hash=doc.content_hash, title=doc.title, published=doc.published, url=doc.url,
                outlet=doc.outlet, byline=doc.byline, text=doc.text, sponsored=doc.sponsored, opinion=doc.opinion,
                source=doc.source, extractor=extractor, ingested_at=now()))
            for m in mentions:
                self._insert_mention(conn, m, doc.text)
        return old

    def _delete_mentions(self, conn: Connection, doc_id: str) -> None:
        keys = select(t.mentions.c.key).where(t.mentions.c.document_id == doc_id)
        for table in (t.facts, t.people, t.accounts):
            conn.execute(delete(table).where(table.c.mention_key.in_(keys)))
        conn.execute(delete(t.mentions).where(t.mentions.c.document_id == doc_id))

    def _insert_mention(self, conn: Connection, m: Mention, text: str) -> None:
        lo, hi = mention_window(m)
        conn.execute(insert(t.mentions).values(
            key=m.key, document_id=m.document_id, incident_id=None, ordinal=m.ordinal, kind=m.kind,
            start=m.span.start, end=m.span.end, published=m.published, date_from=lo, date_to=hi, state=m.get("state")))
        rows = []
        for name, v in m.fields.items():
            evidence = " … ".join(text[s.start:s.end] for s in v.spans[:3]) or None
            rows.append(dict(mention_key=m.key, field=name, value=encode(v.value), spans=[s.to_list() for s in v.spans],
                             evidence=evidence, rule=v.rule, inferred=v.inferred))
        if rows:
            conn.execute(insert(t.facts), rows)
        prow = []
        for i, p in enumerate(m.people):
            prow.append(dict(mention_key=m.key, position=i, name=p.display_name, age=p.age.value if p.age else None,
                             role=p.role.value, status=p.status.value, citizen=p.citizen.value, charged=p.charged.value,
                             gender=p.gender.value if p.gender else None,
                             evidence={k: value_row(v) for k, v in p.attributes().items() if v is not None}))
        if prow:
            conn.execute(insert(t.people), prow)
        arow = []
        for kind, items in (("account", m.accounts), ("claim", m.claims)):
            for a in items:
                sp = getattr(a, "speaker_span", None)
                arow.append(dict(mention_key=m.key, document_id=m.document_id, kind=kind, speaker=a.speaker[:255],
                                 affiliation=(a.affiliation or None) and a.affiliation[:255], side=a.side,
                                 mode=getattr(a, "mode", "quote"), quote=a.quote, start=a.span.start, end=a.span.end,
                                 speaker_start=sp.start if sp else None, speaker_end=sp.end if sp else None))
        if arow:
            conn.execute(insert(t.accounts), arow)

    def document(self, doc_id: str) -> Document:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.documents).where(t.documents.c.id == doc_id)).first()
        if r is None:
            raise NotFoundError(f"no document {doc_id!r}", hint="`encounters documents` lists them")
        return Document(id=r.id, text=r.text, title=r.title, published=r.published, url=r.url, outlet=r.outlet,
                        byline=r.byline, sponsored=r.sponsored, opinion=r.opinion, source=r.source,
                        content_hash=r.content_hash)

    # ------------------------------------------------------------ copies of one article
    def file_bands(self, doc_id: str, keys: list[str]) -> None:
        """File a document under its near-duplicate index keys (replacing what it had)."""
        with self.engine.begin() as conn:
            conn.execute(delete(t.document_bands).where(t.document_bands.c.document_id == doc_id))
            if keys:
                conn.execute(insert(t.document_bands), [{"band": k, "document_id": doc_id} for k in sorted(set(keys))])

    def documents_sharing_bands(self, doc_id: str, keys: list[str]) -> list[dict]:
        """Other documents filed under any of ``keys``: id, published, text, copy_of."""
        if not keys:
            return []
        ids = select(t.document_bands.c.document_id).where(t.document_bands.c.band.in_(sorted(set(keys))),
                                                           t.document_bands.c.document_id != doc_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(t.documents.c.id, t.documents.c.published, t.documents.c.text, t.documents.c.copy_of)
                .where(t.documents.c.id.in_(ids)).order_by(t.documents.c.id))]

    def copies_of(self, doc_ids: Iterable[str]) -> list[dict]:
        """Documents recorded as copies of any of ``doc_ids``: id, published, text, copy_of."""
        doc_ids = sorted(set(doc_ids))
        if not doc_ids:
            return []
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(t.documents.c.id, t.documents.c.published, t.documents.c.text, t.documents.c.copy_of)
                .where(t.documents.c.copy_of.in_(doc_ids)).order_by(t.documents.c.id))]

    def documents_by_id(self, doc_ids: Iterable[str]) -> list[dict]:
        """Stored documents among ``doc_ids``: id, published, text, copy_of."""
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(
                select(t.documents.c.id, t.documents.c.published, t.documents.c.text, t.documents.c.copy_of)
                .where(t.documents.c.id.in_(sorted(set(doc_ids)))).order_by(t.documents.c.id))]

    def link_copies(self, original: str, scores: dict[str, float]) -> set[str]:
        """Record ``original`` as the original of the documents in ``scores`` (id → overlap) and as an
        original itself. Returns the incidents those documents report, to re-summarise."""
        with self.engine.begin() as conn:
            conn.execute(update(t.documents).where(t.documents.c.id == original).values(copy_of=None, copy_score=None))
            for doc_id, score in sorted(scores.items()):
                conn.execute(update(t.documents).where(t.documents.c.id == doc_id)
                             .values(copy_of=original, copy_score=score))
            return self._incidents_reporting(conn, [original, *scores])

    def unlink_copies(self, doc_ids: list[str]) -> set[str]:
        """These documents are copies of nothing (until judged again). Returns the incidents they report."""
        with self.engine.begin() as conn:
            conn.execute(update(t.documents).where(t.documents.c.id.in_(sorted(set(doc_ids))), t.documents.c.copy_of.is_not(None))
                         .values(copy_of=None, copy_score=None))
            return self._incidents_reporting(conn, doc_ids)

    @staticmethod
    def _incidents_reporting(conn: Connection, doc_ids: Iterable[str]) -> set[str]:
        return {r[0] for r in conn.execute(select(t.mentions.c.incident_id).distinct().where(
            t.mentions.c.document_id.in_(sorted(set(doc_ids))), t.mentions.c.incident_id.is_not(None)))}

    def documents(self) -> list[dict]:
        cols = [c for c in t.documents.c if c.name != "text"]
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(*cols).order_by(t.documents.c.id))]

    # ------------------------------------------------------------ mentions
    def load_mentions(self, conn: Connection, where) -> list[Mention]:
        rows = conn.execute(select(t.mentions, t.documents.c.copy_of)
                            .join(t.documents, t.documents.c.id == t.mentions.c.document_id)
                            .where(where).order_by(t.mentions.c.key)).all()
        if not rows:
            return []
        keys = [r.key for r in rows]
        out: dict[str, Mention] = {}
        for r in rows:
            out[r.key] = Mention(document_id=r.document_id, ordinal=r.ordinal, kind=r.kind, span=Span(r.start, r.end),
                                 published=r.published, copy_of=r.copy_of)
        for chunk in chunks(keys, 500):
            for f in conn.execute(select(t.facts).where(t.facts.c.mention_key.in_(chunk))):
                out[f.mention_key].fields[f.field] = Value(decode(f.field, f.value),
                                                           tuple(Span.from_list(s) for s in f.spans), f.rule or "")
            for p in conn.execute(select(t.people).where(t.people.c.mention_key.in_(chunk)).order_by(t.people.c.position)):
                ev = p.evidence or {}
                out[p.mention_key].people.append(Person(
                    name=row_value("name", ev.get("name")), age=row_value("age", ev.get("age")),
                    role=row_value("role", ev.get("role")) or Value(p.role), status=row_value("status", ev.get("status")) or Value(p.status),
                    citizen=row_value("citizen", ev.get("citizen")) or Value(p.citizen),
                    charged=row_value("charged", ev.get("charged")) or Value(p.charged),
                    gender=row_value("gender", ev.get("gender"))))
            for a in conn.execute(select(t.accounts).where(t.accounts.c.mention_key.in_(chunk)).order_by(t.accounts.c.start)):
                m = out[a.mention_key]
                if a.kind == "claim":
                    m.claims.append(Claim(a.speaker, a.quote, Span(a.start, a.end), a.side, a.affiliation, a.document_id))
                else:
                    sp = Span(a.speaker_start, a.speaker_end) if a.speaker_start is not None else None
                    m.accounts.append(Account(a.speaker, a.side, a.quote, Span(a.start, a.end), a.affiliation, sp,
                                              a.mode or "quote", a.document_id))
        return [out[k] for k in keys]

    def unassigned_mentions(self) -> list[Mention]:
        with self.engine.connect() as conn:
            return self.load_mentions(conn, t.mentions.c.incident_id.is_(None))

    def candidate_incidents(self, lo: date | None, hi: date | None, state: str | None) -> list[str]:
        """Ids of incidents with a mention whose date window meets ``lo``…``hi`` (blocking), or
        that share the state when the date is unknown."""
        q = select(t.mentions.c.incident_id).where(t.mentions.c.incident_id.is_not(None)).distinct()
        if lo and hi:
            # stored windows are at most BLOCK_WINDOW_DAYS wide, so the index on date_from bounds the scan
            # to the rows near the window, whatever the size of the table
            q = q.where(t.mentions.c.date_from <= hi, t.mentions.c.date_from >= lo - timedelta(days=BLOCK_WINDOW_DAYS),
                        t.mentions.c.date_to >= lo)
        elif state:
            q = q.where(t.mentions.c.state == state)
        else:
            return []
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def incidents_naming(self, names: Iterable[str]) -> list[str]:
        """Ids of incidents with a mention naming any of these people (blocking on names)."""
        names = sorted({n.lower() for n in names if n})
        if not names:
            return []
        q = (select(t.mentions.c.incident_id).distinct()
             .join(t.people, t.people.c.mention_key == t.mentions.c.key)
             .where(t.mentions.c.incident_id.is_not(None), func.lower(t.people.c.name).in_(names)))
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(q)]

    def assign(self, key: str, incident_id: str, score: int = 0, reasons: list[str] = ()) -> None:
        """Join a mention to an incident, recording why."""
        with self.engine.begin() as conn:
            if conn.execute(select(t.incidents.c.id).where(t.incidents.c.id == incident_id)).first() is None:
                conn.execute(insert(t.incidents).values(id=incident_id, sources=0, version=1, created_at=now(),
                                                        updated_at=now()))
            conn.execute(update(t.mentions).where(t.mentions.c.key == key)
                         .values(incident_id=incident_id, match_score=score, match_reasons=list(reasons)))

    def discard_incident(self, incident_id: str) -> None:
        """Remove an incident no mention belongs to any more (one a run created and then joined to
        another); an incident that still has mentions is left alone."""
        with self.engine.begin() as conn:
            if conn.execute(select(t.mentions.c.key).where(t.mentions.c.incident_id == incident_id).limit(1)).first() is None:
                conn.execute(delete(t.incidents).where(t.incidents.c.id == incident_id))

    def incidents_citing(self, doc_ids: Iterable[str]) -> list[str]:
        """Ids of incidents with a mention from any of these documents, in id order."""
        out: set[str] = set()
        for chunk in chunks(sorted(set(doc_ids)), 500):
            q = (select(t.mentions.c.incident_id).distinct()
                 .where(t.mentions.c.incident_id.is_not(None), t.mentions.c.document_id.in_(chunk)))
            with self.engine.connect() as conn:
                out.update(r[0] for r in conn.execute(q))
        return sorted(out)

    def match_reasons(self, incident_id: str) -> dict[str, dict]:
        with self.engine.connect() as conn:
            return {r.key: {"score": r.match_score, "reasons": r.match_reasons or []} for r in conn.execute(
                select(t.mentions.c.key, t.mentions.c.match_score, t.mentions.c.match_reasons)
                .where(t.mentions.c.incident_id == incident_id))}

    # ------------------------------------------------------------ incidents
    def incident_mentions(self, incident_id: str) -> list[Mention]:
        with self.engine.connect() as conn:
            return self.load_mentions(conn, t.mentions.c.incident_id == incident_id)

    def save_incident(self, incident: Incident) -> None:
        """Write an incident's displayed values (or delete it when no mention is left), with the
        reviewers' standing decisions laid over the extracted ones."""
        with self.engine.begin() as conn:
            exists = conn.execute(select(t.incidents.c.version).where(t.incidents.c.id == incident.id)).first()
            if not incident.mentions:
                if exists:
                    conn.execute(delete(t.incidents).where(t.incidents.c.id == incident.id))
                return
            reviews = self.standing_reviews(incident.id, conn)
            for name, r in reviews.items():
                if name != "incident":
                    incident.apply_review(name, r["action"], decode(name, r["value"]),
                                          {k: r[k] for k in ("author", "reason", "at")})
            titles = [" ".join(filter(None, r)) for r in conn.execute(select(t.documents.c.title, t.documents.c.outlet)
                                                       .where(t.documents.c.id.in_(incident.documents)))]
            row = incident_row(incident)
            row["review_status"] = review_status(reviews)
            row["search_text"] = search_text(incident, titles)
            if exists:
                conn.execute(update(t.incidents).where(t.incidents.c.id == incident.id)
                             .values(**row, version=exists.version + 1, updated_at=now()))
            else:
                conn.execute(insert(t.incidents).values(id=incident.id, **row, version=1, created_at=now(),
                                                        updated_at=now()))

    def incident_rows(self, *, limit: int | None = None) -> list[dict]:
        q = select(t.incidents).order_by(t.incidents.c.date.desc().nulls_last(), t.incidents.c.id)
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def incident(self, incident_id: str) -> Incident:
        """An incident with its mentions and field views."""
        with self.engine.connect() as conn:
            row = conn.execute(select(t.incidents).where(t.incidents.c.id == incident_id)).first()
            if row is None:
                row = conn.execute(select(t.incidents).where(t.incidents.c.id.like(f"{incident_id}%"))).first()
        if row is None and self.canonical_id(incident_id) != incident_id:
            return self.incident(self.canonical_id(incident_id))
        with self.engine.connect() as conn:
            if row is None:
                raise NotFoundError(f"no incident {incident_id!r}", hint="`encounters incidents` lists the ids")
            mentions = self.load_mentions(conn, t.mentions.c.incident_id == row.id)
        return Incident(id=row.id, mentions=mentions, fields=fields_from_json(row.fields or {}),
                        people=(row.fields or {}).get("_people", []), review_status=row.review_status,
                        version=row.version)

    def iter_incidents(self) -> Iterator[Incident]:
        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(select(t.incidents.c.id).order_by(t.incidents.c.id))]
        for chunk in chunks(ids, 200):
            with self.engine.connect() as conn:
                rows = {r.id: r for r in conn.execute(select(t.incidents).where(t.incidents.c.id.in_(chunk)))}
                ms = self.load_mentions(conn, t.mentions.c.incident_id.in_(chunk))
            by: dict[str, list[Mention]] = {}
            with self.engine.connect() as conn:
                owner = dict(conn.execute(select(t.mentions.c.key, t.mentions.c.incident_id)
                                          .where(t.mentions.c.incident_id.in_(chunk))).all())
            for m in ms:
                by.setdefault(owner[m.key], []).append(m)
            for i in chunk:
                r = rows[i]
                yield Incident(id=i, mentions=by.get(i, []), fields=fields_from_json(r.fields or {}),
                               people=(r.fields or {}).get("_people", []), review_status=r.review_status,
                               version=r.version)

    # ------------------------------------------------------------ a person's decisions
    def canonical_id(self, incident_id: str) -> str:
        """The incident an id names now: itself, or the incident it was merged into."""
        with self.engine.connect() as conn:
            for _ in range(20):  # aliases can chain (a merged into b, b into c)
                row = conn.execute(select(t.incident_aliases.c.incident_id)
                                   .where(t.incident_aliases.c.alias == incident_id)).first()
                if row is None:
                    return incident_id
                incident_id = row.incident_id
        return incident_id

    def move_mentions(self, keys: list[str], incident_id: str, *, action: str, other_id: str | None, reason: str,
                      author: str) -> int:
        """Move mentions to an incident (created if new) and pin them there, in one transaction that
        also records the decision; returns the decision's id."""
        with self.engine.begin() as conn:
            if conn.execute(select(t.incidents.c.id).where(t.incidents.c.id == incident_id)).first() is None:
                conn.execute(insert(t.incidents).values(id=incident_id, sources=0, version=1, created_at=now(),
                                                        updated_at=now()))
            override_id = conn.execute(insert(t.overrides).values(
                action=action, incident_id=incident_id, other_id=other_id, mention_keys=list(keys), reason=reason,
                author=author, created_at=now())).inserted_primary_key[0]
            for key in keys:
                conn.execute(update(t.mentions).where(t.mentions.c.key == key).values(
                    incident_id=incident_id, match_score=None, match_reasons=[f"{action} by {author}: {reason}"]))
            self._pin(conn, keys, incident_id, override_id)
        return override_id

    def pin_mentions(self, keys: list[str], incident_id: str, override_id: int) -> None:
        with self.engine.begin() as conn:
            self._pin(conn, keys, incident_id, override_id)

    def _pin(self, conn: Connection, keys: list[str], incident_id: str, override_id: int) -> None:
        conn.execute(delete(t.pins).where(t.pins.c.mention_key.in_(list(keys))))
        if keys:
            conn.execute(insert(t.pins), [dict(mention_key=k, incident_id=incident_id, override_id=override_id)
                                          for k in keys])

    def pins(self, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        """mention key → (incident id, decision id) for the mentions a person placed."""
        out: dict[str, tuple[str, int]] = {}
        for chunk in chunks(list(keys), 500):
            with self.engine.connect() as conn:
                for r in conn.execute(select(t.pins).where(t.pins.c.mention_key.in_(chunk))):
                    out[r.mention_key] = (r.incident_id, r.override_id)
        return out

    def add_alias(self, alias: str, incident_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(t.incident_aliases).where(t.incident_aliases.c.alias == alias))
            conn.execute(insert(t.incident_aliases).values(alias=alias, incident_id=incident_id))

    def decisions(self, incident_id: str) -> list[dict]:
        """Merge and split decisions that involved an incident, oldest first."""
        q = (select(t.overrides).where((t.overrides.c.incident_id == incident_id) | (t.overrides.c.other_id == incident_id))
             .order_by(t.overrides.c.id))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                    for name, table in (("documents", t.documents), ("incidents", t.incidents),
                                        ("mentions", t.mentions), ("accounts", t.accounts))}

    def record_run(self, started: datetime, stats: dict, errors: list[str]) -> None:
        with self.engine.begin() as conn:
            conn.execute(insert(t.ingest_runs).values(
                started_at=started, finished_at=now(), documents_new=stats.get("new", 0),
                documents_unchanged=stats.get("unchanged", 0), documents_updated=stats.get("updated", 0),
                errors=errors[:1000]))


def chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


def block_window(lo: date | None, hi: date | None) -> tuple[date | None, date | None]:
    """A date window as blocking uses it: one wider than ``BLOCK_WINDOW_DAYS`` ("last year") is none."""
    if lo and hi and (hi - lo).days > BLOCK_WINDOW_DAYS:
        return None, None
    return lo, hi


def mention_window(m: Mention) -> tuple[date | None, date | None]:
    """The days a mention's incident may have happened on, for blocking; a window wider than
    ``BLOCK_WINDOW_DAYS`` ("last year") is no help there and is stored as none (blocked by state)."""
    d = m.get("date")
    if d is not None and not m.fields["date"].inferred:
        return d, d
    r = m.get("date_range")
    if r:
        return block_window(r[0], r[1])
    if d is not None:
        return d, d
    return None, None


def review_status(reviews: dict[str, dict]) -> str:
    """``confirmed``/``rejected`` when a reviewer judged the whole incident, ``reviewed`` when any
    field has a standing decision, else ``unreviewed``."""
    whole = reviews.get("incident")
    if whole and whole["action"] in ("confirm", "reject"):
        return "confirmed" if whole["action"] == "confirm" else "rejected"
    if any(r["action"] != "reopen" for r in reviews.values()):
        return "reviewed"
    return "unreviewed"


def search_text(incident: Incident, titles: list[str]) -> str:
    v = incident.value
    parts = [incident.id, v("city"), v("county"), v("state"), " ".join(v("agencies") or []),
             " ".join(p["name"] for p in incident.people if p.get("name")), " ".join(titles), " ".join(incident.documents)]
    return " ".join(str(p) for p in parts if p).lower()[:4000]


def outcome_of(killed: int | None, injured: int | None) -> str:
    if killed:
        return "killed"
    if injured:
        return "injured"
    if killed == 0 and injured == 0:
        return "unharmed"
    return "unknown"


def fields_to_json(fields: dict[str, FieldView]) -> dict:
    return {name: {"chosen": encode(v.chosen), "policy": v.policy,
                   "review": {k: encode(x) for k, x in v.review.items()} if v.review else None,
                   "values": [{"value": encode(s.value), "sources": s.sources, "inferred": s.inferred} for s in v.values]}
            for name, v in fields.items()}


def fields_from_json(data: dict) -> dict[str, FieldView]:
    out = {}
    for name, v in data.items():
        if name.startswith("_"):
            continue
        out[name] = FieldView(name, [SourcedValue(decode(name, s["value"]), s["sources"], s.get("inferred", False))
                                     for s in v["values"]], decode(name, v["chosen"]), v["policy"],
                           review_from_json(name, v.get("review")))
    return out


def review_from_json(name: str, review: dict | None) -> dict | None:
    if not review:
        return None
    return {**review, "value": decode(name, review.get("value"))}


def incident_row(incident: Incident) -> dict:
    v = incident.value
    rng = v("date_range") or [None, None]
    d = v("date")
    agencies = v("agencies") or []
    data = fields_to_json(incident.fields)
    data["_people"] = incident.people
    return dict(
        date=d, date_from=d or rng[0], date_to=d or rng[1], city=v("city"), county=v("county"), state=v("state"),
        latitude=v("latitude"), longitude=v("longitude"), agencies=",".join(agencies) or None, killed=v("killed"),
        injured=v("injured"), outcome=outcome_of(v("killed"), v("injured")), shots_fired=None if v("shots_fired") is None else str(v("shots_fired")),
        vehicle_involved=v("vehicle_involved"), force_type=v("force_type"), sources=incident.independent_sources,
        conflicts=",".join([k for k, f in incident.fields.items() if f.conflict]
                           + [f"{p['name']}: {a}" for p in incident.people for a in p.get("conflicts", [])])[:255] or None,
        fields=data)


def open_store(url: str | None = None, *, migrate_schema: bool = True) -> Store:
    """Open (and create or upgrade) the database at ``url``."""
    url = normalise_url(url)
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, SQLAlchemyError, ImportError) as err:
        raise StoreError(f"cannot use database URL {url!r}: {err}",
                         hint="use a path, sqlite:///file.db or postgresql://user@host/db") from None
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()
    if migrate_schema:
        try:
            migrate(engine)
        except OperationalError as err:
            raise StoreError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: {err.orig}",
                             hint="check the path or the server address and that the database exists") from None
    return Store(engine)
