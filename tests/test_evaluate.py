"""`encounters evaluate` as a library: gold files read row by row, the matching rules, the figures on a
store built by hand (SQLite and PostgreSQL), the report kept in the database, the self-contained HTML."""
from __future__ import annotations

import json
from datetime import date

import pytest

from encounters.core.errors import InputError
from encounters.publish.accuracy import evaluate_export_file, evaluate_store
from encounters.publish.accuracy_views import console_report, html_report
from encounters.publish.export import write_json
from encounters.review.evaluate import evaluate, judge
from encounters.review.gold import GoldIncident, GoldPerson, GoldSet, read_csv_gold, read_gold, read_json_gold
from encounters.review.gold_documents import DocumentIndex

from conftest import SHARED
from handmade import EXPECTED, EXPECTED_ROWS, GOLD_CSV, build_store, check_figures, gold_json

HEADER = "incident,document,date,city,state,killed,injured,names,agency,force_type,law_enforcement,speakers\n"
GOOD = "a,one.txt,2025-10-30,Franklin Park,IL,0,1,Mateo Ruiz (34),ICE,shooting,by_officer,DHS=official\n"


@pytest.fixture
def gold_files(tmp_path):
    csv_path, json_path = tmp_path / "gold.csv", tmp_path / "gold.json"
    csv_path.write_text(GOLD_CSV, encoding="utf-8")
    json_path.write_text(gold_json(), encoding="utf-8")
    return {"csv": csv_path, "json": json_path}


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_figures_on_the_hand_made_store(db_url, gold_files, fmt):
    store = build_store(db_url)
    report = evaluate_store(store, gold_files[fmt], author="tester")
    check_figures(report)
    # the malformed row and the unknown document are reported with where and why; the rest are used
    where = {"csv": [(7, "date"), (11, "document")], "json": [(4, "date"), (7, "sources")]}[fmt]
    assert [(p["row"], p["column"]) for p in report["problems"]] == where
    assert "'yesterday' is not a date" in report["problems"][0]["reason"]
    assert "'ghost.txt' is not in the database" in report["problems"][1]["reason"]
    if fmt == "csv":  # every gold row with the record it was matched to
        assert {r["row"]: (r["record"], r["in_record"], r["other_records"]) for r in report["rows"]} == EXPECTED_ROWS
        assert report["gold"] | {"file": None} == {"file": None, "format": "csv", "rows": 10, "rows_used": 8,
                                                  "rows_left_out": 2, "incidents": 4, "optional": 1, "documents": 7,
                                                  "documents_in_no_record": 0}
    status = {x["key"]: (x["status"], x["record"]) for x in report["incidents"]}
    assert status == {"franklin": ("split into 2 records", "inc-franklin1"), "sandiego": ("found", "inc-sandiego"),
                      "portland": ("found", "inc-portland"), "charlotte": ("not found", None),
                      "mpls-marshal": ("found", "inc-mplsbrief")}
    # the worst cases: the incident that cannot match (and why), then the most wrong values, with evidence
    worst = report["worst"]
    assert [w["key"] for w in worst] == ["charlotte", "sandiego", "portland"]
    assert [x["record"] for x in worst[0]["refused"]] == ["inc-charlotte", "inc-mplsbrief"]
    assert worst[0]["refused"][0]["reason"] == "shares a document but gets the date, state and place wrong"
    wrong = {w["field"]: w for w in worst[1]["wrong"]}
    assert (wrong["injured"]["gold"], wrong["injured"]["record"]) == (1, 0)
    assert wrong["injured"]["evidence"][0]["hit"] == "No one was hurt"
    assert wrong["injured"]["evidence"][0]["after"] == " by the gunfire, CBP said."
    assert [e["hit"] for e in wrong["agencies"]["evidence"]] == ["federal officer"]  # the word behind POLICE
    (date_wrong,) = worst[2]["wrong"]
    assert (date_wrong["gold"], date_wrong["record"]) == ("2025-12-05", "2025-12-06")
    assert date_wrong["evidence"][0]["hit"] == "Friday night"
    assert [p["name"] for p in report["people"]["not_participants"]] == ["Morales"]
    assert {(a["speaker"], a["why"]) for a in report["accounts"]["wrong"]} == {
        ("Franklin Park police", "not a coded speaker"), ("CBP spokesperson", "coded as official"),
        ("Keith Wilson", "not a coded speaker")}
    # kept in the database for the web app
    saved = store.last_accuracy_report()
    assert saved["id"] == report["saved_as"] and saved["author"] == "tester" and saved["gold"] == gold_files[fmt].name
    assert saved["report"]["detection"] == report["detection"] and saved["summary"] == report["summary"]


