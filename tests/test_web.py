"""The web app and JSON API over real HTTP (uvicorn on localhost), on SQLite and PostgreSQL:
reading with filters, auth and CSRF, optimistic locking, escaping of hostile text, exports."""
from __future__ import annotations

import csv
import io
import json

import httpx
import pytest

from encounters.jobs import ingest_paths
from encounters.review.users import create_user
from encounters.store import open_store

from conftest import SAMPLES

PASSWORD = "correct horse battery"
HOSTILE = """Title: <script>alert("title")</script> Agent fires at driver in Tucson
Published: 2025-12-20
Outlet: Desert <b>Wire</b>

TUCSON, Ariz. — A Border Patrol agent shot and wounded a 29-year-old driver on Friday night, the agency said.
<script>document.title = "owned"; alert("body")</script>
<img src=x onerror="alert('img')"> The driver, Rafael Ortiz, was taken to a hospital.
"He drove straight at us," a Border Patrol spokesperson said in a statement.
"""


@pytest.fixture
def site(db_url, tmp_path, serve):
    """The samples plus a hostile article in a fresh database, two editors and a viewer, served."""
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    store = open_store(db_url)
    report = ingest_paths(store, [str(SAMPLES), str(tmp_path / "hostile.txt")])
    assert not report.errors
    for name, role in (("alice", "editor"), ("bob", "editor"), ("vera", "viewer")):
        create_user(store, name, PASSWORD, role)
    return store, serve(db_url, public=True)


def client(server) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=30, follow_redirects=False)


def login(server, name: str) -> tuple[httpx.Client, str]:
    c = client(server)
    token = c.get("/api/session").json()["csrf_token"]
    r = c.post("/api/session", json={"username": name, "password": PASSWORD}, headers={"X-CSRF-Token": token})
    assert r.status_code == 200, r.text
    return c, r.json()["csrf_token"]


def test_list_filters_and_paging(site):
    store, server = site
    c = client(server)
    everything = c.get("/api/incidents").json()
    assert everything["total"] == len(store.incident_rows()) >= 7
    oregon = c.get("/api/incidents", params={"state": "or"}).json()
    assert oregon["total"] >= 1 and {r["state"] for r in oregon["incidents"]} == {"OR"}
    cbp = c.get("/api/incidents", params={"agency": "CBP"}).json()["incidents"]
    assert cbp and all("CBP" in r["agencies"].split(",") for r in cbp)
    killed = c.get("/api/incidents", params={"outcome": "killed"}).json()["incidents"]
    assert killed and all(r["killed"] > 0 for r in killed)
    december = c.get("/api/incidents", params={"date_from": "2025-12-01", "date_to": "2025-12-31"}).json()["incidents"]
    assert december and all(r["date_from"] >= "2025-12-01" for r in december)
    found = c.get("/api/incidents", params={"q": "mateo ruiz"}).json()["incidents"]
    assert [r["city"] for r in found] == ["Franklin Park"]
    page2 = c.get("/api/incidents", params={"per_page": 3, "page": 2}).json()
    assert len(page2["incidents"]) == 3 and page2["total"] == everything["total"]
    assert {r["id"] for r in page2["incidents"]} <= {r["id"] for r in everything["incidents"]}
    html = c.get("/", params={"state": "OR"}).text
    assert "Portland" in html and "El Paso" not in html


def test_bad_filters_are_a_clear_400(site):
    _, server = site
    r = client(server).get("/api/incidents", params={"date_from": "yesterday"})
    assert r.status_code == 400 and r.json()["hint"] == "use YYYY-MM-DD"
    r = client(server).get("/api/incidents", params={"outcome": "maybe"})
    assert r.status_code == 400 and "killed" in r.json()["hint"]


def test_incident_page_shows_sources_accounts_by_side_and_spans(site):
    store, server = site
    c = client(server)
    (row,) = c.get("/api/incidents", params={"q": "franklin"}).json()["incidents"]
    inc = c.get(f"/api/incidents/{row['id']}").json()
    assert len(inc["sources"]) == 3
    assert inc["accounts"]["official"] and inc["accounts"]["subject"]
    quote = inc["accounts"]["official"][0]
    doc = store.document(quote["document"])
    assert doc.text[quote["start"]:quote["end"]] == quote["quote"]  # linked span is verbatim
    page = c.get(f"/incidents/{row['id']}").text
    for side in ("side-official", "side-subject", "side-witness"):
        assert f'id="{side}"' in page
    source = c.get(f"/documents/{quote['document']}", params={"hl": f"{quote['start']}-{quote['end']}"}).text
    assert 'id="hl"' in source


