"""Reviewers' decisions on people, quotes and sources (both backends): laid over what the sources say,
audited with a reason, refused on a stale version, keyed by content so that re-ingesting a changed
document keeps them, and carried through merges and splits."""
from __future__ import annotations

import shutil

import pytest

from encounters.core.errors import ConflictError, EncountersError, NotFoundError
from encounters.jobs import ingest_paths
from encounters.review import merge_incidents, split_incident
from encounters.review.accounts import incident_quotes, review_account
from encounters.review.people import review_person
from encounters.review.sources import review_source
from encounters.store import open_store
from encounters.store import schema as t

from conftest import FRANKLIN, SAMPLES

DHS, LAWYER = FRANKLIN


def person(store, incident_id, name):
    return next(p for p in store.incident(incident_id).people if p.get("name") == name)


def quote(store, incident_id, words):
    inc = store.incident(incident_id)
    return next(q for q in incident_quotes(store, inc) if words in q["quote"])


def change(path, *, before="", after=""):
    text = path.read_text(encoding="utf-8")
    if before:  # a paragraph above the story moves every offset below it
        head, _, body = text.partition("\n\n")
        text = head + "\n\n" + before + "\n\n" + body
    path.write_text(text + after, encoding="utf-8")


def test_people_are_corrected_added_and_set_aside_with_the_evidence_kept(franklin):
    store, folder, inc_id = franklin
    before = store.incident(inc_id)
    assert person(store, inc_id, "Mateo Ruiz")["age"] == 34
    v = review_person(store, inc_id, "correct", person="Ruiz", attribute="age", value="35",
                      reason="the court filing gives 35", author="alice", expected_version=before.version)
    ruiz = person(store, inc_id, "Mateo Ruiz")
    assert ruiz["age"] == 35 and ruiz["reviews"]["age"]["author"] == "alice"
    assert ruiz["sources"]["age"] == {"34": [f"{DHS}#0"], "33": [f"{LAWYER}#0"]}  # what the sources say stays
    v = review_person(store, inc_id, "add", values={"name": "Ana Diaz", "age": "29", "role": "bystander",
                                                    "status": "injured"},
                      reason="hospital statement", author="alice", expected_version=v)
    (row,) = store.incident_rows()
    assert row["subjects"] == "Mateo Ruiz, 35, injured; Ana Diaz, 29, injured"
    diaz = person(store, inc_id, "Ana Diaz")
    review_person(store, inc_id, "not_participant", person=diaz["key"], reason="she only saw it", author="bob",
                  expected_version=None)
    inc = store.incident(inc_id)
    assert [p["name"] for p in inc.people] == ["Mateo Ruiz"]
    assert [p["name"] for p in inc.extras["people_set_aside"]] == ["Ana Diaz"]
    review_person(store, inc_id, "restore", person="Ana Diaz", reason="she was hit too", author="bob",
                  expected_version=None)
    assert [p["name"] for p in store.incident(inc_id).people] == ["Mateo Ruiz", "Ana Diaz"]
    history = store.history(inc_id)
    assert [(h["action"], h["field"]) for h in history] == [
        ("restore", "person"), ("not_participant", "person"), ("add", "person"), ("correct", "person.age")]
    assert history[-1]["old"] == "Mateo Ruiz: age 34" and history[-1]["new"] == "age 35"
    assert history[-1]["reason"] == "the court filing gives 35"
    # the decision is keyed by the person's name, not by a position
    with store.engine.connect() as conn:
        keys = {r.person_key for r in conn.execute(t.person_reviews.select())}
    assert "mateo ruiz" in keys and all(not k.isdigit() for k in keys)


