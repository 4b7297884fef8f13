"""Reviewers' field decisions: typed, audited, optimistic-locked, and kept through re-extraction (both backends)."""
from __future__ import annotations


import pytest

from encounters.core.errors import ConflictError, EncountersError
from encounters.jobs import ingest_paths
from encounters.review import merge_incidents
from encounters.review.fields import review_field
from encounters.review.users import authenticate, create_user
from encounters.store import open_store

from conftest import FRANKLIN, SAMPLES


def test_correction_is_shown_audited_and_keeps_the_evidence(franklin):
    store, _, inc_id = franklin
    before = store.incident(inc_id)
    extracted = before.fields["injured"].values
    version = review_field(store, inc_id, "injured", "correct", value="2", reason="hospital confirmed two",
                           author="alice", expected_version=before.version)
    after = store.incident(inc_id)
    assert after.value("injured") == 2 and after.version == version > before.version
    assert after.fields["injured"].review["author"] == "alice"
    assert [v.value for v in after.fields["injured"].values] == [v.value for v in extracted]  # evidence untouched
    (entry,) = store.history(inc_id)
    assert (entry["field"], entry["action"], entry["old"], entry["new"], entry["reason"]) == (
        "injured", "correct", before.value("injured"), 2, "hospital confirmed two")
    assert store.list_incidents()[0][0]["review_status"] == "reviewed"


def test_a_stale_version_is_refused_and_nothing_is_lost(franklin):
    store, _, inc_id = franklin
    v0 = store.incident(inc_id).version
    review_field(store, inc_id, "city", "correct", value="Franklin Park", reason="checked the map", author="alice",
                 expected_version=v0)
    with pytest.raises(ConflictError) as err:
        review_field(store, inc_id, "city", "correct", value="Chicago", reason="metro area", author="bob",
                     expected_version=v0)
    assert "alice" in str(err.value) and err.value.hint
    assert store.incident(inc_id).value("city") == "Franklin Park"
    assert [h["author"] for h in store.history(inc_id)] == ["alice"]


def test_re_extraction_never_overwrites_a_reviewer(franklin):
    store, folder, inc_id = franklin
    inc = store.incident(inc_id)
    review_field(store, inc_id, "date", "correct", value="2025-10-29", reason="court filing gives the 29th",
                 author="alice", expected_version=inc.version)
    review_field(store, inc_id, "vehicle_involved", "reject", reason="no car in the complaint", author="alice",
                 expected_version=None)
    path = folder / FRANKLIN[0]
    path.write_text(path.read_text(encoding="utf-8") + "\nThis story was updated with a new statement.\n",
                    encoding="utf-8")
    report = ingest_paths(store, [str(folder)])
    assert report.as_dict()["updated"] == 1
    after = store.incident(store.canonical_id(inc_id))
    assert str(after.value("date")) == "2025-10-29"
    assert after.value("vehicle_involved") is None
    assert after.fields["vehicle_involved"].values  # the sources' values are still there


def test_confirm_reject_and_reopen(franklin):
    store, _, inc_id = franklin
    shown = store.incident(inc_id).value("state")
    review_field(store, inc_id, "state", "confirm", reason="dateline", author="alice", expected_version=None)
    assert store.incident(inc_id).fields["state"].review["value"] == shown
    review_field(store, inc_id, "incident", "reject", reason="not a shooting", author="alice", expected_version=None)
    assert store.incident(inc_id).review_status == "rejected"
    review_field(store, inc_id, "incident", "reopen", reason="it was", author="bob", expected_version=None)
    assert store.incident(inc_id).review_status == "reviewed"  # the state decision still stands
    assert [h["action"] for h in store.history(inc_id)] == ["reopen", "reject", "confirm"]


@pytest.mark.parametrize("field,value,hint", [("date", "last Tuesday", "YYYY-MM-DD"), ("killed", "-1", "count"),
                                              ("state", "Narnia", "state"), ("vehicle_involved", "maybe", "yes or no"),
                                              ("latitude", "123", "latitude")])
def test_bad_values_get_a_clear_message(franklin, field, value, hint):
    store, _, inc_id = franklin
    with pytest.raises(EncountersError) as err:
        review_field(store, inc_id, field, "correct", value=value, reason="x", author="a", expected_version=None)
    assert hint in err.value.hint
    assert store.history(inc_id) == []


def test_a_decision_needs_a_reason_and_a_known_field(franklin):
    store, _, inc_id = franklin
    with pytest.raises(EncountersError, match="reason"):
        review_field(store, inc_id, "killed", "correct", value="1", reason=" ", author="a", expected_version=None)
    with pytest.raises(EncountersError, match="cannot be reviewed"):
        review_field(store, inc_id, "password", "correct", value="1", reason="x", author="a", expected_version=None)


def test_reviews_follow_a_merge(db_url):
    store = open_store(db_url)
    ingest_paths(store, [str(SAMPLES / "portland-pepper-balls.txt"), str(SAMPLES / "san-ysidro-border-patrol.txt")])
    a, b = sorted(r["id"] for r in store.incident_rows())
    review_field(store, b, "killed", "correct", value="0", reason="no death", author="alice", expected_version=None)
    merge_incidents(store, a, [b], reason="test merge", author="alice")
    merged = store.incident(a)
    assert merged.fields["killed"].review["reason"] == "no death"
    # the merged-away incident's history is read with the kept one's, each row naming its incident
    assert [(h["incident_id"], h["action"]) for h in store.history(a)] == [(b, "merge"), (a, "merge"), (b, "correct")]
    assert [h["action"] for h in store.history(b)] == ["merge", "correct"]


def test_passwords_are_hashed_and_checked(db_url):
    store = open_store(db_url)
    create_user(store, "alice", "correct horse battery", "editor")
    assert "correct horse" not in store.user("alice")["password_hash"]
    assert authenticate(store, "alice", "correct horse battery") == {"username": "alice", "role": "editor"}
    for name, pw in (("alice", "wrong password!"), ("nobody", "correct horse battery")):
        with pytest.raises(EncountersError, match="wrong username or password"):
            authenticate(store, name, pw)
    with pytest.raises(EncountersError, match="10 characters"):
        create_user(store, "bob", "short", "editor")
    store.update_user("alice", disabled=True)
    with pytest.raises(EncountersError):
        authenticate(store, "alice", "correct horse battery")
