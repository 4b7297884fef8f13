"""The command line's traps, closed: a --db that names nothing, a file that is not a database, a
non-http address given to ingest, the progress bar's totals and phases, and `make demo`/`make serve` keeping a
database someone has been reviewing in."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from encounters.ingest.arguments import count_documents, looks_like_url
from encounters.jobs import ingest_paths
from encounters.store import open_store

from conftest import ROOT, SAMPLES

EXE = Path(sys.executable).with_name("encounters")
# every command that reads a database, with the arguments it needs
COMMANDS = [["incidents"], ["show", "inc-x"], ["export"], ["documents"], ["history", "inc-x"], ["timeline", "inc-x"],
            ["review", "inc-x", "killed", "correct", "1", "--reason", "r"], ["merge", "inc-a", "inc-b", "--reason", "r"],
            ["split", "inc-a", "--document", "d", "--reason", "r"], ["people", "list", "inc-x"],
            ["people", "correct", "inc-x", "Ana", "age", "3", "--reason", "r"], ["accounts", "list", "inc-x"],
            ["accounts", "detach", "inc-x", "abc", "--reason", "r"], ["sources", "list", "inc-x"],
            ["sources", "copy", "inc-x", "a", "--of", "b", "--reason", "r"], ["users", "list"], ["users", "disable", "bob"],
            ["browse", "--print-metadata"], ["serve", "--port", "1"]]


def run(*args, **kw):
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=300, **kw)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_database_that_does_not_exist_is_an_error_with_a_hint(command, tmp_path):
    db = tmp_path / "typo.db"
    p = run(*command, "--db", str(db))
    assert p.returncode == 1, p.stderr
    assert f"Error: no database at {db}" in p.stderr and "Hint:" in p.stderr and "encounters ingest" in p.stderr
    assert "Traceback" not in p.stderr and not db.exists()  # nothing was created by mistake


def test_ingest_says_it_creates_the_database(tmp_path):
    db = tmp_path / "new.db"
    p = run("ingest", str(SAMPLES / "portland-pepper-balls.txt"), "--db", str(db), "--quiet")
    assert p.returncode == 0 and f"creating a new database at {db}" in p.stderr and db.exists()
    p = run("ingest", str(SAMPLES / "portland-pepper-balls.txt"), "--db", str(db), "--quiet")
    assert "creating" not in p.stderr


@pytest.mark.parametrize("content", [b"hello, this is a text file\n", b"\x00\x01\x02 binary" * 100])
def test_a_file_that_is_not_a_database_is_one_line(tmp_path, content):
    db = tmp_path / "notes.db"
    db.write_bytes(content)
    for command in (["incidents"], ["ingest", str(SAMPLES / "portland-pepper-balls.txt"), "--quiet"]):
        p = run(*command, "--db", str(db))
        assert p.returncode == 1 and "Traceback" not in p.stderr
        lines = p.stderr.strip().splitlines()
        assert lines[0] == f"Error: {db} is not a database (it is not a SQLite file)" and lines[1].startswith("Hint:")
    assert db.read_bytes() == content  # left as it was


def test_another_programs_sqlite_database_is_left_alone(tmp_path):
    db = tmp_path / "photos.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, name TEXT)")
    p = run("ingest", str(SAMPLES / "portland-pepper-balls.txt"), "--db", str(db), "--quiet")
    assert p.returncode == 1 and "not an encounters one" in p.stderr and "Traceback" not in p.stderr
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["albums"]


@pytest.mark.parametrize("arg,url", [("https://example.com/2025/11/story.html", True), ("http://x.org", True),
                                     ("www.example.com/story", True), ("file:///tmp/a.txt", True),
                                     ("articles/", False), ("story.html", False), ("C:/news/a.txt", False)])
def test_what_looks_like_a_web_address(arg, url):
    assert looks_like_url(arg) is url


@pytest.mark.parametrize("address", ["file:///tmp/story.html", "ftp://news.example.com/2025/11/12/agent-shooting"])
def test_an_address_that_is_not_http_is_refused_with_a_hint(tmp_path, address):
    db = tmp_path / "x.db"  # (http and https addresses are fetched: tests/test_fetch.py)
    p = run("ingest", address, str(SAMPLES), "--db", str(db))
    assert p.returncode == 1 and "encounters fetches only http:// and https:// addresses" in p.stderr
    assert "Hint: for a file on this machine give its path" in p.stderr and not db.exists()  # before anything was read


def test_progress_knows_the_total_and_reports_resolution_as_its_own_phase(tmp_path):
    total = count_documents([str(SAMPLES)])
    with (SAMPLES / "wire-briefs.jsonl").open() as f:
        lines = sum(1 for line in f if line.strip())
    assert total == len([p for p in SAMPLES.iterdir() if p.suffix != ".jsonl"]) + lines
    feed = tmp_path / "feed.rss"
    feed.write_text("<rss/>")
    assert count_documents([str(SAMPLES), str(feed)]) is None  # a feed's entries are not known in advance
    events = []
    store = open_store(f"sqlite:///{tmp_path / 'p.db'}")
    ingest_paths(store, [str(SAMPLES)], on_item=lambda source, status: events.append(status),
                 on_phase=lambda name, size: events.append((name, size)))
    phases = [e for e in events if isinstance(e, tuple)]
    assert [p[0] for p in phases] == ["resolving", "summarising"]
    reading = events[:events.index(phases[0])]
    assert len(reading) == total  # the first phase's total is what the bar showed
    resolving = events[events.index(phases[0]) + 1:events.index(phases[1])]
    assert resolving == ["resolved"] * phases[0][1] and phases[0][1] == store.counts()["mentions"]
    assert events[events.index(phases[1]) + 1:] == ["summarised"] * phases[1][1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_keeps_a_database_that_has_users(tmp_path):
    demo = tmp_path / "demo.db"
    env = {"PATH": "/usr/bin:/bin"}
    subprocess.run(["make", "-s", "demo", f"DEMO_DB={demo}"], cwd=ROOT, check=True, capture_output=True, env=env)
    p = subprocess.run([str(EXE), "users", "add", "alice", "--db", str(demo), "--password-stdin"],
                       input="correct horse battery\n", capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    out = subprocess.run(["make", "-s", "demo", f"DEMO_DB={demo}"], cwd=ROOT, check=True, capture_output=True,
                         text=True, env=env).stdout
    assert "has users: keeping it" in out
    assert "alice\teditor" in run("users", "list", "--db", str(demo)).stdout


def test_every_command_and_subcommand_has_help():
    import click

    from encounters.cli import main

    def walk(group: click.Group, prefix: list[str]):
        for name, command in group.commands.items():
            yield prefix + [name]
            if isinstance(command, click.Group):
                yield from walk(command, prefix + [name])

    paths = list(walk(main, []))
    assert ["people", "correct"] in paths and ["accounts", "reattribute"] in paths and ["sources", "copy"] in paths
    for path in paths:
        p = run(*path, "--help")
        assert p.returncode == 0 and "Usage:" in p.stdout, path