def test_no_edit_without_login_or_csrf(site):
    store, server = site
    inc_id = store.incident_rows()[0]["id"]
    body = {"action": "correct", "value": "3", "reason": "x", "version": store.incident_version(inc_id)}
    anon = client(server)
    token = anon.get("/api/session").json()["csrf_token"]
    assert anon.post(f"/api/incidents/{inc_id}/fields/killed", json=body).status_code == 403  # no token
    r = anon.post(f"/api/incidents/{inc_id}/fields/killed", json=body, headers={"X-CSRF-Token": token})
    assert r.status_code == 401 and "login" in r.json()["error"]
    viewer, vtoken = login(server, "vera")
    r = viewer.post(f"/api/incidents/{inc_id}/fields/killed", json=body, headers={"X-CSRF-Token": vtoken})
    assert r.status_code == 403
    editor, etoken = login(server, "alice")
    assert editor.post(f"/api/incidents/{inc_id}/fields/killed", json=body,
                       headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert editor.post(f"/api/incidents/{inc_id}/fields/killed", json=body,
                       headers={"X-CSRF-Token": token}).status_code == 403  # another session's token
    form = editor.post(f"/incidents/{inc_id}/review", data={"field": "killed", "action": "correct", "value": "3",
                                                            "reason": "x", "version": body["version"]})
    assert form.status_code == 403  # a form without the token
    assert store.history(inc_id) == []
    r = editor.post(f"/api/incidents/{inc_id}/fields/killed", json=body, headers={"X-CSRF-Token": etoken})
    assert r.status_code == 200 and r.json()["incident"]["record"]["killed"] == 3
    assert [h["author"] for h in store.history(inc_id)] == ["alice"]


def test_login_form_and_redirects(site):
    _, server = site
    c = client(server)
    page = c.get("/login", params={"next": "//evil.example/x"}).text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    bad = c.post("/login", data={"username": "alice", "password": "nope nope nope", "csrf_token": token, "next": "/"})
    assert bad.status_code == 401 and "wrong username or password" in bad.text
    ok = c.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": token,
                                "next": "//evil.example/x"})
    assert ok.status_code == 303 and ok.headers["location"] == "/"
    assert c.get("/api/session").json()["user"] == {"username": "alice", "role": "editor"}
    assert c.post("/login", data={"username": "alice", "password": PASSWORD}).status_code == 403  # no CSRF token


def test_two_editors_at_once_neither_change_is_lost(site):
    store, server = site
    inc_id = store.incident_rows()[0]["id"]
    alice, atoken = login(server, "alice")
    bob, btoken = login(server, "bob")
    seen = alice.get(f"/api/incidents/{inc_id}").json()["version"]
    assert bob.get(f"/api/incidents/{inc_id}").json()["version"] == seen
    r1 = alice.post(f"/api/incidents/{inc_id}/fields/injured", headers={"X-CSRF-Token": atoken},
                    json={"action": "correct", "value": "2", "reason": "hospital", "version": seen})
    assert r1.status_code == 200
    r2 = bob.post(f"/api/incidents/{inc_id}/fields/injured", headers={"X-CSRF-Token": btoken},
                  json={"action": "correct", "value": "5", "reason": "police report", "version": seen})
    assert r2.status_code == 409 and "alice" in r2.json()["error"] and r2.json()["hint"]
    form = bob.post(f"/incidents/{inc_id}/review", data={"field": "injured", "action": "correct", "value": "5",
                                                         "reason": "police report", "version": seen,
                                                         "csrf_token": btoken})
    assert form.status_code == 409 and "police report" in form.text  # the page keeps what bob typed
    assert store.incident(inc_id).value("injured") == 2
    fresh = bob.get(f"/api/incidents/{inc_id}").json()["version"]
    r3 = bob.post(f"/api/incidents/{inc_id}/fields/injured", headers={"X-CSRF-Token": btoken},
                  json={"action": "correct", "value": "5", "reason": "police report", "version": fresh})
    assert r3.status_code == 200
    history = bob.get(f"/api/incidents/{inc_id}/history").json()["history"]
    assert [(h["author"], h["old"], h["new"]) for h in history] == [("bob", 2, 5), ("alice", history[1]["old"], 2)]


