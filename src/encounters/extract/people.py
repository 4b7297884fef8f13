"""People in an incident: names, ages, roles, outcomes, citizenship, charges.

In: an ``Analysis`` and the sentences that belong to one incident mention. Out: ``Person``
records, each attribute a ``Value`` with the span it came from. Only participants are kept: a
named person is one when the mention's sentences link them to the force or its outcome (see
``participation``: shot, killed, hurt or subjected to force; the one who used it; named as one the
incident involved; charged over it) — being named in a sentence about a shooting is not enough, so
officials, lawyers, relatives, commentators and a page's sidebar names are left out. The role of
the person officers or agents used force on is the neutral ``subject``, whatever an agency called
them; ``victim``/``suspect`` stay for shootings where no officer used force. Unnamed people with an
age ("a 16-year-old boy was shot") are kept too.
"""
from __future__ import annotations

import re
from collections import Counter

from encounters.core.model import Person, Span, Value
from encounters.extract.involvement import find_involvement
from encounters.extract.lexicon import (AGENCIES, CLASS_YEARS, FORCE_WORDS, INJURED, KILLED, NAME_TITLES, PAGE_WORDS,
                                        SHOOTING)
from encounters.extract.nlp import Analysis, Sentence
from encounters.extract.force_parse import outcome_of
from encounters.extract.participation import (HOMETOWN_AFTER, R_LISTED, R_ROLE_SUBJECT, R_ROLE_SUSPECT, R_ROLE_UNKNOWN,
                                             R_ROLE_VICTIM, R_STATUS_UNKNOWN, SPEAKS_AFTER, Link, decide_role, decide_status,
                                             find_links, is_participant, is_stale)
from encounters.extract.places import lookup_city, state_code
from encounters.extract.rules import declare

R_NAME = declare("person_entity", "person.name", "a person's name as the tagger or a participant pattern finds it",
                 "Dana Reyes, 19, was shot", module=__name__)
R_FIRST_NAME = declare("first_name", "person.name", "a first name given alone", "shot his wife Shauna", module=__name__)
R_RELATIVE_SURNAME = declare("relative_surname", "person.name", "a first name given as a relative takes the surname "
                             "of the person the sentence names in full", "Lee Park shot his wife Shauna", "inference",
                             __name__)
R_AGE_AFTER = declare("age_apposition", "person.age", "an age given after the name", "Dana Reyes, 19, was shot",
                      module=__name__)
R_AGE_BEFORE = declare("age_before_name", "person.age", "an age given before the name", "17-year-old Dana Reyes",
                       module=__name__)
R_CITIZEN = declare("citizenship_phrase", "person.citizen", "what the report says of the person's citizenship",
                    "Reyes, a U.S. citizen,", module=__name__)
R_CHARGED = declare("charged_phrase", "person.charged", "the person was charged", "Reyes was charged with assault",
                    module=__name__)
R_NOT_CHARGED = declare("not_charged_phrase", "person.charged", "the report says no charges were brought",
                        "Reyes has not been charged", module=__name__)
R_NOT_STATED = declare("not_stated", "person", "the report does not say", "", "inference", __name__)
R_OFFICER_TITLE = declare("officer_title", "person.role", "an officer's or agent's title or apposition with the name",
                          "ICE officer Lee Park; Lee Park, a Border Patrol agent,", module=__name__)
R_AGE_EVENT = declare("age_in_event_sentence", "person", "a person given an age in a sentence that tells the force or "
                      "its outcome, and not as its speaker", "Dana Reyes, 19, and her cousin were at the party when "
                      "shots rang out", module=__name__)
R_UNNAMED = declare("unnamed_age_noun", "person", "an unnamed person given an age", "a 16-year-old boy was shot",
                    module=__name__)
R_UNNAMED_OUTCOME = declare("outcome_word_near_name", "person.status", "a death or injury word after an unnamed "
                            "person", "a 16-year-old boy was critically injured", module=__name__)

# an officer's or agent's title or job before the name ("Officer Lee Park", "ICE officer Lee Park") or after it
OFFICER_TITLE = re.compile(r"\b(?:Officer|Agent|Deputy|Trooper|Sgt\.?|Sergeant|Detective|Det\.|Cpl\.?|Corporal|Patrolman|Lt\."
                           r"|Lieutenant|officer|agent|deputy|trooper|marshal)\s*$")
