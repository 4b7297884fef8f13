"""Ingest: readers, cleaning, flags, and bad input that never stops a batch."""
from __future__ import annotations

import json
from datetime import date

from encounters.core.errors import BinaryInputError, EmptyInputError, InputError, MalformedRecordError, TooLargeError
from encounters.core.model import Document
from encounters.ingest import read_paths
from encounters.jobs import ingest_paths
from encounters.store import open_store

from conftest import SAMPLES


def loaded(paths):
    items = list(read_paths([str(p) for p in paths]))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, InputError)]


def test_text_header_is_metadata_and_offsets_point_into_body():
    docs, errors = loaded([SAMPLES / "san-ysidro-border-patrol.txt"])
    assert not errors
    (doc,) = docs
    assert doc.id == "san-ysidro-border-patrol.txt"
    assert doc.title.startswith("Border Patrol agent shoots at vehicle")
    assert doc.published == date(2025, 11, 17)
    assert doc.outlet == "Border Desk"
    assert doc.url.endswith("san-ysidro-agent-shooting")
    assert doc.text.startswith("SAN DIEGO — A U.S. Border Patrol agent")
    assert "Title:" not in doc.text


def test_html_main_text_metadata_and_no_markup():
    docs, errors = loaded([SAMPLES / "franklin-park-family-lawyer.html"])
    assert not errors
    (doc,) = docs
    assert doc.title.startswith("Lawyer says man shot by ICE")
    assert doc.published == date(2025, 11, 2)
    assert doc.byline == "Dana Whitfield"
    assert "do-not-keep" not in doc.text and "<" not in doc.text
    assert "Please follow and like us" not in doc.text
    assert "shot from behind while leaving" in doc.text


def test_jsonl_records_and_flags():
    docs, errors = loaded([SAMPLES / "wire-briefs.jsonl"])
    assert not errors
    assert [d.id for d in docs] == ["wire-minneapolis-traffic-stop", "wire-hockey-shootout"]
    assert docs[0].outlet == "Metro Wire" and docs[0].published == date(2025, 9, 14)
    flagged, _ = loaded([SAMPLES / "sponsored-border-security-roundup.txt", SAMPLES / "opinion-accountability.txt"])
    assert [(d.sponsored, d.opinion) for d in flagged] == [(True, False), (False, True)]
    plain, _ = loaded([SAMPLES / "san-ysidro-border-patrol.txt"])
    assert (plain[0].sponsored, plain[0].opinion) == (False, False)


def test_folders_are_read_recursively_with_relative_ids(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "story.txt").write_text("Title: x\n\nA man was shot Friday in Tulsa, Okla., police said.")
    docs, errors = loaded([tmp_path])
    assert [d.id for d in docs] == ["a/b/story.txt"] and not errors


def test_boilerplate_and_entities_are_cleaned(tmp_path):
    f = tmp_path / "page.txt"
    f.write_text("A man was shot Friday, police said.\nShare this:\nPlease follow and like us:\n"
                 "Tweet\nThe agency&#x27;s statement came later &amp; was brief.\n")
    (doc,), _ = loaded([f])
    assert doc.text == "A man was shot Friday, police said.\nThe agency's statement came later & was brief."


def test_navigation_runs_are_judged_on_words_whatever_the_shortcuts():
    from encounters.ingest.clean import _CAPITAL_WORD, _FUNCTION_WORDS, _WORD, clean_text, is_navigation_run

    def by_the_rule(chunk):  # the rule as written, with no shortcut
        words = _WORD.findall(chunk)
        if len(words) < 12 or len(_CAPITAL_WORD.findall(chunk)) <= 0.7 * len(words):
            return False
        return sum(1 for w in words if w.lower() in _FUNCTION_WORDS) / len(words) < 0.12

    menu = "Home News Sports Weather Opinion Obituaries Classifieds Jobs Autos Homes Contact Subscribe"
    cases = [menu, menu.replace(" ", " | "), menu.lower(), "Über Élan Ödön " * 5, "'Home 'News 'Sports " * 5,
             "Home News Sports Weather Opinion Jobs Autos Homes \ud800 Contact Subscribe Log Classifieds",
             " ".join(["A"] * 8 + ["b"] * 4), " ".join(["A"] * 9 + ["b"] * 3), "The agent said the car was his."]
    assert [is_navigation_run(c) for c in cases] == [by_the_rule(c) for c in cases]
    assert is_navigation_run(menu) and not is_navigation_run("Agents fired at a car in Dallas, Texas, on Monday.")
    assert clean_text("Two  spaces\tand a tab.\n" + menu + "\nThe end.") == "Two spaces and a tab.\nThe end."


