"""The pages as people use them, in a real headless Chromium (Debian's, through playwright): an editor
corrects a person and reattributes a quote on the incident page and sees both in the history; the
reporting timeline of a multi-source incident; the list and an incident page at 390 px wide with no
horizontal scrolling; the map's legend, clusters and filters; the skip link; nothing loaded from
outside the site. Screenshots of each go to build/screenshots/."""
from __future__ import annotations

import pytest

from encounters.jobs import ingest_paths
from encounters.review.users import create_user
from encounters.store import open_store

from conftest import ROOT, SAMPLES
from test_browser import SHOTS, browser  # noqa: F401  (the browser fixture)
from test_web import PASSWORD

pytestmark = pytest.mark.browser
TIMELINE = ROOT / "tests" / "fixtures" / "timeline"


@pytest.fixture
def site(tmp_path, serve):
    url = f"sqlite:///{tmp_path / 'adopt.db'}"
    store = open_store(url)
    assert not ingest_paths(store, [str(SAMPLES), str(TIMELINE)]).errors
    create_user(store, "alice", PASSWORD, "editor")
    return store, serve(url, public=True)


@pytest.fixture
def open_page(browser, site):  # noqa: F811
    store, server = site
    contexts = []

    def make(width: int = 1400, height: int = 1000):
        context = browser.new_context(base_url=server.url, viewport={"width": width, "height": height})
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(15000)
        pg.outside = []  # every request that left the site: the app must work offline
        pg.on("request", lambda r: None if r.url.startswith((server.url, "data:", "blob:")) else pg.outside.append(r.url))
        return pg
    yield make
    for context in contexts:
        context.close()


def log_in(pg) -> None:
    pg.goto("/login")
    pg.fill("input[name=username]", "alice")
    pg.fill("input[name=password]", PASSWORD)
    pg.click("#login-form button[type=submit]")
    pg.wait_for_selector("#whoami")


def incident_of(store, city: str) -> str:
    return next(r["id"] for r in store.incident_rows() if r["city"] == city)


def no_horizontal_scroll(pg) -> None:
    width, client = pg.evaluate("[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]")
    assert width <= client, f"{pg.url}: {width} px wide in a {client} px window"


def test_correct_a_person_and_reattribute_a_quote_then_see_both_in_the_history(site, open_page):
    store, _ = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg = open_page()
    log_in(pg)
    pg.goto(f"/incidents/{incident_of(store, 'Franklin Park')}")
    row = pg.locator("#people-table tr[data-person='mateo ruiz']")
    row.locator("details.edit summary").click()
    row.locator("select[name=attribute]").select_option("age")
    row.locator("input[name=value]").fill("35")
    row.locator("input[name=reason]").fill("the criminal complaint gives his age as 35")
    row.locator("button[value=correct]").click()
    pg.wait_for_selector(".flash")
    row = pg.locator("#people-table tr[data-person='mateo ruiz']")
    assert row.locator("td[data-label=Age]").text_content().strip() == "35"
    assert "corrected to 35 by alice" in " ".join(row.text_content().split())

    quote = pg.locator("#side-witness blockquote", has_text="They fired as he was driving off")
    quote.locator("details.edit summary").click()
    quote.locator("input[name=speaker]").fill("Teresa Villalobos")
    quote.locator("select[name=side]").select_option("subject")
    quote.locator("input[name=reason]").fill("she spoke for the family at the vigil")
    quote.locator("button[value=reattribute]").click()
    pg.wait_for_selector(".flash")
    moved = pg.locator("#side-subject blockquote", has_text="They fired as he was driving off")
    assert "reattribute by alice" in moved.text_content()
    assert pg.locator("#side-witness blockquote", has_text="They fired as he was driving off").count() == 0
    history = pg.text_content("#history-table")
    assert "the criminal complaint gives his age as 35" in history and "she spoke for the family at the vigil" in history
    assert "person.age" in history and "reattribute" in history
    pg.locator("#history").scroll_into_view_if_needed()
    pg.screenshot(path=str(SHOTS / "review-person-and-quote.png"), full_page=True)
    assert pg.outside == []


