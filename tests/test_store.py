"""Storage on real SQLite and PostgreSQL: migrations, round trips, incremental resolution."""
from __future__ import annotations

from sqlalchemy import inspect

from encounters.jobs import ingest_paths
from encounters.store import open_store

from conftest import SAMPLES


def test_migrations_create_plain_named_tables(db_url):
    store = open_store(db_url)
    names = set(inspect(store.engine).get_table_names())
    assert {"documents", "incidents", "mentions", "facts", "people", "accounts", "ingest_runs",
            "alembic_version"} <= names
    open_store(db_url)  # a second open is a no-op upgrade
    assert {"incident_list", "incident_sources", "incident_accounts", "incident_history"} <= set(
        inspect(store.engine).get_view_names())


def test_migrations_go_down_and_up_again_with_data(db_url):
    from alembic import command
    from alembic.config import Config
    from pathlib import Path

    import encounters.store.repository as repo

    store = open_store(db_url)
    ingest_paths(store, [str(SAMPLES / "portland-pepper-balls.txt")])
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(repo.__file__).parent / "migrations"))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    assert "users" not in inspect(store.engine).get_table_names()
    store = open_store(db_url)  # back to head
    (row,) = store.list_incidents()[0]
    assert row["outcome"] == "injured" and row["review_status"] == "unreviewed"


def test_round_trip_and_incremental_join(db_url):
    store = open_store(db_url)
    ingest_paths(store, [str(SAMPLES / "franklin-park-dhs-statement.txt")])
    (first,) = store.incident_rows()
    ingest_paths(store, [str(SAMPLES / "franklin-park-family-lawyer.html")])
    rows = store.incident_rows()
    assert [r["id"] for r in rows] == [first["id"]]  # joined, not renumbered
    inc = store.incident(first["id"])
    assert inc.documents == ["franklin-park-dhs-statement.txt", "franklin-park-family-lawyer.html"]
    assert inc.value("city") == "Franklin Park" and rows[0]["sources"] == 2
    ruiz = next(p for p in inc.people if p["name"] == "Mateo Ruiz")
    assert set(ruiz["sources"]["age"]) == {"33", "34"}
    reasons = store.match_reasons(first["id"])
    joined = next(v for k, v in reasons.items() if k.startswith("franklin-park-family-lawyer"))
    assert any("ruiz" in r for r in joined["reasons"])
    # the stored spans still point at the evidence after the round trip
    m = next(m for m in inc.mentions if m.document_id == "franklin-park-dhs-statement.txt")
    text = store.document(m.document_id).text
    assert text[m.fields["city"].spans[0].start:m.fields["city"].spans[0].end].lower() == "franklin park"


def test_ids_do_not_depend_on_ingest_order(tmp_path):
    a = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    b = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    files = sorted(SAMPLES.iterdir())
    # batches of two documents: the order the files arrive in changes every batch
    ingest_paths(a, [str(f) for f in files], batch_size=2)
    ingest_paths(b, [str(f) for f in reversed(files)], batch_size=2)

    def partition(store):
        return sorted((i.id, tuple(i.documents)) for i in store.iter_incidents())

    assert partition(a) == partition(b)


def test_a_report_left_alone_by_arrival_order_joins_and_leaves_no_empty_incident(db_url):
    from datetime import date

    from encounters.core.model import Document, Mention, Span, Value
    from encounters.jobs import resolve_pending

    def report(doc_id, city=None, state=None, killed=None):
        text = f"Report {doc_id}: a shooting on March 13, 2025."
        fields = {"date": Value(date(2025, 3, 13), (Span(0, 5),), "test")}
        for name, value in (("city", city), ("state", state), ("killed", killed)):
            if value is not None:
                fields[name] = Value(value, (Span(0, 5),), "test")
        doc = Document(id=doc_id, text=text, published=date(2025, 3, 14))
        return doc, [Mention(document_id=doc_id, ordinal=0, kind="primary", span=Span(0, len(text)), fields=fields)]

    store = open_store(db_url)
    # "a" gives only the day and the toll; "b" the place; "c" both: a comes first and is alone until c
    for doc, mentions in (report("a", killed=1), report("b", "Louisville", "KY"),
                          report("c", "Louisville", "KY", killed=1)):
        store.save_document(doc, mentions, extractor="test")
    resolve_pending(store)
    (incident,) = list(store.iter_incidents())
    assert sorted(incident.documents) == ["a", "b", "c"]
    assert store.counts()["incidents"] == 1
    reasons = store.match_reasons(incident.id)
    assert any(r.startswith("joined with its incident as a whole") for v in reasons.values() for r in v["reasons"])


