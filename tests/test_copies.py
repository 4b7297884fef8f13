"""Copies of one article (archived snapshots, syndicated wire stories) are linked to their original
and counted once, on SQLite and PostgreSQL; different reports of one shooting are not copies."""
from __future__ import annotations

import json

import pytest

from encounters.ingest import copies
from encounters.jobs import ingest_paths
from encounters.store import open_store

STORY = [
    "ONTARIO, Calif. — A federal immigration agent fired at a pickup truck in an Ontario shopping center parking lot "
    "on Thursday morning after the driver reversed toward agents, the Department of Homeland Security said.",
    "Nobody was struck by the gunfire, according to the department, and the driver, Rafael Ortega Lim, 41, was "
    "taken into custody a few blocks away.",
    "Witnesses described hearing two shots before agents in tactical vests surrounded the truck near a hardware store.",
    "\"He was trying to get away from them, not hit them,\" said Marisol Vega, who was loading groceries nearby.",
    "A spokesperson for Immigration and Customs Enforcement said the agent feared for his life and the incident "
    "would be reviewed by the agency's Office of Professional Responsibility.",
    "Ortega Lim's attorney, Daniel Reyes, said his client had lived in Ontario for twenty years and had no criminal "
    "record, and that the family was asking for any video of the encounter to be released.",
    "The city's police department said it was not involved in the operation but sent officers to control traffic.",
]
NAVIGATION = ["Skip to content", "Home | Local | Sports | Weather | Subscribe", "Sign in to your account"]
FOOTER = ["© 2025 Inland Daily. All rights reserved.", "Privacy policy · Terms of use · Contact us"]
WAYBACK = ["The Wayback Machine - archived page captured 2025-11-02", "Saved 3 times between October and November"]
OTHER_REPORT = [
    "Federal agents shot at a man in a truck in Ontario, California, on Thursday, officials confirmed, the latest "
    "in a series of shootings during immigration operations in Southern California.",
    "Homeland Security officials said the driver backed up toward officers, prompting one to fire; a lawyer for "
    "the man disputed that account and said he was trying to leave a crowded lot.",
    "No injuries were reported. The man, identified by his family as Rafael Ortega Lim, was held at a federal "
    "facility in Adelanto.",
    "The shooting follows two others in Los Angeles County in October, according to a tally kept by advocates.",
]


def write(folder, name: str, lines: list[str], published: str, title: str) -> None:
    (folder / name).write_text(f"Title: {title}\nPublished: {published}\n\n" + "\n\n".join(lines) + "\n",
                               encoding="utf-8")


CASES = [
    # (what, the second document's lines, is it a copy of the first?)
    ("archived snapshot with the site's navigation and the archive's banner",
     WAYBACK + NAVIGATION + STORY + FOOTER, True),
    ("syndicated copy with one sentence edited and the last one cut",
     STORY[:3] + [STORY[3].replace("loading groceries", "shopping")] + STORY[4:-1], True),
    ("another outlet's report of the same shooting", OTHER_REPORT, False),
]


@pytest.mark.parametrize("what, lines, copy", CASES, ids=[c[0] for c in CASES])
def test_overlap_tells_copies_from_other_reports(what, lines, copy):
    a = copies.shingles("\n\n".join(NAVIGATION + STORY + FOOTER))
    b = copies.shingles("\n\n".join(lines))
    assert copies.is_copy(a, b) is copy, (what, copies.overlap(a, b))
    if copy:  # a copy is found through the LSH index, not only when compared directly
        assert set(copies.band_keys(a)) & set(copies.band_keys(b))


def test_short_texts_are_never_copies():
    a = copies.shingles("Page not found. The page you requested could not be found on this server.")
    assert copies.band_keys(a) == [] and not copies.is_copy(a, a)


