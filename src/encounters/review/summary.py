"""Re-summarising after a reviewer's decision, and the checks every decision shares.

In: an open ``Store`` and an incident id (or a document id, whose incidents all change when a
reviewer says it copies another). Out: the incident re-summarised from its mentions, with every
standing decision laid over it by the store; ``parse_choice`` and ``parse_words`` turn what a
reviewer typed into a checked value or a clear ``EncountersError`` with a hint.
"""
from __future__ import annotations

from encounters.core.errors import EncountersError
from encounters.resolve import summarise
from encounters.store import Store


def resummarise(store: Store, incident_id: str) -> int:
    """Summarise an incident again from its sources (decisions laid over); returns its new version."""
    store.save_incident(summarise(incident_id, store.incident_mentions(incident_id)))
    return store.incident_version(incident_id)


def resummarise_citing(store: Store, document_id: str, *, skip: str | None = None) -> None:
    """Summarise again every incident a document is a source of (but ``skip``)."""
    for incident_id in store.incidents_citing([document_id]):
        if incident_id != skip:
            store.save_incident(summarise(incident_id, store.incident_mentions(incident_id)))


def parse_choice(what: str, text: str | None, choices: tuple[str, ...]) -> str:
    value = (text or "").strip().lower().replace(" ", "_").replace("-", "_")
    by_norm = {c.replace("-", "_"): c for c in choices}
    if value not in by_norm:
        raise EncountersError(f"{text!r} is not a valid {what}", hint=f"use one of {', '.join(choices)}")
    return by_norm[value]


def parse_words(what: str, text: str | None, limit: int = 200) -> str:
    value = " ".join((text or "").split())
    if not value or len(value) > limit:
        raise EncountersError(f"{what} must be 1 to {limit} characters", hint=f"enter the {what}")
    return value