def test_an_export_file_gives_the_same_figures_without_evidence(tmp_path, gold_files):
    store = build_store(f"sqlite:///{tmp_path / 'hand.db'}")
    export = tmp_path / "export.json"
    with export.open("w") as f:
        write_json(store.iter_incidents(), f)
    report = evaluate_export_file(export, gold_files["csv"])
    # the export lists only documents with incidents: ghost.txt stays in the gold, a document no record cites
    assert [p["row"] for p in report["problems"]] == [7]
    assert report["gold"]["incidents"] == 5 and report["detection"]["found"] == 3
    assert report["detection"]["recall"] == 0.6
    assert {k: report[k] for k in ("fields", "accounts", "people")} == {
        k: evaluate_store(store, gold_files["csv"], save=False)[k] for k in ("fields", "accounts", "people")}
    assert all(not w["evidence"] for case in report["worst"] for w in case["wrong"])


def test_the_store_keeps_the_newest_reports(db_url):
    from encounters.store import open_store
    from encounters.store.records import KEEP_REPORTS

    store = open_store(db_url)
    assert store.last_accuracy_report() is None
    for i in range(KEEP_REPORTS + 2):
        store.save_accuracy_report({"summary": f"run {i}", "n": i}, gold="g.csv", author="x")
    with store.engine.connect() as conn:
        from sqlalchemy import func, select

        from encounters.store import schema

        assert conn.execute(select(func.count()).select_from(schema.accuracy_reports)).scalar_one() == KEEP_REPORTS
    assert store.last_accuracy_report()["report"]["n"] == KEEP_REPORTS + 1


def test_migration_0008_goes_down_and_up(db_url):
    from pathlib import Path

    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    import encounters.store.repository as repo
    from encounters.store import open_store

    store = open_store(db_url)
    store.save_accuracy_report({"summary": "s"}, gold="g.csv", author="x")
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(repo.__file__).parent / "migrations"))
    assert len(ScriptDirectory.from_config(cfg).get_heads()) == 1  # one linear chain
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0005")  # below 0008 (later migrations follow it)
    assert "accuracy_reports" not in inspect(store.engine).get_table_names()
    assert open_store(db_url).last_accuracy_report() is None  # back to head, empty


# ------------------------------------------------------------------ gold files, row by row

BAD_CSV_ROWS = [  # (row after the good one, column, words of the reason)
    ("b,two.txt,yesterday,,,,,,,,,", "date", "is not a date"),
    ("b,two.txt,2025-13-01,,,,,,,,,", "date", "is not a date"),
    ("b,two.txt,2025-10-31..2025-10-01,,,,,,,,,", "date", "ends before it starts"),
    ("b,two.txt,,,Narnia,,,,,,,", "state", "is not a US state"),
    ("b,two.txt,,,,two,,,,,,", "killed", "is not a count"),
    ("b,two.txt,,,,,-1,,,,,", "injured", "is not a count"),
    ("b,two.txt,,,,,,,Acme Security,,,", "agency", "unknown agency"),
    ("b,two.txt,,,,,,,,taser,,", "force_type", "is not one of"),
    ("b,two.txt,,,,,,,,,maybe,", "law_enforcement", "is not one of"),
    ("b,two.txt,,,,,,,,,,Helen Okafor", "speakers", "is not Name=side"),
    ("b,two.txt,,,,,,,,,,Helen Okafor=family", "speakers", "is not one of"),
    ("b,two.txt,,,,,,42,,,,", "names", "is not a name"),
    ("b,,2025-10-30,,,,,,,,,", "document", "blank"),
    (",two.txt,2025-10-30,,,,,,,,,", "incident", "blank, yet the row gives date"),
    ("a,two.txt,2025-10-31,,,,,,,,,", "date", "contradicts row 2's '2025-10-30'"),
    ("a,two.txt,,,IN,,,,,,,", "state", "contradicts row 2's 'IL'"),
    ("a,one.txt,,,,,,,,,,", "document", "is given twice"),
    (",one.txt,,,,,,,,,,", "incident", "blank (no incident) but row 2 gives"),
    ("b,two.txt,2025-10-30,Franklin Park, IL,0,1,,,,,,DHS=official", "(row)", "is a comma inside a value"),
]


