"""``watch`` against a real local HTTP server: conditional requests (a 304 ingests nothing), only new
or changed entries read, an entry whose page failed tried again, the state kept in the database, and
the command line (rounds, the log lines, the private-address refusal, Ctrl-C between rounds)."""
from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from encounters.core.errors import UnsupportedInputError
from encounters.fetch_jobs import watch, watch_round
from encounters.ingest.arguments import parse_duration
from encounters.ingest.fetch import Fetcher
from encounters.store import open_store

from local_web import ARTICLES, Route, article_html, feed_xml

EXE = Path(sys.executable).with_name("encounters")
HARBOR, TASER, RIVER = "/news/harbor-shooting.html", "/news/millbrook-taser.html", "/news/river-city-pursuit.html"


@pytest.fixture
def store(db_url):
    return open_store(db_url)


def page_requests(site) -> list[str]:
    return [p for p in site.paths_requested() if p.startswith("/news/")]


def test_etag_rounds_a_304_reads_nothing_and_a_new_entry_is_read(site, store):
    feed = f"{site.base}/feed.xml"
    site.routes["/feed.xml"] = Route(feed_xml(site.base, [HARBOR, TASER]), type="application/rss+xml", etag='"v1"')
    with Fetcher(allow_private=True) as f:
        (first,) = watch_round(store, [feed], fetcher=f)
        assert (first.status, first.kind, first.entries, first.read, first.new) == ("200", "feed", 2, 2, 2)
        assert page_requests(site) == [HARBOR, TASER]
        assert store.fetch_state(feed)["etag"] == '"v1"'

        site.requests.clear()
        (second,) = watch_round(store, [feed], fetcher=f)
        assert (second.status, second.new, second.updated, second.unchanged) == ("304", 0, 0, 0)
        assert site.requests[0][1]["If-None-Match"] == '"v1"' and page_requests(site) == []  # no page fetched

        site.requests.clear()
        site.routes["/feed.xml"] = Route(feed_xml(site.base, [RIVER, HARBOR, TASER]), type="application/rss+xml",
                                         etag='"v2"')
        (third,) = watch_round(store, [feed], fetcher=f)
        assert (third.status, third.entries, third.read, third.new, third.updated) == ("200", 3, 1, 1, 0)
        assert page_requests(site) == [RIVER]  # only the new entry's page
    assert {d["id"] for d in store.documents()} == {site.base + p for p in (HARBOR, TASER, RIVER)}
    assert store.fetch_state(feed)["last_status"] == 200 and len(store.fetch_state(feed)["entries"]) == 3
    assert "3 entries, 1 new or changed: 1 new, 0 updated, 0 unchanged, 0 errors" in third.describe()


def test_last_modified_alone_gives_a_304_and_the_state_outlives_the_fetcher(site, store):
    feed = f"{site.base}/feed.xml"
    site.routes["/feed.xml"] = Route(feed_xml(site.base, [HARBOR]), type="application/rss+xml",
                                     last_modified=1_762_941_600)
    with Fetcher(allow_private=True) as f:
        assert watch_round(store, [feed], fetcher=f)[0].new == 1
    with Fetcher(allow_private=True) as f:  # a restarted watch: the validators come from the database
        (line,) = watch_round(store, [feed], fetcher=f)
    assert line.status == "304" and "If-Modified-Since" in site.requests[-1][1]


def test_a_feed_without_validators_reads_only_new_or_changed_entries(site, store):
    feed = f"{site.base}/feed.xml"
    site.routes["/feed.xml"] = Route(feed_xml(site.base, [HARBOR, TASER]), type="application/rss+xml")
    with Fetcher(allow_private=True) as f:
        watch_round(store, [feed], fetcher=f)
        site.requests.clear()
        (again,) = watch_round(store, [feed], fetcher=f)
        assert (again.status, again.read, again.new) == ("200", 0, 0) and page_requests(site) == []
        # the feed changes one entry (its summary) and the page with it: that entry is read again
        body = feed_xml(site.base, [HARBOR, TASER]).replace(b"frightened", b"terrified")
        site.routes["/feed.xml"] = Route(body, type="application/rss+xml")
        title, text = ARTICLES[TASER]
        site.routes[TASER] = Route(article_html(title, text.replace("frightened", "terrified")))
        (changed,) = watch_round(store, [feed], fetcher=f)
    assert (changed.read, changed.new, changed.updated) == (1, 0, 1) and page_requests(site) == [TASER]
    assert "terrified" in store.document(site.base + TASER).text


def test_a_feed_with_more_new_entries_than_the_cap_is_read_over_rounds(site, store, monkeypatch):
    from encounters.ingest import web

    monkeypatch.setattr(web, "MAX_ENTRIES", 2)
    feed = f"{site.base}/feed.xml"
    site.routes["/feed.xml"] = Route(feed_xml(site.base, [HARBOR, TASER, RIVER]), type="application/rss+xml")
    with Fetcher(allow_private=True) as f:
        first, second, third = (watch_round(store, [feed], fetcher=f)[0] for _ in range(3))
    assert [(x.entries, x.read, x.new) for x in (first, second, third)] == [(3, 2, 2), (3, 1, 1), (3, 0, 0)]


def test_an_entry_whose_page_failed_is_stored_from_the_feed_and_tried_again(site, store):
    feed = f"{site.base}/feed.xml"
    gone = "/news/later.html"
    site.routes["/feed.xml"] = Route(feed_xml(site.base, [HARBOR, gone]), type="application/rss+xml")
    with Fetcher(allow_private=True) as f:
        (first,) = watch_round(store, [feed], fetcher=f)
        assert first.new == 2 and any("could not be read (HTTP 404" in n for n in first.notes)
        assert store.document(site.base + gone).notes
        site.routes[gone] = Route(article_html(*ARTICLES[RIVER]))  # the page is up now
        site.requests.clear()
        (second,) = watch_round(store, [feed], fetcher=f)
    assert (second.read, second.updated) == (1, 1) and page_requests(site) == [gone]
    doc = store.document(site.base + gone)
    assert "University Medical Center" in doc.text and not doc.notes


