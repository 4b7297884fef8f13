"""The store: documents, mentions and incidents in any SQLAlchemy database.

In: a database URL (SQLite by default, PostgreSQL too) and the model objects the other stages
produce. Out: ``Store`` — opens the database and brings its schema to the newest Alembic
revision, saves each document with its mentions, facts, people and accounts in one transaction
(a failure leaves what was stored before intact), answers the candidate queries resolution
needs, and loads incidents back as model objects. ``Store.transaction()`` gives a ``Store`` whose
every call runs in one transaction: resolution and each reviewer's edit use it, so a crash or a
refused value leaves the database as it was before they started. A person's decisions are keyed
by their evidence (``evidence_fingerprint``), not by a mention's position in its document.
"""
from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlalchemy import create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DatabaseError, DataError, IntegrityError, OperationalError, SQLAlchemyError

from encounters.core.errors import NotFoundError, StoreError
from encounters.core.model import (Account, Claim, Document, FieldView, Incident, Mention, Person, SourcedValue, Span,
                                   Value)
from encounters.store import overlays
from encounters.store import schema as t
from encounters.store.fetch_records import FetchRecords
from encounters.store.overlay_records import OverlayRecords
from encounters.store.queries import BrowseQueries, IncidentFilter, like_escape
from encounters.store.records import ReviewRecords

DEFAULT_URL = "sqlite:///encounters.db"
SKETCH_SIZE = 64  # hashes kept of a mention's word 3-grams, to find its evidence again after an edit
DATE_FIELDS = {"date"}
BLOCK_WINDOW_DAYS = 62  # the widest date window kept for blocking (two months)
MAX_COPY_CANDIDATES = 20  # documents sharing near-duplicate keys with a new one that are compared with it


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


def evidence_fingerprint(text: str, span: Span) -> dict:
    """What a decision about a mention is keyed by: its passage of the document, not its position.
    ``exact`` is a digest of the passage's words (lower case, punctuation and spacing ignored), so a
    story moved elsewhere on the page is found again; ``sketch`` holds the smallest hashes of its word
    3-grams (a bottom-k sketch), so a lightly edited story is found again too (``evidence_similarity``)."""
    words = re.findall(r"\w+", text[span.start:span.end].lower())
    exact = hashlib.sha256(" ".join(words).encode("utf-8", "replace")).hexdigest()[:32]
    grams = {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}
    hashes = sorted(hashlib.blake2b(g.encode("utf-8", "replace"), digest_size=8).hexdigest() for g in grams)
    return {"exact": exact, "sketch": hashes[:SKETCH_SIZE]}


def evidence_similarity(a: dict, b: dict) -> float:
    """1.0 for the same passage; otherwise the estimated share of word 3-grams two passages have in
    common (0 … 1), from their sketches."""
    if a.get("exact") == b.get("exact"):
        return 1.0
    sa, sb = set(a.get("sketch") or ()), set(b.get("sketch") or ())
    union = sorted(sa | sb)[:SKETCH_SIZE]
    return sum(1 for h in union if h in sa and h in sb) / len(union) if union else 0.0


class OneConnection:
    """An engine stand-in handing out one connection, so every ``Store`` method joins its transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.dialect = conn.dialect
        self.url = conn.engine.url

    @contextmanager
    def connect(self) -> Iterator[Connection]:
        yield self.conn

    begin = connect



def jsonable(value: Any) -> Any:
    """Dates inside dicts and lists as ISO strings, for a JSON column."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value.isoformat() if isinstance(value, (date, datetime)) else value