def test_a_person_decision_needs_a_reason_a_valid_value_and_the_current_version(franklin):
    store, _, inc_id = franklin
    v0 = store.incident(inc_id).version
    with pytest.raises(EncountersError, match="reason"):
        review_person(store, inc_id, "remove", person="Mateo Ruiz", reason=" ", author="a", expected_version=v0)
    for attribute, value, hint in (("age", "old", "whole number"), ("status", "maybe", "killed"),
                                   ("role", "hero", "subject"), ("charged", "perhaps", "yes")):
        with pytest.raises(EncountersError) as err:
            review_person(store, inc_id, "correct", person="Mateo Ruiz", attribute=attribute, value=value,
                          reason="x", author="a", expected_version=v0)
        assert hint in err.value.hint
    with pytest.raises(NotFoundError) as err:
        review_person(store, inc_id, "remove", person="Nobody Here", reason="x", author="a", expected_version=v0)
    assert "Mateo Ruiz" in err.value.hint
    review_person(store, inc_id, "correct", person="Mateo Ruiz", attribute="charged", value="no", reason="dropped",
                  author="alice", expected_version=v0)
    with pytest.raises(ConflictError, match="alice"):
        review_person(store, inc_id, "correct", person="Mateo Ruiz", attribute="age", value="36", reason="x",
                      author="bob", expected_version=v0)
    assert person(store, inc_id, "Mateo Ruiz")["age"] == 34
    assert [h["author"] for h in store.history(inc_id)] == ["alice"]


def test_person_and_quote_decisions_survive_re_ingest_of_a_changed_document(franklin):
    store, folder, inc_id = franklin
    review_person(store, inc_id, "correct", person="Mateo Ruiz", attribute="age", value="35", reason="court filing",
                  author="alice", expected_version=None)
    q = quote(store, inc_id, "They fired as he was driving off")
    review_account(store, inc_id, "reattribute", ref=q["ref"], side="subject", speaker="Teresa Villalobos",
                   affiliation="a neighbour who speaks for the family", reason="she is the family's spokeswoman",
                   author="alice", expected_version=None)
    claim = quote(store, inc_id, "Ruiz has lived in the Chicago area")
    review_account(store, inc_id, "detach", ref=claim["ref"], reason="biography, not the event", author="alice",
                   expected_version=None)
    # the lawyer's page changes upstream: a new paragraph on top moves every offset
    page = folder / LAWYER
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<p>", "<p>Editor's note: this story was updated on Nov. 4.</p><p>", 1),
                    encoding="utf-8")
    assert ingest_paths(store, [str(folder)]).updated == 1
    inc_id = store.canonical_id(inc_id)
    assert person(store, inc_id, "Mateo Ruiz")["age"] == 35
    after = quote(store, inc_id, "They fired as he was driving off")
    assert after["start"] != q["start"]  # the words moved
    assert (after["side"], after["review"]["decisions"][-1]["action"]) == ("subject", "reattribute")
    assert not any("Chicago area" in x["quote"] for x in incident_quotes(store, store.incident(inc_id))
                   if x["kind"] != "detached")


def test_quotes_are_reattributed_moved_between_accounts_and_claims_and_restored(franklin):
    store, _, inc_id = franklin
    q = quote(store, inc_id, "The suspect attempted to run officers over")
    review_account(store, inc_id, "as_claim", ref=q["ref"], reason="an assertion the video contradicts",
                   author="alice", expected_version=None)
    inc = store.incident(inc_id)
    assert any("attempted to run officers over" in c.quote for m in inc.mentions for c in m.claims)
    assert not any("attempted to run officers over" in a.quote for m in inc.mentions for a in m.accounts)
    review_account(store, inc_id, "as_account", ref=q["ref"], side="official", reason="it is the agency's account",
                   author="bob", expected_version=None)
    assert any("attempted to run officers over" in a.quote for m in store.incident(inc_id).mentions
               for a in m.accounts)
    review_account(store, inc_id, "restore", ref=q["ref"], reason="as extracted", author="bob", expected_version=None)
    restored = quote(store, inc_id, "The suspect attempted to run officers over")
    assert restored["kind"] == "account" and restored["review"] is None
    assert [h["action"] for h in store.history(inc_id)] == ["restore", "as_account", "as_claim"]
    with pytest.raises(EncountersError, match="speaker, affiliation or side"):
        review_account(store, inc_id, "reattribute", ref=q["ref"], reason="x", author="a", expected_version=None)
    with pytest.raises(NotFoundError):
        review_account(store, inc_id, "detach", ref="ffffffffff", reason="x", author="a", expected_version=None)


