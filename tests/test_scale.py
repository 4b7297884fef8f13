"""Scale-out: a Dask cluster of real worker processes reads and extracts, one process stores —
and the database ends exactly as a single-process run leaves it (SQLite through the CLI,
PostgreSQL through the library); archives are read a slice at a time as they read whole; and
resolution read a window at a time, with a tiny cache, gives what holding everything gives."""
from __future__ import annotations

import copy
import io
import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from encounters.core.errors import InputError
from encounters.core.model import Document
from encounters.ingest import read_file, read_paths, slices
from encounters.store import open_store
from encounters.store import schema as t

from conftest import SAMPLES, drop_schema, postgres_url


def snapshot(store) -> dict:
    """Everything that must match: documents, where each mention went and why, incidents as exported."""
    from encounters.publish.export import incident_record

    with store.engine.connect() as conn:
        docs = sorted(tuple(r) for r in conn.execute(select(
            t.documents.c.id, t.documents.c.content_hash, t.documents.c.copy_of, t.documents.c.source,
            t.documents.c.notes, t.documents.c.extractor)))
        mentions = sorted((r.key, r.incident_id, r.match_score, tuple(r.match_reasons or ())) for r in conn.execute(
            select(t.mentions.c.key, t.mentions.c.incident_id, t.mentions.c.match_score, t.mentions.c.match_reasons)))
    incidents = sorted((incident_record(i) for i in store.iter_incidents()), key=lambda r: r["id"])
    return {"documents": docs, "mentions": mentions, "incidents": json.loads(json.dumps(incidents, default=str))}


def article_texts() -> list[tuple[str, str]]:
    """(title, text) of the bundled samples, to build archives from (the project's own articles)."""
    return [(d.title or d.id, d.text) for d in read_paths([str(SAMPLES)]) if isinstance(d, Document)]


def write_jsonl(path: Path, *, bad_line: bool = True) -> Path:
    lines = []
    for n, (title, text) in enumerate(article_texts()):
        lines.append(json.dumps({"id": f"wire-{n}", "title": title, "text": text, "published": "2025-10-0%d" % (n % 9 + 1)}))
        if bad_line and n == 2:
            lines.append("{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_warc(path: Path, *, gz: bool = True) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gz)
        for n, (title, text) in enumerate(article_texts()):
            body = f"<html><head><title>{title}</title></head><body><article>" + "".join(
                f"<p>{p}</p>" for p in text.split("\n") if p.strip()) + "</article></body></html>"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://news.example.org/story-{n}", "response",
                                                          payload=io.BytesIO(body.encode("utf-8")),
                                                          http_headers=headers))
            if n == 1:  # a record that is not a page
                writer.write_record(writer.create_warc_record("https://news.example.org/x", "metadata",
                                                              payload=io.BytesIO(b"k: v"), warc_content_type="text/plain"))
    return path


def as_values(items) -> list:
    return [str(i) if isinstance(i, InputError) else (i.id, i.source, i.title, i.text, i.published, i.url, i.notes)
            for i in items]


@pytest.mark.parametrize("kind", ["jsonl", "warc.gz", "warc"])
def test_an_archive_read_a_slice_at_a_time_reads_as_whole(tmp_path, kind):
    if kind == "jsonl":
        path = write_jsonl(tmp_path / "a.jsonl")
    else:
        path = write_warc(tmp_path / f"a.{kind}", gz=kind.endswith("gz"))
    pieces = slices.index_file(str(path), path.name, per_slice=2)
    assert len(pieces) >= 3 and pieces[-1].count is None
    sliced = [item for piece in pieces for item in slices.read_slice(piece)]
    whole = list(read_file(path, doc_id=path.name))
    assert as_values(sliced) == as_values(whole)
    assert any(isinstance(i, Document) for i in whole) and (kind != "jsonl" or any(isinstance(i, InputError) for i in whole))


