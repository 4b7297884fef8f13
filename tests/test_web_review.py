"""Reviewing people, quotes and sources over real HTTP (both backends): the JSON API and the incident
page's forms need an editor, the CSRF token and the version they were made on (409 when it moved);
the timeline, the one-incident downloads, the favicon and the list's new columns."""
from __future__ import annotations

import csv
import io
import re

from test_web import client, login, site  # noqa: F401  (the site fixture)


def franklin_id(c) -> str:
    rows = c.get("/api/incidents", params={"q": "franklin"}).json()["incidents"]
    return rows[0]["id"]


def test_people_quotes_and_sources_through_the_api(site):  # noqa: F811
    store, server = site
    c, token = login(server, "alice")
    inc_id = franklin_id(c)
    view = c.get(f"/api/incidents/{inc_id}").json()
    ruiz = next(p for p in view["people"] if p["name"] == "Mateo Ruiz")
    h = {"X-CSRF-Token": token}
    r = c.post(f"/api/incidents/{inc_id}/people", headers=h, json={
        "action": "correct", "person": ruiz["key"], "attribute": "age", "value": "35", "reason": "court filing",
        "version": view["version"]})
    assert r.status_code == 200, r.text
    assert next(p for p in r.json()["incident"]["people"] if p["name"] == "Mateo Ruiz")["age"] == 35
    stale = c.post(f"/api/incidents/{inc_id}/people", headers=h, json={
        "action": "correct", "person": ruiz["key"], "attribute": "age", "value": "36", "reason": "x",
        "version": view["version"]})
    assert stale.status_code == 409 and "alice" in stale.json()["error"]
    version = r.json()["version"]
    quote = next(a for a in r.json()["incident"]["accounts"]["witness"] if "driving off" in a["quote"])
    r = c.post(f"/api/incidents/{inc_id}/accounts", headers=h, json={
        "action": "reattribute", "ref": quote["ref"], "document": quote["document"], "side": "subject",
        "reason": "she speaks for the family", "version": version})
    assert r.status_code == 200, r.text
    assert any("driving off" in a["quote"] for a in r.json()["incident"]["accounts"]["subject"])
    version = r.json()["version"]
    r = c.post(f"/api/incidents/{inc_id}/sources", headers=h, json={
        "action": "copy", "document": "opinion-accountability.txt", "original": "franklin-park-dhs-statement.txt",
        "reason": "reprints the statement", "version": version})
    assert r.status_code == 200 and r.json()["incident"]["independent_sources"] == 2
    bad = c.post(f"/api/incidents/{inc_id}/sources", headers=h, json={
        "action": "detach", "document": "nope.txt", "reason": "x", "version": r.json()["version"]})
    assert bad.status_code == 404 and bad.json()["hint"]
    history = c.get(f"/api/incidents/{inc_id}/history").json()["history"]
    assert [x["action"] for x in history] == ["copy", "reattribute", "correct"]
    # a viewer may read but not decide; no token, no decision
    v, vtoken = login(server, "vera")
    assert v.post(f"/api/incidents/{inc_id}/people", headers={"X-CSRF-Token": vtoken}, json={
        "action": "remove", "person": "mateo ruiz", "reason": "x", "version": 1}).status_code == 403
    assert c.post(f"/api/incidents/{inc_id}/people", json={
        "action": "remove", "person": "mateo ruiz", "reason": "x", "version": 1}).status_code == 403


def test_the_incident_page_forms_need_a_reason_and_keep_what_was_typed(site):  # noqa: F811
    store, server = site
    c, token = login(server, "bob")
    inc_id = franklin_id(c)
    page = c.get(f"/incidents/{inc_id}").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    form = {"csrf_token": token, "version": version, "person": "mateo ruiz", "attribute": "status", "value": "killed",
            "action": "correct", "reason": ""}
    r = c.post(f"/incidents/{inc_id}/people", data=form)
    assert r.status_code == 400 and "needs a reason" in r.text
    r = c.post(f"/incidents/{inc_id}/people", data=form | {"value": "dead-ish", "reason": "coroner"})
    assert r.status_code == 400 and "is not a valid status" in r.text and "coroner" in r.text  # nothing lost
    r = c.post(f"/incidents/{inc_id}/people", data=form | {"reason": "the coroner's report"})
    assert r.status_code == 303
    page = c.get(f"/incidents/{inc_id}").text
    assert "status corrected to <strong>killed</strong> by bob" in page and "the coroner&#39;s report" in page
    r = c.post(f"/incidents/{inc_id}/sources", data={"csrf_token": token, "version": version, "action": "detach",
                                                     "document": "opinion-accountability.txt", "reason": "a column"})
    assert r.status_code == 409 and "bob" in r.text  # made on the version before bob's own correction


def test_timeline_downloads_favicon_and_the_list_row(site):  # noqa: F811
    store, server = site
    c = client(server)
    inc_id = franklin_id(c)
    timeline = c.get(f"/api/incidents/{inc_id}/timeline").json()["timeline"]
    assert [e["document"] for e in timeline][0] == "franklin-park-dhs-statement.txt" and timeline[0]["first"]
    page = c.get(f"/incidents/{inc_id}").text
    assert 'id="timeline"' in page and "Cite this record:" in page and f"/export/incidents/{inc_id}.json" in page
    data = c.get(f"/export/incidents/{inc_id}.json").json()
    assert data["citations"] and data["cite"].endswith("." ) and f"/incidents/{inc_id}" in data["cite"]
    rows = list(csv.DictReader(io.StringIO(c.get(f"/export/incidents/{inc_id}.csv").content.decode("utf-8-sig"))))
    assert rows and all(r["id"] == inc_id for r in rows)
    icon = c.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    listing = c.get("/").text
    assert 'rel="icon"' in listing and 'class="skip" href="#main"' in listing and 'id="main"' in listing
    assert "Mateo Ruiz, 34, injured" in listing and "Lakeshore Ledger" in listing
    assert c.get("/api/incidents", params={"preset": "immigration"}).json()["filters"] == {"preset": "immigration"}
