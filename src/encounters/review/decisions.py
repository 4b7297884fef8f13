"""A person's merge and split decisions.

In: an open ``Store``, incident ids, the documents to split off, a reason and an author. Out: the
incidents re-summarised, the decision recorded in ``overrides``, and every moved mention pinned so
that re-ingesting or re-extracting a document puts it back where the person put it. A merged-away
id becomes an alias of the incident it joined, so links to it keep working. Nothing is deleted:
mentions only move.
"""
from __future__ import annotations

import hashlib

from encounters.core.errors import EncountersError, NotFoundError
from encounters.resolve import summarise
from encounters.store import Store


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise EncountersError("a decision needs a reason", hint="pass --reason \"why\"")
    return reason


def merge_incidents(store: Store, keep: str, others: list[str], *, reason: str, author: str,
                    expected_version: int | None = None) -> str:
    """Move every mention of ``others`` into ``keep``; returns the kept incident's id. With
    ``expected_version``, refuse (``ConflictError``) if ``keep`` changed since it was read."""
    reason = require_reason(reason)
    keep = store.incident(keep).id
    if expected_version is not None:
        store.claim_version(keep, expected_version)
    absorbed = []
    for other in others:
        inc = store.incident(other)
        if inc.id == keep:
            raise EncountersError(f"{other} is {keep} itself", hint="name two different incidents")
        absorbed.append(inc.id)
    kept_keys = [m.key for m in store.incident_mentions(keep)]
    decision = None
    for other in absorbed:
        keys = [m.key for m in store.incident_mentions(other)]
        decision = store.move_mentions(keys, keep, action="merge", other_id=other, reason=reason, author=author)
        store.save_incident(summarise(other, []))  # no mention left: the row goes, the id becomes an alias
        store.add_alias(other, keep)
        store.move_reviews(other, keep)
        store.add_audit(keep, "merge", reason=reason, author=author, old=other, new=keep)
        store.add_audit(other, "merge", reason=reason, author=author, old=other, new=keep)
    if decision is not None:
        # the kept incident's own mentions are pinned too, so re-extraction cannot pull them apart
        store.pin_mentions(kept_keys, keep, decision)
    store.save_incident(summarise(keep, store.incident_mentions(keep)))
    return keep


def split_incident(store: Store, incident_id: str, documents: list[str], *, reason: str, author: str,
                   expected_version: int | None = None) -> str:
    """Move the mentions from ``documents`` out of an incident into a new one; returns the new id."""
    reason = require_reason(reason)
    inc = store.incident(incident_id)
    if expected_version is not None:
        store.claim_version(inc.id, expected_version)
    wanted = set(documents)
    unknown = wanted - {m.document_id for m in inc.mentions}
    if unknown:
        raise NotFoundError(f"{inc.id} has no source {', '.join(sorted(unknown))}",
                            hint=f"`encounters show {inc.id}` lists its sources")
    moved = sorted(m.key for m in inc.mentions if m.document_id in wanted)
    stay = sorted(m.key for m in inc.mentions if m.document_id not in wanted)
    if not stay:
        raise EncountersError("a split must leave at least one source in the incident",
                              hint="name only the documents that report a different incident")
    new_id = "inc-" + hashlib.sha1(("split:" + ",".join(moved)).encode()).hexdigest()[:10]
    decision = store.move_mentions(moved, new_id, action="split", other_id=inc.id, reason=reason, author=author)
    store.pin_mentions(stay, inc.id, decision)
    store.add_audit(inc.id, "split", reason=reason, author=author, old=sorted(wanted), new=new_id)
    store.add_audit(new_id, "split", reason=reason, author=author, old=inc.id, new=new_id)
    store.copy_person_decisions(inc.id, new_id)  # the people its sources name keep their reviewers' decisions
    store.save_incident(summarise(inc.id, store.incident_mentions(inc.id)))
    store.save_incident(summarise(new_id, store.incident_mentions(new_id)))
    return new_id
