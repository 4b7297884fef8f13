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
from encounters.extract.lexicon import NUMBER_WORDS
from encounters.extract.nlp import Analysis
from encounters.extract.locate import R_GUESSED_STATE
from encounters.extract.places import load_cities, load_counties, norm_key, stop_words
from encounters.extract.prefilter import relevant
from encounters.extract.rules import declare, parts

SURE_GUESS = 10
CITY_OVER_COUNTY = 100_000  # a town this size named alone is meant over another state's county of its name
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
# (never after "no": "No one injured in …" tells nobody hurt)
PASSIVE = re.compile(r"(?<!no )\b(man|woman|teen|teenager|boy|girl|child|toddler|baby|student|driver|person|"
                     r"officer|deputy|"
                     r"juvenile|juveniles|one|two|three|four|five|six|seven|eight|nine|ten|"
                     r"trooper|agent|suspect|victim|resident|\d+|men|women|teens|people|officers|deputies|agents|"
                     r"\w+-(?:year|month|week)-old)"
                     r"(\s+(?:\w+ly\s+)?)(shot|wounded|killed|injured|stabbed)\b", re.I)
TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014-]\s+")  # "Story - Outlet, City" / "Story | Section | Outlet"
# (a word of an age, "16-year-old", "4-month-old", tells no period)
TREND = re.compile(r"\b(?:shootings|homicides|killings|murders|deaths|violence|crime|rate|rates|toll|statistics|"
                   r"percent|year|years|month|weekend)\b(?!-old)|\?|%", re.I)

# a town in a headline that the entity tagger, with no sentence around it, took for an organisation or
# missed: a capitalised run the gazetteer knows, after a preposition of place ("in New Castle") or before
# a noun a town qualifies ("Bartow gunman", "Pomona restaurant")
BEFORE_TOWN = frozenset({"in", "at", "near", "outside", "from"})
TOWN_NOUNS = frozenset(
    "man men woman women teen teens teenager boy boys girl girls child children toddler baby student students family "
    "couple mother father gunman shooter killer suspect officer officers police chief deputy deputies resident "
    "residents bar restaurant home house apartment apartments school mall store park motel hotel club nightclub resort "
    "church street neighborhood business airport shooting shootings murder homicide standoff".split())
VENUES = frozenset("hall center centre park mall club bar tavern church school arena stadium plaza hotel motel "
                   "apartments restaurant".split())  # the last word of a place's own name
# words of a neighbourhood's name: "Millbrook Heights Park" is a park in Millbrook Heights, not Millbrook
NEIGHBOURHOOD = frozenset("heights hills village gardens estates terrace creek lake springs valley manor acres ridge "
                          "woods square".split())
CAPITALISED_RUN = re.compile(r"(?<![\w'’-])[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}(?![\w'’-]|[ -][A-Z])")

R_HEADLINE_TOWN = declare("headline_town", "city",
                          "a town the gazetteer knows, named in a headline after 'in', 'at', 'near' or before a noun "
                          "it qualifies, where the entity tagger took it for something else",
                          "'Four wounded in shooting at Pomona restaurant' over a sign-in form", "candidate", __name__)
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
    """"Man shot in Spokane" → "Man was shot in Spokane", "Five shot …" → "Five were shot …" (``count``:
    how many to restore, 0 for all)."""
    return PASSIVE.sub(lambda m: f"{subject_of(m[1])}{m[2]}{m[3]}", text, count=count)


def subject_of(word: str) -> str:
    """A headline's subject with its auxiliary: "Man" → "Man was", "teens" → "teens were", and a number
    standing for people ("Five shot") → "Five people were", as a report would write it."""
    low = word.lower()
    if low.isdigit() or low in NUMBER_WORDS:
        return f"{word} {'person was' if low in ('1', 'one') else 'people were'}"
    return f"{word} {'were' if low.endswith('s') or low in ('men', 'women', 'people') else 'was'}"


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
    (Memphis, St. Louis; not Caledonia, WI over Caledonia, NY, nor Columbia), and no county of another
    state bears the name unless the town is a city of ``CITY_OVER_COUNTY`` (in Georgia news "DeKalb" is
    DeKalb County, not DeKalb, IL; "Dallas" is Dallas, TX whatever Alabama's county is called)."""
    towns = sorted(load_cities().get(norm_key(city), []), key=lambda c: -c.population)
    if not towns or len(towns) > 1 and towns[0].population < SURE_GUESS * max(towns[1].population, 1):
        return False
    counties = load_counties().get(norm_key(city), [])
    return towns[0].population >= CITY_OVER_COUNTY or all(st == towns[0].state for st in counties)


def headline_town(text: str, state: str | None = None) -> tuple[str, str | None] | None:
    """(town, state or None) of the first capitalised run of the headline ``text`` that stands where a
    town does (``BEFORE_TOWN``, ``TOWN_NOUNS``) and that the gazetteer knows (in ``state``, when the
    headline names one); its state only when ``sure_guess`` (else left open)."""
    for m in CAPITALISED_RUN.finditer(text):
        before = text[:m.start()].split()[-1:]
        after = text[m.end():].split()[:1]
        if not (before and before[0].lower() in BEFORE_TOWN
                or after and after[0].strip(",.:;").lower() in TOWN_NOUNS):
            continue
        run = town_in_run(m.group(), m.start() == 0)
        towns = [c for c in load_cities().get(norm_key(run), []) if state in (None, c.state)]
        if towns and norm_key(run) not in stop_words():
            return towns[0].name, (state or (towns[0].state if sure_guess(run) else None))
    return None


def town_in_run(run: str, first: bool) -> str:
    """The town a capitalised run stands for: the run itself, or without the headline's first word
    ("Four Mattawa"), or its first words before a place's own name ("Kankakee Banquet Hall")."""
    cities = load_cities()
    if cities.get(norm_key(run)) or " " not in run:
        return run
    words = run.split(" ")
    if first and cities.get(norm_key(" ".join(words[1:]))):
        return " ".join(words[1:])
    if words[-1].lower() in VENUES:
        for n in range(len(words) - 1, 0, -1):
            if not NEIGHBOURHOOD & {w.lower() for w in words[n:]} and cities.get(norm_key(" ".join(words[:n]))):
                return " ".join(words[:n])
    return run


def with_headline_town(m: Mention, text: str) -> Mention | None:
    """``m`` with the town of its headline ``text`` when no rule placed it (``headline_town``), else None."""
    found = headline_town(text, m.get("state"))
    if found is None:
        return None
    town, state = found
    fields = dict(m.fields)
    fields["city"] = Value(town, (), R_HEADLINE_TOWN)
    if state and m.get("state") is None:
        fields["state"] = Value(state, (), R_GUESSED_STATE)
    return dataclasses.replace(m, fields=fields)


def headline_mention(doc: Document, mentions: list[Mention], text: str = "") -> Mention | None:
    """The one incident the headline ``text`` reports, as a mention of ``doc`` with every value inferred."""
    primary = [m for m in mentions if m.kind == "primary"]
    if len(mentions) != 1 or len(primary) != 1:
        return None  # two incidents in a headline ("… and …") or only a passing one: not one report
    m = primary[0]
    if m.get("city") is None and m.get("county") is None:
        m = with_headline_town(m, text)
        if m is None:
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
    for (doc, text), analysis in zip(wanted, analyses):
        try:
            mention = headline_mention(doc, extract(analysis), text)
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