@pytest.mark.parametrize("line,column,reason", BAD_CSV_ROWS)
def test_a_bad_csv_row_is_reported_and_the_rest_used(line, column, reason):
    gold = read_csv_gold(HEADER + GOOD + line + "\n" + "c,three.txt,2025-11-01,,,,,,,,,\n", "g.csv")
    (problem,) = gold.problems
    assert (problem.row, problem.column) == (3, column) and reason in problem.reason, problem
    assert [g.key for g in gold.incidents] == ["a", "c"]
    assert gold.rows_used == 2 and gold.rows_read == 3


def test_csv_rows_join_into_incidents():
    gold = read_csv_gold(HEADER.replace("speakers", "speakers,mention,county,agency_also,notes")
                         + GOOD.rstrip("\n") + ",,,,\n"
                         + "a,two.txt,,Franklin Park Village,Illinois,,,Ana Lopez; mateo ruiz,,,,Helen Okafor=subject,,Cook,DHS,hi\n"
                         + "a,three.txt,,,,,,,,,,,brief,,,\n"
                         + "b,three.txt,2025-09,Chicago,il,,,,Border Patrol,,,,,,,\n"
                         + ",four.txt,,,,,,,,,,,,,,\n", "g.csv")
    assert gold.problems == []
    a, b = gold.incidents
    assert (a.sources, a.also, a.date, a.state, a.killed, a.injured) == (["one.txt", "two.txt"], ["three.txt"],
                                                                        date(2025, 10, 30), "IL", 0, 1)
    assert a.cities == ["Franklin Park", "Franklin Park Village", "Cook"]
    assert [(p.name, p.age) for p in a.subjects] == [("Mateo Ruiz", 34), ("Ana Lopez", None)]
    assert [(s.speaker, s.side) for s in a.speakers] == [("DHS", "official"), ("Helen Okafor", "subject")]
    assert (a.agencies_required, a.agencies_allowed) == (["ICE"], ["DHS"])
    assert (b.date, b.date_range, b.state, b.agencies_required) == (None, (date(2025, 9, 1), date(2025, 9, 30)), "IL", ["CBP"])
    assert b.participants == [] and b.speakers == []  # coded: nobody named, nobody quoted
    assert gold.documents == ["one.txt", "two.txt", "three.txt", "four.txt"]
    assert [(r.row, r.incident, r.mention) for r in gold.rows] == [
        (2, "a", "primary"), (3, "a", "primary"), (4, "a", "brief"), (5, "b", "primary"), (6, None, "none")]


def test_an_unknown_column_is_named_and_the_file_still_used():
    gold = read_csv_gold(HEADER.replace("city", "citty") + GOOD, "g.csv")
    assert [(p.row, p.column) for p in gold.problems] == [("header", "citty")]
    assert gold.incidents[0].cities == []


@pytest.mark.parametrize("text,message", [
    ("", "the gold file is empty"),
    ("document,date\nx.txt,2025-01-01\n", "no 'incident' column"),
])
def test_an_unusable_csv_is_an_input_error(text, message):
    with pytest.raises(InputError, match=message):
        read_csv_gold(text, "g.csv")


