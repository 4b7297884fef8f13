"""Zero-width characters a scraped page leaves between words: the stored text keeps them where a quote
would carry them (the source's words, character for character), extraction reads the text without
them, and every span it yields points into the stored text. Articles written for the project."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest

from encounters.core.model import Document, Span
from encounters.extract import RuleExtractor
from encounters.extract.squeeze import move_spans, squeeze
from encounters.ingest.clean import clean_text

ZWSP, BOM = "\u200b", "\ufeff"

CLEANED = [
    # (raw, stored)
    (f"officers stopped {BOM}Ramos Vega at a gas station", f"officers stopped {BOM}Ramos Vega at a gas station"),
    (f"the Minne{ZWSP}apolis field office", "the Minneapolis field office"),   # inside a word: one word
    (f"First line.\n{BOM}\nSecond line.", "First line.\n\nSecond line."),     # a line of nothing
    (f"  {ZWSP} A line that starts with one.{BOM} ", "A line that starts with one."),
    (f"Photo: WKRN {ZWSP}A spokesperson said", f"Photo: WKRN {ZWSP}A spokesperson said"),
]


@pytest.mark.parametrize("raw, stored", CLEANED)
def test_the_stored_text_keeps_zero_width_characters_only_between_words(raw, stored):
    assert clean_text(raw) == stored


ARTICLE = ("Federal immigration agents shot a man during a traffic stop in Tucson, Ariz., on Thursday morning.\n\n"
           "According to ICE, two officers pulled {c}Ramos Vega over, but he tried to drive away and struck an "
           "agent's vehicle. Photo by KVOA {c}A spokesperson for the Department of Homeland Security said "
           "the driver \u201cused his car as a weapon.\u201d\n\n"
           "The driver, {c}Ramos Vega, 34, was taken to a hospital with a gunshot wound to the arm, police said.")


def extract(text: str):
    doc = Document(id="tucson", text=text, published=date(2025, 11, 14))
    ((_, mentions),) = list(RuleExtractor().extract([doc]))
    return doc, mentions


def strip_spans(obj):
    if isinstance(obj, dict):
        return {k: strip_spans(v) for k, v in obj.items() if k not in ("span", "spans", "speaker_span")}
    if isinstance(obj, (list, tuple)):
        return [strip_spans(v) for v in obj]
    return obj


@pytest.mark.parametrize("mark", [BOM, ZWSP])
def test_extraction_reads_past_zero_width_characters_and_quotes_them_as_stored(mark):
    _, plain = extract(ARTICLE.format(c=""))
    doc, mentions = extract(ARTICLE.format(c=mark))
    assert mentions and len(mentions) == len(plain)
    said = [a for m in mentions for a in (*m.accounts, *m.claims)]
    assert any(mark + "Ramos Vega" in a.quote for a in said)  # the source's words, as stored
    for a in said:
        assert a.span.slice(doc.text) == a.quote
    # the same record as the text without them, quotes aside
    quotes = lambda ms: [{**strip_spans(asdict(m)), "accounts": None, "claims": None} for m in ms]  # noqa: E731
    assert quotes(mentions) == quotes(plain)
    names = [p.name for m in mentions for p in m.people if p.name]
    assert names and all(n.spans[0].slice(doc.text) == n.value for n in names)


def test_a_squeezed_offset_maps_back_to_the_character_it_was():
    text = f"ab{ZWSP}cd {BOM}{BOM}ef"
    squeezed = squeeze(text)
    assert squeezed.text == "abcd ef"
    for i, ch in enumerate(squeezed.text):
        assert text[squeezed.stored(i)] == ch
    assert move_spans(Span(0, 4), squeezed) == Span(0, 5)       # "ab\u200bcd": the cut inside stays inside
    assert move_spans(Span(5, 7), squeezed) == Span(8, 10)      # "ef": none added at its start
    assert move_spans({"value": "ef", "span": [5, 7]}, squeezed)["span"] == [8, 10]
    assert squeeze("no marks here") is None
