"""Where an incident happened: city, county, state and coordinates for one reported incident.

In: the place mentions of the sentences that report an incident (``places.find_places`` per
sentence), the document (its dateline, headline and URL) and a ``PlaceContext`` — what the whole
document says about states. Out: ``Value`` records for ``city``, ``county``, ``state``,
``latitude`` and ``longitude``, each grounded in its span or marked with the rule that inferred it.

Policy, most trusted first: a city named with its state ("Ontario, Calif."), the dateline, a city
in the sentences that report the incident, the responding department's city, the headline's city.
A city named without its state is read as the namesake in the state the document points to:
states it names, a county that exists in one state only, big cities, and — weakest — how many of
the document's other place names have a namesake in that state ("Juneau police", "Thunder
Mountain", "the Empire": Alaska, not the larger Empire in California).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from encounters.core.model import Document, Span, Value, passed
from encounters.extract.nlp import Analysis, Sentence
from encounters.extract.places import (BIG_CITY, DIRECTION, ELSEWHERE, NEVER_SCENE, PlaceMention, big_city_states,
                                       find_dateline, find_places, load_cities, load_counties, lookup_city,
                                       namesake_states, norm_key)
from encounters.extract.rules import declare_all

R_GUESSED_STATE = "gazetteer_state_of_city"  # a town named alone: the state of the namesake the article points to
declare_all(__name__, [
    ("state_of_city", "state", "the state of the chosen town, where the text names it", "Ontario … California", "decision"),
    ("headline_city", "city", "no town in the incident's sentences: the headline's", "Agent fires at driver in Ontario (headline)", "inference"),
    ("county_state", "state", "the state of a county named in one state only", "Anne Arundel County", "decision"),
    ("county_state_by_context", "state", "a county several states have: the one the article's places point to", "Floyd County … Rome", "decision"),
    (R_GUESSED_STATE, "state", "the state of the town's gazetteer namesake the article points to", "Toledo police (no state named)", "inference"),
    ("gazetteer_geonames", "latitude", "coordinates of the chosen town from GeoNames", "Franklin Park → 41.94, -87.87", "inference"),
    ("most_named_state_in_article", "state", "no town: the state the article names most", "… Minnesota … Minnesota …", "inference"),
    ("department_city", "city", "the town of the police department that responded", "the Fairbanks Police Department", "candidate"),
    ("block_address", "address", "a block of a street", "the 1900 block of Dover Street", "candidate"),
    ("street_address", "address", "a street address", "333 Rio Vista Dr.", "candidate"),
])


@dataclass
class PlaceContext:
    """The states a whole document points to.

    ``named``: votes from states it names, counties that exist in one state only, and big cities.
    ``support``: for each state, how many distinct place names of the document (text and headline)
    have a namesake there — the tie-breaker between namesakes when nothing is named outright."""

    named: dict[str, int] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=dict)
    population: dict[str, int] = field(default_factory=dict)  # the largest namesake there of a place named

    def rank(self, state: str, votes: dict[str, int] | None = None) -> tuple[int, int, int]:
        return ((votes if votes is not None else self.named).get(state, 0), self.support.get(state, 0),
                self.population.get(state, 0))


def places_in(analysis: Analysis, sent: Sentence, cache: dict[int, list[PlaceMention]]) -> list[PlaceMention]:
    """The places of one sentence (with its entities), computed once per document and sentence."""
    if sent.index not in cache:
        cache[sent.index] = find_places(sent.text, [(e.start - sent.start, e.end - sent.start, e.label)
                                                    for e in analysis.entities_in(sent.start, sent.end)],
                                        offset=sent.start)
    return cache[sent.index]


def read_place_context(analysis: Analysis, cache: dict[int, list[PlaceMention]]) -> PlaceContext:
    """What the document as a whole says about states (see ``PlaceContext``)."""
    doc = analysis.document
    places = [p for sent in analysis.sentences for p in places_in(analysis, sent, cache)]
    places += find_places(doc.title or "")
    named: dict[str, int] = {}
    for p in places:
        if p.kind in ("state", "county") and p.state and p.rule not in ELSEWHERE:  # not a home's, a hospital's
            named[p.state] = named.get(p.state, 0) + 1  # a county name that exists in one state only counts too
    for st, n in big_city_states(doc.text + " " + (doc.title or "")).items():
        named[st] = named.get(st, 0) + n
    names: dict[str, set[str]] = {}
    population: dict[str, int] = {}
    for p in places:
        if p.kind == "city":
            names.setdefault("city:" + norm_key(p.name), namesake_states(p.name) | ({p.state} if p.state else set()))
            for c in load_cities().get(norm_key(p.name), []):
                population[c.state] = max(population.get(c.state, 0), c.population)
        elif p.kind == "county":
            names.setdefault("county:" + norm_key(p.name), set(county_states_of(p.name)))
    support: dict[str, int] = {}
    for states in names.values():
        for st in states:
            support[st] = support.get(st, 0) + 1
    return PlaceContext(named, support, population)


def pick_place(event_places: list[PlaceMention], sentences: list[Sentence], analysis: Analysis, primary: bool,
               context: PlaceContext, places_cache: dict[int, list[PlaceMention]],
               masked=lambda start, end: False) -> dict[str, Value]:
    """City, county, state and coordinates of the incident reported in ``sentences``, whose event
    sentences hold ``event_places``; ``primary``: the document's main incident (dateline and
    headline apply, and the document's named states vote). Places in page furniture (``masked``: a
    photo credit's "Chicago Tribune") and words the document uses as people's names ("Martinez, 30")
    are not candidates; a city the gazetteer does not know in the chosen state is kept only when the
    text pairs them ("Tinyville, Ky."), and a county only when the state has one of that name."""
    text = analysis.document.text
    people = person_words(analysis)

    passed_over: list[dict] = []

    def usable(p: PlaceMention) -> bool:
        if masked(p.start, p.end):
            why = "in page furniture (a credit, a teaser)"
        elif p.kind == "city" and p.rule == "entity_city" and p.name in people:
            why = "the article uses the word as a person's name"
        else:
            return True
        if p.kind == "city":
            passed_over.append(passed(p.name, Span(p.start, p.end), p.rule, why))
        return False

    pool = [p for p in event_places if usable(p)]
    seg_places = [p for sent in sentences for p in places_in(analysis, sent, places_cache) if usable(p)]
    dateline = find_dateline(text) if primary else []
    out: dict[str, Value] = {}
    ordered = [p for p in ([p for p in pool if p.rule == "city_state_pair"] + [p for p in dateline]
                           + [p for p in seg_places if p.rule == "city_state_pair"] + pool + seg_places) if p.kind == "city"]
    votes = dict(context.named) if primary else {}
    # where someone lives or was treated: only when nothing else is named; where someone was held or
    # works: never
    residences = [p for p in pool + seg_places if p.rule in ELSEWHERE]
    pool = [p for p in pool if p not in residences]
    seg_places = [p for p in seg_places if p not in residences]
    ordered = [p for p in ordered if p not in residences] + [p for p in residences if p.kind == "city"
                                                             and p.rule in ("residence", "hospital_city")]
    # "Nassau police" where the article names the Nassau County police: the county's force, not a town's
    ordered = [p for p in ordered if not (p.rule == "city_before_noun" and re.search(
        rf"\b{re.escape(p.name)}\s+(?:County|Parish)\s+(?:police|Police)\b", text))]
    ordered = prefer_headline_city(ordered, pool, analysis.document)
    for p in pool + seg_places + dateline:
        if p.kind == "state" and p.state and p.rule not in ELSEWHERE:  # not a home's, a hospital's, a jail's
            votes[p.state] = votes.get(p.state, 0) + 3
    headline_city = False
    county = pick_county(pool + seg_places, text)
    county_states = set(county_states_of(county.name)) if county else set()
    placed_by_county = county is not None and county_rank(county, text) <= 1
    if placed_by_county and all(p.rule in ELSEWHERE for p in ordered):
        # "a shooting in Marion County": the county places the event; a hospital's or a resident's
        # town ("airlifted to LSU in Shreveport") would misplace it
        ordered = []
    if all(p.rule in ELSEWHERE for p in ordered):
        # no city in the report's sentences but where someone lives or was treated: the department that
        # responded names its city ("the Fairbanks Police Department"), else the headline ("… in
        # Fairbanks, Alaska") unless a county places the event (the headline may be the outlet's: "KSLA
        # News 12 Shreveport"); a home town only when neither does
        scene = department_cities(text, sentences)
        if not scene and primary and analysis.document.title and not placed_by_county:
            scene = [p for p in find_places(analysis.document.title) if p.kind == "city" and p.rule not in ELSEWHERE]
            headline_city = bool(scene)
        ordered = scene + ordered
    city = part_of_city(choose_city(ordered, analysis.document, context, votes), votes)
    if city is not None:
        chosen_state, gaz, by_county = city.state, city.city, False
        if not chosen_state:
            options = load_cities().get(norm_key(city.name), [])  # most populous first
            if county_states:
                by_county = True
                # the county the report names settles which namesake city it is ("Leon County": FL or TX)
                options = [c for c in options if c.state in county_states]
                if not options and len(county_states) == 1:
                    # not a city of the county's state: a neighbourhood, or the tagger's mistake
                    chosen_state, gaz = next(iter(county_states)), None
            if options:
                gaz = max(options, key=lambda c: context.rank(c.state, votes))  # ties: the most populous
                chosen_state = gaz.state
                named = max(sorted(votes), key=lambda st: votes[st], default=None)
                if (named and votes[named] > votes.get(chosen_state, 0) and named not in {c.state for c in options}
                        and len(namesake_states(city.name)) > 1 and (not county_states or named in county_states)
                        and max(c.population for c in options) < BIG_CITY):
                    # the article names a state where the gazetteer knows no town of this name (a small
                    # place: "Elgin" in an Iowa story), never the state of a larger namesake
                    chosen_state, gaz = named, None
        span = () if headline_city else (Span(city.start, city.end),)
        seen = {norm_key(city.name)}
        for p in ordered + [p for p in residences if p.kind == "city" and p not in ordered]:
            if norm_key(p.name) not in seen:
                seen.add(norm_key(p.name))
                passed_over.append(passed(p.name, Span(p.start, p.end), p.rule, CITY_WHY.get(p.rule, "ranked below the chosen town")))
        out["city"] = Value(city.name, span, "headline_city" if headline_city else city.rule, tuple(passed_over))
        if chosen_state:
            rule = "state_of_city" if city.state is None else city.rule
            st_mention = next((p for p in pool + seg_places + dateline if p.kind == "state" and p.state == chosen_state), None)
            if headline_city:
                out["state"] = Value(chosen_state, (), "headline_city")
            elif st_mention:
                out["state"] = Value(chosen_state, (Span(st_mention.start, st_mention.end),), rule)
            elif by_county and chosen_state in county_states:
                out["state"] = Value(chosen_state, (Span(county.start, county.end),), "county_state")
            else:
                out["state"] = Value(chosen_state, (), R_GUESSED_STATE)
        if gaz:
            out["latitude"] = Value(gaz.latitude, span, "gazetteer_geonames")
            out["longitude"] = Value(gaz.longitude, span, "gazetteer_geonames")
    if county:
        out["county"] = Value(county.name, (Span(county.start, county.end),), county.rule)
        if "state" not in out:
            if county.state:
                out["state"] = Value(county.state, (Span(county.start, county.end),), "county_state")
            elif county_states:
                # a county several states have: the one the document's other places point to
                best = max(sorted(county_states), key=lambda s: context.rank(s, votes))
                if context.rank(best, votes)[:2] > (0, 1):
                    out["state"] = Value(best, (Span(county.start, county.end),), "county_state_by_context")
    # an address in a sentence that places the event comes before one told elsewhere in the report
    placing = [sent for sent in sentences if any(sent.start <= p.start < sent.end for p in pool)]
    address = pick_address(placing + list(sentences))
    if address:
        out["address"] = address
    if "state" not in out:
        st = next((p for p in pool + seg_places + dateline if p.kind == "state" and p.state and p.rule not in NEVER_SCENE), None)
        if st:
            out["state"] = Value(st.state, (Span(st.start, st.end),), st.rule)
        elif primary and context.named:
            # the state the article names most — one that has a county of the name it gives, if any
            named = {st: n for st, n in context.named.items() if not county_states or st in county_states}
            if named:
                best = max(sorted(named), key=lambda st: named[st])
                out["state"] = Value(best, (), "most_named_state_in_article")
    return consistent(out, pool + seg_places + dateline)


CITY_WHY = {"residence": "where someone lives", "hospital_city": "where someone was treated",
            "detention_city": "where someone was held", "affiliation_city": "a speaker's town",
            "dateline": "a dateline's town, which the incident's sentences contradict"}
SMALL_TOWN_NAMESAKE = 100_000  # a town unknown in its state may share its name only with smaller places


def consistent(out: dict[str, Value], places: list[PlaceMention]) -> dict[str, Value]:
    """Drop a city, or a county, that does not exist in the chosen state ("Denver, MN"), unless the text
    names the two together (a town too small for the gazetteer: "Tinyville, Ky.") or the incident's
    sentences name the state and the town shares its name with no large place elsewhere."""
    state = out.get("state").value if out.get("state") else None
    if not state:
        return out
    city = out.get("city")
    if city is not None and lookup_city(city.value, state) is None:
        paired = any(p.kind == "city" and p.state == state and norm_key(p.name) == norm_key(city.value)
                     and p.rule in ("city_state_pair", "dateline", "borough_name") for p in places)
        # a town too small for the gazetteer, in a state the incident's own words name: only when no
        # namesake elsewhere is a city it could be mistaken for ("Denver", "Chicago")
        small = (city.rule in ("dateline", "entity_city") and out["state"].spans
                 and all(c.population < SMALL_TOWN_NAMESAKE for c in load_cities().get(norm_key(city.value), [])))
        if not (paired or small):
            for name in ("city", "latitude", "longitude"):
                out.pop(name, None)
            gone = passed(city.value, city.spans[0] if city.spans else None, city.rule,
                          f"no town of that name in {state} in the gazetteer")
            st = out["state"]
            out["state"] = Value(st.value, st.spans, st.rule, st.passed_over + (gone,) + city.passed_over)
    county = out.get("county")
    if county is not None and state not in county_states_of(county.value):
        out.pop("county")
    return out


def person_words(analysis: Analysis) -> set[str]:
    """The words of the names the tagger found as people ("Marimar Martinez" → Marimar, Martinez)."""
    text = analysis.document.text
    return {re.sub(r"[’']s$", "", w) for e in analysis.entities if e.label == "PERSON"
            and not re.search(r"\b(?:in|near|outside|at)\s+$", text[max(0, e.start - 8):e.start])  # "officers in Kokomo"
            for w in e.text.split() if w[:1].isupper()}


COUNTY_OFFICE = re.compile(r"\s+(?:Coroner|Medical\s+Examiner|Jail|Detention)")


def prefer_headline_city(ordered: list[PlaceMention], pool: list[PlaceMention], doc: Document) -> list[PlaceMention]:
    """A dateline city gives way to a city of the event's sentences that the headline names when the
    headline does not name the dateline's: "INDIANAPOLIS — Police officers in Kokomo are
    investigating …" under "Shooting at Kokomo bar" is a station's dateline, not the place."""
    if not ordered or ordered[0].rule != "dateline":
        return ordered
    words = headline_words(doc)
    if f" {norm_key(ordered[0].name)} " in words:
        return ordered
    # a city the tagger or a state names; not one used as an adjective ("a Minnetonka teen" lives there)
    named = next((p for p in pool if p.kind == "city" and p.rule in ("entity_city", "city_state_pair")
                  and norm_key(p.name) != norm_key(ordered[0].name) and f" {norm_key(p.name)} " in words), None)
    return [named] + [p for p in ordered if p is not named] if named else ordered


