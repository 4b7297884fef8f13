"""The web app against an attacker and bad luck, over real HTTP on SQLite and PostgreSQL: login
throttling, sessions that really end, API tokens, body caps, the lock on form posts, and hostile
parameters that must be a clean 4xx (never a 500)."""
from __future__ import annotations

import time

import httpx
import pytest

from encounters.jobs import ingest_paths
from encounters.review.users import create_token, create_user, revoke_sessions, set_password
from encounters.store import open_store

from conftest import SAMPLES

PASSWORD = "correct horse battery"


def make_site(db_url, tmp_path, serve):
    store = open_store(db_url)
    page = tmp_path / "odd id?#x 100%.txt"
    page.write_text("Title: t\nPublished: 2025-10-31\n\nA Border Patrol agent shot a man Thursday in Yuma, Ariz., "
                    "officials said.\n")
    report = ingest_paths(store, [str(SAMPLES / "portland-pepper-balls.txt"), str(SAMPLES / "san-ysidro-border-patrol.txt"),
                                  str(page)])
    assert not report.errors
    create_user(store, "alice", PASSWORD, "editor")
    create_user(store, "vera", PASSWORD, "viewer")
    return store, serve(db_url, public=False)


@pytest.fixture
def site(db_url, tmp_path, serve):
    """On both backends: for what touches the database's own limits (NUL, long values, sessions)."""
    return make_site(db_url, tmp_path, serve)


@pytest.fixture
def lite_site(tmp_path, serve):
    """On SQLite only: for what the app decides before the database is asked."""
    return make_site(f"sqlite:///{tmp_path / 'site.db'}", tmp_path, serve)


def client(server) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60, follow_redirects=False)


def login(server, name: str, password: str = PASSWORD) -> tuple[httpx.Client, httpx.Response]:
    c = client(server)
    token = c.get("/api/session").json()["csrf_token"]
    return c, c.post("/api/session", json={"username": name, "password": password}, headers={"X-CSRF-Token": token})


def test_failed_logins_are_throttled_per_account_with_a_clear_message(lite_site):
    _, server = lite_site
    c = client(server)
    token = c.get("/api/session").json()["csrf_token"]
    codes = [c.post("/api/session", json={"username": "alice", "password": f"guess number {i}"},
                    headers={"X-CSRF-Token": token}).status_code for i in range(8)]
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
    right = c.post("/api/session", json={"username": "alice", "password": PASSWORD}, headers={"X-CSRF-Token": token})
    assert right.status_code == 429  # the right password waits out the lock too
    assert "too many failed logins for this account" in right.json()["error"] and int(right.headers["retry-after"]) > 0
    started = time.perf_counter()  # a locked account costs no password check: refusals are quick
    for _ in range(10):
        assert c.post("/api/session", json={"username": "alice", "password": "x"},
                      headers={"X-CSRF-Token": token}).status_code == 429
    assert time.perf_counter() - started < 10
    assert login(server, "vera")[1].status_code == 200  # another account is not locked


def test_failed_logins_are_throttled_per_address(lite_site):
    _, server = lite_site
    c = client(server)
    token = c.get("/api/session").json()["csrf_token"]
    for i in range(20):  # one address trying many names
        c.post("/api/session", json={"username": f"user{i}", "password": "nope nope nope"},
               headers={"X-CSRF-Token": token})
    r = c.post("/api/session", json={"username": "vera", "password": PASSWORD}, headers={"X-CSRF-Token": token})
    assert r.status_code == 429 and "your address" in r.json()["error"]


def test_a_session_ends_on_logout_password_change_and_revoke(site):
    store, server = site
    for end in ("logout", "password", "revoke"):
        c, r = login(server, "alice")
        assert r.status_code == 200
        csrf = r.json()["csrf_token"]
        cookie = c.cookies.get("encounters_session")
        assert c.get("/api/incidents").status_code == 200
        if end == "logout":
            assert c.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 200
        elif end == "password":
            set_password(store, "alice", PASSWORD)
        else:
            assert revoke_sessions(store, "alice") == (1, 0)
        replay = client(server)
        replay.cookies.set("encounters_session", cookie)
        assert replay.get("/api/incidents").status_code == 401, f"the cookie still works after {end}"
        assert replay.get("/api/session").json()["user"] is None


def test_api_tokens_read_or_edit_and_can_be_revoked(lite_site):
    store, server = lite_site
    inc_id = store.incident_rows()[0]["id"]
    reader_id, read_token = create_token(store, "alice", "read", "nightly export")
    _, edit_token = create_token(store, "alice", "edit")
    assert read_token not in str(store.tokens()) and all("token_hash" not in t for t in store.tokens())
    c = client(server)
    auth = {"Authorization": f"Bearer {read_token}"}
    assert c.get("/api/incidents", headers=auth).status_code == 200
    assert c.get("/openapi.json", headers=auth).status_code == 200
    body = {"action": "correct", "value": "2", "reason": "records", "version": store.incident_version(inc_id)}
    assert c.post(f"/api/incidents/{inc_id}/fields/injured", json=body, headers=auth).status_code == 403
    edit = c.post(f"/api/incidents/{inc_id}/fields/injured", json=body,
                  headers={"Authorization": f"Bearer {edit_token}"})  # no CSRF token: no cookie to ride on
    assert edit.status_code == 200 and edit.json()["incident"]["record"]["injured"] == 2
    store.revoke_tokens(token_id=reader_id)
    assert c.get("/api/incidents", headers=auth).status_code == 401
    assert c.get("/api/incidents", headers={"Authorization": "Bearer enc_made_up"}).status_code == 401
    with pytest.raises(Exception, match="can only read"):
        create_token(store, "vera", "edit")


