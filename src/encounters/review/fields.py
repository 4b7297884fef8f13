"""A reviewer's decisions on an incident's field values: confirm, correct, reject, reopen.

In: an open ``Store``, an incident id, a field name, an action, the value a reviewer typed (as
text, from a form or a command line), a reason, the reviewer's name and the incident version they
were looking at. Out: the decision stored (``field_reviews``) with an audit entry (who, when, old,
new, why), and the incident re-summarised with the decision laid over what the sources say. The
extracted values and their evidence are never touched; a later re-extraction keeps the decision
because it is applied on every re-summary. A stale version raises ``ConflictError``. The decision
and the re-summary are one transaction: an edit the database refuses changes nothing. A decision on
the whole record (confirm, reject, reopen) also closes the incident's holds (changes re-ingesting
kept back for a reviewer).
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

import us

from encounters.core.errors import EncountersError
from encounters.core.model import FORCE_TYPES, INVOLVEMENTS
from encounters.resolve import summarise
from encounters.review.decisions import require_reason
from encounters.store import Store
from encounters.store.repository import encode

ACTIONS = ("confirm", "correct", "reject", "reopen")
INCIDENT = "incident"  # the whole record: confirm it is an incident of the kind tracked, or reject it


def parse_count(text: str) -> int:
    n = int(text)
    if n < 0 or n > 10000:
        raise ValueError("a count between 0 and 10000")
    return n


def parse_state(text: str) -> str:
    found = us.states.lookup(text.strip())
    if found is None:
        raise ValueError("a US state name or two-letter code")
    return found.abbr


def parse_bool(text: str) -> bool:
    low = text.strip().lower()
    if low in ("yes", "true", "1", "y"):
        return True
    if low in ("no", "false", "0", "n"):
        return False
    raise ValueError("yes or no")


def parse_latitude(text: str) -> float:
    x = float(text)
    if not -90 <= x <= 90:
        raise ValueError("a latitude between -90 and 90")
    return x


def parse_longitude(text: str) -> float:
    x = float(text)
    if not -180 <= x <= 180:
        raise ValueError("a longitude between -180 and 180")
    return x


def parse_involvement(text: str) -> str:
    value = text.strip().lower().replace(" ", "_")
    if value not in INVOLVEMENTS:
        raise ValueError(" or ".join(INVOLVEMENTS))
    return value


def parse_text(text: str) -> str:
    text = " ".join(text.split())
    if not text or len(text) > 200 or any(ord(c) < 32 for c in text):
        raise ValueError("text of 1 to 200 characters")
    return text


def parse_force_type(text: str) -> str:
    value = text.strip().lower()
    if value not in FORCE_TYPES:
        raise ValueError(" or ".join(FORCE_TYPES))
    return value


def parse_agencies(text: str) -> list[str]:
    agencies = [parse_text(a) for a in text.split(",") if a.strip()]
    if len(",".join(agencies)) > 255:
        raise ValueError("agencies of at most 255 characters in all, separated by commas")
    return agencies


PARSERS: dict[str, Callable[[str], Any]] = {
    "date": date.fromisoformat, "address": parse_text, "city": parse_text, "county": parse_text, "state": parse_state,
    "killed": parse_count, "injured": parse_count, "shots_fired": parse_count, "vehicle_involved": parse_bool,
    "agencies": parse_agencies, "force_type": parse_force_type,
    "latitude": parse_latitude, "longitude": parse_longitude, "law_enforcement": parse_involvement,
}
REVIEWABLE = tuple(PARSERS) + (INCIDENT,)


def parse_value(field: str, text: str | None) -> Any:
    """A typed value from what a reviewer entered, or a clear error naming what is expected."""
    try:
        return PARSERS[field]((text or "").strip())
    except (ValueError, TypeError) as err:
        expected = "a date as YYYY-MM-DD" if field == "date" else str(err) or "a valid value"
        raise EncountersError(f"{text!r} is not a valid {field}", hint=f"enter {expected}") from None


def review_field(store: Store, incident_id: str, field: str, action: str, *, value: str | None = None,
                 reason: str, author: str, expected_version: int | None) -> int:
    """Record a decision on one field and re-summarise the incident; returns its new version."""
    reason = require_reason(reason)
    if field not in REVIEWABLE:
        raise EncountersError(f"{field!r} cannot be reviewed", hint=f"fields: {', '.join(REVIEWABLE)}")
    if action not in ACTIONS:
        raise EncountersError(f"unknown action {action!r}", hint=f"use one of {', '.join(ACTIONS)}")
    if field == INCIDENT and action == "correct":
        raise EncountersError("the incident as a whole can be confirmed, rejected or reopened, not corrected",
                              hint="correct its fields one by one")
    inc = store.incident(store.canonical_id(incident_id))
    old = encode(inc.value(field)) if field != INCIDENT else store.standing_reviews(inc.id).get(INCIDENT, {}).get("action")
    if action == "correct":
        new: Any = encode(parse_value(field, value))
    elif action == "confirm":
        new = old if field != INCIDENT else "confirm"
        if field != INCIDENT and old is None:
            raise EncountersError(f"{field} has no value to confirm", hint="use correct to enter one")
    else:
        new = None if field != INCIDENT else action
    with store.transaction() as tx:
        tx.add_review(inc.id, field, action, new, old=old, reason=reason, author=author,
                      expected_version=expected_version)
        if field == INCIDENT:
            tx.resolve_holds(inc.id, author=author, resolution=f"{action}: {reason}")
        if inc.mentions:  # one held with no source left keeps its values as they were
            tx.save_incident(summarise(inc.id, tx.incident_mentions(inc.id)))
        else:
            tx.set_review_status(inc.id)
        return tx.incident_version(inc.id)
