"""Shared fixtures: real SQLite files and a real PostgreSQL schema, and the samples ingested once."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = Path(os.environ.get("ENCOUNTERS_SHARED", ROOT.parent / "shared"))
PG_BASE = os.environ.get("ENCOUNTERS_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_url() -> str | None:
    """A fresh schema on the test PostgreSQL server, or None when the server is not there."""
    try:
        import psycopg

        schema = "enc_" + uuid.uuid4().hex[:10]
        with psycopg.connect(PG_BASE.replace("postgresql://", "postgresql://", 1), connect_timeout=3,
                             autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except Exception:
        return None
    return f"{PG_BASE}?options=-csearch_path%3D{schema}"


def drop_schema(url: str) -> None:
    import psycopg

    schema = url.rsplit("%3D", 1)[1]
    with psycopg.connect(PG_BASE, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A database URL for each backend: a SQLite file, and a throwaway PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url = postgres_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL on 127.0.0.1:5432 (database test) is required in CI")
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    yield url
    drop_schema(url)


FRANKLIN = ["franklin-park-dhs-statement.txt", "franklin-park-family-lawyer.html"]


@pytest.fixture
def franklin(db_url, tmp_path):
    """The two full Franklin Park reports, copied to a folder and ingested: (store, folder, incident id)."""
    import shutil

    from encounters.jobs import ingest_paths
    from encounters.store import open_store

    folder = tmp_path / "articles"
    folder.mkdir()
    for name in FRANKLIN:
        shutil.copy(SAMPLES / name, folder / name)
    store = open_store(db_url)
    ingest_paths(store, [str(folder)])
    (row,) = store.incident_rows()
    return store, folder, row["id"]


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """The bundled samples ingested once into a SQLite database."""
    from encounters.jobs import ingest_paths
    from encounters.store import open_store

    db = tmp_path_factory.mktemp("samples") / "samples.db"
    store = open_store(f"sqlite:///{db}")
    report = ingest_paths(store, [str(SAMPLES)])
    assert not report.errors, report.errors
    return store


@pytest.fixture(scope="session")
def sample_export(sample_store):
    from encounters.publish.export import incident_record

    return [incident_record(i) for i in sample_store.iter_incidents()]


def by_document(export: list[dict], doc_id: str, kind: str = "primary") -> dict:
    found = [i for i in export if any(s["document"] == doc_id and s["mention"] == kind for s in i["sources"])]
    assert len(found) == 1, f"{doc_id}: {len(found)} incidents"
    return found[0]


class LiveServer:
    """The web app served by a real uvicorn on a free localhost port, in a thread."""

    def __init__(self, app) -> None:
        import socket
        import threading

        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        import time

        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def serve():
    """serve(db_url, public=...) → a running LiveServer; stopped after the test."""
    from encounters.publish.web import create_app

    running = []

    def start(url: str, **options) -> LiveServer:
        server = LiveServer(create_app(url, **options)).__enter__()
        running.append(server)
        return server

    yield start
    for server in running:
        server.__exit__(None, None, None)


@pytest.fixture
def site():
    """A local web server (tests/local_web.py) serving the project's own test articles and feed."""
    from local_web import LocalSite

    with LocalSite() as s:
        s.add_articles()
        yield s