def test_an_archive_that_cannot_be_cut_is_read_whole(tmp_path):
    path = write_warc(tmp_path / "t.warc.gz")
    data = path.read_bytes()
    path.write_bytes(data[:len(data) - 40])  # truncated in its last record: that record's error, the same
    sliced = [i for piece in slices.index_file(str(path), path.name, per_slice=2) for i in slices.read_slice(piece)]
    assert as_values(sliced) == as_values(read_file(path, doc_id=path.name))
    one = tmp_path / "one.warc.gz"  # the whole archive in one gzip stream: no record starts a member
    import gzip

    one.write_bytes(gzip.compress(write_warc(tmp_path / "plain.warc", gz=False).read_bytes()))
    assert len(slices.index_file(str(one), one.name, per_slice=2)) == 1
    assert as_values(slices.read_slice(slices.index_file(str(one), one.name, 2)[0])) == as_values(
        read_file(one, doc_id=one.name))


def inputs(tmp_path: Path) -> list[str]:
    return [str(SAMPLES), str(write_jsonl(tmp_path / "wire.jsonl")), str(write_warc(tmp_path / "crawl.warc.gz")),
            str(tmp_path / "missing.txt")]


@pytest.mark.postgres
def test_a_dask_cluster_of_two_worker_processes_stores_what_one_process_stores(tmp_path, monkeypatch):
    """Real worker processes (``processes=True``: the pipeline is loaded in each, results are
    pickled back); small tasks so both workers get many and results come back out of order."""
    from encounters import parallel
    from encounters.jobs import ingest_paths

    monkeypatch.setattr(slices, "PER_SLICE", 2)
    monkeypatch.setattr(parallel, "FILES_PER_TASK", 2)
    urls = [postgres_url(), postgres_url()]
    if None in urls:
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not reachable")
    try:
        paths = inputs(tmp_path)
        single, cluster = open_store(urls[0]), open_store(urls[1])
        one = ingest_paths(single, paths)
        seen = []
        two = ingest_paths(cluster, paths, workers=2, on_counts=lambda c: seen.append((c.read, c.relevant, c.stored)))
        assert snapshot(cluster) == snapshot(single)
        assert (one.new, one.mentions, one.errors, one.notes) == (two.new, two.mentions, two.errors, two.notes)
        assert one.incidents == two.incidents and one.new > 10 and one.errors
        assert seen[-1][0] == one.new + len(one.errors) + one.unchanged and seen[-1][2] == one.new and seen[-1][1] > 0
    finally:
        for url in urls:
            if url:
                drop_schema(url)


def test_ingest_with_two_workers_through_the_cli_matches_one_process(tmp_path):
    from encounters.cli import main

    paths = inputs(tmp_path)[:2]
    runner = CliRunner()
    for name, extra in (("one.db", []), ("two.db", ["--workers", "2"])):
        result = runner.invoke(main, ["ingest", *paths, "--db", str(tmp_path / name), "--quiet", *extra])
        assert "new," in result.output, result.output
    one, two = open_store(str(tmp_path / "one.db")), open_store(str(tmp_path / "two.db"))
    assert snapshot(two) == snapshot(one) and snapshot(one)["incidents"]


def test_ingest_on_a_running_cluster_named_by_the_environment(tmp_path, monkeypatch):
    from dask.distributed import LocalCluster

    from encounters.cli import main

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        monkeypatch.setenv("ENCOUNTERS_DASK_SCHEDULER", cluster.scheduler_address)
        result = CliRunner().invoke(main, ["ingest", str(SAMPLES), "--db", str(tmp_path / "c.db"), "--quiet"])
        assert "8 new" in result.output, result.output
        from dask.distributed import Client

        with Client(cluster) as client:  # the worker built the extractor: the work was done there
            built = client.run(lambda: len(__import__("encounters.parallel", fromlist=["_"])._EXTRACTORS))
        assert list(built.values()) == [1]
    assert snapshot(open_store(str(tmp_path / "c.db"))) == snapshot(sample_like(tmp_path))


def sample_like(tmp_path: Path):
    from encounters.jobs import ingest_paths

    store = open_store(str(tmp_path / "single.db"))
    ingest_paths(store, [str(SAMPLES)])
    return store


# ---------------------------------------------------------------- resolution a window at a time

@pytest.fixture(scope="module")
def extracted():
    from encounters.extract import RuleExtractor

    docs = [d for d in read_paths([str(SAMPLES)]) if isinstance(d, Document)]
    return docs, {d.id: ms for d, ms in RuleExtractor().extract(docs)}