def test_request_bodies_are_capped_before_they_are_read(lite_site):
    _, server = lite_site
    c = client(server)
    token = c.get("/api/session").json()["csrf_token"]
    big = b'{"username": "alice", "password": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    r = c.post("/api/session", content=big, headers={"X-CSRF-Token": token, "Content-Type": "application/json"})
    assert r.status_code == 413 and "limit" in r.json()["error"]

    def chunks():
        for _ in range(5):
            yield b"x" * (1024 * 1024)

    r = c.post("/api/session", content=chunks(), headers={"X-CSRF-Token": token, "Content-Type": "application/json"})
    assert r.status_code == 413


def test_a_form_post_without_a_version_is_refused(lite_site):
    store, server = lite_site
    inc_id = store.incident_rows()[0]["id"]
    c = client(server)
    page = c.get("/login").text
    csrf = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert c.post("/login", data={"username": "alice", "password": PASSWORD, "csrf_token": csrf}).status_code == 303
    csrf = c.get("/api/session").json()["csrf_token"]
    r = c.post(f"/incidents/{inc_id}/review", data={"field": "killed", "action": "correct", "value": "4",
                                                    "reason": "x", "csrf_token": csrf})
    assert r.status_code == 400 and "no incident version" in r.text
    assert store.history(inc_id) == []


def test_hostile_parameters_are_a_clean_4xx(site):
    store, server = site
    _, token = create_token(store, "alice", "edit")
    c = client(server)
    auth = {"Authorization": f"Bearer {token}"}
    inc_id = store.incident_rows()[0]["id"]
    for params in ({"page": "9" * 30}, {"page": str(10**12)}, {"q": "a" * 10_000}, {"q": "a\x00b"}, {"state": "\x00"},
                   {"agency": "x" * 5000}, {"per_page": "1e30"}):
        r = c.get("/api/incidents", params=params, headers=auth)
        assert 400 <= r.status_code < 500, (params, r.status_code, r.text[:200])
    assert c.get("/api/incidents/inc-%00", headers=auth).status_code == 400
    assert c.get("/documents/x%00y", headers=auth).status_code == 400
    for version in ("1e30", "NaN", "Infinity", "-1", "99999999999"):
        body = '{"action": "correct", "value": "1", "reason": "r", "version": ' + version + "}"
        r = c.post(f"/api/incidents/{inc_id}/fields/killed", content=body,
                   headers={**auth, "Content-Type": "application/json"})
        assert r.status_code == 422, (version, r.status_code, r.text[:200])
    r = c.post(f"/api/incidents/{inc_id}/fields/killed", headers=auth,
               json={"action": "correct", "value": "1", "reason": "nul \x00 here", "version": 1})
    assert r.status_code == 422
    # LIKE wildcards are literal: "%" is no agency and no incident id
    assert c.get("/api/incidents", params={"agency": "%"}, headers=auth).json()["total"] == 0
    assert c.get("/api/incidents", params={"agency": "_BP"}, headers=auth).json()["total"] == 0
    assert c.get("/api/incidents/%25", headers=auth).status_code == 404
    assert c.get("/api/incidents/inc-_", headers=auth).status_code == 404
    assert c.get("/api/incidents", params={"q": "100%"}, headers=auth).json()["total"] >= 0
    from encounters.store.queries import IncidentFilter

    assert store.list_incidents(IncidentFilter(q="a" * 100_000))[1] == 0  # the library bounds it too


def test_source_links_are_url_encoded_and_docs_are_private_and_offline(lite_site):
    store, server = lite_site
    c, r = login(server, "alice")
    doc_id = next(d["id"] for d in store.documents() if "odd id" in d["id"])
    (inc,) = [i for i in store.iter_incidents() if doc_id in i.documents]
    page = c.get(f"/incidents/{inc.id}").text
    assert "/documents/odd%20id%3F%23x%20100%25.txt?hl=" in page and f"/documents/{doc_id}" not in page
    assert c.get("/documents/odd%20id%3F%23x%20100%25.txt").status_code == 200
    anon = client(server)
    assert anon.get("/openapi.json").status_code == 401
    assert anon.get("/docs").status_code == 303
    docs = c.get("/docs")
    assert docs.status_code == 200 and "/api/incidents/{incident_id}/fields/{field}" in docs.text
    assert "script-src 'self'" in docs.headers["content-security-policy"]
    assert "<script" not in docs.text and "cdn" not in docs.text.lower()
    assert c.get("/redoc").status_code == 404
