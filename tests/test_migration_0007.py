"""Migration 0007 on real SQLite and PostgreSQL: reviewers' decision tables and the tracker row's
columns come and go, and incidents stored before it get their row filled in."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text

from encounters.jobs import ingest_paths
from encounters.store import open_store

from conftest import FRANKLIN, SAMPLES


def test_0007_down_and_up_fills_the_tracker_row_of_stored_incidents(db_url):
    from alembic import command
    from alembic.config import Config

    import encounters.store.repository as repo

    store = open_store(db_url)
    ingest_paths(store, [str(SAMPLES / name) for name in FRANKLIN])
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(repo.__file__).parent / "migrations"))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0006")  # the revision before 0007
    names = set(inspect(store.engine).get_table_names())
    assert not {"person_reviews", "account_reviews", "source_reviews"} & names
    assert "subjects" not in {c["name"] for c in inspect(store.engine).get_columns("incidents")}
    with store.engine.connect() as conn:  # the incidents table was altered, not copied: mentions keep it
        assert conn.execute(text("SELECT count(*) FROM mentions WHERE incident_id IS NULL")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM mentions")).scalar() == 2
    store = open_store(db_url)  # back to head: the new columns are filled from what was stored
    (row,) = store.incident_rows()
    assert row["subjects"] == "Mateo Ruiz, 34, injured" and row["law_enforcement"] == "by_officer"
    assert (row["sources"], row["reports"]) == (2, 2) and row["first_outlet"] == "Lakeshore Ledger"
    assert str(row["first_published"]) == "2025-10-31"
    with store.engine.connect() as conn:
        view = conn.execute(text("SELECT subjects, first_title, reports FROM incident_list")).one()
    assert view.subjects == "Mateo Ruiz, 34, injured" and view.first_title.startswith("ICE officer fires")
