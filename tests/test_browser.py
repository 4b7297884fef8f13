"""The web app in a real headless Chromium (Debian's, driven by playwright): list, filter, open an
incident, accounts side by side, log in, correct a field with a reason, see it in the history;
escaped hostile text; screenshots of the list, the map and an incident page."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from encounters.jobs import ingest_paths
from encounters.review.users import create_user
from encounters.store import open_store

from conftest import ROOT, SAMPLES
from test_web import HOSTILE, PASSWORD

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("ENCOUNTERS_SCREENSHOTS", ROOT / "build" / "screenshots"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is required in CI (make test installs it)")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path, serve):
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'web.db'}"
    store = open_store(url)
    assert not ingest_paths(store, [str(SAMPLES), str(tmp_path / "hostile.txt")]).errors
    create_user(store, "alice", PASSWORD, "editor")
    server = serve(url, public=True)
    context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def test_reviewer_journey(page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto("/")
    total = int(page.text_content("#total"))
    assert total >= 8
    page.screenshot(path=str(SHOTS / "list.png"), full_page=True)

    page.select_option("select[name=state]", "IL")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**state=IL**")
    assert int(page.text_content("#total")) == 1
    assert "Franklin Park" in page.text_content("#incident-table tbody")

    page.click("a.incident-link")
    page.wait_for_selector("#incident-title")
    official = page.text_content("#side-official")
    subject = page.text_content("#side-subject")
    assert "attempted to run officers over" in official
    assert "shot" in subject.lower() and subject.strip() != official.strip()
    boxes = [page.locator(f"#side-{s}").bounding_box() for s in ("official", "subject", "witness")]
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]  # side by side, in that order
    assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2
    page.screenshot(path=str(SHOTS / "incident.png"), full_page=True)
    incident_url = page.url
    assert page.locator(".review-form").count() == 0  # no edit forms before logging in

    page.click("#login-link")
    page.fill("input[name=username]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("#whoami")
    page.goto(incident_url)
    row = page.locator("#field-injured")
    row.locator("select[name=action]").select_option("correct")
    row.locator("input[name=value]").fill("2")
    row.locator("input[name=reason]").fill("hospital spokesperson confirmed two people were treated")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".flash")
    assert page.text_content("#field-injured .shown strong").strip() == "2"
    history = page.text_content("#history-table")
    assert "alice" in history and "hospital spokesperson confirmed two people were treated" in history
    assert page.text_content("#review-status").strip() == "reviewed"

    page.goto("/map")
    page.wait_for_selector("#map[data-loaded]")
    assert int(page.get_attribute("#map", "data-loaded")) >= 7
    assert page.locator(".leaflet-interactive").count() >= 7
    page.screenshot(path=str(SHOTS / "map.png"), full_page=True)

    page.goto("/timeline")
    assert page.locator("#timeline-chart rect").count() >= 3
    page.screenshot(path=str(SHOTS / "timeline.png"), full_page=True)
    assert page.dialogs == []


def test_hostile_text_never_runs(page):
    page.goto("/?q=tucson")
    page.click("a.incident-link")
    page.wait_for_selector("#incident-title")
    link = page.locator("#sources a").first
    link.click()
    page.wait_for_selector("#stored-text")
    assert "<script>" in page.text_content("#stored-text")  # shown as text
    assert page.locator("#stored-text script, #stored-text img").count() == 0
    assert page.title() != "owned" and page.dialogs == []


def test_accuracy_report_file_and_page(browser, tmp_path, serve):
    from encounters.publish.accuracy import evaluate_store
    from encounters.publish.accuracy_views import html_report

    from handmade import EXPECTED, EXPECTED_ROWS, GOLD_CSV, build_store

    url = f"sqlite:///{tmp_path / 'hand.db'}"
    store = build_store(url)
    gold = tmp_path / "gold.csv"
    gold.write_text(GOLD_CSV, encoding="utf-8")
    report = evaluate_store(store, gold, author="alice")
    # the standalone file works offline and without scripts: nothing is fetched but the page itself
    path = tmp_path / "accuracy.html"
    path.write_text(html_report(report), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1200, "height": 900})
    requests = []
    tab = context.new_page()
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(path.as_uri())
    bar = tab.locator("#field-chart rect.bar").first.bounding_box()
    assert bar and bar["width"] > 100  # the date bar: 3 of 4 right
    assert tab.locator("#rows tbody tr").count() == len(EXPECTED_ROWS)
    context.close()
    assert requests == [path.as_uri()]
    # the web app's Accuracy page, under its Content-Security-Policy
    server = serve(url, public=True)
    context = browser.new_context(base_url=server.url, viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    pg.on("response", lambda r: errors.append(r.url) if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    pg.goto("/")
    pg.click("text=Accuracy")
    assert pg.locator("#field-chart rect.bar").count() == len(EXPECTED["fields"])
    pg.click("#worst >> text=inc-sandiego")
    assert pg.url.endswith("/incidents/inc-sandiego")
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.goto("/accuracy")
    pg.screenshot(path=str(SHOTS / "accuracy.png"), full_page=True)
    context.close()
    assert errors == []
