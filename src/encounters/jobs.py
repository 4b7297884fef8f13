"""Batch jobs that chain the stages: ingest → extract → store → resolve.

In: paths to read (or documents), an open ``Store`` and an extractor. Out: an ``IngestReport``
(counts, per-file errors, notes, changes held for review, the incidents touched). Documents stream
through in batches; each document is stored in its own transaction, which also records the
incidents it leaves stale, so a bad file or a crash loses nothing stored before. Resolution runs
once at the end of a run, in a fixed order and in one transaction: a run killed at any point —
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
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice
from typing import Callable, Iterable, Iterator

from encounters.core.errors import EncountersError, ExtractionError, InputError
from encounters.core.model import Document, Incident, Mention
from encounters.extract import Extractor, get_extractor
from encounters.ingest import copies, read_paths
from encounters.resolve import resolve_mentions, summarise
from encounters.review.decisions import hold_gone_evidence, place_pinned
from encounters.resolve.cluster import day_window, regroup
from encounters.store import Store
from encounters.store.repository import block_window, now

BLOCK_DAYS = 3


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


def batched(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


def ingest_paths(store: Store, paths: Iterable[str], *, extractor: Extractor | None = None, encoding: str = "utf-8",
                 batch_size: int = 32, on_item: Callable[[str, str], None] | None = None,
                 on_phase: Callable[[str, int | None], None] | None = None) -> IngestReport:
    """Read, extract, store and resolve everything under ``paths``."""
    return ingest_documents(store, read_paths(paths, encoding=encoding), extractor=extractor, batch_size=batch_size,
                            on_item=on_item, on_phase=on_phase)


def ingest_documents(store: Store, loaded: Iterable[Document | InputError], *, extractor: Extractor | None = None,
                     batch_size: int = 32, on_item: Callable[[str, str], None] | None = None,
                     on_phase: Callable[[str, int | None], None] | None = None) -> IngestReport:
    """The same job over documents already read (errors from the reader are reported as such).

    ``on_item(source, status)`` is called for each document read (status new, updated, unchanged or
    error) and then for each mention resolved (``resolved``) and incident summarised (``summarised``);
    ``on_phase(name, total)`` when resolution (``resolving``) and summarising (``summarising``) start."""
    extractor = extractor or get_extractor()
    report = IngestReport()
    started = now()
    t0 = time.perf_counter()
    notify = on_item or (lambda _source, _status: None)
    seen: dict[str, tuple[str | None, str]] = {}  # every id this run read: where from, and its content hash
    for batch in batched(loaded, batch_size):
        fresh: list[Document] = []
        states: dict[str, str] = {}
        for item in batch:
            if isinstance(item, InputError):
                report.errors.append(str(item) + (f" (hint: {item.hint})" if item.hint else ""))
                notify(item.source or "?", "error")
                continue
            if item.id in seen:  # the same id twice in one run: the first stands
                first_source, first_hash = seen[item.id]
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
                continue
            seen[item.id] = (item.source, item.content_hash)
            state, stored_source = store.document_state(item)
            if state == "updated" and is_file_id_clash(item, stored_source):
                report.errors.append(file_clash(item, stored_source))
                notify(item.source or item.id, "error")
                continue
            if state == "unchanged":
                report.unchanged += 1
                notify(item.id, "unchanged")
                continue
            states[item.id] = state
            fresh.append(item)
        limit = getattr(extractor, "max_chars", None)
        for doc, result in extractor.extract(fresh):
            if isinstance(result, ExtractionError):
                report.errors.append(str(result))
                notify(doc.id, "error")
                continue
            if limit and len(doc.text) > limit and not any("analysed" in n for n in doc.notes):
                doc.notes.append(f"only the first {limit:,} of {len(doc.text):,} characters were analysed for incidents")
            try:
                with store.transaction() as tx:  # the document, its copies' links, what they leave stale: all or none
                    tx.save_document(doc, result, extractor=extractor.name)
                    if result:
                        tx.mark_stale(link_copies(tx, doc))
                    else:  # nothing left on the page for a person's decision to stand on
                        hold_gone_evidence(tx, doc.id)
            except EncountersError as err:
                report.errors.append(f"{doc.source or doc.id}: {err}")
                notify(doc.id, "error")
                continue
            report.notes += [f"{doc.source or doc.id}: {n}" for n in doc.notes]
            if states[doc.id] == "new":
                report.new += 1
            else:
                report.updated += 1
            report.mentions += len(result)
            notify(doc.id, states[doc.id])
    # Resolution runs once, over every mention not yet resolved (this run's, and any a killed run
    # left), in a fixed order (primaries first, then by date and key), in one transaction: the same
    # files give the same incidents and ids whatever order they come in, and however often a run died.
    report.incidents |= resolve_pending(store, on_item=on_item, on_phase=on_phase)
    report.held = [f"{h['incident_id']}: {h['message']}" for h in store.holds(since=started)]
    report.seconds = time.perf_counter() - t0
    store.record_run(started, {"new": report.new, "updated": report.updated, "unchanged": report.unchanged},
                     report.errors)
    return report


def file_clash(doc: Document, other_source: str | None) -> str:
    return (f"{doc.source}: id {doc.id!r} already holds a different article read from {other_source}; nothing was "
            "replaced (hint: ingest the parent folder so ids keep their folder, or rename the file)")


def link_copies(store: Store, doc: Document) -> set[str]:
    """File a stored document in the near-duplicate index and link it with the copies already stored
    (archived snapshots, syndicated wire stories, the same page under two URLs): the group's original is
    chosen by ``copies.original_of``, whatever order the copies came in. Returns the incidents whose
    source counts may have changed."""
    own = copies.shingles(doc.text)
    keys = copies.band_keys(own)
    store.file_bands(doc.id, keys)
    sets: dict[str, frozenset[int]] = {doc.id: own}

    def shingles_of(row: dict) -> frozenset[int]:
        if row["id"] not in sets:
            sets[row["id"]] = copies.shingles(row["text"])
        return sets[row["id"]]

    matched = [r for r in store.documents_sharing_bands(doc.id, keys) if copies.is_copy(own, shingles_of(r))]
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
    pending = store.unassigned_mentions()
    stale = set(store.stale_incidents())
    if not pending and not stale:
        return set()
    notify = on_item or (lambda _key, _status: None)
    if on_phase is not None:
        on_phase("resolving", len(pending))
    cache: dict[str, list[Mention]] = {}
    by_key = {m.key: m for m in pending}

    def candidates(m: Mention) -> list[Incident]:
        lo, hi = block_window(*day_window(m)[:2])  # "last year": blocked by state, as the store keeps it
        pad = timedelta(days=BLOCK_DAYS)
        ids = set(store.candidate_incidents(lo - pad if lo else None, hi + pad if hi else None, m.get("state")))
        ids |= set(store.incidents_naming(p.display_name for p in m.people if p.display_name and " " in p.display_name))
        for i in ids:
            if i not in cache:  # each incident is read from the database once per run
                cache[i] = store.incident_mentions(i)
        return [Incident(id=i, mentions=cache[i]) for i in sorted(ids)]

    touched: set[str] = set()
    pinned = place_pinned(store, pending)  # by each decision's evidence, not the mention's position
    for key, (incident_id, decision) in sorted(pinned.items()):
        # a person put this mention there: re-extraction does not second-guess them
        incident_id = store.canonical_id(incident_id)
        store.assign(key, incident_id, 0, [f"placed by decision #{decision}"])
        touched.add(incident_id)
        notify(key, "resolved")
    pending = [m for m in pending if m.key not in pinned]
    created: list[str] = []
    for a in resolve_mentions(pending, candidates):
        if a.new:
            a.incident_id = free_incident_id(store, a.incident_id, a.mention_key)
        store.assign(a.mention_key, a.incident_id, a.score, a.reasons)
        if a.incident_id not in cache:
            cache[a.incident_id] = [] if a.new else store.incident_mentions(a.incident_id)
        if by_key[a.mention_key] not in cache[a.incident_id]:
            cache[a.incident_id].append(by_key[a.mention_key])
        touched.add(a.incident_id)
        notify(a.mention_key, "resolved")
        if a.new:
            created.append(a.incident_id)

    def incident_candidates(inc: Incident) -> list[Incident]:
        ids = sorted({c.id for m in inc.mentions for c in candidates(m)})
        return [Incident(id=i, mentions=cache[i]) for i in ids if cache.get(i)]

    pinned_incidents = {store.canonical_id(i) for i, _ in pinned.values()}
    regrouped = [Incident(id=i, mentions=cache[i]) for i in created if i not in pinned_incidents]
    for source, target, score, reasons in regroup(regrouped, incident_candidates):
        for m in cache.pop(source):
            store.assign(m.key, target, score, ["joined with its incident as a whole: " + "; ".join(reasons)])
        store.discard_incident(source)  # created by this run and now empty: no one has seen its id
        touched.discard(source)
        touched.add(target)
    if on_phase is not None:
        on_phase("summarising", len(touched | stale))
    for incident_id in sorted(touched | stale):
        summarise_or_hold(store, incident_id)
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


def summarise_or_hold(store: Store, incident_id: str) -> None:
    """Re-summarise an incident from its mentions; one a person reviewed that has no source left is
    kept as it was, with a hold saying so (removing it is a reviewer's call, never a side effect)."""
    mentions = store.incident_mentions(incident_id)
    if not mentions and store.incident_exists(incident_id) and store.is_reviewed(incident_id):
        store.add_hold(incident_id, "lost_sources", message=(
            "re-reading its documents left this reviewed incident with no source; it is kept as it was until a "
            "reviewer confirms it (keep) or rejects it"))
        return
    store.save_incident(summarise(incident_id, mentions))