class Replay:
    """Mentions extracted once, given to copies of the documents with dates moved on (and, for some
    copies, other people's names): many days, incidents joined across blocks by a shared name."""

    name = "rules-1"

    def __init__(self, extracted, shift_of):
        self.extracted, self.shift_of = extracted, shift_of

    def extract(self, documents):
        for doc in documents:
            original, k = self.shift_of[doc.id]
            out = []
            for m in self.extracted[original]:
                m = copy.deepcopy(m)
                m.document_id = doc.id
                delta = timedelta(days=2 * k)
                for name in ("date", "date_range"):
                    v = m.fields.get(name)
                    if v is not None:
                        m.fields[name] = replace(v, value=[d + delta for d in v.value] if isinstance(v.value, list)
                                                 else v.value + delta)
                if k % 2:
                    for p in m.people:
                        if p.name is not None:
                            p.name = replace(p.name, value=p.name.value + f" Jr{k}")
                out.append(m)
            yield doc, out


def copies(docs, ks) -> tuple[list[Document], dict]:
    batch, shift_of = [], {}
    for k in ks:
        for d in docs:
            new_id = f"{k}-{d.id}"
            shift_of[new_id] = (d.id, k)
            batch.append(Document(**{**d.__dict__, "id": new_id, "text": d.text + "\n" * k, "content_hash": "",
                                     "published": d.published + timedelta(days=2 * k) if d.published else None}))
    return batch, shift_of


def test_resolution_a_window_at_a_time_gives_what_holding_everything_gives(db_url, tmp_path, monkeypatch, extracted):
    """Two runs (the second joining reports to the first's incidents): with blocks of a day and a
    cache of two mentions (every incident evicted and rebuilt again and again), and with everything
    in one block and the cache never full — the same incidents, ids, sources, scores and reasons."""
    from encounters.jobs import ingest_documents
    from encounters.resolve import stream

    docs, found = extracted
    first, shift_first = copies(docs, range(0, 4))
    second, shift_second = copies(docs, range(4, 8))
    shift_of = {**shift_first, **shift_second}
    evicted = []
    original_evict = stream.IncidentCache._evict

    def evict(self, keep):
        before = set(self.lists)
        original_evict(self, keep)
        evicted.extend(before - set(self.lists))

    monkeypatch.setattr(stream.IncidentCache, "_evict", evict)
    results = []
    for name, cache, block in (("one-shot", 10 ** 9, 10 ** 9), ("windowed", 2, 1)):
        monkeypatch.setattr(stream, "CACHE_MENTIONS", cache)
        monkeypatch.setattr(stream, "BLOCK_MENTIONS", block)
        if db_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / name}.db"
        else:
            url = postgres_url()
        try:
            store = open_store(url)
            ingest_documents(store, first, extractor=Replay(found, shift_of))
            ingest_documents(store, second, extractor=Replay(found, shift_of))
            results.append(snapshot(store))
        finally:
            if not url.startswith("sqlite"):
                drop_schema(url)
        if name == "one-shot":
            assert not evicted  # this is the run holding everything
    one_shot, windowed = results
    assert len(evicted) > 20, "the windowed run hardly evicted: the test does not test the cache"
    assert windowed == one_shot
    joined = [m for m in one_shot["mentions"] if m[0].split("-")[0] in "4567" and m[1] and any(
        o[1] == m[1] and o[0].split("-")[0] in "0123" for o in one_shot["mentions"])]
    assert joined, "no report of the second run joined an incident of the first"
    assert len({m[1] for m in one_shot["mentions"]}) > len(docs)