BAD_JSON_INCIDENTS = [
    ({"sources": ["a.txt"]}, "key", "missing"),
    ({"key": "k", "sources": "a.txt"}, "sources", "must be a list"),
    ({"key": "k", "sources": []}, "sources", "no document reports or mentions"),
    ({"key": "k", "sources": ["a.txt"], "killed": "two"}, "killed", "is not a count"),
    ({"key": "k", "sources": ["a.txt"], "date_range": ["2025-01-01"]}, "date_range", "must be"),
    ({"key": "k", "sources": ["a.txt"], "speakers": [{"speaker": "DHS", "side": "govt"}]}, "speakers", "needs a speaker"),
    ({"key": "k", "sources": ["a.txt"], "subjects": [{"name": "A B", "age": "old"}]}, "subjects", "is not a whole number"),
    ({"key": "k", "sources": ["a.txt"], "agencies": "ICE"}, "agencies", "must be"),
    ({"key": "good", "sources": ["b.txt"]}, "key", "the key of an earlier incident"),
]


@pytest.mark.parametrize("incident,column,reason", BAD_JSON_INCIDENTS)
def test_a_bad_json_incident_is_reported_and_the_rest_used(incident, column, reason):
    data = {"documents": ["a.txt", "b.txt", "c.txt"], "incidents": [{"key": "good", "sources": ["a.txt"]}, incident]}
    gold = read_json_gold(json.dumps(data), "g.json")
    (problem,) = gold.problems
    assert (problem.row, problem.column) == (2, column) and reason in problem.reason, problem
    assert [g.key for g in gold.incidents] == ["good"]


@pytest.mark.skipif(not (SHARED / "eval" / "ice" / "gold_dev.json").exists(), reason="../shared/eval is absent")
def test_the_ice_gold_is_read_as_it_is():
    gold = read_gold(SHARED / "eval" / "ice" / "gold_dev.json")
    assert gold.problems == [] and len(gold.documents) == 75
    assert len(gold.incidents) == 37 and sum(g.optional for g in gold.incidents) == 10
    assert all(g.speakers is not None for g in gold.incidents if not g.optional)


@pytest.mark.parametrize("ref,found", [
    ("T2-S-001/article.txt", "T2-S-001/article.txt"),  # the id itself
    ("T2-S-001/article", "T2-S-001/article.txt"),  # without its extension
    ("articles/T2-S-001/article.txt", "T2-S-001/article.txt"),  # from a parent folder
    ("T3-P007/article_2.txt", "ice/T3-P007/article_2.txt"),  # ingested from a parent folder
    ("lawyer.html", "lawyer.html"),
    ("article.txt", None),  # two stored documents have that name
    ("https://www.example.com/news/a-shooting/", "wire-1"),  # by URL
    ("http://example.com/news/a-shooting", "wire-1"),
    ("nowhere.txt", None),
])
def test_gold_documents_are_found_by_id_path_or_url(ref, found):
    index = DocumentIndex(["T2-S-001/article.txt", "T2-S-002/article.txt", "ice/T3-P007/article_2.txt", "lawyer.html",
                           "wire-1"], {"wire-1": "https://example.com/news/a-shooting"})
    doc, why = index.find(ref)
    assert doc == found and (why is None) == (found is not None)


# ------------------------------------------------------------------ the matching and field rules

def inc(**kw) -> GoldIncident:
    return GoldIncident(**({"key": "g", "sources": ["a.txt"]} | kw))


def record(rid="inc-1", docs=("a.txt",), brief=(), **kw) -> dict:
    return {"id": rid, "sources": [{"document": d, "mention": "primary"} for d in docs]
            + [{"document": d, "mention": "brief"} for d in brief], **kw}


def score(incidents, records, documents=None) -> dict:
    gold = GoldSet("g", "json", incidents, documents or sorted({d for g in incidents for d in g.sources + g.also}), [], [])
    return evaluate(gold, records)


def test_a_record_that_gets_where_and_when_wrong_is_not_the_incident():
    g = inc(date=date(2025, 3, 2), state="AZ", cities=["Tucson"])
    assert score([g], [record(date="2025-03-09", state="NM", city="Las Cruces")])["detection"]["found"] == 0
    assert score([g], [record(date="2025-03-09", state="AZ", city="Phoenix")])["detection"]["found"] == 1
    assert score([inc()], [record()])["detection"]["found"] == 1  # nothing to disagree on