def test_blocking_reads_only_the_rows_near_a_mention(db_url):
    """Candidate incidents come from indexed lookups (a name in any case, a date window), so
    resolution time grows with the corpus, not with its square."""
    from datetime import date

    from sqlalchemy import text

    store = open_store(db_url)
    ingest_paths(store, [str(SAMPLES / "franklin-park-dhs-statement.txt")])
    (row,) = store.incident_rows()
    assert store.incidents_naming(["MATEO RUIZ"]) == [row["id"]]
    inc = store.incident(row["id"])
    day = inc.value("date")
    assert store.candidate_incidents(day, day, None) == [row["id"]]
    assert store.candidate_incidents(date(day.year + 1, 1, 1), date(day.year + 1, 1, 2), None) == []
    if not db_url.startswith("sqlite"):  # SQLAlchemy does not reflect SQLite's expression indexes
        assert "ix_people_name_lower" in {ix["name"] for ix in inspect(store.engine).get_indexes("people")}
    else:
        with store.engine.connect() as conn:
            plan = " ".join(str(r[-1]) for r in conn.execute(text(
                "EXPLAIN QUERY PLAN SELECT mention_key FROM people WHERE lower(name) IN ('mateo ruiz')")))
        assert "ix_people_name_lower" in plan


def test_a_window_too_wide_to_block_on_is_stored_as_none():
    from datetime import date

    from encounters.core.model import Mention, Span, Value
    from encounters.store.repository import mention_window

    def with_range(lo, hi):
        return Mention(document_id="d", ordinal=0, kind="primary", span=Span(0, 1),
                       fields={"date_range": Value([lo, hi], (Span(0, 1),), "test")})

    assert mention_window(with_range(date(2025, 3, 1), date(2025, 3, 31))) == (date(2025, 3, 1), date(2025, 3, 31))
    assert mention_window(with_range(date(2024, 1, 1), date(2024, 12, 31))) == (None, None)  # "last year"


def test_a_document_another_writer_stored_after_the_job_looked_is_replaced_not_lost(db_url, tmp_path, monkeypatch):
    """The job stores a document it found new without replacing anything; if another writer stored the
    same id in between, that insert is refused whole and the document is stored again as an update."""
    import json

    import pytest

    from encounters.core.errors import StoreError
    from encounters.core.model import Document
    from encounters.store.repository import Store

    text = (SAMPLES / "portland-pepper-balls.txt").read_text(encoding="utf-8")
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "story-1", "text": text}) + "\n", encoding="utf-8")
    second.write_text(json.dumps({"id": "story-1", "text": text + "\n\nThis story was updated on Friday."}) + "\n",
                      encoding="utf-8")
    store = open_store(db_url)
    ingest_paths(store, [str(first)])
    stored = store.document("story-1")
    with pytest.raises(StoreError):
        store.save_document(Document(id="story-1", text="Another version."), [], extractor="t", new=True)
    assert store.document("story-1").content_hash == stored.content_hash  # nothing of the refused one kept

    monkeypatch.setattr(Store, "document_states", lambda self, docs: {d.id: ("new", None) for d in docs})
    report = ingest_paths(store, [str(second)])
    assert not report.errors
    assert "updated on Friday" in store.document("story-1").text
    assert len(store.documents()) == 1 and store.counts()["incidents"] >= 1