def county_rank(county: PlaceMention, text: str) -> int:
    """How surely a county places the event: 0 named with its state ("Hopkins County, Kentucky");
    1 named otherwise ("in Marion County", "the Marion County Sheriff's Office"); 2 an office that
    may serve another county's dead or detainees ("the Vanderburgh County Coroner's Office")."""
    if COUNTY_OFFICE.match(text, county.end):
        return 2
    return 0 if re.match(r",\s+[A-Z]", text[county.end:county.end + 3]) else 1


def part_of_city(city: PlaceMention | None, votes: dict[str, int]) -> PlaceMention | None:
    """"North Baltimore" in an article that points to Maryland: the north of Baltimore, not the Ohio
    town of that name — a direction before a city of the state the article names, when the whole
    name is a town only in states it does not name."""
    m = DIRECTION.match(city.name) if city is not None and not city.state else None
    if m is None:
        return city
    own = max((votes.get(st, 0) for st in namesake_states(city.name)), default=0)
    for st in sorted(votes, key=lambda st: -votes[st]):
        tail = lookup_city(city.name[m.end():], st)
        if votes[st] > own and tail is not None:
            return PlaceMention(city.kind, tail.name, city.start + m.end(), city.end, None, city.rule, tail)
    return city


def pick_county(places: list[PlaceMention], text: str) -> PlaceMention | None:
    """The county of the incident among those its sentences name: the surest first, then the first named."""
    counties = [p for p in places if p.kind == "county"]
    return min(counties, key=lambda p: county_rank(p, text), default=None)