def test_the_timeline_of_a_multi_source_incident(site, open_page):
    store, _ = site
    pg = open_page()
    pg.goto(f"/incidents/{incident_of(store, 'Yuma')}")
    reports = pg.locator("#timeline li.report")
    assert reports.count() == 5
    assert "first report" in reports.nth(0).text_content()
    assert "injured went up: 1 → 2" in reports.nth(1).text_content()
    assert "charge filed: Daniel Ortega" in reports.nth(1).text_content()
    contradiction = reports.nth(3).locator("li.k-contradiction", has_text="He never drove at anyone")
    assert contradiction.count() == 1 and "The driver accelerated toward the agent" in contradiction.text_content()
    assert "charge dropped: Daniel Ortega" in reports.nth(4).text_content()
    pg.locator("#reporting").scroll_into_view_if_needed()
    pg.locator("#timeline").screenshot(path=str(SHOTS / "timeline-of-an-incident.png"))
    assert pg.outside == []


def test_the_list_and_an_incident_at_390_px(site, open_page):
    store, _ = site
    pg = open_page(390, 844)
    pg.goto("/")
    no_horizontal_scroll(pg)
    first = pg.locator("#incident-table tbody tr").first
    assert first.locator("td[data-label=Date]").is_visible() and first.locator("td.c-id a").is_visible()
    pg.screenshot(path=str(SHOTS / "list-390.png"), full_page=True)
    pg.keyboard.press("Tab")  # the first stop is the skip link, shown when focused
    skip = pg.locator("a.skip")
    assert skip.evaluate("e => e === document.activeElement") and skip.bounding_box()["x"] >= 0
    pg.keyboard.press("Enter")
    assert pg.evaluate("document.activeElement.id") == "main"
    log_in(pg)
    for city in ("Franklin Park", "Yuma"):
        pg.goto(f"/incidents/{incident_of(store, city)}")
        no_horizontal_scroll(pg)
        for details in pg.locator("details").all():  # opened, the folded parts and forms still fit
            details.evaluate("d => d.open = true")
        no_horizontal_scroll(pg)
    pg.screenshot(path=str(SHOTS / "incident-390.png"), full_page=True)
    pg.goto("/map")
    pg.wait_for_selector("#map[data-loaded]")
    no_horizontal_scroll(pg)
    assert pg.outside == []


def test_the_map_has_a_legend_clusters_places_and_takes_the_lists_filters(site, open_page):
    store, server = site
    pg = open_page()
    pg.goto("/map")
    pg.wait_for_selector("#map[data-loaded]")
    legend = pg.locator("#map-legend")
    assert legend.is_visible() and all(w in legend.text_content() for w in ("killed", "injured", "unharmed"))
    located = store.count_map_points()
    assert int(pg.get_attribute("#map", "data-loaded")) == located
    # the two Minneapolis incidents share a place: one circle with their number
    assert int(pg.get_attribute("#map", "data-clusters")) >= 1
    assert int(pg.get_attribute("#map", "data-places")) < located
    assert pg.locator(".cluster-label", has_text="2").count() >= 1
    pg.screenshot(path=str(SHOTS / "map-legend.png"), full_page=True)
    # the list's filters, on the map: immigration agents using force
    pg.select_option("#filters select[name=preset]", "immigration")
    pg.select_option("#filters select[name=law_enforcement]", "by_officer")
    pg.click("#filters button[type=submit]")
    pg.wait_for_url("**preset=immigration**")
    pg.wait_for_selector("#map[data-loaded]")
    from encounters.store.queries import IncidentFilter

    wanted = store.count_map_points(IncidentFilter(preset="immigration", law_enforcement="by_officer"))
    assert 0 < wanted < located
    assert int(pg.get_attribute("#map", "data-loaded")) == wanted == int(pg.text_content("#points"))
    pg.screenshot(path=str(SHOTS / "map-filtered.png"), full_page=True)
    pg.click("text=as a list")
    pg.wait_for_selector("#incident-table")
    assert int(pg.text_content("#total")) == len(store.incident_rows(
        flt=IncidentFilter(preset="immigration", law_enforcement="by_officer")))
    assert pg.outside == []
