"""Headline-only reports: a page whose article did not come through (a paywall notice, a sign-in form,
a video player's playlist) while its headline tells the incident ("Juvenile shot in arm in Duquesne").

In: documents whose stored text gave no incident, each with its title. Out: for each one whose body is
thin (``THIN_BODY``) and whose headline, read as a one-sentence article by the same rules as any text,
reports exactly one incident and names its town or county, that incident's ``Mention`` — else nothing.
The headline is not the stored text, so no value can point at a span of it: every value of such a mention is inferred (no span), its
rule the one that read it with ``headline_report`` added, and a reader sees that the record rests on a
headline. The mention is primary (the page is about the incident), but with no text to ground it a
stated count, name or date of another report always outweighs it; a town named alone keeps the
gazetteer's state only where no namesake elsewhere comes near it in size (``sure_guess``); and resolution
treats its date as the week before publication (``week_before_publication``) unless the headline names a day.
"""
from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Callable, Iterable

from encounters.core.model import Document, Mention, Person, Span, Value
from encounters.extract.nlp import Analysis
from encounters.extract.locate import R_GUESSED_STATE
from encounters.extract.places import load_cities, norm_key, stop_words
from encounters.extract.prefilter import relevant
from encounters.extract.rules import declare, parts

SURE_GUESS = 10
THIN_BODY = 1_200  # characters: a body shorter than this that tells no incident did not come through
MAX_TITLE = 300  # a longer "title" is not a headline
# what a rule concludes from what the text does not say ("no death reported: 0 killed"): a headline
# leaves nearly everything unsaid, so from a headline these are no evidence and are left open
ABSENCE_RULES = frozenset({"no_death_reported", "no_injury_reported", "no_officer_shooting", "no_vehicle_mentioned"})
HEADLINE_WORDS = frozenset(
    "shot shoots shooting shootings killed kills dies died dead death deadly fatal fatally wounded wounds injured "
    "injures hurt slain stabbed gunfire gunshot gunman gun guns man men woman women teen teenager boy girl child "
    "toddler baby officer officers deputy deputies police trooper agent agents suspect suspects victim victims "
    "identified charged arrested accidentally accidental critical condition found home house car near after "
    "during outside inside overnight morning night afternoon evening drive-by standoff investigating "
    "investigation say says said update apartment apartments bar club nightclub store restaurant school hospital "
    "motel hotel party parking lot complex gas station".split())
# headline grammar drops the auxiliary ("Man shot in Spokane"): put it back, so the rules read it as a text
PASSIVE = re.compile(r"\b(man|woman|teen|teenager|boy|girl|child|toddler|baby|student|driver|person|officer|deputy|"
                     r"trooper|agent|suspect|victim|resident|\d+|men|women|teens|people|officers|deputies|agents)"
                     r"(\s+(?:\w+ly\s+)?)(shot|wounded|killed|injured|stabbed)\b", re.I)
TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014-]\s+")  # "Story - Outlet, City" / "Story | Section | Outlet"
TREND = re.compile(r"\b(?:shootings|homicides|killings|murders|deaths|violence|crime|rate|rates|toll|statistics|"
                   r"percent|year|years|month|weekend)\b|\?|%", re.I)

R_HEADLINE = declare("headline_report", "incident",
                     "a page whose body tells nothing (paywall, sign-in, playlist) reports what its headline "
                     "tells; every value is inferred, since the headline is not the stored text",
                     "'Juvenile shot in arm in Duquesne' over a sign-in form", "inference", __name__)


def wants_headline(doc: Document) -> bool:
    """A page whose headline may stand for its body: a thin body, a headline with force words that tells
    one event (not a trend, a tally or a question: "Chicago shootings up 20%"), a report (not opinion)."""
    return wanted_text(doc) is not None


def wanted_text(doc: Document) -> str | None:
    """The headline as a sentence (``headline_text``) of a page that ``wants_headline``, else None."""
    title = (doc.title or "").strip()
    if not title or len(title) > MAX_TITLE or len(doc.text) >= THIN_BODY or doc.opinion or TREND.search(title):
        return None
    text = headline_text(title)
    return text if relevant(text) else None


def sentence_case(title: str) -> str:
    """A title-cased headline ("Teenager Shot In Duquesne") with its common words in lower case, as a
    sentence is written, so the rules and the tagger read it as they read a text ("Teenager shot in
    Duquesne"); names and places keep their capitals, and a headline in sentence case is left as it is."""
    words = title.split()
    capitalised = [w for w in words if w[:1].isupper()]
    if len(words) < 3 or len(capitalised) < 0.7 * len(words):
        return title
    common = common_words()
    out = [words[0]] + [w.lower() if w.strip(",.:;!'\"").lower() in common else w for w in words[1:]]
    return " ".join(out)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """spaCy's English stop words and the words headlines tell force with (shot, dies, wounded, …)."""
    return stop_words() | HEADLINE_WORDS


