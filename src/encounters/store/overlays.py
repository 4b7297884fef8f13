"""Reviewers' decisions on people, quotes and sources, laid over what the sources say.

In: an incident's summarised people (dicts from resolution) and mentions, and the decision rows
of ``person_reviews``, ``account_reviews`` and ``source_reviews`` (oldest first). Out: the people
as displayed (corrected, added, with those removed or marked as not participants set aside), the
accounts and claims of each mention (reattributed, detached, moved between accounts and claims),
the documents each incident has had taken out, which document copies which, the number of
independent sources, who was shot or subjected to force (``subjects_of``) and the first report.
Pure functions over the shared model: the store calls them whenever it loads or saves an incident,
so a decision holds through re-ingest, re-extraction, merges and splits, and the evidence itself
never changes.

Keys are content, never positions: a person is matched by the words of their name (a decision on
"Ruiz" holds for "Mateo Ruiz" once a later report gives the full name), a quote by the sha256 of
its verbatim text in its document (its offsets only pick between two identical quotes), a source
by its document id.
"""
from __future__ import annotations

import hashlib
import re
from datetime import date
from typing import Any, Iterable

from encounters.core.model import ROLES, Account, Claim, Incident, Mention

PERSON_ATTRIBUTES = ("name", "age", "role", "status", "citizen", "charged")
# who was shot or subjected to force: every role but the officer's, a bystander's, an attacker's and an unknown one
# (derived from the shared ROLES, so a renamed role needs no change here); hurt bystanders count too
SUBJECT_ROLES = tuple(r for r in ROLES if r not in ("officer", "bystander", "attacker", "unknown"))
HURT = ("killed", "injured")


def quote_hash(quote: str) -> str:
    """The key of a quote's words (sha256 of the verbatim text)."""
    return hashlib.sha256(quote.encode("utf-8")).hexdigest()


