"""Jobs over the web: ingest web addresses and feeds once, or watch them and ingest what is new.

In: paths and web addresses (``ingest_sources``), or the addresses of feeds and pages to poll
(``watch_round``, ``watch``), an open ``Store``, an extractor, and a ``Fetcher`` (whose
``allow_private`` decides whether local and internal servers may be fetched). Out: an
``IngestReport`` (``ingest_sources``: a fetch that fails is one error in it, the rest goes on,
nothing stored is lost), or one ``WatchLine`` per address per round: when, the address, its answer
(200, 304, or the error), and how many documents were new, updated and unchanged.

``watch`` asks each address with the ETag and Last-Modified its last answer gave (kept in the
database, so a restarted watch goes on where it was): a 304 ingests nothing. A feed's entries are
read only when new, or changed since they were read (by a fingerprint of the entry as the feed
gives it); an entry whose page could not be fetched is tried again next round (its own text in the
feed is stored meanwhile). A page that changed is re-extracted; one that did not is skipped by the
store (same content hash). Each address's documents go through ``jobs.ingest_documents``.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable

from encounters.core.errors import InputError
from encounters.extract import Extractor
from encounters.ingest.fetch import Fetched, Fetcher, normalise_address
from encounters.ingest.readers import FeedEntry
from encounters.ingest import web
from encounters.ingest.web import document_from_fetched, feed_entries, read_entries, read_inputs
from encounters.jobs import IngestReport, ingest_documents
from encounters.store import Store

MAX_REMEMBERED_ENTRIES = 5000  # per feed: the newest entries' ids are kept


def ingest_sources(store: Store, args: Iterable[str], *, extractor: Extractor | None = None, encoding: str = "utf-8",
                   allow_private: bool = False, fetcher: Fetcher | None = None, batch_size: int = 32,
                   on_item: Callable[[str, str], None] | None = None,
                   on_phase: Callable[[str, int | None], None] | None = None, keep_text: bool = True) -> IngestReport:
    """Read, extract, store and resolve files, folders, pages and feeds (their entries' pages);
    ``keep_text`` as in ``jobs.store_extracted``."""
    return ingest_documents(store, read_inputs(args, encoding=encoding, fetcher=fetcher, allow_private=allow_private),
                            extractor=extractor, batch_size=batch_size, on_item=on_item, on_phase=on_phase,
                            keep_text=keep_text)


@dataclass
class WatchLine:
    """One address in one round."""

    at: datetime
    url: str
    status: str  # "200", "304", "error"
    kind: str = ""  # page | feed
    entries: int = 0  # a feed's entries, and how many of them were read this round
    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] | None = None
    notes: list[str] | None = None

    def describe(self) -> str:
        stamp = self.at.strftime("%Y-%m-%d %H:%M:%S")
        if self.status == "error":
            return f"{stamp} {self.url} error: {(self.errors or ['?'])[0]}"
        if self.status == "304":
            return f"{stamp} {self.url} 304 not modified: nothing to read"
        what = f"feed, {self.entries} entries, {self.read} new or changed" if self.kind == "feed" else "page"
        return (f"{stamp} {self.url} {self.status} {what}: {self.new} new, {self.updated} updated, "
                f"{self.unchanged} unchanged, {len(self.errors or [])} errors")


def entry_key(entry: FeedEntry) -> str:
    return entry.id or entry.link or f"#{entry.number}"


def entry_fingerprint(entry: FeedEntry) -> str:
    """What changes when the feed changes an entry: its link, title, stamp or text."""
    raw = "\x1f".join(str(x or "") for x in (entry.link, entry.title, entry.updated, entry.content))
    return hashlib.sha256(raw.encode("utf-8", "replace")).hexdigest()[:16]


def watch_address(store: Store, url: str, *, fetcher: Fetcher, extractor: Extractor | None = None) -> WatchLine:
    """Poll one address: a conditional fetch, then whatever is new or changed, ingested."""
    at = datetime.now(timezone.utc)
    try:
        url = normalise_address(url)
    except InputError as err:
        return WatchLine(at, url, "error", errors=[str(err)])
    state = store.fetch_state(url) or {}
    try:
        fetched = fetcher.fetch(url, etag=state.get("etag"), last_modified=state.get("last_modified"))
    except InputError as err:
        store.save_fetch_state(url, status=None, error=str(err), etag=state.get("etag"),
                               last_modified=state.get("last_modified"), final_url=state.get("final_url"),
                               entries=state.get("entries"))
        return WatchLine(at, url, "error", errors=[str(err) + (f" (hint: {err.hint})" if err.hint else "")])
    if fetched.not_modified:
        store.save_fetch_state(url, status=304, etag=fetched.etag or state.get("etag"),
                               last_modified=fetched.last_modified or state.get("last_modified"),
                               final_url=state.get("final_url"), entries=state.get("entries"))
        return WatchLine(at, url, "304", kind="feed" if state.get("entries") else "page")
    if fetched.kind == "feed":
        return watch_feed(store, fetched, state, at=at, fetcher=fetcher, extractor=extractor)
    try:
        loaded = [document_from_fetched(fetched)]
    except InputError as err:
        loaded = [err]
    report = ingest_documents(store, loaded, extractor=extractor)
    save_answer(store, fetched, entries=None)
    return line_of(at, url, fetched, report, kind="page")


def watch_feed(store: Store, fetched: Fetched, state: dict, *, at: datetime, fetcher: Fetcher,
               extractor: Extractor | None) -> WatchLine:
    seen: dict[str, str] = dict(state.get("entries") or {})
    try:
        entries = feed_entries(fetched)
    except InputError as err:
        save_answer(store, fetched, entries=seen, error=str(err))
        return WatchLine(at, fetched.url, "error", kind="feed", errors=[str(err)])
    wanted = [e for e in entries if seen.get(entry_key(e)) != entry_fingerprint(e)]
    done: list[FeedEntry] = []
    report = ingest_documents(store, read_entries(wanted[:web.MAX_ENTRIES], fetcher, on_page=done.append),
                              extractor=extractor) if wanted else IngestReport()  # over MAX_ENTRIES: next round
    for entry in done:  # an entry whose page could not be read is tried again next round
        seen.pop(entry_key(entry), None)
        seen[entry_key(entry)] = entry_fingerprint(entry)
    if len(seen) > MAX_REMEMBERED_ENTRIES:
        seen = dict(list(seen.items())[-MAX_REMEMBERED_ENTRIES:])
    save_answer(store, fetched, entries=seen)
    line = line_of(at, fetched.url, fetched, report, kind="feed")
    line.entries, line.read = len(entries), min(len(wanted), web.MAX_ENTRIES)
    return line


def save_answer(store: Store, fetched: Fetched, *, entries: dict | None, error: str | None = None) -> None:
    store.save_fetch_state(fetched.url, status=fetched.status, etag=fetched.etag, last_modified=fetched.last_modified,
                           final_url=fetched.final_url, entries=entries, error=error)


def line_of(at: datetime, url: str, fetched: Fetched, report: IngestReport, *, kind: str) -> WatchLine:
    return WatchLine(at, url, str(fetched.status), kind=kind, new=report.new, updated=report.updated,
                     unchanged=report.unchanged, errors=list(report.errors), notes=list(report.notes))


def watch_round(store: Store, urls: Iterable[str], *, fetcher: Fetcher, extractor: Extractor | None = None,
                on_line: Callable[[WatchLine], None] | None = None) -> list[WatchLine]:
    """One round over every address, in order; ``on_line`` gets each address's line as it is done."""
    lines = []
    for url in urls:
        line = watch_address(store, url, fetcher=fetcher, extractor=extractor)
        lines.append(line)
        if on_line is not None:
            on_line(line)
    return lines


def watch(store: Store, urls: list[str], *, every: float, fetcher: Fetcher, extractor: Extractor | None = None,
          rounds: int | None = None, stop: threading.Event | None = None,
          on_line: Callable[[WatchLine], None] | None = None,
          on_round: Callable[[int], None] | None = None) -> int:
    """Rounds every ``every`` seconds (from the start of one to the start of the next) until ``rounds``
    are done or ``stop`` is set (checked between rounds and while waiting). Returns the rounds run."""
    import time

    stop = stop or threading.Event()
    done = 0
    while not stop.is_set() and (rounds is None or done < rounds):
        started = time.monotonic()
        if on_round is not None:
            on_round(done + 1)
        watch_round(store, urls, fetcher=fetcher, extractor=extractor, on_line=on_line)
        done += 1
        if rounds is not None and done >= rounds:
            break
        stop.wait(max(0.0, every - (time.monotonic() - started)))
    return done
