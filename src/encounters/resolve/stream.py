"""Resolution a window at a time, with the same outcome as holding everything.

In: callables that read from the store (the caller's; this module touches no database). Out:
``in_resolution_order`` — the pending mentions in exactly the order ``resolve_mentions`` sorts them
in (``order_key``: primaries, then briefs; by first day, undated last; then by key), read a block of
days at a time; and ``IncidentCache`` — the mentions of the incidents resolution compares with,
holding at most about ``limit`` mentions: one evicted is read again when asked for, in exactly the
order a run that held every incident would have it (its earlier mentions in key order, then those
this run joined to it in the order they joined, then whole incidents folded into it in the order
they were), so the scores, the reasons and every incident and id come out the same.
"""
from __future__ import annotations

import bisect
import heapq
from collections import OrderedDict
from datetime import date
from itertools import chain
from typing import Callable, Iterable, Iterator

from encounters.core.model import Mention
from encounters.resolve.cluster import day_window, order_key

BLOCK_MENTIONS = 2000  # mentions read at once (whole days: a day with more is read whole)
CACHE_MENTIONS = 5000  # incidents' mentions held at once (about 16 KB each as loaded)


def day_blocks(days: list[tuple[date, int]], size: int) -> Iterator[tuple[date, date]]:
    """(first day, last day) of consecutive runs of ``days`` holding about ``size`` mentions each."""
    start, held = None, 0
    for i, (day, n) in enumerate(days):
        if start is None:
            start = day
        held += n
        if held >= size or i == len(days) - 1:
            yield start, day
            start, held = None, 0


def in_resolution_order(days: Callable[[bool], list[tuple[date, int]]], wide: Callable[[bool], list[tuple[date, str]]],
                        between: Callable[[bool, date, date], list[Mention]],
                        by_key: Callable[[list[str]], list[Mention]],
                        undated: Callable[[bool], Iterable[list[Mention]]],
                        block: int | None = None) -> Iterator[Mention]:
    """The pending mentions in ``order_key`` order. For each kind (primary: True, then False):
    ``days(kind)`` the (day, count) the stored windows start on; ``wide(kind)`` the (first day, key)
    of those stored with no window but with a (wide) range; ``between(kind, lo, hi)`` the mentions
    stored starting from ``lo`` to ``hi``; ``by_key(keys)`` mentions by key; ``undated(kind)`` those
    stored with no window, in chunks in key order. Each block is read only when the one before has
    been used, so it must not return mentions the caller has placed since (the store's "unassigned")."""
    for primary in (True, False):
        wide_days = wide(primary)
        counts = dict(days(primary))
        for first, _ in wide_days:
            counts[first] = counts.get(first, 0) + 1
        wide_firsts = [d for d, _ in wide_days]
        stray: list[str] = []  # stored with a window, but their order has them undated (an inferred day)
        for lo, hi in day_blocks(sorted(counts.items()), block or BLOCK_MENTIONS):
            keys = [k for _, k in wide_days[bisect.bisect_left(wide_firsts, lo):bisect.bisect_right(wide_firsts, hi)]]
            wide_keys = set(keys)
            ready = []
            for m in chain(between(primary, lo, hi), by_key(keys) if keys else []):
                first = day_window(m)[0]
                if first is None:
                    if m.key not in wide_keys:  # a wide one with no first day comes with the undated ones anyway
                        stray.append(m.key)
                elif lo <= first <= hi:
                    ready.append(m)
                else:
                    raise ValueError(f"mention {m.key}: its stored window does not start on its first day")
            yield from sorted(ready, key=order_key)
        stray.sort()
        strays = chain.from_iterable(by_key(stray[i:i + 500]) for i in range(0, len(stray), 500))
        yield from heapq.merge(chain.from_iterable(undated(primary)), strays, key=lambda m: m.key)


