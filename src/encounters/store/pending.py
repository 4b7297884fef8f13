"""The mentions resolution has still to place, read a window at a time.

In: an open ``Store`` (usually one inside a transaction). Out: the unassigned mentions of one kind
(``primary`` or ``brief``) in pieces a caller can hold — the days their stored blocking windows
start on, with counts; the mentions whose stored window starts on the days of one block; those
stored with no window, ``chunk`` at a time in key order; the wide windows ("last year") stored as
none, with their first day — and an incident's mentions exactly as stored, any set of mentions by
key, and the documents a person's decision pins. Resolution (``jobs``) puts these in its fixed
order (``resolve.stream``), so a run never holds all its pending mentions at once. Keys are compared
byte by byte (``COLLATE "C"`` on PostgreSQL), the order Python sorts text in.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

from sqlalchemy import func, select

from encounters.core.model import Mention
from encounters.store import schema as t
from encounters.store.repository import Store, chunks, decode


def byte_order(store: Store, column):
    """``column`` compared as Python compares text: code point by code point."""
    return column.collate("C") if store.engine.dialect.name == "postgresql" else column


def _kind(primary: bool):
    return t.mentions.c.kind == "primary" if primary else t.mentions.c.kind != "primary"


def _unassigned():
    return t.mentions.c.incident_id.is_(None)


def count_pending(store: Store) -> int:
    """How many mentions no incident holds."""
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.mentions).where(_unassigned())).scalar_one()


def pending_days(store: Store, primary: bool) -> list[tuple[date, int]]:
    """(day, how many) for the days the stored windows of unassigned mentions of a kind start on."""
    q = (select(t.mentions.c.date_from, func.count()).where(_unassigned(), _kind(primary),
                                                             t.mentions.c.date_from.is_not(None))
         .group_by(t.mentions.c.date_from))
    with store.engine.connect() as conn:
        return sorted((r[0], r[1]) for r in conn.execute(q))


def pending_wide(store: Store, primary: bool) -> list[tuple[date, str]]:
    """(first day, key) of the unassigned mentions of a kind stored with no window but given a date
    range (one too wide for blocking): resolution's order still places them by that first day."""
    q = (select(t.facts.c.mention_key, t.facts.c.value)
         .join(t.mentions, t.mentions.c.key == t.facts.c.mention_key)
         .where(_unassigned(), _kind(primary), t.mentions.c.date_from.is_(None), t.facts.c.field == "date_range"))
    out = []
    with store.engine.connect() as conn:
        for key, value in conn.execute(q):
            rng = decode("date_range", value)
            if rng and rng[0] is not None:
                out.append((rng[0], key))
    return sorted(out)


def pending_between(store: Store, primary: bool, lo: date, hi: date) -> list[Mention]:
    """The unassigned mentions of a kind whose stored window starts on a day from ``lo`` to ``hi``."""
    where = (_unassigned() & _kind(primary) & (t.mentions.c.date_from >= lo) & (t.mentions.c.date_from <= hi))
    with store.engine.connect() as conn:
        return store.load_mentions(conn, where)


def pending_undated(store: Store, primary: bool, chunk: int = 2000) -> Iterator[list[Mention]]:
    """The unassigned mentions of a kind stored with no window, ``chunk`` at a time in key order.
    Each chunk is read when the one before has been used (and its mentions assigned)."""
    key = byte_order(store, t.mentions.c.key)
    after: str | None = None
    while True:
        q = select(t.mentions.c.key).where(_unassigned(), _kind(primary), t.mentions.c.date_from.is_(None))
        if after is not None:
            q = q.where(key > after)
        with store.engine.connect() as conn:
            keys = [r[0] for r in conn.execute(q.order_by(key).limit(chunk))]
        if not keys:
            return
        yield sorted(mentions_by_key(store, keys), key=lambda m: m.key)
        after = max(keys)


def mentions_by_key(store: Store, keys: Iterable[str]) -> list[Mention]:
    """The mentions with these keys, as stored (in key order)."""
    out: list[Mention] = []
    for part in chunks(sorted(set(keys)), 500):
        with store.engine.connect() as conn:
            out += store.load_mentions(conn, t.mentions.c.key.in_(part))
    return out


def stored_mentions(store: Store, incident_ids: list[str]) -> dict[str, list[Mention]]:
    """Every mention each incident holds (those of documents a reviewer took out of it included)."""
    out: dict[str, list[Mention]] = {i: [] for i in incident_ids}
    for part in chunks(list(incident_ids), 500):
        with store.engine.connect() as conn:
            owner = dict(conn.execute(select(t.mentions.c.key, t.mentions.c.incident_id)
                                      .where(t.mentions.c.incident_id.in_(part))).all())
            for m in store.load_mentions(conn, t.mentions.c.incident_id.in_(part)):
                out[owner[m.key]].append(m)
    return out


def pinned_documents(store: Store) -> set[str]:
    """The documents a person's decision pins a mention of (placed, or to be found again)."""
    with store.engine.connect() as conn:
        return {r[0] for r in conn.execute(select(t.pins.c.document_id).distinct())}


def pending_of_documents(store: Store, doc_ids: Iterable[str]) -> list[Mention]:
    """The unassigned mentions of these documents."""
    out: list[Mention] = []
    for part in chunks(sorted(set(doc_ids)), 500):
        with store.engine.connect() as conn:
            out += store.load_mentions(conn, _unassigned() & t.mentions.c.document_id.in_(part))
    return out


def members_of(store: Store, incident_ids: list[str]) -> dict[str, list[Mention]]:
    """Incidents' mentions as resolution compares them (without documents a reviewer took out)."""
    out: dict[str, list[Mention]] = {}
    for part in chunks(list(incident_ids), 500):
        with store.engine.connect() as conn:
            out.update(store.member_mentions(conn, part))
    return out