def test_hostile_article_text_is_escaped(site):
    store, server = site
    doc = next(d for d in store.documents() if d["id"].endswith("hostile.txt"))
    assert "<script>" in store.document(doc["id"]).text  # stored verbatim, as evidence
    c = client(server)
    page = c.get(f"/documents/{doc['id']}")
    assert page.status_code == 200
    assert "<script>document.title" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;document.title" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    (row,) = c.get("/api/incidents", params={"q": "tucson"}).json()["incidents"]
    incident_page = c.get(f"/incidents/{row['id']}").text
    assert "<script>alert" not in incident_page and "<b>Wire</b>" not in incident_page


def test_private_site_needs_a_login_to_read(db_url, serve):
    store = open_store(db_url)
    ingest_paths(store, [str(SAMPLES / "portland-pepper-balls.txt")])
    create_user(store, "vera", PASSWORD, "viewer")
    server = serve(db_url, public=False)
    anon = client(server)
    assert anon.get("/api/incidents").status_code == 401
    assert anon.get("/export/incidents.json").status_code == 401
    r = anon.get("/")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    viewer, _ = login(server, "vera")
    assert viewer.get("/api/incidents").json()["total"] == 1


def test_exports_download(site):
    store, server = site
    c = client(server)
    data = c.get("/export/incidents.json").json()
    assert data["format"] == "encounters/1" and len(data["incidents"]) == len(store.incident_rows())
    rows = list(csv.DictReader(io.StringIO(c.get("/export/incidents.csv").text)))
    assert len(rows) == len(data["incidents"]) and "state" in rows[0]
    geo = c.get("/export/incidents.geojson")
    assert geo.headers["content-type"].startswith("application/geo+json")
    assert json.loads(geo.text)["features"]
    spec = c.get("/openapi.json").json()
    assert {"/api/incidents", "/api/incidents/{incident_id}", "/api/incidents/{incident_id}/fields/{field}",
            "/api/documents/{doc_id}", "/export/incidents.{fmt}"} <= set(spec["paths"])


def test_map_and_timeline_pages(site):
    _, server = site
    c = client(server)
    points = c.get("/api/map").json()["features"]
    assert points and all(-180 <= f["geometry"]["coordinates"][0] <= 180 for f in points)
    map_page = c.get("/map").text
    assert 'src="/static/leaflet/leaflet.js"' in map_page
    assert f'<span id="points">{len(points)}</span>' in map_page
    assert c.get("/static/leaflet/leaflet.js").status_code == 200
    months = c.get("/api/stats/monthly").json()["months"]
    assert sum(m["incidents"] for m in months) == c.get("/api/incidents").json()["total"]
    assert "timeline-chart" in c.get("/timeline").text


def test_accuracy_page_shows_the_last_report_to_readers(db_url, tmp_path, serve):
    import re

    from encounters.publish.accuracy import evaluate_store

    from handmade import GOLD_CSV, build_store

    store = build_store(db_url)
    create_user(store, "vera", PASSWORD, "viewer")
    server = serve(db_url, public=False)
    viewer, _ = login(server, "vera")
    none_yet = viewer.get("/accuracy")
    assert none_yet.status_code == 200 and 'id="no-report"' in none_yet.text and 'href="/accuracy"' in none_yet.text
    assert viewer.get("/api/accuracy").status_code == 404
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD_CSV.replace("portland,", "<script>alert('gold')</script>,", 1), encoding="utf-8")
    report = evaluate_store(store, gold, author="vera")
    anon = client(server)
    r = anon.get("/accuracy")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")  # a private site
    assert anon.get("/api/accuracy").status_code == 401
    page = viewer.get("/accuracy")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert "3/4 = 0.750" in html and 'id="field-chart"' in html and "run by vera with gold.csv" in html
    assert '<a href="/incidents/inc-sandiego">inc-sandiego</a>' in html
    assert "<script" not in html and "&lt;script&gt;alert(&#39;gold&#39;)&lt;/script&gt;" in html
    evidence = re.search(r'href="(/documents/san-ysidro-border-patrol\.txt\?hl=\d+-\d+#hl)"', html).group(1)
    assert 'id="hl"' in viewer.get(evidence).text  # the sentence the record used, in its article
    api = viewer.get("/api/accuracy").json()
    assert api["author"] == "vera" and api["report"]["detection"] == report["detection"]
