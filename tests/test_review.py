"""A person's merge and split decisions: recorded, reasoned, and surviving re-ingest (both backends)."""
from __future__ import annotations

import shutil

import pytest

from encounters.core.errors import EncountersError, NotFoundError
from encounters.jobs import ingest_paths
from encounters.review import merge_incidents, split_incident
from encounters.store import open_store

from conftest import FRANKLIN, SAMPLES


def test_split_is_recorded_and_survives_re_extraction(franklin):
    store, folder, incident_id = franklin
    new_id = split_incident(store, incident_id, ["franklin-park-family-lawyer.html"],
                            reason="the lawyer describes a second stop", author="editor")
    assert store.incident(incident_id).documents == ["franklin-park-dhs-statement.txt"]
    assert store.incident(new_id).documents == ["franklin-park-family-lawyer.html"]
    # the lawyer's article is corrected upstream and ingested again: it stays where the editor put it
    page = folder / "franklin-park-family-lawyer.html"
    page.write_text(page.read_text().replace("remains hospitalized", "was released from the hospital on Monday"))
    report = ingest_paths(store, [str(folder)])
    assert report.updated == 1
    assert sorted(r["id"] for r in store.incident_rows()) == sorted([incident_id, new_id])
    assert store.incident(new_id).documents == ["franklin-park-family-lawyer.html"]
    (decision,) = store.decisions(new_id)
    assert (decision["action"], decision["author"], decision["reason"]) == (
        "split", "editor", "the lawyer describes a second stop")


def test_merge_moves_everything_keeps_the_old_id_working_and_survives_re_ingest(db_url, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("san-ysidro-border-patrol.txt", "portland-pepper-balls.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    store = open_store(db_url)
    ingest_paths(store, [str(folder)])
    a, b = sorted(r["id"] for r in store.incident_rows())
    (absorbed_doc,) = store.incident(b).documents
    assert merge_incidents(store, a, [b], reason="same operation, two sites", author="editor") == a
    assert [r["id"] for r in store.incident_rows()] == [a]
    assert store.incident(b).id == a  # the merged-away id resolves to the incident it joined
    assert len(store.incident(a).documents) == 2
    # the absorbed incident's article changes upstream: re-extracted, it goes back to the kept incident,
    # not to a new one (its old id would otherwise be minted again from the same mention)
    story = folder / absorbed_doc
    story.write_text(story.read_text() + "\nThis story has been updated.\n")
    assert ingest_paths(store, [str(folder)]).updated == 1
    assert [r["id"] for r in store.incident_rows()] == [a]
    assert sorted(store.incident(a).documents) == ["portland-pepper-balls.txt", "san-ysidro-border-patrol.txt"]
    # the two sources' injury counts disagree (0 and 3): a tie goes to the lower count, both stay visible
    assert store.incident(a).value("injured") == 0
    assert {v.value for v in store.incident(a).fields["injured"].values} == {0, 3}


def test_decisions_need_a_reason_and_a_real_source(franklin):
    store, _, incident_id = franklin
    with pytest.raises(EncountersError, match="needs a reason"):
        split_incident(store, incident_id, ["franklin-park-family-lawyer.html"], reason=" ", author="x")
    with pytest.raises(NotFoundError, match="has no source nope.txt"):
        split_incident(store, incident_id, ["nope.txt"], reason="r", author="x")
    with pytest.raises(EncountersError, match="at least one source"):
        split_incident(store, incident_id, FRANKLIN, reason="r", author="x")
    with pytest.raises(NotFoundError):
        merge_incidents(store, incident_id, ["inc-0000000000"], reason="r", author="x")
    assert store.incident(incident_id).documents == FRANKLIN  # nothing moved
