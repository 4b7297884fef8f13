"""A person's decisions are tied to their evidence, not to positions: they survive changed and
reordered documents; a change that would remove reviewed work is held and reported; a failed edit
changes nothing (both backends)."""
from __future__ import annotations

from datetime import date

import pytest

from encounters.core.errors import EncountersError
from encounters.core.model import Document, Mention, Span, Value
from encounters.jobs import ingest_paths, resolve_pending
from encounters.review import merge_incidents, split_incident
from encounters.review.decisions import match_pins
from encounters.review.fields import review_field
from encounters.store import open_store
from encounters.store.repository import evidence_fingerprint

TUCSON = ("TUCSON, Ariz. — A Border Patrol agent shot and wounded Rafael Ortiz, 29, on Friday night near the "
          "Nogales Highway, the agency said. Ortiz was taken to Banner hospital in serious condition.")
PORTLAND = ("In an unrelated incident, an ICE officer fired pepper balls at protesters on Tuesday outside the "
            "Portland facility, officials said; one woman, Dana Reyes, was hurt.")


def story(doc_id: str, text: str, *parts: tuple[str, str, str, date]) -> tuple[Document, list[Mention]]:
    """A document and one mention per (passage, city, state, day), spans where the passage is."""
    mentions = []
    for n, (passage, city, state, day) in enumerate(parts):
        start = text.index(passage)
        at = Span(start, start + 5)
        mentions.append(Mention(document_id=doc_id, ordinal=n, kind="primary", span=Span(start, start + len(passage)),
                                published=date(2025, 11, 20),
                                fields={"date": Value(day, (at,), "test"), "city": Value(city, (at,), "test"),
                                        "state": Value(state, (at,), "test")}))
    return Document(id=doc_id, text=text, published=date(2025, 11, 20)), mentions


A = (TUCSON, "Tucson", "AZ", date(2025, 11, 14))
B = (PORTLAND, "Portland", "OR", date(2025, 11, 18))


def owner(store, city: str) -> str:
    (inc,) = [i for i in store.iter_incidents() if any(m.get("city") == city for m in i.mentions)]
    return inc.id


def test_a_split_follows_its_story_when_the_page_reorders_and_edits_it(db_url):
    store = open_store(db_url)
    for doc, mentions in (story("wire", TUCSON, A), story("page", TUCSON + "\n\n" + PORTLAND, A, B)):
        store.save_document(doc, mentions, extractor="test")
    resolve_pending(store)
    tucson = owner(store, "Tucson")
    assert store.incident(tucson).documents == ["page", "wire"]
    split_off = split_incident(store, tucson, ["page"], reason="the page's story is a second stop", author="ed")
    # the page is edited upstream: its stories swap places and the Tucson story gains a sentence
    edited = PORTLAND + "\n\n" + TUCSON.replace("condition.", "condition, a spokesman said on Saturday.")
    doc, mentions = story("page", edited, B, (edited[edited.index("TUCSON"):],) + A[1:])
    store.save_document(doc, mentions, extractor="test")
    resolve_pending(store)
    moved = store.incident(split_off)
    assert [m.get("city") for m in moved.mentions] == ["Tucson"]  # the decision followed its evidence
    assert store.incident(tucson).documents == ["wire"]
    assert owner(store, "Portland") not in (tucson, split_off)
    assert store.holds() == []


def test_a_confirmed_incident_whose_page_loses_its_story_is_held_not_deleted(db_url, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Title: t\nPublished: 2025-10-31\n\nA Border Patrol agent shot a man Thursday in Yuma, Ariz., "
                    "officials said.\n")
    store = open_store(db_url)
    ingest_paths(store, [str(page)])
    (row,) = store.incident_rows()
    review_field(store, row["id"], "incident", "confirm", reason="checked the police log", author="ed",
                 expected_version=None)
    page.write_text("Title: t\nPublished: 2025-10-31\n\nThe city council met on Thursday to discuss the budget.\n")
    report = ingest_paths(store, [str(page)])
    assert report.updated == 1
    (held,) = report.held
    assert held.startswith(row["id"]) and "no source" in held
    kept = store.incident(row["id"])  # still there, as it was
    assert kept.review_status == "confirmed" and kept.value("city") == "Yuma"
    (hold,) = store.holds(row["id"])
    assert hold["kind"] == "lost_sources"
    # a reviewer decides: the hold closes, the incident stays
    review_field(store, row["id"], "incident", "reject", reason="the story was withdrawn", author="ed",
                 expected_version=None)
    assert store.holds(row["id"]) == [] and store.incident(row["id"]).review_status == "rejected"