def test_a_watched_page_and_an_unreachable_one(site, store):
    page = f"{site.base}{HARBOR}"
    site.routes[HARBOR].etag = '"p1"'
    with Fetcher(allow_private=True) as f:
        lines = watch_round(store, [page, f"{site.base}/missing"], fetcher=f)
        assert [(x.status, x.kind, x.new) for x in lines] == [("200", "page", 1), ("error", "", 0)]
        assert "HTTP 404" in lines[1].describe()
        assert store.fetch_state(f"{site.base}/missing")["last_error"].endswith("HTTP 404 Not Found")
        assert [x.status for x in watch_round(store, [page], fetcher=f)] == ["304"]
        site.routes[HARBOR].etag = None  # a server that stops sending validators: unchanged text is skipped
        (line,) = watch_round(store, [page], fetcher=f)
    assert (line.status, line.new, line.updated, line.unchanged) == ("200", 0, 0, 1)


def test_rounds_and_a_stop_between_rounds(site, store):
    site.routes["/feed.xml"] = Route(feed_xml(site.base, [HARBOR]), type="application/rss+xml", etag='"e"')
    seen = []
    with Fetcher(allow_private=True) as f:
        assert watch(store, [f"{site.base}/feed.xml"], every=0, fetcher=f, rounds=3, on_line=seen.append) == 3
        assert [x.status for x in seen] == ["200", "304", "304"]
        stop = threading.Event()
        ran = watch(store, [f"{site.base}/feed.xml"], every=3600, fetcher=f, stop=stop,
                    on_line=lambda line: stop.set())  # stopped during the first round: it finishes, no wait
    assert ran == 1


@pytest.mark.parametrize("text,seconds", [("30s", 30), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("2", 2),
                                          ("0s", 0), ("1.5m", 90)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "soon", "15x", "m15", "-5m"])
def test_a_bad_duration_is_refused_with_a_hint(text):
    with pytest.raises(UnsupportedInputError) as err:
        parse_duration(text)
    assert "30s, 15m" in err.value.hint


# ---------------------------------------------------------------- the command line

def run(*args, **kw):
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=300, **kw)


def test_watch_command_logs_each_round(site, tmp_path):
    site.routes["/feed.xml"] = Route(feed_xml(site.base, [HARBOR, TASER]), type="application/rss+xml", etag='"a"')
    db = tmp_path / "watch.db"
    p = run("watch", f"{site.base}/feed.xml", "--every", "0s", "--rounds", "2", "--allow-private", "--db", str(db))
    assert p.returncode == 0, p.stderr
    lines = p.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(f"{site.base}/feed.xml 200 feed, 2 entries, 2 new or changed: 2 new, 0 updated, "
                             "0 unchanged, 0 errors")
    assert lines[1].endswith(f"{site.base}/feed.xml 304 not modified: nothing to read")
    assert "2 rounds done" in p.stderr
    assert len(open_store(f"sqlite:///{db}").documents()) == 2


def test_watch_refuses_private_addresses_without_the_flag(site, tmp_path):
    db = tmp_path / "w.db"
    p = run("watch", f"{site.base}/feed.xml", f"http://localhost:{site.port}/feed.xml", "--rounds", "1",
            "--db", str(db))
    assert p.returncode == 1 and p.stdout.count("is a loopback address") == 2 and site.requests == []
    p = run("watch", "file:///etc/passwd", "--rounds", "1", "--db", str(db))
    assert p.returncode == 1 and "file:// address" in p.stderr and "Hint:" in p.stderr
    p = run("watch", f"{site.base}/feed.xml", "--every", "soon", "--db", str(db))
    assert p.returncode == 1 and "not a duration" in p.stderr


def test_ctrl_c_stops_watch_between_rounds(site, tmp_path):
    site.routes["/feed.xml"] = Route(feed_xml(site.base, [HARBOR]), type="application/rss+xml")
    proc = subprocess.Popen([str(EXE), "watch", f"{site.base}/feed.xml", "--every", "1h", "--allow-private",
                             "--db", str(tmp_path / "c.db")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()  # the first round is done: it is waiting for the next
        assert " 200 feed, 1 entries" in first
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0 and "1 round done" in err and "Traceback" not in err


def test_migration_0009_goes_down_and_up(db_url):
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    import encounters.store.repository as repo
    from encounters.core.model import Document

    store = open_store(db_url)
    store.save_document(Document(id="d", text="Some text.", url="https://b.example/x",
                                 fetched_url="https://a.example/x"), [], extractor="rules")
    store.save_fetch_state("https://a.example/feed", status=200, etag='"x"', entries={"e": "f"})
    assert store.document("d").fetched_url == "https://a.example/x"
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(repo.__file__).parent / "migrations"))
    script = ScriptDirectory.from_config(cfg)
    assert script.get_heads() == ["0009"] and script.get_revision("0009").down_revision == "0010"
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0010")
    assert "fetch_state" not in inspect(store.engine).get_table_names()
    assert "fetched_url" not in {c["name"] for c in inspect(store.engine).get_columns("documents")}
    again = open_store(db_url)  # back to head; the document is still there
    assert again.document("d").text == "Some text." and again.document("d").fetched_url is None
    assert again.fetch_state("https://a.example/feed") is None