def test_a_sponsored_label_is_found_however_its_letters_are_written():
    import re
    import sys

    from encounters.ingest.clean import _FOLDS_TO_ASCII, _SPONSORED, detect_sponsored

    letters = "".join(chr(i) for i in range(0x80, sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    assert sorted(re.findall("(?i)[a-z]", letters)) == sorted(_FOLDS_TO_ASCII), "the letters re.I reads as ASCII"
    for label in ["Sponsored content", "SPONSORED BY ACME", "\u017fponsored", "Paid for by the committee", "BrandStudio",
                  "This story was brought to you by Acme", "This article is produced in partnership with Acme",
                  "Pa\u0131d for by", "PARTNER CONTENT", "promoted content", "Advertorial"]:
        assert _SPONSORED.search(label), label
        assert detect_sponsored(label, "Body text.\nMore.") and detect_sponsored(None, "Top\n" + label + "\nBody.")
        assert detect_sponsored(None, "Body.\n" * 5 + label)
    assert not detect_sponsored("The bakery opens a second store", "Sales rose 40 percent.\nThe end.")


def test_bad_input_gives_clear_errors_and_the_rest_lands(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Title: Good\nPublished: 2025-10-31\n\nA Border Patrol agent shot a man Thursday in Yuma, Ariz.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "latin1.txt").write_bytes("El agente disparó en Zúñiga".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # 50 MB, sparse: never read whole
        f.seek(50 * 1024 * 1024 - 1)
        f.write(b"\n")
    lines = [json.dumps({"id": "ok-1", "text": "Agents fired at a car in Dallas, Texas, on Monday, police said."}),
             "{not json", json.dumps({"id": "no-text"}), json.dumps(["a", "list"])]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    docs, errors = loaded([tmp_path])
    assert sorted(d.id for d in docs) == ["good.txt", "ok-1"]
    kinds = {type(e).__name__ for e in errors}
    assert {"EmptyInputError", "BinaryInputError", "TooLargeError", "MalformedRecordError",
            "UnsupportedInputError", "InputError"} <= kinds
    messages = "\n".join(str(e) for e in errors)
    assert "latin1.txt: not valid utf-8" in messages
    assert "huge.txt: file is 52.4 MB, over the 10 MB limit" in messages
    assert "batch.jsonl:2: not valid JSON" in messages
    assert "batch.jsonl:3: record has no 'text'" in messages
    assert isinstance(next(e for e in errors if "image.txt" in str(e)), BinaryInputError)
    assert any(isinstance(e, EmptyInputError) for e in errors)
    assert any(isinstance(e, TooLargeError) for e in errors)
    assert any(isinstance(e, MalformedRecordError) for e in errors)


def test_bad_files_in_a_batch_lose_nothing_stored(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    first = ingest_paths(store, [str(SAMPLES / "san-ysidro-border-patrol.txt")])
    assert first.new == 1 and not first.errors
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage")
    second = ingest_paths(store, [str(bad), str(SAMPLES / "portland-pepper-balls.txt")])
    assert second.new == 1 and len(second.errors) == 1
    assert store.counts()["documents"] == 2


def test_reingesting_same_content_changes_nothing(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest_paths(store, [str(SAMPLES)])
    before = store.incident_rows()
    again = ingest_paths(store, [str(SAMPLES)])
    assert again.new == 0 and again.updated == 0 and again.unchanged == 8
    after = store.incident_rows()
    assert [(r["id"], r["version"]) for r in before] == [(r["id"], r["version"]) for r in after]


def test_changed_document_is_re_extracted(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Title: t\nPublished: 2025-10-31\n\nAn ICE officer shot a man Thursday in Yuma, Ariz., officials said.\n")
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    ingest_paths(store, [str(f)])
    f.write_text("Title: t\nPublished: 2025-10-31\n\nAn ICE officer shot a man Thursday in Tucson, Ariz., officials said.\n")
    report = ingest_paths(store, [str(f)])
    assert report.updated == 1
    (row,) = store.incident_rows()
    assert row["city"] == "Tucson"


def test_same_file_name_in_two_folders_never_overwrites(tmp_path):
    articles = tmp_path / "articles"
    for folder, city in (("a", "Yuma"), ("b", "Tucson")):
        (articles / folder).mkdir(parents=True)
        (articles / folder / "article.txt").write_text(
            f"Title: t\nPublished: 2025-10-31\n\nAn ICE officer shot a man Thursday in {city}, Ariz., officials said.\n")
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    report = ingest_paths(store, [str(articles / "a" / "article.txt"), str(articles / "b" / "article.txt")])
    assert report.new == 1 and report.updated == 0
    (error,) = report.errors
    assert "id 'article.txt' already holds a different article" in error and "ingest the parent folder" in error
    assert [r["city"] for r in store.incident_rows()] == ["Yuma"]
    # through the folder the ids keep their folder, so both land
    report = ingest_paths(store, [str(articles)])
    assert report.new == 2 and not report.errors


def test_documents_reporting_nothing_are_stored_together_and_one_by_one_when_refused(db_url):
    """New documents with no mention are stored a batch's run at a time. When the database refuses the
    run (here another writer stored one of its ids first), each is stored again on its own: nothing
    of the run is lost, and the other writer's version is replaced as a re-read would."""
    from encounters.extract import RuleExtractor
    from encounters.jobs import ingest_documents

    store = open_store(db_url)
    docs = [Document(id=f"council-{k}", text=f"The council met on Tuesday and approved budget item {k}.")
            for k in range(5)]

    class RacingExtractor(RuleExtractor):
        def extract(self, documents):
            batch = list(documents)
            open_store(db_url).save_document(Document(id="council-2", text="An older version."), [], extractor="other")
            yield from super().extract(batch)

    report = ingest_documents(store, docs, extractor=RacingExtractor())
    assert report.errors == [] and report.new == 5
    assert {d["id"] for d in store.documents()} == {d.id for d in docs}
    assert store.document("council-2").text == docs[2].text
    again = ingest_documents(store, docs)
    assert again.unchanged == 5 and again.new == 0
