"""Batch jobs that chain the stages: ingest → extract → store → resolve.

In: paths to read (or documents), an open ``Store`` and an extractor. Out: an ``IngestReport``
(counts, per-file errors, notes, changes held for review, the incidents touched). Documents stream
through in batches; each document is stored in its own transaction, which also records the
incidents it leaves stale, so a bad file or a crash loses nothing stored before (new documents with no
mention, most of a news stream, are stored a batch's run at a time, in one statement). With ``workers``
or ``scheduler``, reading and extraction run on a Dask cluster (``encounters.parallel``) and the
documents come back here in input order, to be stored by this one process. Resolution runs
once at the end of a run, in a fixed order and in one transaction, reading the pending mentions a
block of days at a time and holding a bounded cache of incidents (``resolve.stream``), so its memory
does not grow with the run. A run killed at any point —
reading, extracting, storing, resolving — and run again ends in the same database as one that was
never interrupted (the next run resolves what was left and re-summarises what went stale). A run's
incidents and ids do not depend on the order of its inputs. Unchanged documents (same id, same
content hash) are skipped; changed ones are re-extracted; an id given twice in a run keeps its
first article and reports the others. A change that would take the last source from an incident a
person reviewed is held for review, never made silently.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field, replace
from datetime import timedelta
from itertools import islice
from typing import Callable, Iterable, Iterator

from encounters.core.errors import EncountersError, ExtractionError, InputError
from encounters.core.model import Document, Incident, Mention
from encounters.extract import Extractor, get_extractor
from encounters.ingest import copies, read_paths
from encounters.resolve import summarise
from encounters.resolve.cluster import day_window, regroup_ids, resolve_in_order
from encounters.resolve.stream import IncidentCache, in_resolution_order
from encounters.review.decisions import hold_gone_evidence, place_pinned
from encounters.store import Store, pending
from encounters.store.repository import block_window, now

BLOCK_DAYS = 3
TEXT_NOT_KEPT = "its text was not kept: it reports no incident (ingested with --keep-text relevant)"
SUMMARY_BATCH = 200  # incidents whose mentions are read together to be re-summarised


@dataclass
class IngestReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    mentions: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)  # changes kept back for a reviewer
    incidents: set[str] = field(default_factory=set)
    seconds: float = 0.0

    @property
    def documents(self) -> int:
        return self.new + self.updated

    def as_dict(self) -> dict:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged, "mentions": self.mentions,
                "errors": len(self.errors), "held": len(self.held), "incidents_touched": len(self.incidents),
                "seconds": round(self.seconds, 2)}


class SeenIds:
    """The ids a run has read, each with where it came from and its content hash, kept in a private
    temporary SQLite database (on disk once it outgrows SQLite's page cache): a run of millions of
    documents does not hold them all in memory."""

    def __init__(self) -> None:
        import sqlite3

        self.db = sqlite3.connect("")
        self.db.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, source TEXT, hash TEXT)")

    def get(self, doc_id: str) -> tuple[str | None, str] | None:
        return self.db.execute("SELECT source, hash FROM seen WHERE id = ?", (doc_id,)).fetchone()

    def add(self, doc_id: str, source: str | None, content_hash: str) -> None:
        self.db.execute("INSERT INTO seen VALUES (?, ?, ?)", (doc_id, source, content_hash))

    def close(self) -> None:
        self.db.close()


def batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


@dataclass
class Throughput:
    """Running counts of a run, for a progress display: documents read (articles, copies read again and
    errors alike), extracted, relevant (extraction found at least one incident) and stored."""
    read: int = 0
    extracted: int = 0
    relevant: int = 0
    stored: int = 0


def ingest_paths(store: Store, paths: Iterable[str], *, extractor: Extractor | None = None, encoding: str = "utf-8",
                 batch_size: int = 32, on_item: Callable[[str, str], None] | None = None,
                 on_phase: Callable[[str, int | None], None] | None = None,
                 on_counts: Callable[[Throughput], None] | None = None,
                 workers: int | None = None, scheduler: str | None = None, keep_text: bool = True) -> IngestReport:
    """Read, extract, store and resolve everything under ``paths``.

    With ``workers`` (a local cluster of that many processes) or ``scheduler`` (a running Dask
    cluster's address), reading and extraction run on the cluster (``encounters.parallel``); the
    documents come back in input order and are stored and resolved here, as in one process, so the
    database ends the same. (Worker processes are spawned: a script that calls this with ``workers``
    needs the ``if __name__ == "__main__":`` guard, as with ``multiprocessing``.)"""
    if workers or scheduler:
        from encounters.parallel import dask_client, extract_distributed

        extractor = extractor or get_extractor()
        with dask_client(workers, scheduler) as client:
            return store_extracted(store, extract_distributed(client, paths, extractor, encoding=encoding),
                                   extractor=extractor, batch_size=batch_size, on_item=on_item, on_phase=on_phase,
                                   on_counts=on_counts, extracted=True, keep_text=keep_text)
    return ingest_documents(store, read_paths(paths, encoding=encoding), extractor=extractor, batch_size=batch_size,
                            on_item=on_item, on_phase=on_phase, on_counts=on_counts, keep_text=keep_text)


def ingest_documents(store: Store, loaded: Iterable[Document | InputError], *, extractor: Extractor | None = None,
                     batch_size: int = 32, on_item: Callable[[str, str], None] | None = None,
                     on_phase: Callable[[str, int | None], None] | None = None,
                     on_counts: Callable[[Throughput], None] | None = None, keep_text: bool = True) -> IngestReport:
    """The same job over documents already read (errors from the reader are reported as such).

    ``on_item(source, status)`` is called for each document read (status new, updated, unchanged or
    error) and then for each mention resolved (``resolved``) and incident summarised (``summarised``);
    ``on_phase(name, total)`` when resolution (``resolving``) and summarising (``summarising``) start;
    ``on_counts(throughput)`` after each document read."""
    return store_extracted(store, ((item, None) for item in loaded), extractor=extractor or get_extractor(),
                           batch_size=batch_size, on_item=on_item, on_phase=on_phase, on_counts=on_counts,
                           keep_text=keep_text)


def store_extracted(store: Store, items: Iterable[tuple[Document | InputError, list[Mention] | ExtractionError | None]],
                    *, extractor: Extractor, batch_size: int = 32, on_item: Callable[[str, str], None] | None = None,
                    on_phase: Callable[[str, int | None], None] | None = None,
                    on_counts: Callable[[Throughput], None] | None = None, extracted: bool = False,
                    keep_text: bool = True) -> IngestReport:
    """Store documents (extracted here in batches, or already with ``extracted``: each with its
    result, computed elsewhere), then resolve. See ``ingest_documents``. Without ``keep_text``, a document
    that reports no incident is stored without its text (``without_text``): an archive run keeps the
    ids, hashes and metadata of the many pages about something else, not their words."""
    report = IngestReport()
    started = now()
    t0 = time.perf_counter()
    notify = on_item or (lambda _source, _status: None)
    counts = Throughput()
    tick = on_counts or (lambda _counts: None)
    seen = SeenIds()  # every id this run read: where from, and its content hash
    try:
        report = _store_all(store, items, seen, report, counts, extractor=extractor, batch_size=batch_size,
                            notify=notify, tick=tick, extracted=extracted, keep_text=keep_text)
    finally:
        seen.close()
    # Resolution runs once, over every mention not yet resolved (this run's, and any a killed run
    # left), in a fixed order (primaries first, then by date and key), in one transaction: the same
    # files give the same incidents and ids whatever order they come in, and however often a run died.
    report.incidents |= resolve_pending(store, on_item=on_item, on_phase=on_phase)
    report.held = [f"{h['incident_id']}: {h['message']}" for h in store.holds(since=started)]
    report.seconds = time.perf_counter() - t0
    store.record_run(started, {"new": report.new, "updated": report.updated, "unchanged": report.unchanged},
                     report.errors)
    return report


def _store_all(store: Store, items: Iterable, seen: SeenIds, report: IngestReport, counts: Throughput, *,
               extractor: Extractor, batch_size: int, notify: Callable[[str, str], None],
               tick: Callable[[Throughput], None], extracted: bool, keep_text: bool = True) -> IngestReport:
    for batch in batched(items, batch_size):
        fresh: list[tuple[Document, list[Mention] | ExtractionError | None]] = []
        states: dict[str, str] = {}
        known = store.document_states(item for item, _ in batch if isinstance(item, Document))
        for item, result in batch:
            counts.read += 1
            if isinstance(item, InputError):
                report.errors.append(str(item) + (f" (hint: {item.hint})" if item.hint else ""))
                notify(item.source or "?", "error")
                tick(counts)
                continue
            first = seen.get(item.id)
            if first is not None:  # the same id twice in one run: the first stands
                first_source, first_hash = first
                if first_hash != item.content_hash and is_file_id_clash(item, first_source):
                    report.errors.append(file_clash(item, first_source))
                    notify(item.source or item.id, "error")
                elif first_hash != item.content_hash:
                    report.errors.append(f"{item.source}: id {item.id!r} was already read from {first_source} in this "
                                         "run with a different text; this one was skipped (hint: ids must be unique)")
                    notify(item.source or item.id, "error")
                else:
                    report.unchanged += 1
                    notify(item.id, "unchanged")
                tick(counts)
                continue
            seen.add(item.id, item.source, item.content_hash)
            state, stored_source = known[item.id]
            if state == "updated" and is_file_id_clash(item, stored_source):
                report.errors.append(file_clash(item, stored_source))
                notify(item.source or item.id, "error")
                tick(counts)
                continue
            if state == "unchanged":
                report.unchanged += 1
                notify(item.id, "unchanged")
                tick(counts)
                continue
            states[item.id] = state
            fresh.append((item, result))
        outcomes = fresh if extracted else extractor.extract([doc for doc, _ in fresh])
        _store_outcomes(store, outcomes, states, report, counts, extractor=extractor, notify=notify, tick=tick,
                        keep_text=keep_text)
    return report


def _store_outcomes(store: Store, outcomes: Iterable[tuple[Document, list[Mention] | ExtractionError]],
                    states: dict[str, str], report: IngestReport, counts: Throughput, *, extractor: Extractor,
                    notify: Callable[[str, str], None], tick: Callable[[Throughput], None],
                    keep_text: bool = True) -> None:
    """Store a batch's extracted documents in input order. New documents with no mention (most of a
    news stream) are stored together, one statement for a run of them; every other document in a
    transaction of its own. A run stored together that the database refuses is stored again one
    document at a time, so the error names its document and the others are kept."""
    limit = getattr(extractor, "max_chars", None)
    quiet: list[Document] = []

    def flush() -> None:
        if not quiet:
            return
        kept = quiet if keep_text else [without_text(doc) for doc in quiet]
        try:
            store.save_new_documents(kept, extractor=extractor.name)
        except EncountersError:
            for doc in kept:
                _store_one(store, doc, [], states[doc.id], report, counts, extractor=extractor, notify=notify,
                           tick=tick)
        else:
            for doc in quiet:
                _count_stored(doc, [], states[doc.id], report, counts, notify=notify, tick=tick)
        quiet.clear()

    for doc, result in outcomes:
        counts.extracted += 1
        if isinstance(result, ExtractionError):
            flush()
            report.errors.append(str(result))
            notify(doc.id, "error")
            tick(counts)
            continue
        counts.relevant += bool(result)
        if limit and len(doc.text) > limit and not any("analysed" in n for n in doc.notes):
            doc.notes.append(f"only the first {limit:,} of {len(doc.text):,} characters were analysed for incidents")
        if not result and states[doc.id] == "new":
            quiet.append(doc)
            continue
        flush()
        _store_one(store, doc if result or keep_text else without_text(doc), result, states[doc.id], report, counts,
                   extractor=extractor, notify=notify, tick=tick)
    flush()


def without_text(doc: Document) -> Document:
    """``doc`` as stored when its text is not kept: its id, content hash (a later run still knows it
    unchanged), title, day, address and flags, and a note saying why the text is missing."""
    return replace(doc, text="", notes=[*doc.notes, TEXT_NOT_KEPT])


def _store_one(store: Store, doc: Document, result: list[Mention], state: str, report: IngestReport,
               counts: Throughput, *, extractor: Extractor, notify: Callable[[str, str], None],
               tick: Callable[[Throughput], None]) -> None:
    try:
        try:
            save_with_copies(store, doc, result, extractor=extractor, new=state == "new")
        except EncountersError:
            if state != "new":
                raise
            save_with_copies(store, doc, result, extractor=extractor, new=False)  # stored since we looked
    except EncountersError as err:
        report.errors.append(f"{doc.source or doc.id}: {err}")
        notify(doc.id, "error")
        tick(counts)
        return
    _count_stored(doc, result, state, report, counts, notify=notify, tick=tick)


def save_with_copies(store: Store, doc: Document, result: list[Mention], *, extractor: Extractor, new: bool) -> None:
    """Store one document, its copies' links and what they leave stale in one transaction: all or none.
    ``new``: not stored when the job looked, so there is nothing of an earlier version to replace."""
    with store.transaction() as tx:
        tx.save_document(doc, result, extractor=extractor.name, new=new)
        if result:
            tx.mark_stale(link_copies(tx, doc, new=new))
        else:  # nothing left on the page for a person's decision to stand on
            hold_gone_evidence(tx, doc.id)


def _count_stored(doc: Document, result: list[Mention], state: str, report: IngestReport, counts: Throughput, *,
                  notify: Callable[[str, str], None], tick: Callable[[Throughput], None]) -> None:
    report.notes += [f"{doc.source or doc.id}: {n}" for n in doc.notes]
    if state == "new":
        report.new += 1
    else:
        report.updated += 1
    report.mentions += len(result)
    counts.stored += 1
    notify(doc.id, state)
    tick(counts)


def file_clash(doc: Document, other_source: str | None) -> str:
    return (f"{doc.source}: id {doc.id!r} already holds a different article read from {other_source}; nothing was "
            "replaced (hint: ingest the parent folder so ids keep their folder, or rename the file)")


def link_copies(store: Store, doc: Document, *, new: bool = False) -> set[str]:
    """File a stored document in the near-duplicate index and link it with the copies already stored
    (archived snapshots, syndicated wire stories, the same page under two URLs): the group's original is
    chosen by ``copies.original_of``, whatever order the copies came in. Returns the incidents whose
    source counts may have changed. ``new``: the document was stored just now for the first time, so
    no earlier version of it has copies to undo."""
    own = copies.shingles(doc.text)
    keys = copies.band_keys(own)
    store.file_bands(doc.id, keys)

    def shingles_of(row: dict) -> frozenset[int]:
        return copies.shingles(row["text"])  # kept by copies.shingles for the next comparisons

    matched = [r for r in store.documents_sharing_bands(doc.id, keys) if copies.is_copy(own, shingles_of(r))]
    touched: set[str] = set()
    if not new:
        former = [r for r in store.copies_of([doc.id]) if r["id"] not in {m["id"] for m in matched}]
        touched = store.unlink_copies([doc.id] + [r["id"] for r in former])  # an earlier version's copies are judged anew
    if not matched:
        return touched
    roots = sorted({r["copy_of"] or r["id"] for r in matched})
    group = {r["id"]: r for r in matched}
    for r in store.copies_of(roots) + store.documents_by_id(roots):
        group.setdefault(r["id"], r)
    group.pop(doc.id, None)
    members = [copies.CopyCandidate(r["id"], r["published"], r["text"]) for r in group.values()]
    original = copies.original_of(members + [copies.CopyCandidate(doc.id, doc.published, doc.text)])
    base = own if original.id == doc.id else shingles_of(group[original.id])
    scores = {i: round(copies.overlap(own if i == doc.id else shingles_of(group[i]), base), 3)
              for i in [doc.id, *group] if i != original.id}
    return touched | store.link_copies(original.id, scores)


def is_file_id_clash(doc: Document, stored_source: str | None) -> bool:
    """Two different files whose names gave the same id (``a/article.txt``, ``b/article.txt``).

    Ids given by the data (a JSON Lines ``id``, a feed entry, an archived URL) may be updated
    from anywhere; an id taken from a file name only from that same file."""
    def is_plain_file(source: str | None) -> bool:
        return bool(source) and not re.search(r"(?::\d+|#\d+)$", source)

    if not (is_plain_file(doc.source) and is_plain_file(stored_source)):
        return False
    return os.path.normpath(doc.source) != os.path.normpath(stored_source)


def resolve_pending(store: Store, *, on_item: Callable[[str, str], None] | None = None,
                    on_phase: Callable[[str, int | None], None] | None = None) -> set[str]:
    """Assign every unassigned mention to an incident and re-summarise the incidents touched and
    those left stale by re-read documents — all in one transaction, so a crash anywhere in it leaves
    the database as it was and the next run does the whole of it again. ``on_phase``/``on_item``
    report progress."""
    with store.transaction() as tx:
        return _resolve(tx, on_item=on_item, on_phase=on_phase)


def _resolve(store: Store, *, on_item: Callable[[str, str], None] | None = None,
             on_phase: Callable[[str, int | None], None] | None = None) -> set[str]:
    # Pending mentions are read a block of days at a time, in resolution's fixed order, and the
    # incidents they are compared with are held in a bounded cache that rebuilds an evicted one
    # exactly: the outcome is that of holding everything, in memory that does not grow with the run.
    total = pending.count_pending(store)
    stale = set(store.stale_incidents())
    if not total and not stale:
        return set()
    notify = on_item or (lambda _key, _status: None)
    if on_phase is not None:
        on_phase("resolving", total)
    cache = IncidentCache(members=lambda ids: pending.members_of(store, ids),
                          stored=lambda ids: pending.stored_mentions(store, ids),
                          by_key=lambda keys: pending.mentions_by_key(store, keys))

    def candidate_ids(m: Mention) -> set[str]:
        lo, hi = block_window(*day_window(m)[:2])  # "last year": blocked by state, as the store keeps it
        pad = timedelta(days=BLOCK_DAYS)
        ids = set(store.candidate_incidents(lo - pad if lo else None, hi + pad if hi else None, m.get("state")))
        return ids | set(store.incidents_naming(p.display_name for p in m.people
                                                if p.display_name and " " in p.display_name))

    def candidates(m: Mention) -> list[Incident]:
        ids = sorted(candidate_ids(m))
        held = cache.get_many(ids)
        return [Incident(id=i, mentions=held[i]) for i in ids]

    touched: set[str] = set()
    # a person put these mentions there: re-extraction does not second-guess them (placed by each
    # decision's evidence, not the mention's position; only documents a decision pins can have one)
    pinned_docs = pending.pinned_documents(store)
    pinned = place_pinned(store, pending.pending_of_documents(store, pinned_docs)) if pinned_docs else {}
    for key, (incident_id, decision) in sorted(pinned.items()):
        incident_id = store.canonical_id(incident_id)
        store.assign(key, incident_id, 0, [f"placed by decision #{decision}"])
        touched.add(incident_id)
        notify(key, "resolved")
    ordered = in_resolution_order(
        days=lambda primary: pending.pending_days(store, primary),
        wide=lambda primary: pending.pending_wide(store, primary),
        between=lambda primary, lo, hi: pending.pending_between(store, primary, lo, hi),
        by_key=lambda keys: pending.mentions_by_key(store, keys),
        undated=lambda primary: pending.pending_undated(store, primary))
    created: list[str] = []
    for m, a in resolve_in_order(ordered, candidates):
        if a.new:
            a.incident_id = free_incident_id(store, a.incident_id, a.mention_key)
        store.assign(a.mention_key, a.incident_id, a.score, a.reasons)
        cache.add(a.incident_id, m, new=a.new)
        touched.add(a.incident_id)
        notify(a.mention_key, "resolved")
        if a.new:
            created.append(a.incident_id)

    def incident_candidates(inc: Incident) -> list[Incident]:
        ids = sorted({i for m in inc.mentions for i in candidate_ids(m)})
        held = cache.get_many(ids)
        return [Incident(id=i, mentions=held[i]) for i in ids if held[i]]

    pinned_incidents = {store.canonical_id(i) for i, _ in pinned.values()}
    regrouped = [i for i in created if i not in pinned_incidents]
    for source, target, score, reasons in regroup_ids(regrouped, cache.get, incident_candidates):
        moved = cache.pop(source)
        for m in moved:
            store.assign(m.key, target, score, ["joined with its incident as a whole: " + "; ".join(reasons)])
        store.discard_incident(source)  # created by this run and now empty: no one has seen its id
        cache.folded(source, target, [m.key for m in moved])
        touched.discard(source)
        touched.add(target)
    if on_phase is not None:
        on_phase("summarising", len(touched | stale))
    for chunk in batched(sorted(touched | stale), SUMMARY_BATCH):
        held = store.incidents_mentions(chunk)
        for incident_id in chunk:
            summarise_or_hold(store, incident_id, held[incident_id])
            notify(incident_id, "summarised")
    store.clear_stale()
    return touched | stale


def free_incident_id(store: Store, minted: str, key: str) -> str:
    """The id for a new incident: the one minted from its first report, unless that id still names an
    incident with other sources or one merged away (a re-read page whose stories moved gives its first
    mention an old key); then the next one minted from the same key. An emptied incident's id is
    reused, so a re-read story keeps its incident."""
    n = 1
    while store.has_mentions(minted) or store.canonical_id(minted) != minted:
        minted = "inc-" + hashlib.sha1(f"{key}#{n}".encode("utf-8")).hexdigest()[:10]
        n += 1
    return minted


def summarise_or_hold(store: Store, incident_id: str, mentions: list[Mention] | None = None) -> None:
    """Re-summarise an incident from its mentions (``mentions``: read already); one a person reviewed
    that has no source left is kept as it was, with a hold saying so (removing it is a reviewer's call,
    never a side effect)."""
    mentions = store.incident_mentions(incident_id) if mentions is None else mentions
    if not mentions and store.incident_exists(incident_id) and store.is_reviewed(incident_id):
        store.add_hold(incident_id, "lost_sources", message=(
            "re-reading its documents left this reviewed incident with no source; it is kept as it was until a "
            "reviewer confirms it (keep) or rejects it"))
        return
    store.save_incident(summarise(incident_id, mentions))