OFFICER_AFTER = re.compile(r"^,\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,4}?(?:officer|agent|deputy|trooper|marshal)\b(?!\s+(?:said|says))")
# the job before the name, set off by commas: "The agent, Lee Park, fired five times"
OFFICER_APPOSED = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+(?:[\w'’-]+\s+){0,3}?(?:officer|agent|deputy|trooper|marshal),\s*$")
CHARGED = re.compile(r"\b(?:charged\s+with|faces?\s+(?:\w+\s+){0,3}charges?|indicted|was\s+charged|were\s+charged|booked\s+(?:on|for|into)"
                     r"|accused\s+of)\b", re.I)
NOT_CHARGED = re.compile(r"\b(?:not\s+(?:been\s+)?charged|no\s+charges|charges\s+(?:were\s+)?dropped|released\s+without\s+charges?)\b", re.I)
# said of one person ("is a U.S. citizen", "a naturalized citizen"), never of relatives ("children who are U.S. citizens")
CITIZEN_YES = re.compile(r"\b(?:U\.?S\.?|American|United States)[- ](?:born\s+)?citizen\b(?!s)|\bnaturali[sz]ed\s+(?:U\.?S\.?\s+)?citizen\b(?!s)", re.I)
CITIZEN_NO = re.compile(r"\b(?:undocumented|(?:citizen|national)\s+of\s+(?!the\s+United\s+States)[A-Z]\w+|(?:Mexican|Honduran|Guatemalan|Salvadoran"
                        r"|Venezuelan|Cuban|Haitian|Colombian|Ecuadorian|Dominican|Nicaraguan|Brazilian|Chinese|Indian)\s+(?:national|citizen)"
                        r"|in\s+the\s+country\s+illegally|illegal\s+(?:alien|immigrant)|without\s+legal\s+status|asylum[- ]seeker|DACA\s+recipient)\b")
NOT_NAME_WORDS = frozenset(("man", "men", "woman", "women", "boy", "girl", "teen", "suspect", "victim", "police", "armed",
                            "gunman", "shooter", "killer", "officer", "agent", "agents"))
PLACE_BEFORE = re.compile(r"\b(?:of|in|from|near|at|to)\s+$")
# "of" before a person: "the death of Dana Reyes", "a relative of Dana Reyes"
PERSON_OF = re.compile(r"\b(?:death|deaths|killing|murder|shooting|slaying|family|relatives?|mother|father|son|daughter|wife"
                       r"|husband|brother|sister|parents?|friends?|girlfriend|boyfriend|body|funeral|memory|name|identity"
                       r"|attorney|lawyer|arrest)\s+of\s+$", re.I)
# Names the tagger misses, found by how reports introduce participants: "17-year-old Dana Reyes",
# "Dana Reyes, accused of…".
NAME_AFTER_AGE = re.compile(r"\b\d{1,3}-year-old\s+([A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’-]+)){1,2})\b")
NAME_BEFORE_CHARGE = re.compile(r"\b([A-Z][a-z'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’-]+)){1,2}),\s+(?:who\s+(?:is|was)\s+)?"
                                r"(?:accused|charged|suspected|arrested|indicted)\b")
# Names the tagger misses or calls a place or an organisation, found by what reports say of them:
# "Dana Reyes was shot", "Dana Reyes, 19, died", "identified the victims as Dana Reyes, 19; Li Chen…"
# a capitalised word with a lower-case letter, taken whole (possessive: a name never ends inside a word, and
# trying every split of every word made this the extractor's slowest pattern)
_WORD = r"[A-Z](?=[a-zA-Z'’]*[a-z])[a-zA-Z'’]*+(?:-[A-Z][a-zA-Z'’]++)?"
_NAME = rf"{_WORD}(?:\s+[A-Z]\.)?(?:\s+{_WORD}){{1,2}}"
NAME_BEFORE_OUTCOME = re.compile(
    rf"(?<![\w'’-])({_NAME})(?:,\s+\d{{1,3}},|{HOMETOWN_AFTER})?"
    rf"(?:,?\s+and\s+(?P<second>{_NAME})(?:,\s+\d{{1,3}},)?)?\s+(?:"
    r"(?:was|were|had\s+been|has\s+been|is)\s+(?:\w+ly\s+)?(?:shot|killed|wounded|injured|hit|struck|pronounced\s+dead"
    r"|found\s+(?:dead|shot)|taken\s+(?:by\s+\w+\s+)?to|rushed\s+to|hospitali[sz]ed|in\s+(?:critical|serious|stable)\s+condition"
    r"|in\s+(?:a|the)\s+hospital|\d{1,3}\s+years?\s+old)"
    r"|died|dies|suffered)\b")
NAME_LIST_CUE = re.compile(
    r"\b(?:identif(?:ied|ies)\s+(?:[\w'’-]+\s+){0,6}?as|(?:was|were|is|are)\s+named|victims?\s+(?:[\w'’-]+\s+){0,7}?(?:were|was|are|is|as)"
    r"|(?:the\s+)?(?:dead|injured|wounded|deceased)\s+(?:\w+\s+)?(?:were|was|are|is|as)|victims?,|named\s+(?:the\s+\w+\s+)?as"
    r"|suspects?\s+(?:[\w'’-]+\s+){0,7}?(?:were|are|is|was)|(?:killings?|deaths?|murders?|slayings?|shootings?)\s+of"
    r"|(?:found|discovered)(?=\s+[A-Z][a-z]+\s+[A-Z][a-z]+,\s+\d)"
    r"|\b(?:[Tt]he|[Aa])\s+(?:\w+\s+)?(?:victim|boy|girl|man|woman|teen|teenager|child|toddler|person|shooter|gunman"
    r"|suspect),)\s*:?\s+")
LIST_ITEM = re.compile(rf"(?:(?:his|her|their)\s+)?(?:(?:an?\s+)?\d{{1,3}}-(?:year|month|week)-old\s+)?"
                       rf"(?:(?:toddler|infant|baby|teen|twins?|son|daughter|wife|husband|brother|sister|mother|father"
                       rf"|child|girlfriend|boyfriend|cousin|friend)\s+)?({_NAME})"
                       r"(?:,\s+\d{1,3}\b(?!-))?(?:,?\s+of\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?=[,;.]|\s+and\b))?")
# a cue line ending with a colon and the lines it lists ("The victims are:\n— Dana Reyes, 19, of Flint")
LIST_BLOCK = re.compile(r"\b(?:victims?|dead|deceased|killed|injured|wounded|identified|suspects?)\b[^\n:]{0,60}:[ \t]*\n")
BLOCK_ITEM = re.compile(rf"\s*(?:[A-Z][a-z]+[ \t]*\n\s*)?(?:[—–•*-][ \t]*)?(?:\d{{1,3}}-(?:year|month|week)-old\s+)?({_NAME})"
                        r"(?:,\s+\d{1,3}\b)?[^\n]{0,80}(?:\n|$)")
LIST_SEP = re.compile(r"\s*(?:,|;)?\s*(?:and\s+)?")


def listed_names(text: str) -> list[tuple[int, int, str, str]]:
    """Names the tagger may miss, found by what the sentence says of them: (start, end, name, how) —
    ``how`` is None for a name before what happened to them (``NAME_BEFORE_OUTCOME``: a candidate, linked
    by ``participation``), or (outcome, noun) a list cue gives its items ("identified the victims as A,
    24; B, 23, and C" → ("", "victim"), "the dead were A and B" → ("killed", "victim")), each item a
    named participant."""
    out = []
    for m in NAME_BEFORE_OUTCOME.finditer(text):
        out.append((m.start(1), m.end(1), m.group(1), None))
        if m.group("second"):
            out.append((m.start("second"), m.end("second"), m.group("second"), None))
    for cue in NAME_LIST_CUE.finditer(text):
        pos = cue.end()
        low = cue.group().lower()
        how = "killed" if re.search(r"\b(?:dead|deceased)\b", low) else "injured" if re.search(r"\b(?:injured|wounded)\b", low) \
            else ""
        hint = "suspect" if re.search(r"\b(?:suspect|shooter|gunman)\b", low) else \
            "victim" if re.search(r"\b(?:victims?|dead|injured|wounded|deceased|killings?|deaths?|murders?|slayings?|shootings?)\b",
                                  low) else ""
        if re.search(r"\b(?:killings?|deaths?|murders?|slayings?)\s+of", low):
            how = "killed"
        for _ in range(8):  # a list of victims: "A, 24; B, 23, and C, 19"
            m = LIST_ITEM.match(text, pos)
            if not m:
                break
            out.append((m.start(1), m.end(1), m.group(1), (how, hint, cue.start(), cue.end())))
            sep = LIST_SEP.match(text, m.end())
            if not sep or sep.end() == m.end() or "\n" in sep.group():
                break
            pos = sep.end()
    for cue in LIST_BLOCK.finditer(text):
        low = cue.group().lower()
        how = "killed" if re.search(r"\b(?:dead|deceased|killed)\b", low) else "injured" if re.search(
            r"\b(?:injured|wounded)\b", low) else ""
        hint = "suspect" if "suspect" in low else "victim" if re.search(r"victim|dead|deceased|killed|injured|wounded", low) else ""
        pos = cue.end()
        for _ in range(12):
            m = BLOCK_ITEM.match(text, pos)
            if not m:
                break
            out.append((m.start(1), m.end(1), m.group(1), (how, hint, cue.start(), cue.end())))
            pos = m.end()
    return out


# First names sharing one surname: "Jaeci and Connor Westerhuis", "Ava, Mia and Leo Castillo".
SHARED_SURNAME = re.compile(r"\b((?:[A-Z][a-z'’-]+,\s+){0,4}[A-Z][a-z'’-]+,?\s+and\s+)([A-Z][a-z'’-]+)\s+([A-Z][a-z'’-]{2,})\b")
NAME_WITH_AGE = re.compile(r"\b([A-Z][a-z]+(?:\s+(?:[A-Z]\.|[A-Z][a-z'’-]+|de|del|la|van|von)){1,3}),\s+(\d{1,2}),")
AGE_AFTER = re.compile(r"^\s*(?:,|\()\s*(?:age\s+|aged\s+)?(\d{1,3})\s*(?:,|\)|;|\.|\s+(?:and|of|from|who|was|is)\b|$)")
AGE_BEFORE = re.compile(r"(\d{1,3})-year-old\s+(?:[\w-]+,?\s+){0,3}$")
UNNAMED = re.compile(
    r"\b(?:an?|the|one|another)\s+(?P<age>\d{1,3})-year-old\s+(?:[\w-]+\s+){0,2}?(?P<noun>man|woman|boy|girl|teen(?:ager)?|male|female|mother|father|driver|passenger|student|child|toddler|infant|baby|person|victim|suspect)\b")


def sentence_has(sentences: list[Sentence], start: int, end: int) -> Sentence | None:
    for s in sentences:
        if s.start <= start and end <= s.end:
            return s
    return None


def clean_person_name(s: str) -> str:
    """A name as a record shows it: no possessive, no title ("Reporter", "Officer"), no page chrome
    ("Add", "Description"), "Jr." with its dot."""
    s = re.sub(r"[’']s$", "", s.strip())
    s = re.sub(r"\s+", " ", s).strip(" ,.;:\"“”")
    words = s.split(" ")
    while words and (words[0] in NAME_TITLES or words[0].rstrip(".") in NAME_TITLES or words[0] in PAGE_WORDS
                     or words[0] in CLASS_YEARS and len(words) > 2):
        words.pop(0)
    while words and words[-1] in PAGE_WORDS:
        words.pop()
    return re.sub(r"\s(Jr|Sr)$", r" \1.", " ".join(words))


def name_candidates(analysis: Analysis, text: str) -> tuple[list[tuple[int, int, str]], dict[int, str]]:
    """(start, end, raw name) for every person the document names — the tagger's PERSON entities and the
    names participant patterns find — and the list cues' outcomes by start (see ``listed_names``). Computed
    once per document (each of its mentions asks)."""
    key = ("name_candidates", len(text))
    if key not in analysis.memo:
        analysis.memo[key] = read_name_candidates(analysis, text)
    candidates, cues = analysis.memo[key]
    return list(candidates), dict(cues)


def read_name_candidates(analysis: Analysis, text: str) -> tuple[list[tuple[int, int, str]], dict[int, str]]:
    candidates = [(e.start, e.end, e.text) for e in analysis.entities if e.label == "PERSON"]
    seen_starts = {c[0] for c in candidates}
    found = [(m.start(1), m.end(1), m.group(1), None) for pattern in (NAME_WITH_AGE, NAME_AFTER_AGE, NAME_BEFORE_CHARGE)
             for m in pattern.finditer(text)]
    listed = listed_names(text)
    cues = {start: how for start, _, _, how in listed if how is not None}
    for start, end, raw, _ in found + listed:
        if start not in seen_starts and not any(a <= start < b for a, b, _ in candidates):
            candidates.append((start, end, raw))
            seen_starts.add(start)
    candidates.extend(shared_surname_names(text, candidates))
    # a tagger's "Villegas Gonzalez" inside a pattern's "Silverio Villegas Gonzalez": the longer name
    candidates = [c for c in candidates if not any(o[0] <= c[0] and c[1] <= o[1] and (o[0], o[1]) != (c[0], c[1])
                                                    for o in candidates)]
    return split_runs(sorted(candidates), text), cues


def split_runs(candidates: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """A tagger's entity that runs two names together ("CBP agent Charles Exum Marimar Martinez" on a
    page without line breaks) is two names when each is given alone elsewhere (in full or by surname)."""
    known = {c[2] for c in candidates if 2 <= len(c[2].split()) <= 3}
    out = []
    for start, end, raw in candidates:
        words = raw.split()

        def given(part: list[str]) -> bool:  # "Charles Exum" named so, or "Exum" named outside the run
            return " ".join(part) in known or len(re.findall(rf"\b{re.escape(part[-1])}\b", text)) > text.count(raw)

        cut = next((n for n in (2, 3) if 2 <= len(words) - n <= 3 and given(words[:n]) and given(words[n:])), None)
        if cut is None:
            out.append((start, end, raw))
            continue
        first = " ".join(words[:cut])
        second_at = raw.index(words[cut], len(first))
        out.extend([(start, start + len(first), first), (start + second_at, end, raw[second_at:])])
    return out


def group_names(candidates: list[tuple[int, int, str]], text: str, lo: int, hi: int
                ) -> tuple[dict[str, list[tuple[int, int]]], list[str], list[str]]:
    """Each person's namings (key → spans), in the order the mention first names them, and the full
    names seen: "Evans" in the mention resolves to "Saeve Evans" named earlier, and a bare surname the
    tagger missed ("Ruiz has been charged…") is a naming too."""
    groups: dict[str, list[tuple[int, int]]] = {}
    order: list[str] = []
    full_names: list[str] = []
    last_full: dict[str, tuple[str, int]] = {}  # surname → the full name last given with it, and where
    for start, end, raw in candidates:
        name = clean_person_name(raw)
        if name != raw.strip() and name:
            at = text.find(name.split()[0], start, end)
            if at >= 0:
                start, end = at, min(end, at + len(name))
        parts = name.split()
        # a bare surname of someone named in full is that person even when it is also a town ("Dunn")
        surname_of_known = len(parts) == 1 and any(f.split()[-1] == name for f in full_names)
        if not surname_of_known and not_a_person(name, text, start):
            continue
        if len(parts) > 5 or len(set(parts)) < len(parts):
            continue  # a run of names and words ("Dick Brennan Dick Brennan"): no one person
        key = name
        if len(parts) == 1:
            owners = [f for f in full_names if f.split()[-1] == parts[0] or f.split()[0] == parts[0]]
            if len({f for f in owners if f.split()[-1] == parts[0]}) > 1:
                # "Johnson" where the report names two Johnsons: the one named just before, if any
                key = last_full.get(parts[0], (None, -1))[0]
                if key is None or start - last_full[parts[0]][1] > NEAR_CHARS:
                    continue
            else:
                key = owners[0] if owners else name
        else:
            last_full[parts[-1]] = (name, end)
        if len(parts) > 1 and name not in full_names:
            # "Evans" seen first, "Saeve Evans" later: move the short form under the full name
            full_names.append(name)
            short = parts[-1]
            if short in groups and short != name:
                groups.setdefault(name, []).extend(groups.pop(short))
                order = [name if o == short else o for o in order]
        if not (lo <= start and end <= hi) and key not in groups:
            continue
        if key not in groups:
            order.append(key)
        groups.setdefault(key, []).append((start, end))
    surname_count = Counter(f.split()[-1] for f in groups if " " in f)
    for key in list(groups):
        parts = key.split()
        if len(parts) < 2 or len(parts[-1]) < 3 or surname_count[parts[-1]] > 1:
            continue
        have = {s for s, _ in groups[key]}
        for m in re.finditer(rf"\b{re.escape(parts[-1])}\b(?![’']s\s+(?:sister|brother|mother|father|wife|husband|lawyer"
                             r"|attorney|family))", text[lo:hi]):
            s0 = lo + m.start()
            if re.search(r"[A-Z][\w'’.-]*\s+$", text[max(0, s0 - 25):s0]):
                continue  # part of another full name ("Monique Price")
            if not any(a <= s0 < b for a, b in groups[key]) and s0 not in have:
                groups[key].append((s0, lo + m.end()))
        groups[key].sort()
    return groups, list(dict.fromkeys(order)), full_names


def find_people(analysis: Analysis, sentences: list[Sentence], *, excluded: list[tuple[int, int]] = ()) -> list[Person]:
    """The participants one incident mention names (and unnamed people given an age)."""
    text = analysis.document.text
    lo = min((s.start for s in sentences), default=0)
    hi = max((s.end for s in sentences), default=0)
    candidates, cues = name_candidates(analysis, text)
    groups, order, full_names = group_names(candidates, text, lo, hi)
    # a person's namings in the mention's own sentences, outside the claims a speaker makes
    named = {key: [(s, e) for s, e in groups[key] if lo <= s and e <= hi and not any(a <= s < b for a, b in excluded)
                   and sentence_has(sentences, s, e)] for key in order}
    named = {k: sorted(set(v)) for k, v in named.items() if v}
    published = analysis.document.published
    officers = {key: officer_named(spans, text) for key, spans in named.items()}
    links = find_links(analysis, sentences, named, published.year if published else None,
                       frozenset(k for k, v in officers.items() if v))
    for key, spans in named.items():
        for s, e in spans:
            age = aged_in_event(text, s, e, sentence_has(sentences, s, e), central=len(spans) >= CENTRAL)
            if age is not None:
                links.setdefault(key, []).append(age)
            if s in cues and not SPEAKS_AFTER.match(text[e:e + 80]):  # "… the woman, Tricia Lamb said": a speaker
                how, hint, c0, c1 = cues[s]
                cue = Link("named", c0, c1, R_LISTED, how, hint=hint)
                if not is_stale(text, cue, published.year if published else None):
                    links.setdefault(key, []).append(cue)
    involvement = find_involvement(sentences, force="shooting")  # only what the words say: no inference
    officers_used_force = involvement is not None and involvement.value == "by_officer" or any(
        lk.kind == "patient" and lk.law or lk.kind == "agent" and (lk.officer or officers[key])
        for key, lks in links.items() for lk in lks)
    deaths_told = any(KILLED.search(s.text) for s in sentences)
    people: list[Person] = []
    for key in order:
        spans = named.get(key)
        if not spans or not is_participant(links.get(key, [])):
            continue
        person = describe_person(key, spans, text, sentences, links[key], officer=officers[key],
                                 officers_used_force=officers_used_force, deaths_told=deaths_told)
        full = relative_full_name(key, spans, text, full_names, analysis.sentences)
        if full and full not in groups:
            person.name = Value(full, person.name.spans, f"{R_FIRST_NAME}+{R_RELATIVE_SURNAME}")
        people.append(person)
    add_unnamed(people, text, sentences, excluded, officers_used_force, deaths_told)
    return people


RELATIVE_BEFORE = re.compile(r"\b(?:his|her|their)\s+(?:(?:\w+-)?(?:year|month)-old\s+|(?:baby|infant|young|little|younger|older"
                             r"|eldest|youngest)\s+)?(?:wife|husband|son|daughter|brother|sister|mother|father|child|stepson"
                             r"|stepdaughter|grandson|granddaughter|nephew|niece|twin)\s*,?\s+$", re.I)


def relative_full_name(first: str, spans: list[tuple[int, int]], text: str, full_names: list[str],
                       sentences: list[Sentence]) -> str | None:
    """ "Clarence Washington shot his wife Shauna" → "Shauna Washington": a first name given as a
    relative of someone the sentence names in full takes that person's surname (an inference,
    marked by the name's rule)."""
    if " " in first:
        return None
    for start, _ in spans:
        if not RELATIVE_BEFORE.search(text[max(0, start - 40):start]):
            continue
        sent = sentence_has(sentences, start, start + len(first))
        before = text[sent.start if sent else max(0, start - 200):start]
        owners = [(before.rfind(f), f) for f in full_names if f in before]
        if owners:
            return f"{first} {max(owners)[1].split()[-1]}"
    return None


def shared_surname_names(text: str, candidates: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """"Jaeci and Connor Westerhuis" → "Jaeci Westerhuis" (grounded in "Jaeci") when the
    surname belongs to someone the document names; the last name of the list is already a candidate."""
    surnames = {c[2].split()[-1] for c in candidates if " " in c[2]}
    out = []
    for m in SHARED_SURNAME.finditer(text):
        surname = m.group(3)
        if surname not in surnames:
            continue
        firsts = list(re.finditer(r"[A-Z][a-z'’-]+", m.group(1)))
        if any(f.group() in surnames for f in firsts):
            continue  # "Knarr and Jen Knarr", "Roberson and Jerome Jones": surnames, not a list of first names
        for first in firsts:
            s = m.start(1) + first.start()
            out.append((s, s + len(first.group()), f"{first.group()} {surname}"))
        s2 = m.start(2)
        if not any(a <= s2 < b for a, b, _ in candidates):
            out.append((s2, m.end(3), f"{m.group(2)} {surname}"))
    return out


def not_a_person(name: str, text: str, start: int) -> bool:
    """Agency names, places and fragments the tagger calls people. A name given an age ("Thomas
    Lane, 28,", "a 30-year-old, Kyle Sheriff") is a person whatever its words."""
    if not re.match(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]*)*$", name) or len(name) < 3:
        return True
    if any(w.lower() in FORCE_WORDS or w.lower() in NOT_NAME_WORDS for w in name.split()) or re.fullmatch(r"[A-Z]{2,6}", name):
        return True  # a headline's words ("Shoot and Kill Armed Man") or an outlet's letters ("NBC")
    if " " in name and (AGE_AFTER.match(text[start + len(name):start + len(name) + 12])
                        or AGE_BEFORE.search(text[max(0, start - 40):start])):
        return False
    if any(p.search(name) for _, p in AGENCIES) or state_code(name) or lookup_city(name):
        return True
    if re.search(r"\b(?:Street|Avenue|Road|Drive|Boulevard|Lane|County|Parish|Police|Department|Hospital|Center|Court|Park"
                 r"|School|Church|Mall|Highway|Interstate|Facebook|Twitter|Instagram|Services?|Workers|Union|Association|Council"
                 r"|Committee|Coalition|Institute|University|College|Agency|Bureau|Foundation|Network)\b", name):
        return True
    return bool(PLACE_BEFORE.search(text[max(0, start - 6):start])) and not PERSON_OF.search(text[max(0, start - 20):start])


NEAR_CHARS = 300  # how far back a bare surname looks for the full name it stands for, when two people share it
CENTRAL = 2  # namings in a mention that make a person one the report is about
SPEAKER_AFTER = re.compile(r"^(?:\s*,[^,]{1,80}){0,3},?\s+(?:said|says|told|tells|recalled|added|wrote|explained)\b")
SPEAKER_BEFORE = re.compile(r"\b(?:said|says|told|according\s+to)\s+(?:[\w.'’-]+\s+){0,4}$")


def aged_in_event(text: str, start: int, end: int, sent: Sentence | None, central: bool = False) -> Link | None:
    """A "named" link for a person given an age ("Dana Reyes, 19,", "17-year-old Dana Reyes") in a sentence
    that tells the force or its outcome — or anywhere, for the person the report keeps coming back to
    (``central``) —, unless the person is that sentence's speaker or is introduced as someone's relative."""
    if sent is None or not (central or SHOOTING.search(sent.text) or KILLED.search(sent.text) or INJURED.search(sent.text)):
        return None
    if RELATIVE_BEFORE.search(text[max(0, start - 40):start]):
        return None
    m = AGE_AFTER.match(text[end:end + 12])
    b = AGE_BEFORE.search(text[max(0, start - 40):start])
    rest = text[end:sent.end]
    # "said Jim Holt, 60, a neighbour." speaks; "Police said 48-year-old Lee Park was hunting" does not
    said_before = SPEAKER_BEFORE.search(text[max(sent.start, start - 60):start]) and not re.search(
        r"\b(?:was|were|is|are|had|has|have)\b", rest)
    if not (m or b) or SPEAKER_AFTER.match(rest[:200]) or said_before:
        return None
    base = max(0, start - 40)
    s0, e0 = (end + m.start(1), end + m.end(1)) if m else (base + b.start(1), base + b.end(1))
    return Link("named", s0, e0, R_AGE_EVENT)


def officer_named(spans: list[tuple[int, int]], text: str) -> Value | None:
    """"officer" when a naming gives the person an officer's or agent's title or job ("ICE officer Lee
    Park", "Lee Park, a Border Patrol agent,", "the agent, Lee Park,"), else None."""
    for start, end in spans:
        before = re.split(r"\n|[.!?:]\s", text[max(0, start - 40):start])[-1]  # this sentence only
        m = OFFICER_TITLE.search(before) or OFFICER_AFTER.match(text[end:end + 60]) or \
            (OFFICER_APPOSED.search(before) if text[end:end + 1] == "," else None)
        if m:
            s0 = start - len(before) + m.start() if m.re is not OFFICER_AFTER else end + m.start()
            return Value("officer", (Span(s0, s0 + len(m.group().strip())),), R_OFFICER_TITLE)
    return None


def describe_person(name: str, spans: list[tuple[int, int]], text: str, sentences: list[Sentence],
                    links: list[Link], *, officer: Value | None, officers_used_force: bool, deaths_told: bool) -> Person:
    """A participant's record from their namings in the mention and the links the text makes."""
    age: Value | None = None
    charged: Value | None = None
    citizen: Value | None = None
    for start, end in spans:
        before = text[max(0, start - 60):start]
        after = text[end:end + 60]
        sent = sentence_has(sentences, start, end)
        m = AGE_AFTER.match(after)
        if m and 0 < int(m.group(1)) < 110 and age is None:
            age = Value(int(m.group(1)), (Span(end + m.start(1), end + m.end(1)),), R_AGE_AFTER)
        m = AGE_BEFORE.search(before)
        if m and age is None and 0 < int(m.group(1)) < 110:
            s = start - len(before) + m.start(1)
            age = Value(int(m.group(1)), (Span(s, s + len(m.group(1))),), R_AGE_BEFORE)
        if sent is None:
            continue
        local = sent.text
        if charged is None:
            m2 = NOT_CHARGED.search(local)
            if m2:
                charged = Value("no", (Span(sent.start + m2.start(), sent.start + m2.end()),), R_NOT_CHARGED)
            else:
                m2 = CHARGED.search(local)
                if m2:
                    charged = Value("yes", (Span(sent.start + m2.start(), sent.start + m2.end()),), R_CHARGED)
        if citizen is None:
            base = max(sent.start, start - 120)
            window = text[base:min(sent.end, end + 160)]
            m2 = CITIZEN_YES.search(window)
            m3 = CITIZEN_NO.search(window)
            if m2 and not re.search(r"\bnot\s+(?:a\s+)?$", window[:m2.start()]):
                citizen = Value("yes", (Span(base + m2.start(), base + m2.end()),), R_CITIZEN)
            elif m3:
                citizen = Value("no", (Span(base + m3.start(), base + m3.end()),), R_CITIZEN)
    role = decide_role(links, sentences, officers_used_force=officers_used_force, officer=officer is not None)
    if role.value == "officer" and officer is not None and not role.spans:
        role = officer
    return Person(
        name=Value(name, tuple(Span(s, e) for s, e in spans[:5]), R_NAME), age=age, role=role,
        status=decide_status(links, deaths_told=deaths_told), citizen=citizen or Value("unknown", (), R_NOT_STATED),
        charged=charged or Value("unknown", (), R_NOT_STATED),
    )


SUSPECT_NEAR = re.compile(r"\b(?:suspect(?:ed)?|charged|arrested|gunman|shooter|accused|opened\s+fire|fired\s+(?:at|into|shots))\b",
                          re.I)


FORCE_ON_UNNAMED = re.compile(r"\b(?:shot\s+and\s+killed|fatally\s+shot|killed|shot|wounded|struck|hit)\s+$")


def add_unnamed(people: list[Person], text: str, sentences: list[Sentence], excluded, officers_used_force: bool,
                deaths_told: bool) -> None:
    """Unnamed people given an age in an event sentence, unless a named person has that age."""
    known_ages = {p.age.value for p in people if p.age}
    for sent in sentences:
        if not (SHOOTING.search(sent.text) or KILLED.search(sent.text) or INJURED.search(sent.text)):
            continue
        for m in UNNAMED.finditer(sent.text):
            age = int(m.group("age"))
            start = sent.start + m.start()
            if age in known_ages or not 0 < age < 110 or any(a <= start < b for a, b in excluded):
                continue
            known_ages.add(age)
            clause = sent.text[m.start():m.start() + 160]
            status = Value("unknown", (), R_STATUS_UNKNOWN)
            k = KILLED.search(clause)
            i = INJURED.search(clause) or re.search(r"\bshot\b", clause)
            base = sent.start + m.start()
            done_to = FORCE_ON_UNNAMED.search(sent.text[max(0, m.start() - 40):m.start()])  # "deputies shot a 31-year-old"
            if k:
                status = Value("killed", (Span(base + k.start(), base + k.end()),), R_UNNAMED_OUTCOME)
            elif i:
                status = Value("injured", (Span(base + i.start(), base + i.end()),), R_UNNAMED_OUTCOME)
            elif done_to:
                at = sent.start + max(0, m.start() - 40) + done_to.start()
                outcome = outcome_of(done_to.group())
                if outcome == "killed" or outcome in ("injured", "hit") and not deaths_told:
                    status = Value("killed" if outcome == "killed" else "injured",
                                   (Span(at, at + len(done_to.group().strip())),), R_UNNAMED_OUTCOME)
            noun = m.group("noun")
            suspect = noun == "suspect" or SUSPECT_NEAR.search(clause) and not status.spans
            if status.spans and officers_used_force:
                role, rule = "subject", R_ROLE_SUBJECT
            elif suspect and not officers_used_force:
                role, rule = "suspect", R_ROLE_SUSPECT
            elif status.spans:
                role, rule = "victim", R_ROLE_VICTIM
            else:
                role, rule = "unknown", R_ROLE_UNKNOWN
            age_start = sent.start + m.start("age")
            people.append(Person(
                name=None, age=Value(age, (Span(age_start, age_start + len(m.group("age"))),), R_UNNAMED),
                role=Value(role, (Span(sent.start + m.start(), sent.start + m.end()),), rule), status=status,
                gender=Value({"man": "male", "boy": "male", "male": "male", "father": "male", "woman": "female",
                              "girl": "female", "female": "female", "mother": "female"}.get(noun, "unknown"),
                             (Span(sent.start + m.start("noun"), sent.start + m.end("noun")),), R_UNNAMED),
            ))
