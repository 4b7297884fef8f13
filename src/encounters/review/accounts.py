"""A reviewer's decisions on the accounts and claims of an incident.

In: an open ``Store``, an incident id, an action, the quote (its ``ref``: the first characters of
the sha256 of its words, as the incident page and ``encounters accounts list`` show it, with its
document when the same words come from several), the new speaker, affiliation or side where
they change, a reason, the reviewer's name and the incident version they saw. Out: the decision
in ``account_reviews`` — keyed by the document and the hash of the quote's verbatim text, its
offsets kept only as a hint — with an audit entry, and the incident re-summarised. The quote
itself never changes. Actions:

- ``reattribute``: another speaker, affiliation or side (official, subject, witness, other);
- ``detach``: the quote is not about this incident;
- ``as_claim`` / ``as_account``: a figure asserted by the speaker, not an account of the event — or back;
- ``restore``: undo the decisions on the quote.
"""
from __future__ import annotations

from encounters.core.errors import EncountersError, NotFoundError
from encounters.core.model import SIDES, Incident
from encounters.review.decisions import require_reason
from encounters.review.summary import parse_choice, parse_words, resummarise
from encounters.store import Store
from encounters.store import schema as t
from encounters.store.overlays import quote_hash

ACCOUNT_ACTIONS = ("reattribute", "detach", "as_claim", "as_account", "restore")
REF_LENGTH = 10


def quote_ref(quote: str) -> str:
    """The short reference of a quote shown to reviewers."""
    return quote_hash(quote)[:REF_LENGTH]


def incident_quotes(store: Store, inc: Incident) -> list[dict]:
    """Every quote of an incident: accounts and claims as shown, then those detached from it."""
    out, seen = [], set()
    for m in inc.mentions:
        for kind, items in (("account", m.accounts), ("claim", m.claims)):
            for a in items:
                key = (m.document_id, a.quote, a.span.start)
                if key in seen:
                    continue
                seen.add(key)
                out.append({"ref": quote_ref(a.quote), "hash": quote_hash(a.quote), "document": m.document_id,
                            "start": a.span.start, "end": a.span.end, "kind": kind, "speaker": a.speaker,
                            "affiliation": a.affiliation, "side": a.side, "quote": a.quote, "review": a.review})
    for (doc, digest), decisions in store.standing_quotes_for(inc.documents).items():
        for d in decisions:
            if d["detached"]:
                v = d["value"]
                out.append({"ref": digest[:REF_LENGTH], "hash": digest, "document": doc, "start": d["start"],
                            "end": d["end"], "kind": "detached", "speaker": v.get("speaker"), "affiliation": None,
                            "side": None, "quote": v.get("quote") or "", "review": {"decisions": d["decisions"]},
                            "was": v.get("kind")})
    return out


def find_quote(incident_id: str, quotes: list[dict], ref: str | None, document: str | None = None) -> dict:
    ref = (ref or "").strip().lower()
    if "#" in ref and document is None:  # "document#ref"
        document, ref = ref.rsplit("#", 1)
    found = [q for q in quotes if ref and q["hash"].startswith(ref) and (document is None or q["document"] == document)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFoundError(f"{incident_id} has no quote {ref!r}" + (f" from {document}" if document else ""),
                            hint=f"`encounters accounts list {incident_id}` shows each quote's ref")
    docs = sorted({q["document"] for q in found})
    if len(docs) == 1 and len({(q["start"]) for q in found}) == 1:
        return found[0]
    raise EncountersError(f"{len(found)} quotes have the ref {ref!r}",
                          hint="name its document too: --document " + " or --document ".join(docs))


def review_account(store: Store, incident_id: str, action: str, *, ref: str | None, document: str | None = None,
                   speaker: str | None = None, affiliation: str | None = None, side: str | None = None,
                   reason: str, author: str, expected_version: int | None) -> int:
    """Record one decision on a quote and re-summarise the incident; returns its new version."""
    reason = require_reason(reason)
    if action not in ACCOUNT_ACTIONS:
        raise EncountersError(f"unknown action {action!r}", hint=f"use one of {', '.join(ACCOUNT_ACTIONS)}")
    inc = store.incident(store.canonical_id(incident_id))
    q = find_quote(inc.id, incident_quotes(store, inc), ref, document or None)
    value = {"quote": q["quote"], "speaker": q["speaker"], "affiliation": q["affiliation"], "side": q["side"],
             "kind": q["kind"]}
    old = f"{q['kind']} · {q['speaker']}" + (f" ({q['affiliation']})" if q["affiliation"] not in (None, "", q["speaker"])
                                             else "") + (f" · {q['side']}" if q["side"] else "")
    if action == "restore":
        if not q.get("review"):
            raise EncountersError("no reviewer has changed this quote", hint="restore undoes a reviewer's decisions")
        new = "as extracted"
    elif q["kind"] == "detached":
        raise EncountersError("this quote is detached from the incident", hint="restore it first")
    elif action == "reattribute":
        if not (speaker or affiliation is not None and affiliation != "" or side):
            raise EncountersError("reattributing needs a new speaker, affiliation or side",
                                  hint="give --speaker, --affiliation or --side")
        value.update(speaker=parse_words("speaker", speaker, 255) if speaker else q["speaker"],
                     affiliation=(" ".join(affiliation.split())[:255] or None) if affiliation is not None else q["affiliation"],
                     side=parse_choice("side", side, SIDES) if side else q["side"])
        value["was"] = {"speaker": q["speaker"], "affiliation": q["affiliation"], "side": q["side"]}
        new = f"{value['speaker']}" + (f" ({value['affiliation']})" if value["affiliation"] not in (None, "", value["speaker"])
                                       else "") + f" · {value['side']}"
    elif action == "detach":
        new = "detached from the incident"
    elif action == "as_claim":
        if q["kind"] != "account":
            raise EncountersError("this quote is already a claim", hint="as_account makes it an account")
        value["side"] = parse_choice("side", side, SIDES) if side else q["side"]
        new = "a claim (asserted, not a fact)"
    else:  # as_account
        if q["kind"] != "claim":
            raise EncountersError("this quote is already an account", hint="as_claim makes it a claim")
        value["side"] = parse_choice("side", side, SIDES) if side else q["side"]
        new = f"an account · {value['side']}"
    row = {"document_id": q["document"], "quote_hash": q["hash"], "start": q["start"], "end": q["end"],
           "incident_id": inc.id, "action": action, "value": value, "reason": reason, "author": author}
    excerpt = q["quote"] if len(q["quote"]) <= 80 else q["quote"][:77] + "…"
    store.record_decision(t.account_reviews, row, incident_id=inc.id,
                          audit={"action": action, "field": "claim" if q["kind"] == "claim" else "account",
                                 "old": f"“{excerpt}” — {old}", "new": new, "reason": reason, "author": author},
                          expected_version=expected_version)
    return resummarise(store, inc.id)