def test_each_gold_incident_takes_the_best_record_and_each_record_one_incident():
    two = [inc(key="first", date=date(2025, 3, 2), cities=["Tucson"]), inc(key="second", date=date(2025, 3, 5), cities=["Tucson"])]
    rep = score(two, [record("inc-b", date="2025-03-05", city="Tucson"), record("inc-a", date="2025-03-02", city="Tucson")])
    assert {x["key"]: x["record"] for x in rep["incidents"]} == {"first": "inc-a", "second": "inc-b"}
    one = score(two, [record("inc-a", date="2025-03-02", city="Tucson")])  # one record, two incidents in its article
    assert {x["key"]: x["record"] for x in one["incidents"]} == {"first": "inc-a", "second": None}
    # a tie goes to the record that reports the incident, not the one that mentions it in passing
    tie = score([inc(sources=["a.txt", "b.txt"])], [record("inc-a", docs=("a.txt",), brief=("b.txt",)),
                                                     record("inc-b", docs=("a.txt", "b.txt"))])
    assert tie["incidents"][0]["record"] == "inc-b" and tie["detection"]["merged_whole"] == 1
    # then to the pair with more of the gold's values right
    tie = score([inc(killed=1, injured=0)], [record("inc-a", killed=0, injured=0), record("inc-b", killed=1, injured=0)])
    assert tie["incidents"][0]["record"] == "inc-b"


FIELD_RULES = [  # (gold, record, field, right)
    (dict(cities=["St. Paul"]), dict(city="Saint Paul"), "place", True),
    (dict(cities=["Rio Grande City", "Starr County"]), dict(city=None, county="Starr"), "place", True),
    (dict(cities=["Los Angeles", "South Los Angeles"]), dict(city="Inglewood"), "place", False),
    (dict(state="MN"), dict(state="mn"), "state", True),
    (dict(date=date(2025, 9, 26)), dict(date="2025-09-27"), "date", False),
    (dict(date_range=(date(2025, 9, 1), date(2025, 9, 30))), dict(date="2025-09-12"), "date", True),
    (dict(date_range=(date(2025, 9, 1), date(2025, 9, 30))), dict(date=None, date_range=["2025-08-30", "2025-09-05"]), "date", False),
    (dict(agencies_required=["ICE"], agencies_allowed=["DHS"]), dict(agencies=["ICE", "DHS"]), "agencies", True),
    (dict(agencies_required=["ICE"], agencies_allowed=["DHS"]), dict(agencies=["ICE", "POLICE"]), "agencies", False),
    (dict(agencies_required=["ICE", "CBP"]), dict(agencies=["ICE"]), "agencies", False),
    (dict(law_enforcement="both"), dict(law_enforcement="at_officer"), "law_enforcement", True),
    (dict(law_enforcement="by_officer"), dict(law_enforcement="none"), "law_enforcement", False),
    (dict(killed=0), dict(killed=None), "killed", False),
    (dict(subjects=[GoldPerson("Mateo Ruiz")]), dict(people=[{"name": "Ruiz"}]), "names", False),  # a lone surname
    (dict(subjects=[GoldPerson("Mateo Alberto Ruiz")]), dict(people=[{"name": "Mateo Ruiz"}]), "names", True),
    (dict(subjects=[GoldPerson("Silverio Villegas González")]), dict(people=[{"name": "Silverio Villegas Gonzalez"}]), "names", True),
    (dict(subjects=[GoldPerson("Mateo Ruiz", 34)]), dict(people=[{"name": "Mateo Ruiz", "age": 33}]), "ages", False),
]


@pytest.mark.parametrize("gold,rec,field,right", FIELD_RULES)
def test_field_rules(gold, rec, field, right):
    (check,) = [c for c in judge(inc(**gold), rec) if c.field == field]
    assert check.right is right


