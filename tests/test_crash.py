"""kill -9 at any point of a run, then run again: the same database as a run never interrupted.

Real processes die for real (SIGKILL from ``crash_driver.py`` at the Nth call of a step) while
reading, extracting, storing and resolving, on SQLite and PostgreSQL."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from encounters.jobs import ingest_paths
from encounters.store import open_store
from encounters.store import schema as t

from conftest import SAMPLES, drop_schema, postgres_url

DRIVER = Path(__file__).with_name("crash_driver.py")
# (step, the call that kills): during reading, extracting, storing (inside a document's transaction),
# assigning mentions to incidents, and writing the incidents' summaries
POINTS = [("read", 3), ("extract", 2), ("store", 4), ("resolve", 3), ("summarise", 2)]
CORPUS = ["franklin-park-dhs-statement.txt", "franklin-park-family-lawyer.html", "portland-pepper-balls.txt",
          "wire-briefs.jsonl"]


def snapshot(store) -> dict:
    """What must match: documents, mentions and where they went, incidents with their values and sources."""
    with store.engine.connect() as conn:
        docs = sorted(tuple(r) for r in conn.execute(select(t.documents.c.id, t.documents.c.content_hash)))
        mentions = sorted((r.key, r.incident_id, r.match_score, tuple(r.match_reasons or ())) for r in conn.execute(
            select(t.mentions.c.key, t.mentions.c.incident_id, t.mentions.c.match_score, t.mentions.c.match_reasons)))
        incidents = sorted((r.id, r.sources, r.version, repr(r.fields), r.review_status) for r in conn.execute(
            select(t.incidents.c.id, t.incidents.c.sources, t.incidents.c.version, t.incidents.c.fields,
                   t.incidents.c.review_status)))
        facts = conn.execute(select(t.facts.c.mention_key, t.facts.c.field)).all()
        stale = conn.execute(select(t.stale_incidents)).all()
    return {"documents": docs, "mentions": mentions, "incidents": incidents, "facts": sorted(map(tuple, facts)),
            "stale": stale}


def fresh_url(backend: str, tmp_path: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.db')}"
    url = postgres_url()
    assert url, "PostgreSQL on 127.0.0.1:5432 is needed"
    return url


def test_a_run_killed_anywhere_and_run_again_matches_an_uninterrupted_run(db_url, tmp_path):
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    paths = [str(SAMPLES / name) for name in CORPUS]
    reference = open_store(db_url)
    ingest_paths(reference, paths, batch_size=2)
    expected = snapshot(reference)
    assert expected["incidents"] and all(i[1] > 0 and i[3] != "{}" for i in expected["incidents"])
    urls = {point: fresh_url(backend, tmp_path, point) for point, _ in POINTS}
    for url in urls.values():
        open_store(url)  # migrated before the killed runs start, so they race on nothing but the run itself
    try:
        runs = {point: subprocess.Popen([sys.executable, str(DRIVER), urls[point], point, str(n), *paths],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                for point, n in POINTS}
        for point, proc in runs.items():
            out = proc.communicate(timeout=300)[0].decode()
            assert proc.returncode == -9, f"{point}: the run was not killed ({proc.returncode}): {out[-2000:]}"
        for point, _ in POINTS:
            store = open_store(urls[point])
            ingest_paths(store, paths, batch_size=2)  # the same command, run again
            assert snapshot(store) == expected, f"killed while {point}ing, then run again: a different database"
    finally:
        if backend == "postgresql":
            for url in urls.values():
                drop_schema(url)