def name_words(name: str | None) -> list[str]:
    return [w for w in re.findall(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", (name or "").lower()) if len(w) > 1]


def person_key(person: dict) -> str:
    """A person's key: the words of their name in lower case, or, for an unnamed person, the document
    and what it says of them; a person a reviewer added keeps the key it was given."""
    if person.get("key"):
        return person["key"]
    words = name_words(person.get("name"))
    if words:
        return " ".join(words)[:255]
    return f"unnamed:{person.get('document', '')}:{person.get('age')}:{person.get('status')}"[:255]


def same_person(key: str, person: dict) -> bool:
    """Whether a decision's key names this person: the same words, or the words of one name within the
    other's ("ruiz" and "mateo ruiz")."""
    if key == person_key(person):
        return True
    if key.startswith(("unnamed:", "added:")):
        return False
    words = set(key.split())
    for name in (person.get("name"), person.get("full_name"), person.get("extracted_name")):
        theirs = set(name_words(name))
        if words and theirs and (words <= theirs or theirs <= words):
            return True
    return False


def meta(row) -> dict:
    at = row.created_at
    return {"author": row.author, "reason": row.reason, "at": at.isoformat() if at else None}


# ---------------------------------------------------------------- people

def base_people(incident: Incident) -> list[dict]:
    """The people resolution merged (named ones), then the unnamed ones of the first primary report."""
    people = []
    for p in incident.people:
        if "sources" not in p or p.get("added"):
            continue  # an unnamed or added person laid over before: made again below
        p = {k: v for k, v in p.items() if k not in ("key", "reviews", "set_aside")}
        if "extracted_name" in p:  # a person laid over before: back to what the sources say
            p["name"] = p.pop("extracted_name")
        people.append(p)
    first = next((m for m in incident.mentions if m.kind == "primary"), None)
    if first is not None:
        for p in first.people:
            if p.name is None:
                people.append({"name": None, "full_name": None, "age": p.age.value if p.age else None,
                               "role": p.role.value, "status": p.status.value, "citizen": p.citizen.value,
                               "charged": p.charged.value, "document": first.document_id, "conflicts": []})
    return people


def standing_people(rows: Iterable) -> dict[str, dict]:
    """person key → {"added": person or None, "set_aside": (action, meta) or None, "attributes": {attr: (value, meta)}}."""
    out: dict[str, dict] = {}
    for r in rows:
        s = out.setdefault(r.person_key, {"added": None, "set_aside": None, "attributes": {}})
        if r.action == "add":
            s["added"] = (dict(r.value or {}), meta(r))
        elif r.action in ("remove", "not_participant"):
            s["set_aside"] = (r.action, meta(r))
        elif r.action == "restore":
            s["set_aside"] = None
        elif r.action == "correct" and r.attribute:
            s["attributes"][r.attribute] = (r.value, meta(r))
        elif r.action == "reopen" and r.attribute:
            s["attributes"].pop(r.attribute, None)
    return out


def lay_people(people: list[dict], rows: Iterable) -> tuple[list[dict], list[dict]]:
    """(people shown, people set aside) with every standing person decision applied; each person
    carries its ``key`` and, per reviewed attribute, the decision in ``reviews``."""
    decisions = standing_people(rows)
    out = []
    for p in people:
        p = dict(p)
        p["key"] = person_key(p)
        out.append(p)
    for key, s in decisions.items():
        if s["added"] is not None:
            value, m = s["added"]
            person = {a: value.get(a) for a in PERSON_ATTRIBUTES}
            for a in ("role", "status", "citizen", "charged"):
                person[a] = person[a] or "unknown"
            person.update(key=key, full_name=person["name"], added=m, conflicts=[], sources={})
            out.append(person)
    # each decision names one person: the one with its key, else the only one whose name it is part of
    # (a decision naming two people ambiguously applies to neither); the exact key is applied last, so it wins
    for key, s in sorted(decisions.items(), key=lambda kv: any(p["key"] == kv[0] for p in out)):
        if not (s["attributes"] or s["set_aside"]):
            continue
        exact = [p for p in out if p["key"] == key]
        targets = exact[:1] or [p for p in out if same_person(key, p)]
        if len(targets) != 1:
            continue
        p = targets[0]
        for attr, (value, m) in s["attributes"].items():
            p.setdefault("reviews", {})[attr] = {**m, "action": "correct", "old": p.get(attr), "value": value}
            if attr == "name" and "extracted_name" not in p:
                p["extracted_name"] = p.get("name")
                p["full_name"] = value
            p[attr] = value
        if s["set_aside"] is not None:
            action, m = s["set_aside"]
            p["set_aside"] = {**m, "action": action}
    shown = [p for p in out if not p.get("set_aside")]
    return shown, [p for p in out if p.get("set_aside")]


def subjects_of(people: list[dict]) -> list[dict]:
    """Who was shot or subjected to force: of the people who are not officers and whose role is a
    subject's (not a bystander's, an attacker's or unknown) or who were hurt, those killed or injured
    when any were; else those force was used on (role ``subject``); else all of them."""
    candidates = [p for p in people if p.get("role") != "officer"
                  and (p.get("role") in SUBJECT_ROLES or p.get("status") in HURT)]
    hurt = [p for p in candidates if p.get("status") in HURT]
    return hurt or [p for p in candidates if p.get("role") == "subject"] or candidates


def describe_person(p: dict) -> str:
    """"Mateo Ruiz, 34, injured" — name, age, outcome, as trackers list them."""
    parts = [p.get("name") or "unnamed"]
    if p.get("age") is not None:
        parts.append(str(p["age"]))
    if p.get("status") and p["status"] != "unknown":
        parts.append(p["status"])
    return ", ".join(parts)


def subjects_text(people: list[dict], limit: int = 4) -> str | None:
    """"Mateo Ruiz, 34, injured; …" for the list (at most ``limit`` people, then how many more)."""
    subjects = subjects_of(people)
    text = "; ".join(describe_person(p) for p in subjects[:limit])
    if len(subjects) > limit:
        text += f"; and {len(subjects) - limit} more"
    return text or None


# ---------------------------------------------------------------- accounts and claims

def standing_quotes(rows: Iterable) -> dict[tuple[str, str], list[dict]]:
    """(document, quote hash) → the standing decision for each place those words were decided on
    (one entry per offsets hint; ``restore`` ends the one before)."""
    out: dict[tuple[str, str], dict[Any, dict]] = {}
    for r in rows:
        at = out.setdefault((r.document_id, r.quote_hash), {})
        # the entry for these words at these offsets; where the text moved (a re-ingested page) and only
        # one entry exists, that one
        hint = r.start if r.start in at or len(at) != 1 else next(iter(at))
        if r.action == "restore":
            at.pop(hint, None)
            continue
        d = at.get(hint) or {"start": r.start, "end": r.end, "kind": None, "detached": False, "attribution": None,
                               "value": {}, "decisions": []}
        d["start"], d["end"] = r.start, r.end
        v = dict(r.value or {})
        if r.action == "reattribute":
            d["attribution"] = {k: v.get(k) for k in ("speaker", "affiliation", "side")}
        elif r.action == "detach":
            d["detached"] = True
        elif r.action in ("as_claim", "as_account"):
            d["kind"] = "claim" if r.action == "as_claim" else "account"
            d["side"] = v.get("side")
        d["value"] = {**d["value"], **{k: x for k, x in v.items() if k in ("quote", "speaker", "kind")}}
        d["decisions"] = d["decisions"] + [{**meta(r), "action": r.action}]
        d["incident_id"] = r.incident_id
        at.pop(hint, None)
        at[r.start] = d
    return {k: list(v.values()) for k, v in out.items() if v}


def pick(decisions: list[dict], start: int) -> dict | None:
    """The decision for a quote at ``start``: the one made at those offsets, else the nearest."""
    if not decisions:
        return None
    return min(decisions, key=lambda d: (abs((d["start"] if d["start"] is not None else start) - start)))


def lay_quotes(mention: Mention, decisions: dict[tuple[str, str], list[dict]]) -> None:
    """Apply the standing quote decisions to a mention's accounts and claims, in place."""
    if not decisions:
        return
    accounts: list[Account] = []
    claims: list[Claim] = []
    for kind, items in (("account", mention.accounts), ("claim", mention.claims)):
        for a in items:
            d = pick(decisions.get((mention.document_id, quote_hash(a.quote)), []), a.span.start)
            if d is None:
                (accounts if kind == "account" else claims).append(a)
                continue
            if d["detached"]:
                continue
            speaker, affiliation, side = a.speaker, a.affiliation, a.side
            if d["attribution"]:
                speaker = d["attribution"].get("speaker") or speaker
                affiliation = d["attribution"].get("affiliation") if "affiliation" in d["attribution"] else affiliation
                side = d["attribution"].get("side") or side
            target = d["kind"] or kind
            if d["kind"] and d.get("side"):
                side = d["side"]
            review = {"decisions": d["decisions"], "speaker": a.speaker, "affiliation": a.affiliation, "side": a.side,
                      "kind": kind}
            if target == "account":
                accounts.append(Account(speaker, side, a.quote, a.span, affiliation, getattr(a, "speaker_span", None),
                                        getattr(a, "mode", "quote"), a.document_id or mention.document_id, review))
            else:
                claims.append(Claim(speaker, a.quote, a.span, side, affiliation, a.document_id or mention.document_id,
                                    review))
    accounts.sort(key=lambda a: a.span.start)
    claims.sort(key=lambda c: c.span.start)
    mention.accounts, mention.claims = accounts, claims


# ---------------------------------------------------------------- sources

def standing_detached(rows: Iterable) -> dict[tuple[str, str], dict]:
    """(incident, document) → the standing ``detach`` decision (``reattach`` ends it)."""
    out: dict[tuple[str, str], dict] = {}
    for r in rows:
        if r.action == "detach":
            out[(r.incident_id, r.document_id)] = {**meta(r), "action": "detach", "document": r.document_id}
        elif r.action == "reattach":
            out.pop((r.incident_id, r.document_id), None)
    return out


def standing_copies(rows: Iterable, automatic: dict[str, str] | None = None) -> dict[str, dict]:
    """document → {"original", "by"} for every document that copies another: the automatic copy
    detection's finding (``automatic``: document → original) unless a reviewer said otherwise."""
    out: dict[str, dict] = {d: {"original": o, "by": "copy detection"} for d, o in (automatic or {}).items() if o}
    for r in rows:
        if r.action == "copy" and r.original:
            out[r.document_id] = {"original": r.original, "by": "reviewer", **meta(r)}
        elif r.action == "not_copy":
            out.pop(r.document_id, None)
    return out


def original_of(document: str, copies: dict[str, dict]) -> str:
    """The document a copy comes from, following chains (a copy of a copy), or the document itself."""
    seen = {document}
    while document in copies:
        document = copies[document]["original"]
        if document in seen:  # a loop of copies: stop where it closes
            break
        seen.add(document)
    return document


def count_independent(documents: Iterable[str], copies: dict[str, dict]) -> int:
    """Sources counted once per original: a document and its copies are one source."""
    return len({original_of(d, copies) for d in documents})


def first_report(documents: list[dict], mentions: list[Mention]) -> dict | None:
    """The earliest-published source (a primary report before a brief mention on the same day, one with a
    headline before one without, then by id)."""
    kinds = {}
    for m in mentions:
        kinds[m.document_id] = min(kinds.get(m.document_id, "brief"), m.kind, key=lambda k: k != "primary")
    if not documents:
        return None
    d = min(documents, key=lambda d: (d.get("published") or date.max, kinds.get(d["id"]) != "primary",
                                      not d.get("title"), d["id"]))
    return {"document": d["id"], "title": d.get("title"), "outlet": d.get("outlet"), "url": d.get("url"),
            "published": d.get("published")}