def choose_city(ordered: list[PlaceMention], doc: Document, context: PlaceContext,
                votes: dict[str, int]) -> PlaceMention | None:
    """The incident's city among the candidates, most trusted first.

    A city named without its state gives way to a later candidate when the document points to
    a state where the first has no namesake but the later one has (a neighbourhood that is a
    town elsewhere: "Madisonville" in a Cincinnati story)."""
    if not ordered:
        return None
    city = ordered[0]
    if city.rule == "entity_city":
        # among cities only the tagger found, one the headline or the URL also names comes first
        named = headline_words(doc)
        city = next((p for p in ordered if p.rule == "entity_city" and f" {norm_key(p.name)} " in named), city)
    if city.state:
        return city
    all_states = set(votes) | set(context.support)
    if not all_states:
        return city
    best = max(sorted(all_states), key=lambda s: context.rank(s, votes))
    own = max((context.rank(s, votes) for s in namesake_states(city.name)), default=(0, 0, 0))
    if best in namesake_states(city.name) or context.rank(best, votes) <= own:
        return city
    return next((p for p in ordered if (p.state or None) in (None, best) and p.rule not in ELSEWHERE and
                 (p.state == best or best in namesake_states(p.name))), city)  # a home never displaces the scene


_STREET_SUFFIX = (r"(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.?|Drive|Dr\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Way|Court|Ct\.?"
                  r"|Parkway|Pkwy\.?|Place|Pl\.|Circle|Terrace|Highway|Hwy\.?|Trail|Pike|Square|Loop)")
