"""What was reported when, on a shooting told over five reports written for this test
(tests/fixtures/timeline: fictional people and outlets): the first report with the agency's account;
a report naming the man and a wounded passenger (the count goes up) and the charge against him; a
syndicated copy of it (found by the copy detection); a report where his family's lawyer and a neighbour contradict the agency; and
a report that the charge was dropped."""
from __future__ import annotations

import json

import pytest

from encounters.jobs import ingest_paths
from encounters.publish.export import export_text
from encounters.publish.timeline import build_timeline, timeline_lines
from encounters.review.sources import review_source
from encounters.store import open_store

from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "timeline"


@pytest.fixture(scope="module")
def told(tmp_path_factory):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('timeline') / 'timeline.db'}")
    report = ingest_paths(store, [str(FIXTURE)])
    assert not report.errors
    (row,) = store.incident_rows()
    return store, row["id"]


def kinds(entry) -> list[str]:
    return [c["kind"] for c in entry["changes"]]


def text(entry) -> str:
    return " | ".join(c["text"] for c in entry["changes"])


def test_the_reporting_in_publication_order_with_what_each_report_changed(told):
    store, inc_id = told
    inc = store.incident(inc_id)
    timeline = build_timeline(inc, store.document_meta(inc.documents))
    assert [e["published"] for e in timeline] == ["2025-11-12", "2025-11-13", "2025-11-14", "2025-11-16", "2025-12-01"]
    assert [e["outlet"] for e in timeline] == ["Desert Dispatch", "Colorado River Courier", "Arizona Wire",
                                               "Southwest Public Radio", "Desert Dispatch"]
    first, named, copy, disputed, dropped = timeline
    assert first["first"] and kinds(first)[0] == "first" and "injured 1" in text(first)
    # the agency's own statement ("…, U.S. Customs and Border Protection said Wednesday") and its spokesperson's
    assert "account from officials: U.S. Customs and Border Protection, CBP spokesperson" in text(first)
    assert {"count_up", "name_released", "charge_filed"} <= set(kinds(named))
    assert "injured went up: 1 → 2" in text(named) and "Daniel Ortega (31)" in text(named)
    # the syndicated copy is found by the copy detection: counted once, adding nothing
    assert copy["copy_of"] == "2-river-courier.txt" and kinds(copy) == ["copy"]
    assert inc.independent_sources == 4 and len(inc.documents) == 5
    contradiction = next(c for c in disputed["changes"] if c["kind"] == "contradiction" and "quote" in c)
    assert contradiction["quote"].startswith("He never drove at anyone")
    assert contradiction["official_quote"].startswith("The driver accelerated toward the agent")
    assert "charge dropped: Daniel Ortega" in text(dropped)
    lines = timeline_lines(timeline)
    assert lines[0].startswith("2025-11-12  Desert Dispatch — “Border Patrol agent shoots driver")
    assert lines[0].endswith("[first report]")


def test_a_reviewer_says_whether_a_document_is_a_copy(told):
    store, inc_id = told
    review_source(store, inc_id, "not_copy", document="5-arizona-wire-copy.txt",
                  reason="the wire rewrote the lead", author="alice", expected_version=None)
    inc = store.incident(inc_id)
    assert inc.independent_sources == 5 and store.incident_rows()[0]["sources"] == 5
    again = build_timeline(inc, store.document_meta(inc.documents))[2]
    assert again["copy_of"] is None and kinds(again) == ["nothing_new"]  # the same words: nothing new
    review_source(store, inc_id, "copy", document="5-arizona-wire-copy.txt", original="2-river-courier.txt",
                  reason="syndicated from the Courier", author="alice", expected_version=None)
    inc = store.incident(inc_id)
    assert inc.independent_sources == 4 and len(inc.documents) == 5
    copy = build_timeline(inc, store.document_meta(inc.documents))[2]
    assert copy["copy_of"] == "2-river-courier.txt" and kinds(copy) == ["copy"]
    assert "Colorado River Courier" in text(copy)
    assert inc.extras["copies"]["5-arizona-wire-copy.txt"]["by"] == "reviewer"
    record = json.loads(export_text([inc], "json", docs=store.document_meta))["incidents"][0]
    assert record["independent_sources"] == 4
    assert [e["document"] for e in record["timeline"]][0] == "1-desert-dispatch.txt"
    assert next(s for s in record["sources"] if s["document"] == "5-arizona-wire-copy.txt")["copy_of"] == \
        "2-river-courier.txt"
    assert [h["action"] for h in store.history(inc_id)][:2] == ["copy", "not_copy"]


def test_the_command_line_prints_it(told, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    store, inc_id = told
    db = store.engine.url.database
    exe = Path(sys.executable).with_name("encounters")
    out = subprocess.run([str(exe), "timeline", inc_id, "--db", db], capture_output=True, text=True, check=True).stdout
    assert "[first report]" in out and "charge dropped: Daniel Ortega" in out
    data = json.loads(subprocess.run([str(exe), "timeline", inc_id, "--db", db, "--json"], capture_output=True,
                                     text=True, check=True).stdout)
    assert len(data["timeline"]) == 5