class IncidentCache:
    """Incidents' mentions during one resolution, at most about ``limit`` held.

    ``members(ids)`` gives incidents' mentions as the store gives them to resolution (key order,
    without documents a reviewer took out); ``stored(ids)`` every mention each holds; ``by_key(keys)``
    mentions by key. The cache records what this run did — incidents it created, mentions it joined to
    older incidents, incidents folded into others — so an incident read again is rebuilt as it was."""

    def __init__(self, members: Callable[[list[str]], dict[str, list[Mention]]],
                 stored: Callable[[list[str]], dict[str, list[Mention]]],
                 by_key: Callable[[list[str]], list[Mention]], limit: int | None = None) -> None:
        self.members, self.stored, self.by_key = members, stored, by_key
        self.limit = limit or CACHE_MENTIONS
        self.lists: OrderedDict[str, list[Mention]] = OrderedDict()
        self.sizes: dict[str, int] = {}  # mentions held per incident (what ``limit`` counts)
        self.count = 0
        self.created: set[str] = set()
        self.joined: dict[str, list[str]] = {}  # an older incident → keys this run joined to it, in order
        self.moved: dict[str, list[str]] = {}  # an incident → keys of the whole incidents folded into it, in order
        self.reads = 0

    def _hold(self, incident_id: str, mentions: list[Mention]) -> None:
        self._drop(incident_id)
        self.lists[incident_id] = mentions
        self.sizes[incident_id] = len(mentions)
        self.count += len(mentions)

    def _drop(self, incident_id: str) -> None:
        if incident_id in self.lists:
            del self.lists[incident_id]
            self.count -= self.sizes.pop(incident_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, list[Mention]]:
        """The mentions of each incident asked for (read or rebuilt when not held)."""
        ids = list(dict.fromkeys(ids))
        missing = [i for i in ids if i not in self.lists]
        if missing:
            self.reads += len(missing)
            plain = [i for i in missing if i not in self.created and i not in self.joined and i not in self.moved]
            loaded = self.members(plain) if plain else {}
            for i in missing:
                self._hold(i, loaded.get(i, []))
            self._rebuild([i for i in missing if i not in loaded])
        for i in ids:
            self.lists.move_to_end(i)
        out = {i: self.lists[i] for i in ids}
        self._evict(keep=set(ids))
        return out

    def get(self, incident_id: str) -> list[Mention]:
        return self.get_many([incident_id])[incident_id]

    def _rebuild(self, ids: list[str]) -> None:
        created = [i for i in ids if i in self.created]
        older = [i for i in ids if i not in self.created]
        rows = self.stored(created) if created else {}
        for i in created:  # this run's: its reports in the order they joined, then the incidents folded in
            moved = self.moved.get(i, [])
            skip = set(moved)
            mine = sorted((m for m in rows.get(i, []) if m.key not in skip), key=order_key)
            by = {m.key: m for m in rows.get(i, [])}
            self._hold(i, mine + [by[k] for k in moved])
        members = self.members(older) if older else {}
        for i in older:  # an older incident: what it held (key order), then what this run joined, then folded in
            joined, moved = self.joined.get(i, []), self.moved.get(i, [])
            skip = set(joined) | set(moved)
            by = {m.key: m for m in self.by_key(joined + moved)} if skip else {}
            self._hold(i, [m for m in members.get(i, []) if m.key not in skip] + [by[k] for k in joined + moved])

    def _evict(self, keep: set[str]) -> None:
        if self.count <= self.limit:
            return
        for i in list(self.lists):  # least recently used first
            if self.count <= self.limit:
                break
            if i not in keep:
                self._drop(i)

    def add(self, incident_id: str, mention: Mention, *, new: bool) -> None:
        """A mention resolution put in an incident (``new``: one it created for it)."""
        if new:
            self.created.add(incident_id)
            if incident_id not in self.lists:
                self._hold(incident_id, [])
        elif incident_id not in self.created:
            self.joined.setdefault(incident_id, []).append(mention.key)
        held = self.lists.get(incident_id)
        if held is not None and all(m.key != mention.key for m in held):
            held.append(mention)
            self.sizes[incident_id] += 1
            self.count += 1
        self._evict(keep={incident_id})

    def pop(self, incident_id: str) -> list[Mention]:
        """An incident's mentions, no longer held (it is being folded into another)."""
        out = self.get(incident_id)
        self._drop(incident_id)
        return out

    def folded(self, source: str, target: str, keys: list[str]) -> None:
        """The whole incident ``source`` (these mentions, in its order) joined ``target``."""
        self.moved.setdefault(target, []).extend(keys)
        self.moved.pop(source, None)
        self.created.discard(source)
        self._drop(target)  # rebuilt from the store when next asked for