_STREET = r"(?:(?:North|South|East|West|N\.|S\.|E\.|W\.)\s+)?[A-Z0-9][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
ADDRESS = re.compile(
    rf"\b(?P<block>\d{{1,6}})\s+block\s+of\s+(?P<street>{_STREET})"  # "the 1900 block of Dover"
    rf"|\b(?P<number>\d{{1,6}})\s+(?P<street2>{_STREET}\s+{_STREET_SUFFIX})(?![\w])")  # "333 Rio Vista Dr."


def pick_address(sentences: list[Sentence]) -> Value | None:
    """Where on a street it happened: "the 5500 block of West Old National Road", "333 Rio Vista Dr."."""
    for sent in sentences:
        m = ADDRESS.search(sent.text)
        if m:
            return Value(m.group(0).rstrip(".,"), (Span(sent.start + m.start(), sent.start + m.start() + len(m.group(0).rstrip(".,"))),),
                         "block_address" if m.group("block") else "street_address")
    return None


DEPARTMENT = re.compile(r"\b((?:[A-Z][a-z]+\.?\s){0,2}[A-Z][a-z]+)\s+(?:Police|Fire)\s+(?:Department|Dept\b|Bureau|Chief)")


def department_cities(text: str, sentences: list[Sentence]) -> list[PlaceMention]:
    """Cities named by their police or fire department in these sentences."""
    out = []
    for sent in sentences:
        for m in DEPARTMENT.finditer(sent.text):
            words = m.group(1).split()
            for i in range(len(words)):
                name = " ".join(words[i:])
                found = lookup_city(name)
                if found:
                    s = sent.start + m.end(1) - len(name)
                    out.append(PlaceMention("city", name, s, sent.start + m.end(1), None, "department_city", found))
                    break
    return out


def county_states_of(name: str) -> list[str]:
    """The states that have a county of this name ("Leon County" → FL, TX)."""
    base = re.sub(r"\s+(?:County|Parish)$", "", name)
    return load_counties().get(norm_key(base), [])


def headline_words(doc: Document) -> str:
    """The title and the URL's path as one lower-case string of words, for place hints."""
    url_path = re.sub(r"^[a-z]+://[^/]+", "", (doc.url or "").lower())
    return " " + norm_key(" ".join([doc.title or "", re.sub(r"[-_/.]+", " ", url_path)])) + " "