def test_a_coded_name_is_judged_only_where_its_article_names_it():
    g = inc(subjects=[GoldPerson("Dana Reyes"), GoldPerson("José Ortiz")])
    checks = judge(g, {"people": []}, text="police said dana reyes, 24, and jose ortiz were hurt")
    assert [c.person for c in checks] == ["Dana Reyes", "José Ortiz"]
    assert [c.person for c in judge(g, {"people": []}, text="police said dana reyes was hurt")] == ["Dana Reyes"]


# ------------------------------------------------------------------ the HTML page and the terminal

HOSTILE = '<script>alert("gold")</script>'


def test_the_html_report_is_one_self_contained_page(tmp_path, gold_files):
    from html.parser import HTMLParser

    store = build_store(f"sqlite:///{tmp_path / 'hand.db'}")
    gold = tmp_path / "hostile.csv"
    gold.write_text(GOLD_CSV.replace("portland,", HOSTILE.replace('"', "'") + ",", 1)
                    .replace("Ruth Ellison (62)", "Ruth Ellison <img src=x onerror=alert(1)> (62)"), encoding="utf-8")
    report = evaluate_store(store, gold, save=False)
    page = html_report(report)
    tags: list[tuple[str, dict]] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append((tag, dict(attrs)))

    Tags().feed(page)
    names = {t for t, _ in tags}
    assert "script" not in names and "link" not in names and "img" not in names and "iframe" not in names
    assert not [a for _, attrs in tags for k, a in attrs.items() if k in ("src", "href") or k.startswith("on")]
    assert "style" in names and "svg" in names and "table" in names
    assert len([1 for t, a in tags if t == "rect" and a.get("class") == "bar"]) == len(EXPECTED["fields"])
    assert "&lt;script&gt;alert(" in page and "&lt;img src=x" in page
    assert "3/4 = 0.750" in page and "No one was hurt" in page

    # (test_browser.py opens it in Chromium: nothing is fetched but the page itself)


def test_the_terminal_report_shows_the_figures_and_never_reads_markup(tmp_path, gold_files):
    from rich.console import Console

    store = build_store(f"sqlite:///{tmp_path / 'hand.db'}")
    console = Console(width=200, record=True, file=open("/dev/null", "w"))
    console.print(console_report(evaluate_store(store, gold_files["csv"], save=False)))
    text = console.export_text()
    for words in ("gold incidents found (recall)", "3/4 = 0.750", "split into fragments", "'yesterday' is not a date",
                  "inc-franklin2", "No one was hurt by the gunfire", "federal officer", "Morales"):
        assert words in text, words


# ------------------------------------------------------------------ end to end on the bundled samples

SAMPLE_GOLD = f"""incident,document,date,city,state,killed,injured,names
franklin,franklin-park-dhs-statement.txt,2025-10-30,Franklin Park,IL,0,1,Mateo Ruiz (34)
franklin,franklin-park-family-lawyer.html,,,,,,
sandiego,san-ysidro-border-patrol.txt,2025-11-16,San Diego,CA,0,,Luis Alberto Paredes (27)
portland,portland-pepper-balls.txt,2025-12-05,Portland,OR,0,3,Ruth Ellison (62)
oops,portland-pepper-balls.txt,2025-12-05,Portland,OR,three,,
,wire-hockey-shootout,,,,,,
"""


def test_the_bundled_samples_end_to_end(sample_store, tmp_path):
    gold = tmp_path / "samples.csv"
    gold.write_text(SAMPLE_GOLD, encoding="utf-8")
    report = evaluate_store(sample_store, gold, save=False)
    # Not extraction-dependent: the gold rows read and left out.
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(6, "killed")]
    assert report["gold"]["rows_used"] == 5 and report["gold"]["incidents"] == 3
    # These few figures depend on today's extraction and resolution of the samples (the three reports
    # are found, the two Franklin Park reports are one incident, the hockey story yields none); if a
    # rule change moves them, check the samples' incidents with `encounters show` before changing them.
    assert report["detection"]["found"] == 3 and report["detection"]["merged_whole"] == 1
    assert report["relevance"]["precision"] == 1.0 and report["relevance"]["recall"] == 1.0
    assert report["fields"]["state"] == {"right": 3, "judged": 3, "accuracy": 1.0}
