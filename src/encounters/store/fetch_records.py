"""What ``watch`` remembers of each web address it polls, between rounds and between runs.

In: an engine (through ``Store``, which mixes this in) and, after each fetch, what the address
answered. Out: ``fetch_state(url)`` — the ETag and Last-Modified for the next conditional request,
when it was last seen and with what status or error, and, for a feed, the entries already read
(entry id → fingerprint of the entry as the feed gave it) — and ``save_fetch_state``, which writes
it (one row per address, replaced).
"""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from encounters.store import schema as t

MAX_ERROR_CHARS = 1000


class FetchRecords:
    """Mixed into ``Store``."""

    engine: Engine

    def fetch_state(self, url: str) -> dict | None:
        """What the last fetch of ``url`` left: etag, last_modified, last_seen, last_status, last_error,
        final_url and entries ({} when none); None when it was never fetched."""
        with self.engine.connect() as conn:
            row = conn.execute(select(t.fetch_state).where(t.fetch_state.c.url == url)).first()
        if row is None:
            return None
        state = dict(row._mapping)
        state["entries"] = dict(state.get("entries") or {})
        return state

    def save_fetch_state(self, url: str, *, status: int | None, etag: str | None = None,
                         last_modified: str | None = None, final_url: str | None = None, error: str | None = None,
                         entries: dict[str, str] | None = None) -> None:
        """Record a fetch of ``url``: its answer (``status``, or ``error`` when it failed) and what to
        keep for the next one."""
        row = {"url": url, "final_url": final_url, "etag": etag, "last_modified": last_modified,
               "last_seen": datetime.now(timezone.utc), "last_status": status,
               "last_error": error[:MAX_ERROR_CHARS] if error else None, "entries": entries or None}
        with self.engine.begin() as conn:
            conn.execute(delete(t.fetch_state).where(t.fetch_state.c.url == url))
            conn.execute(insert(t.fetch_state).values(**row))
