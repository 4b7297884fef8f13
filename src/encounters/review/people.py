"""A reviewer's decisions on the people of an incident: add, remove, correct, not a participant.

In: an open ``Store``, an incident id, an action, the person (their key or name, as the incident
page and ``encounters people list`` show it), for ``correct``/``reopen`` an attribute and the value
typed, for ``add`` the new person's attributes; always a reason, the reviewer's name and the
incident version they saw. Out: the decision stored in ``person_reviews`` — keyed by the incident
and the person's normalised name (or the added person's own key), never by a position — with an
audit entry, and the incident re-summarised with it laid over what the sources say. Actions:

- ``add``: a person no source names well enough (values: name, age, role, status, citizen, charged);
- ``correct`` / ``reopen``: set one attribute, or give it back to the sources;
- ``remove``: the person is not in this incident at all (a misread name);
- ``not_participant``: named in the reports, but not someone force was used by or on;
- ``restore``: undo ``remove`` or ``not_participant`` (or take back an added person).
"""
from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from encounters.core.errors import EncountersError, NotFoundError
from encounters.core.model import ROLES, STATUSES, TRISTATE
from encounters.review.decisions import require_reason
from encounters.review.summary import parse_choice, parse_words, resummarise
from encounters.store import Store
from encounters.store import schema as t
from encounters.store.overlays import PERSON_ATTRIBUTES, describe_person, name_words

PERSON_ACTIONS = ("add", "correct", "reopen", "remove", "not_participant", "restore")


def parse_age(text: str | None) -> int | None:
    raw = (text or "").strip()
    if raw.lower() in ("", "unknown", "?"):
        return None
    try:
        age = int(raw)
    except ValueError:
        age = -1
    if not 0 <= age <= 120:
        raise EncountersError(f"{text!r} is not a valid age", hint="enter a whole number of years, 0 to 120")
    return age


def parse_attribute(attribute: str, text: str | None) -> Any:
    """A checked value for one attribute of a person."""
    if attribute == "name":
        return parse_words("name", text)
    if attribute == "age":
        return parse_age(text)
    choices = {"role": ROLES, "status": STATUSES, "citizen": TRISTATE, "charged": TRISTATE}[attribute]
    return parse_choice(attribute, text, choices)


def people_of(store: Store, incident_id: str) -> tuple[Any, list[dict], list[dict]]:
    """(incident, people shown, people set aside)."""
    inc = store.incident(store.canonical_id(incident_id))
    return inc, inc.people, inc.extras.get("people_set_aside", [])


def find_person(incident_id: str, people: list[dict], ref: str | None) -> dict:
    """The person ``ref`` names: their key, their name or full name, or the only one whose name has
    those words."""
    wanted = (ref or "").strip()
    low = wanted.lower()
    for p in people:
        if low and low in (p.get("key"), (p.get("name") or "").lower(), (p.get("full_name") or "").lower()):
            return p
    words = set(name_words(wanted))
    loose = [p for p in people if words and words <= set(name_words(p.get("full_name") or p.get("name")))]
    if len(loose) == 1:
        return loose[0]
    names = ", ".join(f"{p.get('name') or 'unnamed'} [{p['key']}]" for p in people) or "none"
    raise NotFoundError(f"{incident_id} has no person {ref!r}" + (" (several match)" if loose else ""),
                        hint=f"people: {names}")


def review_person(store: Store, incident_id: str, action: str, *, person: str | None = None,
                  attribute: str | None = None, value: str | None = None, values: dict | None = None,
                  reason: str, author: str, expected_version: int | None) -> int:
    """Record one decision on a person and re-summarise the incident; returns its new version."""
    reason = require_reason(reason)
    if action not in PERSON_ACTIONS:
        raise EncountersError(f"unknown action {action!r}", hint=f"use one of {', '.join(PERSON_ACTIONS)}")
    inc, shown, set_aside = people_of(store, incident_id)
    new: Any
    if action == "add":
        raw = {k: v for k, v in (values or {}).items() if k in PERSON_ATTRIBUTES and v not in (None, "")}
        if not raw.get("name") and raw.get("age") in (None, ""):
            raise EncountersError("a person to add needs a name or an age", hint="give at least --name or --age")
        added = {a: parse_attribute(a, str(raw[a])) for a in raw}
        key = "added:" + hashlib.sha1(f"{inc.id}|{json.dumps(added, sort_keys=True)}|{time.time_ns()}"
                                      .encode()).hexdigest()[:12]
        row = {"person_key": key, "attribute": None, "value": added}
        old, new = None, describe_person(added)
    else:
        pool = set_aside if action == "restore" else shown + (set_aside if action in ("correct", "reopen") else [])
        p = find_person(inc.id, pool, person)
        if action in ("correct", "reopen"):
            if attribute not in PERSON_ATTRIBUTES:
                raise EncountersError(f"{attribute!r} is not an attribute of a person",
                                      hint=f"use one of {', '.join(PERSON_ATTRIBUTES)}")
            if action == "reopen" and attribute not in (p.get("reviews") or {}):
                raise EncountersError(f"no reviewer has changed {attribute} of {p.get('name') or 'this person'}",
                                      hint="reopen gives a corrected attribute back to the sources")
            typed = parse_attribute(attribute, value) if action == "correct" else None
            row = {"person_key": p["key"], "attribute": attribute, "value": typed}
            old = f"{p.get('name') or 'unnamed'}: {attribute} {p.get(attribute) if p.get(attribute) is not None else '—'}"
            new = f"{attribute} {typed}" if action == "correct" else f"{attribute}: back to the sources"
        else:
            row = {"person_key": p["key"], "attribute": None, "value": None}
            old = describe_person(p)
            new = {"remove": "removed", "not_participant": "not a participant", "restore": "restored"}[action]
    store.record_decision(t.person_reviews, {"incident_id": inc.id, "action": action, "reason": reason,
                                             "author": author, **row}, incident_id=inc.id,
                          audit={"action": action, "field": "person" + (f".{attribute}" if row["attribute"] else ""),
                                 "old": old, "new": new, "reason": reason, "author": author},
                          expected_version=expected_version)
    return resummarise(store, inc.id)