def test_a_decision_whose_evidence_is_gone_is_held_and_reported(db_url):
    store = open_store(db_url)
    for doc, mentions in (story("wire", TUCSON, A), story("page", TUCSON + "\n\n" + PORTLAND, A, B)):
        store.save_document(doc, mentions, extractor="test")
    resolve_pending(store)
    tucson = owner(store, "Tucson")
    split_off = split_incident(store, tucson, ["page"], reason="a second stop", author="ed")
    doc, mentions = story("page", PORTLAND, B)  # the Tucson story is gone from the page
    store.save_document(doc, mentions, extractor="test")
    resolve_pending(store)
    kinds = {(h["incident_id"], h["kind"]) for h in store.holds()}
    assert (split_off, "evidence_gone") in kinds and (split_off, "lost_sources") in kinds
    assert store.incident(split_off).id == split_off


def test_a_merged_page_that_loses_its_story_is_held_though_the_incident_keeps_a_source(db_url, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Title: a\nPublished: 2025-10-31\n\nA Border Patrol agent shot a man Thursday in Yuma, Ariz.\n")
    b.write_text("Title: b\nPublished: 2025-11-20\n\nAn ICE officer shot a woman Monday in Tucson, Ariz.\n")
    store = open_store(db_url)
    ingest_paths(store, [str(a), str(b)])
    keep, other = sorted(r["id"] for r in store.incident_rows())
    merge_incidents(store, keep, [other], reason="one operation", author="ed")
    b.write_text("Title: b\nPublished: 2025-11-20\n\nThe council met on Monday to talk about the budget.\n")
    report = ingest_paths(store, [str(a), str(b)])
    assert [h["kind"] for h in store.holds(keep)] == ["evidence_gone"] and report.held
    assert store.incident(keep).documents == ["a.txt"]


def test_history_of_a_merged_away_incident_is_read_with_the_kept_one(db_url):
    store = open_store(db_url)
    for doc, mentions in (story("a", TUCSON, A), story("b", PORTLAND, B)):
        store.save_document(doc, mentions, extractor="test")
    resolve_pending(store)
    a, b = owner(store, "Tucson"), owner(store, "Portland")
    review_field(store, b, "killed", "correct", value="0", reason="nobody died", author="ed", expected_version=None)
    merge_incidents(store, a, [b], reason="one operation", author="ed")
    seen = {(h["incident_id"], h["action"]) for h in store.history(a)}
    assert (b, "correct") in seen and (a, "merge") in seen


def test_a_refused_edit_changes_nothing_and_the_next_one_works(db_url):
    store = open_store(db_url)
    doc, mentions = story("a", TUCSON, A)
    store.save_document(doc, mentions, extractor="test")
    resolve_pending(store)
    inc = owner(store, "Tucson")
    version = store.incident_version(inc)
    for field, value in (("agencies", ",".join(["A" * 150, "B" * 150])), ("force_type", "x" * 100),
                         ("city", "Tuc\x00son")):
        with pytest.raises(EncountersError):
            review_field(store, inc, field, "correct", value=value, reason="r", author="ed", expected_version=version)
    assert store.history(inc) == [] and store.incident_version(inc) == version
    # a value the database itself refuses, inside one edit's transaction: none of the edit is kept
    from encounters.resolve import summarise

    with pytest.raises(EncountersError) if not db_url.startswith("sqlite") else _nothing():
        with store.transaction() as tx:
            tx.add_review(inc, "city", "correct", "x" * 300, old="Tucson", reason="r", author="ed",
                          expected_version=version)
            tx.save_incident(summarise(inc, tx.incident_mentions(inc)))
    if not db_url.startswith("sqlite"):  # SQLite does not enforce column lengths
        assert store.history(inc) == [] and store.incident_version(inc) == version
    new = review_field(store, inc, "killed", "correct", value="1", reason="autopsy", author="ed",
                       expected_version=store.incident_version(inc))
    assert store.incident(inc).value("killed") == 1 and new == store.incident_version(inc)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_pins_match_by_passage_not_position():
    text = TUCSON + "\n\n" + PORTLAND
    fa = evidence_fingerprint(text, Span(0, len(TUCSON)))
    fb = evidence_fingerprint(text, Span(len(TUCSON) + 2, len(text)))
    pins = [{"id": 1, "fingerprint": fa}, {"id": 2, "fingerprint": fb}]
    swapped = PORTLAND + " " + TUCSON.replace("Friday", "Friday evening")
    placed, gone = match_pins(pins, [("x#0", evidence_fingerprint(swapped, Span(0, len(PORTLAND)))),
                                     ("x#1", evidence_fingerprint(swapped, Span(len(PORTLAND) + 1, len(swapped))))])
    assert {k: p["id"] for k, p in placed.items()} == {"x#0": 2, "x#1": 1} and gone == []
    placed, gone = match_pins(pins, [("y#0", evidence_fingerprint("The council met.", Span(0, 16)))])
    assert placed == {} and [p["id"] for p in gone] == [1, 2]