def test_sources_are_detached_and_marked_as_copies(db_url, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in FRANKLIN + ["opinion-accountability.txt"]:
        shutil.copy(SAMPLES / name, folder / name)
    store = open_store(db_url)
    ingest_paths(store, [str(folder)])
    (row,) = store.incident_rows()
    inc_id = row["id"]
    assert (row["reports"], row["sources"]) == (3, 3)
    review_source(store, inc_id, "copy", document="opinion-accountability.txt", original=DHS,
                  reason="the column reprints the statement", author="alice", expected_version=row["version"])
    (row,) = store.incident_rows()
    assert (row["reports"], row["sources"]) == (3, 2)  # sources: a document and its copies once
    assert store.incident(inc_id).extras["copies"]["opinion-accountability.txt"]["original"] == DHS
    with pytest.raises(EncountersError, match="itself a copy"):
        review_source(store, inc_id, "copy", document=DHS, original="opinion-accountability.txt", reason="x",
                      author="a", expected_version=None)
    review_source(store, inc_id, "not_copy", document="opinion-accountability.txt", reason="it adds analysis",
                  author="bob", expected_version=None)
    assert store.incident_rows()[0]["sources"] == 3
    review_source(store, inc_id, "detach", document="opinion-accountability.txt", reason="a column, not a report",
                  author="bob", expected_version=None)
    inc = store.incident(inc_id)
    assert inc.documents == sorted(FRANKLIN)
    assert [d["document"] for d in inc.extras["detached"]] == ["opinion-accountability.txt"]
    assert store.incident_rows()[0]["reports"] == 2
    # re-ingesting the changed column does not bring it back, and no incident is made of it
    change(folder / "opinion-accountability.txt", after="\nCorrection: an earlier version misspelt a name.\n")
    assert ingest_paths(store, [str(folder)]).updated == 1
    assert [r["id"] for r in store.incident_rows()] == [inc_id]
    assert store.incident(inc_id).documents == sorted(FRANKLIN)
    review_source(store, inc_id, "reattach", document="opinion-accountability.txt", reason="it is about it",
                  author="alice", expected_version=None)
    assert len(store.incident(inc_id).documents) == 3
    assert [h["action"] for h in store.history(inc_id)][:4] == ["reattach", "detach", "not_copy", "copy"]


def test_the_last_source_cannot_be_detached(franklin):
    store, _, inc_id = franklin
    review_source(store, inc_id, "detach", document=LAWYER, reason="another shooting", author="a",
                  expected_version=None)
    with pytest.raises(EncountersError, match="at least one source") as err:
        review_source(store, inc_id, "detach", document=DHS, reason="x", author="a", expected_version=None)
    assert "reject" in err.value.hint


def test_decisions_follow_a_merge_and_a_split(db_url, tmp_path):
    store = open_store(db_url)
    ingest_paths(store, [str(SAMPLES / "portland-pepper-balls.txt"), str(SAMPLES / "san-ysidro-border-patrol.txt")])
    by_city = {r["city"]: r["id"] for r in store.incident_rows()}
    portland, san_diego = by_city["Portland"], by_city["San Diego"]
    review_person(store, san_diego, "correct", person="Luis Paredes", attribute="status", value="injured",
                  reason="he was grazed", author="alice", expected_version=None)
    review_person(store, san_diego, "add", values={"name": "Rosa Paredes", "role": "bystander"},
                  reason="his sister was in the car", author="alice", expected_version=None)
    merge_incidents(store, portland, [san_diego], reason="test merge", author="alice")
    merged = store.incident(portland)
    assert {p["name"]: p["status"] for p in merged.people}["Luis Paredes"] == "injured"
    assert "Rosa Paredes" in {p["name"] for p in merged.people}
    # split the San Diego report out again: the decision on the person it names goes with it
    new_id = split_incident(store, portland, ["san-ysidro-border-patrol.txt"], reason="two operations",
                            author="alice")
    assert {p["name"]: p["status"] for p in store.incident(new_id).people}["Luis Paredes"] == "injured"
    assert "Rosa Paredes" not in {p["name"] for p in store.incident(new_id).people}  # added where it was added