def headline_document(doc: Document, text: str) -> Document:
    """The headline ``text`` as a one-sentence document of its own (same id and day, so dates resolve alike)."""
    return dataclasses.replace(doc, text=text, title=None, content_hash="", notes=[])


def headline_text(title: str) -> str:
    """The headline written as a sentence: the part of the title that tells force (not the outlet's name
    after " - " or " | ", whose town is not the story's), in sentence case, with the auxiliary its grammar
    drops put back."""
    parts_ = [p for p in TITLE_PARTS.split(" ".join(title.split())) if p.strip()]
    told = next((p for p in parts_ if relevant(restore_auxiliary(p))), parts_[0] if parts_ else "")
    return restore_auxiliary(sentence_case(told), count=1)


def restore_auxiliary(text: str, count: int = 0) -> str:
    """"Man shot in Spokane" → "Man was shot in Spokane" (``count``: how many to restore, 0 for all)."""
    return PASSIVE.sub(r"\1 was\2\3", text, count=count)


def strip_value(v: Value) -> Value:
    """The value with no span (it was read from the headline, not the text) and its rule marked so."""
    return Value(v.value, (), f"{v.rule}+{R_HEADLINE}" if v.rule else R_HEADLINE,
                 tuple({**c, "span": None} for c in v.passed_over))


def strip_person(p: Person) -> Person:
    changes = {f.name: strip_value(getattr(p, f.name)) for f in dataclasses.fields(p)
               if isinstance(getattr(p, f.name), Value)}
    return dataclasses.replace(p, **changes)


def sure_guess(city: str) -> bool:
    """Whether the gazetteer's state for a town named alone is safe in a headline, with no text around it
    to tell which: the town of that name is at least ``SURE_GUESS`` times the next largest namesake
    (Memphis, St. Louis; not Caledonia, WI over Caledonia, NY, nor Columbia)."""
    sizes = sorted((c.population for c in load_cities().get(norm_key(city), [])), reverse=True)
    return bool(sizes) and (len(sizes) == 1 or sizes[0] >= SURE_GUESS * max(sizes[1], 1))


def headline_mention(doc: Document, mentions: list[Mention]) -> Mention | None:
    """The one incident the headline reports, as a mention of ``doc`` with every value inferred."""
    primary = [m for m in mentions if m.kind == "primary"]
    if len(mentions) != 1 or len(primary) != 1:
        return None  # two incidents in a headline ("… and …") or only a passing one: not one report
    m = primary[0]
    if m.get("city") is None and m.get("county") is None:
        return None  # a headline that names no town gives a record nothing to be found by
    city, state = m.fields.get("city"), m.fields.get("state")
    unsure = bool(city and state) and R_GUESSED_STATE in parts(state.rule) and not sure_guess(city.value)
    return Mention(document_id=doc.id, ordinal=0, kind="primary", span=Span(0, 0),
                   fields={name: strip_value(v) for name, v in m.fields.items()
                           if not set(parts(v.rule)) & ABSENCE_RULES
                           and not (unsure and name in ("state", "latitude", "longitude"))},
                   people=[strip_person(p) for p in m.people], accounts=[], claims=[],
                   published=doc.published, sponsored=doc.sponsored, opinion=doc.opinion)


def read_headlines(docs: Iterable[Document], analyse: Callable[[list[Document]], Iterable[Analysis]],
                   extract: Callable[[Analysis], list[Mention]]) -> dict[str, Mention]:
    """Headline mentions of the documents that want one, by document id (``analyse`` and ``extract``
    are the extractor's own, so the headline is read by every rule a text is read by)."""
    wanted = [(d, text) for d in docs if (text := wanted_text(d)) is not None]
    if not wanted:
        return {}
    out: dict[str, Mention] = {}
    try:
        analyses = list(analyse([headline_document(d, text) for d, text in wanted]))
    except Exception as err:  # noqa: BLE001 - the pages stay as read; each says why its headline was not
        for doc, _ in wanted:
            note_unread(doc, err)
        return out
    for (doc, _), analysis in zip(wanted, analyses):
        try:
            mention = headline_mention(doc, extract(analysis))
        except Exception as err:  # noqa: BLE001 - a rule failing on one headline must not stop the others
            note_unread(doc, err)
            continue
        if mention is not None:
            out[doc.id] = mention
    return out


def note_unread(doc: Document, err: Exception) -> None:
    """Say on the document (its notes are stored and reported by ``ingest``) that its headline, which
    might have told an incident, could not be read."""
    doc.notes.append(f"its headline could not be read for an incident: {err!r}")