class Store(ReviewRecords, BrowseQueries, OverlayRecords, FetchRecords):
    """One database. Open with ``open_store(url)``."""

    def __init__(self, engine: Engine | OneConnection) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """A ``Store`` whose calls all run in one transaction, committed when the block ends and rolled
        back whole if it raises (or the process dies). A value the database refuses (too long for its
        column, a NUL on PostgreSQL) becomes a ``StoreError``; nothing of the block is kept."""
        if isinstance(self.engine, OneConnection):  # already inside one
            yield self
            return
        try:
            with self.engine.begin() as conn:
                yield type(self)(OneConnection(conn))
        except (DataError, IntegrityError) as err:
            raise StoreError(f"the database refused a value, so nothing was changed: {str(err.orig).strip()[:300]}",
                             hint="shorten or correct the value and try again") from None

    # ------------------------------------------------------------ documents
    def document_states(self, docs: Iterable[Document]) -> dict[str, tuple[str, str | None]]:
        """Each document's (state, stored source), by id, in one query per 500 ids: ``new``, ``unchanged``
        (same id and content) or ``updated`` (same id, new content), with where the stored version was
        read from."""
        docs = list(docs)
        found: dict[str, tuple[str, str | None]] = {}
        with self.engine.connect() as conn:
            for part in chunks(docs, 500):
                ids = sorted({d.id for d in part})
                found.update((r.id, (r.content_hash, r.source)) for r in conn.execute(
                    select(t.documents.c.id, t.documents.c.content_hash, t.documents.c.source)
                    .where(t.documents.c.id.in_(ids))))
        out: dict[str, tuple[str, str | None]] = {}
        for d in docs:  # an id given twice: the first one's state (the job reads only the first)
            row = found.get(d.id)
            out.setdefault(d.id, ("new", None) if row is None else
                           (("unchanged" if row[0] == d.content_hash else "updated"), row[1]))
        return out

    def save_new_documents(self, docs: list[Document], *, extractor: str) -> None:
        """Store documents not stored before that hold no mention (most of a news stream), in one
        statement: nothing of an earlier version to replace, mark stale or hold. An id already stored
        (another writer got there first) is refused with a ``StoreError`` and nothing is kept; store
        such documents with ``save_document``."""
        if not docs:
            return
        try:
            with self.transaction() as tx:
                tx.engine.conn.execute(insert(t.documents), [document_row(d, extractor) for d in docs])
        except StoreError as err:
            raise StoreError(f"not stored: {err.message}", hint=err.hint) from None

    def save_document(self, doc: Document, mentions: list[Mention], *, extractor: str, new: bool = False) -> list[str]:
        """Store a document and its mentions (replacing an earlier version's), in one transaction
        that also marks the incidents its old mentions pointed to as stale (the next resolution
        re-summarises them, even after a crash) and loosens the pins on its old mentions (resolution
        finds their evidence again). Returns those incident ids. With ``new``, the id was not stored
        when the job looked: nothing is replaced, and if another writer stored it since, a
        ``StoreError`` is raised and nothing is kept (store it again without ``new``)."""
        try:
            with self.transaction() as tx:
                conn = tx.engine.conn
                old: list[str] = []
                if not new:
                    old = sorted({r.incident_id for r in conn.execute(
                        select(t.mentions.c.incident_id).where(t.mentions.c.document_id == doc.id)) if r.incident_id})
                    tx.mark_stale(old)
                    conn.execute(update(t.pins).where(t.pins.c.document_id == doc.id).values(mention_key=None))
                    self._delete_mentions(conn, doc.id)
                    conn.execute(delete(t.document_bands).where(t.document_bands.c.document_id == doc.id))
                    conn.execute(delete(t.documents).where(t.documents.c.id == doc.id))
                conn.execute(insert(t.documents).values(**document_row(doc, extractor)))
                for m in mentions:
                    self._insert_mention(conn, m, doc.text)
        except StoreError as err:
            raise StoreError(f"not stored: {err.message}", hint=err.hint) from None
        return old

    def mark_stale(self, incident_ids: Iterable[str]) -> None:
        """Incidents to re-summarise at the next resolution (kept in the database: a crash keeps them)."""
        with self.engine.begin() as conn:
            ids = sorted(set(incident_ids))
            have = {r[0] for r in conn.execute(select(t.stale_incidents.c.incident_id)
                                               .where(t.stale_incidents.c.incident_id.in_(ids)))} if ids else set()
            rows = [{"incident_id": i} for i in ids if i not in have]
            if rows:
                conn.execute(insert(t.stale_incidents), rows)

    def stale_incidents(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(select(t.stale_incidents.c.incident_id)
                                               .order_by(t.stale_incidents.c.incident_id))]

    def clear_stale(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(t.stale_incidents))

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
                             evidence=evidence, rule=v.rule, inferred=v.inferred,
                             passed_over=[{**c, "value": encode(c.get("value"))} for c in v.passed_over] or None))
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
                        content_hash=r.content_hash, notes=list(r.notes or []), fetched_url=r.fetched_url)

    # ------------------------------------------------------------ copies of one article
    def file_bands(self, doc_id: str, keys: list[str]) -> None:
        """File a document under its near-duplicate index keys; ``save_document`` has removed those of an
        earlier version (call it in the same transaction)."""
        with self.engine.begin() as conn:
            if keys:
                conn.execute(insert(t.document_bands), [{"band": k, "document_id": doc_id} for k in sorted(set(keys))])

    def documents_sharing_bands(self, doc_id: str, keys: list[str], limit: int = MAX_COPY_CANDIDATES) -> list[dict]:
        """Other documents filed under any of ``keys`` (id, published, text, copy_of): the ``limit`` that
        share the most keys (then by id). A copy shares nearly all of them; the cap keeps the work per
        document bounded where many stories share some wording (a template, a wire story's boilerplate),
        which would otherwise grow with the archive."""
        if not keys:
            return []
        shared = func.count().label("shared")
        ranked = (select(t.document_bands.c.document_id, shared)
                  .where(t.document_bands.c.band.in_(sorted(set(keys))), t.document_bands.c.document_id != doc_id)
                  .group_by(t.document_bands.c.document_id)
                  .order_by(shared.desc(), t.document_bands.c.document_id).limit(limit))
        with self.engine.connect() as conn:
            ids = [r.document_id for r in conn.execute(ranked)]
            return [dict(r._mapping) for r in conn.execute(
                select(t.documents.c.id, t.documents.c.published, t.documents.c.text, t.documents.c.copy_of)
                .where(t.documents.c.id.in_(ids)).order_by(t.documents.c.id))] if ids else []

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
                                                           tuple(Span.from_list(s) for s in f.spans), f.rule or "",
                                                           tuple(f.passed_over or ()))
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
        quotes = self.quote_decisions(conn, {r.document_id for r in rows})
        if quotes:  # reviewers' decisions on quotes, laid over what was extracted
            for m in out.values():
                overlays.lay_quotes(m, quotes)
        if any(r.copy_of for r in rows) or self.any_copy_decisions(conn):
            # which document copies which: the copy detection's finding, unless a reviewer said otherwise
            copies = self.copy_origins(conn, {r.document_id for r in rows})
            for m in out.values():
                root = overlays.original_of(m.document_id, copies)
                m.copy_of = root if root != m.document_id else None
        return [out[k] for k in keys]

    def member_mentions(self, conn: Connection, incident_ids: list[str]) -> dict[str, list[Mention]]:
        """incident id → its mentions, leaving out the documents a reviewer took out of it."""
        ms = self.load_mentions(conn, t.mentions.c.incident_id.in_(incident_ids)) if incident_ids else []
        owner = dict(conn.execute(select(t.mentions.c.key, t.mentions.c.incident_id)
                                  .where(t.mentions.c.incident_id.in_(incident_ids))).all()) if ms else {}
        detached = self.detached(conn, incident_ids) if ms else {}
        out: dict[str, list[Mention]] = {i: [] for i in incident_ids}
        for m in ms:
            if (owner[m.key], m.document_id) not in detached:
                out[owner[m.key]].append(m)
        return out

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

    def has_mentions(self, incident_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(t.mentions.c.key).where(t.mentions.c.incident_id == incident_id)
                                .limit(1)).first() is not None

    def incident_exists(self, incident_id: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(t.incidents.c.id).where(t.incidents.c.id == incident_id)).first() is not None

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
        """The mentions of an incident (not those of documents a reviewer took out of it)."""
        return self.incidents_mentions([incident_id])[incident_id]

    def incidents_mentions(self, incident_ids: list[str]) -> dict[str, list[Mention]]:
        """``incident_mentions`` of several incidents, read together (a few queries, not a few each)."""
        with self.engine.connect() as conn:
            return self.member_mentions(conn, list(incident_ids))

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
            summary = self.lay_decisions(conn, incident)  # people, quotes and sources as reviewers decided
            titles = [" ".join(filter(None, r)) for r in conn.execute(select(t.documents.c.title, t.documents.c.outlet)
                                                       .where(t.documents.c.id.in_(incident.documents)))]
            row = incident_row(incident) | summary
            row["review_status"] = review_status(reviews)
            row["search_text"] = search_text(incident, titles)
            if exists:
                conn.execute(update(t.incidents).where(t.incidents.c.id == incident.id)
                             .values(**row, version=exists.version + 1, updated_at=now()))
            else:
                conn.execute(insert(t.incidents).values(id=incident.id, **row, version=1, created_at=now(),
                                                        updated_at=now()))

    def set_review_status(self, incident_id: str) -> None:
        """Bring an incident's review status in line with its standing decisions, values untouched."""
        with self.engine.begin() as conn:
            conn.execute(update(t.incidents).where(t.incidents.c.id == incident_id)
                         .values(review_status=review_status(self.standing_reviews(incident_id, conn))))

    def incident_rows(self, *, limit: int | None = None, flt: IncidentFilter | None = None) -> list[dict]:
        """Every incident row (the list's filters apply), newest first."""
        q = (select(t.incidents).where(*(flt or IncidentFilter()).conditions())
             .order_by(t.incidents.c.date.desc().nulls_last(), t.incidents.c.id))
        if limit:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def incident(self, incident_id: str) -> Incident:
        """An incident with its mentions and field views."""
        with self.engine.connect() as conn:
            row = conn.execute(select(t.incidents).where(t.incidents.c.id == incident_id)).first()
            if row is None:
                row = conn.execute(select(t.incidents).where(
                    t.incidents.c.id.like(like_escape(incident_id) + "%", escape="\\"))).first()
        if row is None and self.canonical_id(incident_id) != incident_id:
            return self.incident(self.canonical_id(incident_id))
        with self.engine.connect() as conn:
            if row is None:
                raise NotFoundError(f"no incident {incident_id!r}", hint="`encounters incidents` lists the ids")
            mentions = self.member_mentions(conn, [row.id])[row.id]
        return incident_from_row(row, mentions)

    def iter_incidents(self, flt: IncidentFilter | None = None) -> Iterator[Incident]:
        """Every incident (the list's filters apply), by id, read 200 at a time."""
        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(select(t.incidents.c.id).where(*(flt or IncidentFilter()).conditions())
                                              .order_by(t.incidents.c.id))]
        for chunk in chunks(ids, 200):
            with self.engine.connect() as conn:
                rows = {r.id: r for r in conn.execute(select(t.incidents).where(t.incidents.c.id.in_(chunk)))}
                by = self.member_mentions(conn, chunk)
            for i in chunk:
                if i in rows:
                    yield incident_from_row(rows[i], by.get(i, []))

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
        """Pin mentions to an incident, each keyed by its document and its evidence's fingerprint."""
        keys = list(keys)
        conn.execute(delete(t.pins).where(t.pins.c.mention_key.in_(keys)))
        rows = conn.execute(select(t.mentions.c.key, t.mentions.c.document_id, t.mentions.c.start, t.mentions.c.end)
                            .where(t.mentions.c.key.in_(keys))).all() if keys else []
        texts = {d: conn.execute(select(t.documents.c.text).where(t.documents.c.id == d)).scalar_one()
                 for d in sorted({r.document_id for r in rows})}
        if rows:
            conn.execute(insert(t.pins), [dict(mention_key=r.key, document_id=r.document_id, incident_id=incident_id,
                                               override_id=override_id,
                                               fingerprint=evidence_fingerprint(texts[r.document_id], Span(r.start, r.end)))
                                          for r in rows])

    def pins(self, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        """mention key → (incident id, decision id) for the mentions a person placed."""
        out: dict[str, tuple[str, int]] = {}
        for chunk in chunks(list(keys), 500):
            with self.engine.connect() as conn:
                for r in conn.execute(select(t.pins).where(t.pins.c.mention_key.in_(chunk))):
                    out[r.mention_key] = (r.incident_id, r.override_id)
        return out

    def loose_pins(self, document_ids: Iterable[str]) -> list[dict]:
        """Pins on the given documents that are on no mention now (the document was re-read since)."""
        out: list[dict] = []
        for chunk in chunks(sorted(set(document_ids)), 500):
            with self.engine.connect() as conn:
                out += [dict(r._mapping) for r in conn.execute(
                    select(t.pins).where(t.pins.c.document_id.in_(chunk), t.pins.c.mention_key.is_(None))
                    .order_by(t.pins.c.id))]
        return out

    def attach_pin(self, pin_id: int, mention_key: str, fingerprint: dict) -> None:
        """Put a loose pin on the mention its evidence was found in again."""
        with self.engine.begin() as conn:
            conn.execute(update(t.pins).where(t.pins.c.id == pin_id)
                         .values(mention_key=mention_key, fingerprint=fingerprint))

    # ------------------------------------------------------------ holds: changes kept back for a reviewer
    def is_reviewed(self, incident_id: str) -> bool:
        """Has a person judged this incident: a standing field or whole-record decision, a merge or a split."""
        if any(r["action"] != "reopen" for r in self.standing_reviews(incident_id).values()):
            return True
        return bool(self.decisions(incident_id))

    def add_hold(self, incident_id: str, kind: str, message: str, *, document_id: str | None = None) -> bool:
        """Record a change kept back for review (once: an open hold of the same kind and document is
        not repeated); returns whether a new one was made."""
        with self.engine.begin() as conn:
            q = select(t.holds.c.id).where(t.holds.c.incident_id == incident_id, t.holds.c.kind == kind,
                                           t.holds.c.resolved_at.is_(None))
            q = q.where(t.holds.c.document_id == document_id) if document_id else q
            if conn.execute(q.limit(1)).first():
                return False
            conn.execute(insert(t.holds).values(incident_id=incident_id, kind=kind, document_id=document_id,
                                                message=message, created_at=now()))
        return True

    def holds(self, incident_id: str | None = None, *, open_only: bool = True, since: datetime | None = None) -> list[dict]:
        q = select(t.holds).order_by(t.holds.c.id)
        if incident_id is not None:
            q = q.where(t.holds.c.incident_id.in_([incident_id, *self.merged_ids(incident_id)]))
        if open_only:
            q = q.where(t.holds.c.resolved_at.is_(None))
        if since is not None:
            q = q.where(t.holds.c.created_at >= since)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def resolve_holds(self, incident_id: str, *, author: str, resolution: str) -> int:
        """Close an incident's open holds: a reviewer has decided about it."""
        with self.engine.begin() as conn:
            return conn.execute(update(t.holds).where(t.holds.c.incident_id == incident_id,
                                                      t.holds.c.resolved_at.is_(None))
                                .values(resolved_at=now(), resolved_by=author, resolution=resolution)).rowcount

    def merged_ids(self, incident_id: str) -> list[str]:
        """Every id merged (directly or through others) into this incident."""
        out: list[str] = []
        frontier = [incident_id]
        with self.engine.connect() as conn:
            while frontier and len(out) < 10000:
                rows = [r[0] for r in conn.execute(select(t.incident_aliases.c.alias)
                                                   .where(t.incident_aliases.c.incident_id.in_(frontier)))]
                frontier = [r for r in rows if r not in out and r != incident_id]
                out += frontier
        return sorted(out)

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


def incident_from_row(row, mentions: list[Mention]) -> Incident:
    data = row.fields or {}
    return Incident(id=row.id, mentions=mentions, fields=fields_from_json(data), people=data.get("_people", []),
                    review_status=row.review_status, version=row.version, extras=data.get("_extras", {}))


def document_row(doc: Document, extractor: str) -> dict:
    return dict(id=doc.id, content_hash=doc.content_hash, title=doc.title, published=doc.published, url=doc.url,
                outlet=doc.outlet, byline=doc.byline, text=doc.text, sponsored=doc.sponsored, opinion=doc.opinion,
                source=doc.source, extractor=extractor, ingested_at=now(), notes=list(doc.notes) or None,
                fetched_url=doc.fetched_url)


def incident_row(incident: Incident) -> dict:
    v = incident.value
    rng = v("date_range") or [None, None]
    d = v("date")
    agencies = v("agencies") or []
    data = fields_to_json(incident.fields)
    data["_people"] = jsonable(incident.people)
    data["_extras"] = jsonable(incident.extras)
    return dict(
        date=d, date_from=d or rng[0], date_to=d or rng[1], city=v("city"), county=v("county"), state=v("state"),
        latitude=v("latitude"), longitude=v("longitude"), agencies=",".join(agencies) or None, killed=v("killed"),
        injured=v("injured"), outcome=outcome_of(v("killed"), v("injured")), shots_fired=None if v("shots_fired") is None else str(v("shots_fired")),
        vehicle_involved=v("vehicle_involved"), force_type=v("force_type"), law_enforcement=v("law_enforcement"),
        sources=incident.independent_sources,
        conflicts=",".join([k for k, f in incident.fields.items() if f.conflict]
                           + [f"{p['name']}: {a}" for p in incident.people for a in p.get("conflicts", [])])[:255] or None,
        fields=data)


def sqlite_path(engine: Engine) -> Path | None:
    """The file of a SQLite database (None for another server or an in-memory database)."""
    name = engine.url.database if engine.dialect.name == "sqlite" else None
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def check_sqlite_file(path: Path, *, create: bool) -> None:
    """Refuse, in one clear line, a SQLite path that names no database (unless ``create``), a folder,
    or a file that is not an encounters database."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file", hint="pass --db path/to/encounters.db")
    if not path.exists():
        if create:
            return
        raise StoreError(f"no database at {path}",
                         hint=f"check the path; `encounters ingest FILES --db {path}` creates a new database there")
    if path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        head = f.read(16)
    if head != b"SQLite format 3\x00":
        raise StoreError(f"{path} is not a database (it is not a SQLite file)",
                         hint="check --db: it should name a file made by `encounters ingest`, or a postgresql:// URL")


def open_store(url: str | None = None, *, migrate_schema: bool = True, create: bool = True) -> Store:
    """Open (and create or upgrade) the database at ``url``. With ``create=False`` a SQLite file
    that does not exist yet is an error, not a new empty database."""
    url = normalise_url(url)
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, SQLAlchemyError, ImportError) as err:
        raise StoreError(f"cannot use database URL {url!r}: {err}",
                         hint="use a path, sqlite:///file.db or postgresql://user@host/db") from None
    path = sqlite_path(engine)
    if path is not None:
        check_sqlite_file(path, create=create)
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
            if path is not None and path.exists() and path.stat().st_size:
                check_encounters_schema(engine, path)
            migrate(engine)
        except DatabaseError as err:
            first = str(err.orig).strip().splitlines()[0] if err.orig is not None else str(err).splitlines()[0]
            raise StoreError(f"cannot open database {engine.url.render_as_string(hide_password=True)}: {first}",
                             hint="check the path or the server address and that the database exists") from None
    return Store(engine)


def check_encounters_schema(engine: Engine, path: Path) -> None:
    """A SQLite file with tables but none of ours is another program's database: leave it alone."""
    from sqlalchemy import inspect

    names = set(inspect(engine).get_table_names())
    if names and "alembic_version" not in names and "documents" not in names:
        raise StoreError(f"{path} is a SQLite database, but not an encounters one ({len(names)} other tables)",
                         hint="pass --db a new file name, or the file `encounters ingest` made")
