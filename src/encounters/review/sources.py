"""A reviewer's decisions on the sources of an incident: detach a document, mark it a copy of another.

In: an open ``Store``, an incident id, an action, a document id (and for ``copy`` the document it
copies), a reason, the reviewer's name and the incident version they saw. Out: the decision in
``source_reviews`` with an audit entry, and every incident it changes re-summarised. Actions:

- ``detach`` / ``reattach``: take a document out of this incident without making it an incident of
  its own (``split`` does that), or put it back. Keyed by the incident and the document; its
  mentions stay where resolution put them, so re-ingest does not bring it back.
- ``copy`` / ``not_copy``: the document republishes another (a syndicated or archived copy), so the
  two count as one independent source — or it does not (which also overrides the automatic copy
  detection). Keyed by the document alone: it holds in every incident the document is a source of.
"""
from __future__ import annotations

from encounters.core.errors import EncountersError, NotFoundError
from encounters.review.decisions import require_reason
from encounters.review.summary import resummarise, resummarise_citing
from encounters.store import Store
from encounters.store import schema as t
from encounters.store.overlays import original_of

SOURCE_ACTIONS = ("detach", "reattach", "copy", "not_copy")


def review_source(store: Store, incident_id: str, action: str, *, document: str, original: str | None = None,
                  reason: str, author: str, expected_version: int | None) -> int:
    """Record one decision on a source and re-summarise; returns the incident's new version."""
    reason = require_reason(reason)
    if action not in SOURCE_ACTIONS:
        raise EncountersError(f"unknown action {action!r}", hint=f"use one of {', '.join(SOURCE_ACTIONS)}")
    inc = store.incident(store.canonical_id(incident_id))
    document = (document or "").strip()
    sources = inc.documents
    detached = {d["document"] for d in store.detached_documents(inc.id)}
    if action == "reattach":
        if document not in detached:
            raise NotFoundError(f"{document!r} was not detached from {inc.id}",
                                hint="reattach puts back a document a reviewer took out")
    elif document not in sources:
        raise NotFoundError(f"{inc.id} has no source {document!r}",
                            hint=f"its sources: {', '.join(sources)}")
    copies = store.copies_for([document] + ([original] if original else []))
    row = {"incident_id": inc.id, "document_id": document, "action": action, "original": None}
    if action == "detach":
        if len(sources) == 1:
            raise EncountersError("an incident keeps at least one source",
                                  hint="reject the whole record instead (review ID incident reject)")
        old, new = f"{document}: a source", "detached from the incident"
    elif action == "reattach":
        old, new = f"{document}: detached", "a source again"
    elif action == "copy":
        original = (original or "").strip()
        if not original or original == document:
            raise EncountersError("a copy needs the document it copies", hint="name another source as the original")
        store.document(original)  # NotFoundError when there is no such document
        if original_of(original, copies) == document:
            raise EncountersError(f"{original} is itself a copy of {document}",
                                  hint=f"mark {original} as not a copy first")
        row["original"] = original
        was = copies.get(document, {}).get("original")
        old, new = f"{document}: " + (f"a copy of {was}" if was else "an independent source"), f"a copy of {original}"
    else:  # not_copy
        if document not in copies:
            raise EncountersError(f"{document} is not marked as a copy", hint="not_copy undoes copy")
        old, new = f"{document}: a copy of {copies[document]['original']}", "an independent source"
    store.record_decision(t.source_reviews, {**row, "reason": reason, "author": author}, incident_id=inc.id,
                          audit={"action": action, "field": "source", "old": old, "new": new, "reason": reason,
                                 "author": author},
                          expected_version=expected_version)
    version = resummarise(store, inc.id)
    if action in ("copy", "not_copy"):  # the document counts once wherever it is a source
        resummarise_citing(store, document, skip=inc.id)
    return version
