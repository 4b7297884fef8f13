"""The command line, run as a user runs it (a real process, a real database file)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLES, SHARED

import pytest

EXE = Path(sys.executable).with_name("encounters")


def run(*args, check=True):
    p = subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=300)
    if check:
        assert p.returncode == 0, p.stderr
    return p


def test_ingest_list_show_export(tmp_path):
    db = str(tmp_path / "cli.db")
    out = run("ingest", str(SAMPLES), "--db", db, "--quiet").stdout
    assert "8 new" in out and "0 errors" in out
    table = run("incidents", "--db", db).stdout
    assert "Franklin Park" in table and "San Diego" in table
    data = json.loads(run("export", "--db", db).stdout)
    inc = next(i for i in data["incidents"] if i["city"] == "Franklin Park")
    shown = run("show", inc["id"], "--db", db, "--evidence", "--why").stdout
    assert "Official" in shown and "Subject's side" in shown and "Witnesses" in shown
    assert "Thursday morning" in shown  # the date's evidence sentence
    csv_path = tmp_path / "out.csv"
    run("export", "--db", db, "--format", "csv", "-o", str(csv_path))
    assert csv_path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("date,city,county,state,subjects,")
    geo = json.loads(run("export", "--db", db, "--format", "geojson").stdout)
    assert geo["type"] == "FeatureCollection" and geo["features"]


def test_split_and_merge_from_the_command_line(tmp_path):
    db = str(tmp_path / "cli.db")
    run("ingest", str(SAMPLES), "--db", db, "--quiet")
    data = json.loads(run("export", "--db", db).stdout)
    inc = next(i for i in data["incidents"] if i["city"] == "Franklin Park")
    out = run("split", inc["id"], "--document", "opinion-accountability.txt", "--reason", "a column, not a report",
              "--by", "editor", "--db", db).stdout
    new_id = out.split()[-1]
    shown = run("show", inc["id"], "--db", db).stdout
    assert "Decisions" in shown and "a column, not a report" in shown and "editor" in shown
    assert "merged" in run("merge", inc["id"], new_id, "--reason", "it is about this shooting", "--db", db).stdout
    assert inc["id"] in run("show", new_id, "--db", db).stdout  # the merged-away id still resolves
    p = run("merge", inc["id"], new_id, "--db", db, check=False)
    assert p.returncode == 2 and "--reason" in p.stderr


def test_errors_are_messages_with_hints(tmp_path):
    db = str(tmp_path / "x.db")
    run("ingest", str(SAMPLES / "portland-pepper-balls.txt"), "--db", db, "--quiet")
    p = run("show", "inc-nope", "--db", db, check=False)
    assert p.returncode == 1 and "Error: no incident 'inc-nope'" in p.stderr and "Hint:" in p.stderr
    p = run("incidents", "--db", "nosuchdialect://x", check=False)
    assert p.returncode == 1 and "Error: cannot use database URL" in p.stderr
    bad = tmp_path / "bin.txt"
    bad.write_bytes(b"\x00\x01\x02")
    p = run("ingest", str(bad), "--db", str(tmp_path / "y.db"), "--quiet", check=False)
    assert p.returncode == 1 and "file is binary" in p.stderr


def test_help_everywhere():
    for cmd in ([], ["ingest"], ["incidents"], ["show"], ["export"], ["documents"], ["merge"], ["split"]):
        assert "Usage:" in run(*cmd, "--help").stdout


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is absent")
def test_export_is_read_by_the_scorer(tmp_path):
    db = str(tmp_path / "cli.db")
    run("ingest", str(SAMPLES), "--db", db, "--quiet")
    out = tmp_path / "export.json"
    run("export", "--db", db, "-o", str(out))
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"incidents": [{
        "key": "franklin", "sources": ["franklin-park-dhs-statement.txt", "franklin-park-family-lawyer.html"],
        "date": "2025-10-30", "state": "IL", "city": ["Franklin Park"], "killed": 0, "injured": 1,
        "vehicle_involved": True, "agencies": {"required": ["ICE"], "allowed": ["DHS", "POLICE"]},
        "subjects": [{"name": "Mateo Ruiz", "age": 34}],
        "accounts": [{"speaker": "Helen Okafor", "side": "subject"}]}]}))
    score = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--export", str(out), "--gold",
                            str(gold), "--docs-dir", str(SAMPLES)], capture_output=True, text=True, check=True)
    report = json.loads(score.stdout.rsplit("summary:", 1)[0])
    assert report["detection_recall"] == 1.0 and report["accounts_recall"] == 1.0
    assert report["field_accuracy"]["date"] == 1.0 and report["field_accuracy"]["place"] == 1.0


def test_users_review_history_and_serve(tmp_path):
    import time

    import httpx

    db = str(tmp_path / "cli.db")
    run("ingest", str(SAMPLES / "portland-pepper-balls.txt"), "--db", db, "--quiet")
    p = subprocess.run([str(EXE), "users", "add", "alice", "--db", db, "--password-stdin"], input="short\n",
                       capture_output=True, text=True)
    assert p.returncode == 1 and "10 characters" in p.stderr
    p = subprocess.run([str(EXE), "users", "add", "alice", "--db", db, "--password-stdin"],
                       input="correct horse battery\n", capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert "alice\teditor\tactive" in run("users", "list", "--db", db).stdout
    inc = json.loads(run("export", "--db", db).stdout)["incidents"][0]["id"]
    bad = run("review", inc, "killed", "correct", "many", "--db", db, "--reason", "x", check=False)
    assert bad.returncode == 1 and "Hint:" in bad.stderr
    run("review", inc, "killed", "correct", "1", "--db", db, "--reason", "coroner's report", "--by", "alice")
    assert json.loads(run("export", "--db", db).stdout)["incidents"][0]["killed"] == 1
    assert "coroner's report" in run("history", inc, "--db", db).stdout
    meta = json.loads(run("browse", "--db", db, "--print-metadata").stdout)
    assert meta["databases"]["cli"]["tables"]["users"]["allow"] is False

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([str(EXE), "serve", "--db", db, "--port", str(port)], stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/incidents", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert r.status_code == 401  # private unless --public
    finally:
        server.terminate()
        server.wait(10)
    bad = run("serve", "--db", "postgresql://nobody@127.0.0.1:1/none", check=False)
    assert bad.returncode == 1 and "Hint:" in bad.stderr


def test_evaluate_against_hand_coded_incidents(tmp_path):
    from handmade import EXPECTED, GOLD_CSV, build_store, check_figures, gold_json

    db = tmp_path / "hand.db"
    build_store(f"sqlite:///{db}")
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD_CSV)
    text = run("evaluate", "--gold", str(gold), "--db", str(db)).stdout
    for words in ("gold incidents found (recall)", "3/4 = 0.750", "Gold rows and the records they were matched to",
                  "'yesterday' is not a date", "inc-franklin2", "No one was hurt by the gunfire"):
        assert words in text, words
    p = run("evaluate", "--gold", str(gold), "--db", str(db), "--format", "json", "--no-save")
    check_figures(json.loads(p.stdout))
    assert "gold row 7, date: 'yesterday' is not a date" in p.stderr and "summary: detection recall=0.75" in p.stderr
    html = tmp_path / "accuracy.html"
    run("evaluate", "--gold", str(gold), "--db", str(db), "--format", "html", "-o", str(html))
    assert html.read_text().startswith("<!doctype html>") and 'id="field-chart"' in html.read_text()
    # the JSON gold form, and an export file instead of the database
    (tmp_path / "gold.json").write_text(gold_json())
    p = run("evaluate", "--gold", str(tmp_path / "gold.json"), "--db", str(db), "--format", "json")
    check_figures(json.loads(p.stdout))
    run("export", "--db", str(db), "-o", str(tmp_path / "export.json"))
    rep = json.loads(run("evaluate", "--gold", str(tmp_path / "gold.json"), "--export", str(tmp_path / "export.json"),
                         "--format", "json").stdout)
    assert rep["scored"]["source"] == "export" and rep["fields"]["date"]["right"] == EXPECTED["fields"]["date"][0]
    # nothing usable: a clear error, exit 1
    bad = tmp_path / "bad.csv"
    bad.write_text("document,date\nx.txt,2025-01-01\n")
    p = run("evaluate", "--gold", str(bad), "--db", str(db), check=False)
    assert p.returncode == 1 and "Error:" in p.stderr and "no 'incident' column" in p.stderr and "Hint:" in p.stderr
    bad.write_text("incident,document\na,nowhere.txt\n")
    p = run("evaluate", "--gold", str(bad), "--db", str(db), check=False)
    assert p.returncode == 1 and "no usable gold rows" in p.stderr and "nowhere.txt" in p.stderr
    assert "Usage:" in run("evaluate", "--help").stdout


def test_keep_text_relevant_stores_only_the_reporting_documents_words(tmp_path):
    import shutil
    import sqlite3

    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(SAMPLES / "portland-pepper-balls.txt", folder / "force.txt")
    (folder / "council.txt").write_text("The city council voted 6-1 on Tuesday to widen Alder Street and add two bus "
                                        "shelters near the library. Work begins in the spring.\n", encoding="utf-8")
    (folder / "weather.txt").write_text("Forecasters expect snow above 3,000 feet through Thursday, with rain in the "
                                        "valley and gusts to 35 mph.\n", encoding="utf-8")
    full, light = str(tmp_path / "full.db"), str(tmp_path / "light.db")
    run("ingest", str(folder), "--db", full, "--quiet")
    out = run("ingest", str(folder), "--db", light, "--quiet", "--keep-text", "relevant").stdout
    assert "3 new" in out and "0 errors" in out
    rows = dict(sqlite3.connect(light).execute("select id, length(text) from documents").fetchall())
    assert rows["force.txt"] > 500 and rows["council.txt"] == 0 and rows["weather.txt"] == 0
    notes = sqlite3.connect(light).execute("select notes from documents where id = 'council.txt'").fetchone()[0]
    assert "not kept" in notes
    # the same incidents as a run that keeps every text; a second run finds nothing changed
    incidents = json.loads(run("export", "--db", light).stdout)["incidents"]
    assert incidents and incidents == json.loads(run("export", "--db", full).stdout)["incidents"]
    assert "3 unchanged" in run("ingest", str(folder), "--db", light, "--quiet", "--keep-text", "relevant").stdout