def test_pending_mentions_come_in_resolution_order(tmp_path, extracted, monkeypatch):
    """The window-at-a-time reader yields exactly ``sorted(pending, key=order_key)``."""
    import encounters.jobs as jobs
    from encounters.resolve.cluster import order_key
    from encounters.resolve.stream import in_resolution_order
    from encounters.store import pending

    docs, found = extracted
    batch, shift_of = copies(docs, range(0, 5))
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    monkeypatch.setattr(jobs, "resolve_pending", lambda *a, **k: set())
    jobs.ingest_documents(store, batch, extractor=Replay(found, shift_of))
    everything = sorted(store.unassigned_mentions(), key=order_key)
    windowed = []
    for m in in_resolution_order(
            days=lambda p: pending.pending_days(store, p), wide=lambda p: pending.pending_wide(store, p),
            between=lambda p, lo, hi: pending.pending_between(store, p, lo, hi),
            by_key=lambda keys: pending.mentions_by_key(store, keys),
            undated=lambda p: pending.pending_undated(store, p, chunk=2), block=1):
        windowed.append(m)
        store.assign(m.key, "inc-placed")  # as resolution does: a placed mention is no longer pending
    assert [m.key for m in windowed] == [m.key for m in everything] and len(everything) > 20
    assert windowed == everything


def test_every_kind_of_date_window_is_resolved_in_order_and_the_same_windowed(tmp_path, monkeypatch):
    """Exact days, inferred days (stored with a window, ordered as undated), narrow ranges, ranges too
    wide for blocking (stored with none, ordered by their first day), no date, primaries and briefs."""
    from datetime import date

    import encounters.jobs as jobs
    from encounters.core.model import Mention, Person, Span, Value
    from encounters.resolve import stream
    from encounters.resolve.cluster import order_key
    from encounters.store import pending

    def mention(doc: str, i: int, kind: str, *, day=None, inferred=False, rng=None, name=None):
        fields = {"state": Value("IL", (Span(0, 2),), "t"), "city": Value("Chicago", (Span(0, 2),), "t")}
        if day:
            fields["date"] = Value(day, () if inferred else (Span(0, 3),), "t")
        if rng:
            fields["date_range"] = Value(list(rng), (Span(0, 3),), "t")
        people = [Person(name=Value(name, (Span(0, 4),), "t"), status=Value("injured", (Span(0, 4),), "t"))] if name else []
        return Mention(document_id=doc, ordinal=i, kind=kind, span=Span(0, 10), fields=fields, people=people)

    def build(url: str):
        store = open_store(url)
        for n in range(24):
            kind = "brief" if n % 3 == 2 else "primary"
            d = date(2025, 1, 1) + timedelta(days=n % 7)
            shapes = [dict(day=d), dict(day=d, inferred=True), dict(rng=(d, d + timedelta(days=3))),
                      dict(rng=(date(2024, 1, 1), date(2024, 12, 31))), dict()]
            ms = [mention(f"doc-{n:02d}", i, kind, name=f"Ana Ruiz{n % 4}" if i == 0 else None, **shape)
                  for i, shape in enumerate(shapes[n % 5:] + shapes[:n % 5][:1])]
            with store.transaction() as tx:
                tx.save_document(Document(id=f"doc-{n:02d}", text="Chicago shooting " * 3), ms, extractor="t")
        return store

    monkeypatch.setattr(stream, "BLOCK_MENTIONS", 1)
    store = build(f"sqlite:///{tmp_path / 'order.db'}")
    everything = sorted(store.unassigned_mentions(), key=order_key)
    assert any(m.get("date_range") and (m.get("date_range")[1] - m.get("date_range")[0]).days > 62 for m in everything)
    assert any(m.fields.get("date") and m.fields["date"].inferred for m in everything) and len(everything) > 60
    windowed = []
    for m in stream.in_resolution_order(
            days=lambda p: pending.pending_days(store, p), wide=lambda p: pending.pending_wide(store, p),
            between=lambda p, lo, hi: pending.pending_between(store, p, lo, hi),
            by_key=lambda keys: pending.mentions_by_key(store, keys),
            undated=lambda p: pending.pending_undated(store, p, chunk=3)):
        windowed.append(m)
        store.assign(m.key, "inc-placed")
    assert [m.key for m in windowed] == [m.key for m in everything]
    results = []
    for name, cache in (("one", 10 ** 9), ("tiny", 2)):
        monkeypatch.setattr(stream, "CACHE_MENTIONS", cache)
        monkeypatch.setattr(stream, "BLOCK_MENTIONS", 10 ** 9 if cache > 2 else 1)
        store = build(f"sqlite:///{tmp_path / name}.db")
        jobs.resolve_pending(store)
        results.append(snapshot(store))
    assert results[0] == results[1] and len({m[1] for m in results[0]["mentions"]}) > 3