@pytest.mark.parametrize("order", ["original first", "copy first"])
def test_copies_are_linked_to_the_earliest_and_counted_once(db_url, tmp_path, order):
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, "inland-daily.txt", NAVIGATION + STORY + FOOTER, "2025-10-30", "Agent fires at driver in Ontario")
    write(folder, "inland-daily-wayback.txt", WAYBACK + NAVIGATION + STORY + FOOTER, "2025-11-02",
          "Agent fires at driver in Ontario")
    write(folder, "wire-syndicated.txt", STORY[:3] + STORY[4:-1], "2025-10-31", "Agent fires at driver in Ontario")
    write(folder, "valley-news.txt", OTHER_REPORT, "2025-10-31", "Federal agents fire at man in Ontario")
    store = open_store(db_url)
    names = ["inland-daily-wayback.txt", "wire-syndicated.txt", "valley-news.txt", "inland-daily.txt"]
    if order == "copy first":
        for name in names:  # one run per file: each later file meets the earlier ones in the database
            ingest_paths(store, [str(folder / name)])
    else:
        ingest_paths(store, [str(folder / n) for n in reversed(names)])
    docs = {d["id"]: d for d in store.documents()}
    assert docs["inland-daily.txt"]["copy_of"] is None
    assert docs["inland-daily-wayback.txt"]["copy_of"] == "inland-daily.txt"
    assert docs["wire-syndicated.txt"]["copy_of"] == "inland-daily.txt"
    assert docs["valley-news.txt"]["copy_of"] is None
    (row,) = store.incident_rows()
    assert row["sources"] == 2  # inland-daily with its two copies, and valley-news
    inc = store.incident(row["id"])
    assert len(inc.documents) == 4 and inc.independent_sources == 2
    from encounters.publish.export import incident_record

    record = incident_record(inc)
    assert record["independent_sources"] == 2
    assert {s["document"]: s["copy_of"] for s in record["sources"]}["inland-daily-wayback.txt"] == "inland-daily.txt"
    json.dumps(record)


def test_a_changed_document_is_judged_again(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, "a.txt", STORY, "2025-10-30", "Agent fires at driver in Ontario")
    write(folder, "b.txt", WAYBACK + STORY, "2025-11-02", "Agent fires at driver in Ontario")
    store = open_store(f"sqlite:///{tmp_path / 'copies.db'}")
    ingest_paths(store, [str(folder)])
    assert {d["id"]: d["copy_of"] for d in store.documents()} == {"a.txt": None, "b.txt": "a.txt"}
    write(folder, "b.txt", OTHER_REPORT, "2025-11-02", "Federal agents fire at man in Ontario")
    ingest_paths(store, [str(folder)])
    assert {d["id"]: d["copy_of"] for d in store.documents()} == {"a.txt": None, "b.txt": None}
    (row,) = store.incident_rows()
    assert row["sources"] == 2


def test_a_copy_is_found_among_many_reports_that_share_a_template(tmp_path):
    """Many stories written from one template (a wire service's boilerplate, a newsroom's standard
    paragraphs) share some near-duplicate keys; only the few that share the most are compared with a
    new document, and a real copy shares nearly all of them, so it is still found."""
    from encounters.store.repository import MAX_COPY_CANDIDATES

    names = ["Rafael Ortega Lim", "Tomas Vidal Rey", "Hector Luna Paz", "Elias Mora Gil", "Omar Sosa Rius"]
    towns = ["Ontario", "Fontana", "Rialto", "Colton", "Upland", "Chino", "Pomona"]
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(MAX_COPY_CANDIDATES + 6):
        name, town = names[k % len(names)], towns[k % len(towns)]
        lines = [f"{town.upper()}, Calif. — Report {k} of the series: agents fired {k + 2} shots at a van in {town} on "
                 f"day {k} of the operation, and the driver, {name}, {20 + k}, was detained, officials said.",
                 f"Witness number {k} in {town} said the van had stopped near store {k * 7} before agents fired.",
                 f"{name}'s lawyer said case {k * 13} would be filed in {town} court within {k + 3} days."] + STORY[4:]
        write(folder, f"template-{k:02d}.txt", lines, "2025-10-30", f"Shots fired in {town} ({k})")
    store = open_store(f"sqlite:///{tmp_path / 't.db'}")
    ingest_paths(store, [str(folder)])
    copy = tmp_path / "copy"
    copy.mkdir()
    write(copy, "wayback-of-template-03.txt", WAYBACK + (folder / "template-03.txt").read_text().split("\n\n")[1:],
          "2025-11-02", "Shots fired (archived)")
    ingest_paths(store, [str(copy)])
    linked = {d["id"]: d["copy_of"] for d in store.documents()}
    assert linked["wayback-of-template-03.txt"] == "template-03.txt"
    assert not any(v for k, v in linked.items() if k.startswith("template-"))
