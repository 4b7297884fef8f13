"""A person's merge and split decisions.

In: an open ``Store``, incident ids, the documents to split off, a reason and an author. Out: the
incidents re-summarised, the decision recorded in ``overrides``, and every moved mention pinned so
that re-ingesting or re-extracting a document puts it back where the person put it. A merged-away
id becomes an alias of the incident it joined, so links to it keep working. Nothing is deleted:
mentions only move. Each decision runs in one transaction: one that fails changes nothing.

How a decision is found again (``place_pinned``): a pin is keyed by its document and the
fingerprint of the mention's passage (``evidence_fingerprint``: a digest of its words and a sketch
of its word 3-grams), never by the mention's position. When a document is re-read, its pins come
loose; each new mention of that document is matched to the loose pin whose passage it is most
like — the same words anywhere in the page first, then the most 3-grams in common, at least
``MATCH_AT_LEAST`` — one mention per pin. A pin whose passage is gone is kept loose, and a hold
tells a reviewer that the decision's evidence has changed; nothing is silently reassigned.
"""
from __future__ import annotations

import hashlib

from encounters.core.errors import EncountersError, NotFoundError
from encounters.core.model import Mention
from encounters.resolve import summarise
from encounters.store import Store
from encounters.store.repository import evidence_fingerprint, evidence_similarity

MATCH_AT_LEAST = 0.3  # share of word 3-grams an edited passage must keep to carry a decision


def match_pins(pins: list[dict], mentions: list[tuple[str, dict]]) -> tuple[dict[str, dict], list[dict]]:
    """Pair loose pins (each with a ``fingerprint``) with mentions ``(key, fingerprint)`` of the same
    document: best pairs first, each pin and mention used once. Returns (mention key → pin, pins
    whose evidence no mention has)."""
    pairs = sorted(((evidence_similarity(p["fingerprint"], fp), i, key) for i, p in enumerate(pins)
                    for key, fp in mentions), key=lambda x: (-x[0], x[1], x[2]))
    placed: dict[str, dict] = {}
    used: set[int] = set()
    for score, i, key in pairs:
        if score < MATCH_AT_LEAST:
            break
        if i in used or key in placed:
            continue
        used.add(i)
        placed[key] = {**pins[i], "similarity": score}
    return placed, [p for i, p in enumerate(pins) if i not in used]


def place_pinned(store: Store, pending: list[Mention]) -> dict[str, tuple[str, int]]:
    """For mentions of re-read documents: the incident a person's decision puts each one in, found by
    its evidence (mention key → (incident id, decision id)). Pins already on a mention count as they
    are; pins whose evidence is gone get a hold on their incident."""
    placed = {k: v for k, v in store.pins(m.key for m in pending).items()}
    by_doc: dict[str, list[Mention]] = {}
    for m in pending:
        if m.key not in placed:
            by_doc.setdefault(m.document_id, []).append(m)
    loose = store.loose_pins(by_doc) if by_doc else []
    for doc_id in sorted({p["document_id"] for p in loose}):
        pins = [p for p in loose if p["document_id"] == doc_id]
        text = store.document(doc_id).text if doc_id in by_doc else ""
        prints = [(m.key, evidence_fingerprint(text, m.span)) for m in by_doc.get(doc_id, [])]
        matched, gone = match_pins(pins, prints)
        for key, pin in sorted(matched.items()):
            store.attach_pin(pin["id"], key, dict(prints)[key])
            placed[key] = (pin["incident_id"], pin["override_id"])
        hold_gone_evidence(store, doc_id, gone)
    return placed


def hold_gone_evidence(store: Store, doc_id: str, pins: list[dict] | None = None) -> None:
    """A hold on each incident whose decision's passage a re-read document no longer has (by default:
    every loose pin of the document — call it for a document re-read with no mention at all)."""
    for pin in store.loose_pins([doc_id]) if pins is None else pins:
        incident_id = store.canonical_id(pin["incident_id"])
        store.add_hold(incident_id, "evidence_gone", document_id=doc_id, message=(
            f"{doc_id} was re-read and no longer has the passage decision #{pin['override_id']} placed in "
            f"{incident_id}; check that its sources are still right"))


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise EncountersError("a decision needs a reason", hint="pass --reason \"why\"")
    if "\x00" in reason or len(reason) > 2000:
        raise EncountersError("a reason is text of at most 2000 characters", hint="shorten it")
    return reason


def merge_incidents(store: Store, keep: str, others: list[str], *, reason: str, author: str,
                    expected_version: int | None = None) -> str:
    """Move every mention of ``others`` into ``keep``; returns the kept incident's id. With
    ``expected_version``, refuse (``ConflictError``) if ``keep`` changed since it was read."""
    reason = require_reason(reason)
    with store.transaction() as store:
        return _merge(store, keep, others, reason=reason, author=author, expected_version=expected_version)


def _merge(store: Store, keep: str, others: list[str], *, reason: str, author: str,
           expected_version: int | None) -> str:
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
    with store.transaction() as store:
        return _split(store, incident_id, documents, reason=reason, author=author, expected_version=expected_version)


def _split(store: Store, incident_id: str, documents: list[str], *, reason: str, author: str,
           expected_version: int | None) -> str:
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
