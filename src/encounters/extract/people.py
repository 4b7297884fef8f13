"""People in an incident: names, ages, roles, outcomes, citizenship, charges.

In: an ``Analysis`` and the sentences that belong to one incident mention. Out: ``Person``
records, each attribute a ``Value`` with the span it came from. A named person is kept when
the article ties them to the incident (an age given with the name, or a sentence that has
them shot, killed, wounded, arrested or charged); reporters, quoted officials and politicians
are not participants. Unnamed people with an age ("a 16-year-old boy was shot") are kept too.
"""
from __future__ import annotations

import re

from encounters.core.model import Person, Span, Value
from encounters.extract.lexicon import AGENCIES, INJURED, KILLED, SHOOTING
from encounters.extract.places import lookup_city, state_code
from encounters.extract.nlp import Analysis, Sentence

TITLE_WORDS = re.compile(
    r"\b(?:Chief|Sheriff|Spokes(?:man|woman|person)|Mayor|Gov\.?|Governor|Sen\.?|Senator|Rep\.?|Representative|President"
    r"|Secretary|Commissioner|Director|Judge|Attorney General|Prosecutor|District Attorney|Coroner|Councilm[ae]n"
    r"|Council(?:wo)?member|Superintendent|Lt\. Gov\.|Pastor|Rev\.|Reverend|Professor|Dr\.)\s*$", re.I)
OFFICER_TITLE = re.compile(r"\b(?:Officer|Agent|Deputy|Trooper|Sgt\.?|Sergeant|Detective|Det\.|Cpl\.?|Corporal|Patrolman|Lt\.|Lieutenant)\s*$")
REPORTER = re.compile(r"(?:\breports?\b|\bcontributed\b|\breported\s+from\b|^\s*By\b|\bWriter\b|\bCorrespondent\b|\bProducer\b)", re.I)
SUSPECT = re.compile(r"\b(?:suspect(?:ed)?|charged|arrested|gunman|shooter|accused|booked|indicted|faces?\s+(?:\w+\s+)?charges?"
                     r"|in\s+custody|turned\s+(?:himself|herself)\s+in|opened\s+fire|fired\s+(?:at|into|shots)|alleged(?:ly)?)\b", re.I)
VICTIM = re.compile(r"\bvictims?\b", re.I)
BYSTANDER = re.compile(r"\bbystanders?\b|\binnocent\b|\bcaught\s+in\s+the\s+crossfire\b|\bstray\s+bullet\b", re.I)
BY_OFFICERS = re.compile(r"\bshot\s+(?:and\s+\w+\s+)?by\s+(?:a\s+|an\s+|two\s+|the\s+)?(?:\w+\s+){0,3}(?:police|officers?|agents?|deputies|deputy|troopers?|marshals?)\b"
                         r"|\b(?:officers?|agents?|deputies|deputy|troopers?|police)\s+(?:\w+\s+){0,3}(?:shot|fired|opened fire)", re.I)
CHARGED = re.compile(r"\b(?:charged\s+with|faces?\s+(?:\w+\s+){0,3}charges?|indicted|was\s+charged|were\s+charged|booked\s+(?:on|for|into)"
                     r"|accused\s+of)\b", re.I)
NOT_CHARGED = re.compile(r"\b(?:not\s+(?:been\s+)?charged|no\s+charges|charges\s+(?:were\s+)?dropped|released\s+without\s+charges?)\b", re.I)
# said of one person ("is a U.S. citizen", "a naturalized citizen"), never of relatives ("children who are U.S. citizens")
CITIZEN_YES = re.compile(r"\b(?:U\.?S\.?|American|United States)[- ](?:born\s+)?citizen\b(?!s)|\bnaturali[sz]ed\s+(?:U\.?S\.?\s+)?citizen\b(?!s)", re.I)
CITIZEN_NO = re.compile(r"\b(?:undocumented|(?:citizen|national)\s+of\s+(?!the\s+United\s+States)[A-Z]\w+|(?:Mexican|Honduran|Guatemalan|Salvadoran"
                        r"|Venezuelan|Cuban|Haitian|Colombian|Ecuadorian|Dominican|Nicaraguan|Brazilian|Chinese|Indian)\s+(?:national|citizen)"
                        r"|in\s+the\s+country\s+illegally|illegal\s+(?:alien|immigrant)|without\s+legal\s+status|asylum[- ]seeker|DACA\s+recipient)\b")
SPEAKER_ROLE = re.compile(
    r"(?:\b(?:attorney|lawyer|public\s+defender|spokes(?:man|woman|person)|neighbou?r|witness|organizer|coach|mayor|chief"
    r"|sheriff|official|director|advocate|reporter|professor|councilm[ae]n|senator|governor|judge|secretary)"
    r"(?:\s+who\s+[^,]{3,60})?,?\s+$)", re.I)
SPEAKER_ROLE_AFTER = re.compile(r"^,\s+(?:a|an|the|his|her|their)\s+(?:[\w'’-]+\s+){0,3}(?:attorney|lawyer|spokes(?:man|woman|person)"
                                r"|neighbou?r|witness|organizer|coach|official|advocate|professor|director)\b", re.I)
IDENTIFIED_AS = re.compile(r"\bidentified\s+(?:(?:the|him|her|them|both|one)\s+)?(?:(?:\w+\s+){0,3})?as\s+(?:\d{1,3}-year-old\s+)?$"
                           r"|\b(?:victims?|suspects?|shooter|gunman|deceased)\s+(?:was|were|is|as)\s+(?:identified\s+as\s+)?$", re.I)
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
_WORD = r"[A-Z][a-zA-Z'’]*[a-z][a-zA-Z'’]*(?:-[A-Z][a-zA-Z'’]+)?"
_NAME = rf"{_WORD}(?:\s+[A-Z]\.)?(?:\s+{_WORD}){{1,2}}"
# a home town after a name: " of Roy, Utah," / ", of Clear Lake,"
_HOMETOWN = r",?\s+of\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?:,\s+[A-Z][\w.]+)?,?"
NAME_BEFORE_OUTCOME = re.compile(
    rf"(?<![\w'’-])({_NAME})(?:,\s+\d{{1,3}},|{_HOMETOWN})?"
    rf"(?:,?\s+and\s+(?P<second>{_NAME})(?:,\s+\d{{1,3}},)?)?\s+(?:"
    r"(?:was|were|had\s+been|has\s+been|is)\s+(?:\w+ly\s+)?(?:shot|killed|wounded|injured|hit|struck|pronounced\s+dead"
    r"|found\s+(?:dead|shot)|taken\s+(?:by\s+\w+\s+)?to|rushed\s+to|hospitali[sz]ed|in\s+(?:critical|serious|stable)\s+condition"
    r"|in\s+(?:a|the)\s+hospital|\d{1,3}\s+years?\s+old)"
    r"|died|dies|suffered)\b")
NAME_LIST_CUE = re.compile(
    r"\b(?:identified\s+(?:[\w'’-]+\s+){0,6}?as|(?:was|were|is|are)\s+named|victims?\s+(?:were|was|are|is|as)"
    r"|(?:the\s+)?(?:dead|injured|wounded|deceased)\s+(?:were|was|are|as)|victims?,|named\s+(?:the\s+\w+\s+)?as"
    r"|(?:found|discovered)(?=\s+[A-Z][a-z]+\s+[A-Z][a-z]+,\s+\d)"
    r"|\b(?:[Tt]he|[Aa])\s+(?:\w+\s+)?(?:victim|boy|girl|man|woman|teen|teenager|child|toddler|person|shooter|gunman"
    r"|suspect),)\s+")
LIST_ITEM = re.compile(rf"(?:(?:his|her|their)\s+)?(?:(?:an?\s+)?\d{{1,3}}-(?:year|month|week)-old\s+)?"
                       rf"(?:(?:toddler|infant|baby|teen|son|daughter|wife|husband|brother|sister|mother|father)\s+)?({_NAME})"
                       r"(?:,\s+\d{1,3}\b(?!-))?")
LIST_SEP = re.compile(r"\s*(?:,|;)?\s*(?:and\s+)?")


def listed_names(text: str) -> list[tuple[int, int, str]]:
    """Names given as participants by what the sentence says of them (see ``NAME_BEFORE_OUTCOME``
    and ``NAME_LIST_CUE``): (start, end, name)."""
    out = []
    for m in NAME_BEFORE_OUTCOME.finditer(text):
        out.append((m.start(1), m.end(1), m.group(1)))
        if m.group("second"):
            out.append((m.start("second"), m.end("second"), m.group("second")))
    for cue in NAME_LIST_CUE.finditer(text):
        pos = cue.end()
        for _ in range(8):  # a list of victims: "A, 24; B, 23, and C, 19"
            m = LIST_ITEM.match(text, pos)
            if not m:
                break
            out.append((m.start(1), m.end(1), m.group(1)))
            sep = LIST_SEP.match(text, m.end())
            if not sep or sep.end() == m.end() or "\n" in sep.group():
                break
            pos = sep.end()
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
    s = re.sub(r"[’']s$", "", s.strip())
    s = re.sub(r"\s+", " ", s).strip(" ,.;:\"“”")
    s = re.sub(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+", "", s)
    return re.sub(r"\s(Jr|Sr)$", r" \1.", s)


def is_participant_context(text: str) -> bool:
    return bool(SHOOTING.search(text) or KILLED.search(text) or INJURED.search(text) or SUSPECT.search(text)
                or VICTIM.search(text) or CHARGED.search(text))


def find_people(analysis: Analysis, sentences: list[Sentence], *, excluded: list[tuple[int, int]] = ()) -> list[Person]:
    """The people one incident mention names (and unnamed people given an age)."""
    text = analysis.document.text
    lo = min((s.start for s in sentences), default=0)
    hi = max((s.end for s in sentences), default=0)
    groups: dict[str, list[tuple[int, int]]] = {}
    order: list[str] = []
    full_names: list[str] = []
    # every PERSON in the document, so "Evans" in the mention resolves to "Saeve Evans" named earlier
    candidates = [(e.start, e.end, e.text) for e in analysis.entities if e.label == "PERSON"]
    seen_starts = {c[0] for c in candidates}
    found = [(m.start(1), m.end(1), m.group(1)) for pattern in (NAME_WITH_AGE, NAME_AFTER_AGE, NAME_BEFORE_CHARGE)
             for m in pattern.finditer(text)]
    listed = listed_names(text)
    named_as_participants = {start for start, _, _ in listed}
    for start, end, raw in found + listed:
        if start not in seen_starts and not any(a <= start < b for a, b, _ in candidates):
            candidates.append((start, end, raw))
            seen_starts.add(start)
    candidates.extend(shared_surname_names(text, candidates))
    candidates.sort()
    for start, end, raw in candidates:
        name = clean_person_name(raw)
        if not_a_person(name, text, start):
            continue
        if not re.match(r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]*)*$", name) or len(name) < 3:
            continue
        parts = name.split()
        key = name
        if len(parts) == 1:
            key = next((f for f in full_names if f.split()[-1] == parts[0] or f.split()[0] == parts[0]), name)
        elif name not in full_names:
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
    # bare surnames the tagger missed ("Ruiz has been charged…")
    for key in list(groups):
        parts = key.split()
        if len(parts) < 2 or len(parts[-1]) < 3:
            continue
        have = {s for s, _ in groups[key]}
        for m in re.finditer(rf"\b{re.escape(parts[-1])}\b(?![’']s\s+(?:sister|brother|mother|father|wife|husband|lawyer|attorney|family))", text[lo:hi]):
            s0 = lo + m.start()
            if re.search(r"[A-Z][\w'’.-]*\s+$", text[max(0, s0 - 25):s0]):
                continue  # part of another full name ("Monique Price")
            if not any(a <= s0 < b for a, b in groups[key]) and s0 not in have:
                groups[key].append((s0, lo + m.end()))
        groups[key].sort()

    people: list[Person] = []
    for key in dict.fromkeys(order):
        spans = [(s, e) for s, e in groups.get(key, []) if not any(a <= s < b for a, b in excluded)]
        in_mention = [(s, e) for s, e in spans if lo <= s and e <= hi]
        if not in_mention:
            continue
        person = describe_person(key, spans, text, analysis.sentences, named_as_participants)
        if person is not None:
            full = relative_full_name(key, spans, text, full_names, analysis.sentences)
            if full and full not in groups:
                person.name = Value(full, person.name.spans, "first_name+relative_surname")
            people.append(person)
    add_unnamed(people, text, sentences, excluded)
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
    if " " in name and (AGE_AFTER.match(text[start + len(name):start + len(name) + 12])
                        or AGE_BEFORE.search(text[max(0, start - 40):start])):
        return False
    if any(p.search(name) for _, p in AGENCIES) or state_code(name) or lookup_city(name):
        return True
    if re.search(r"\b(?:Street|Avenue|Road|Drive|Boulevard|Lane|County|Parish|Police|Department|Hospital|Center|Court|Park"
                 r"|School|Church|Mall|Highway|Interstate|Facebook|Twitter|Instagram)\b", name):
        return True
    return bool(PLACE_BEFORE.search(text[max(0, start - 6):start])) and not PERSON_OF.search(text[max(0, start - 20):start])


def describe_person(name: str, spans: list[tuple[int, int]], text: str, sentences: list[Sentence],
                    named_as_participants: set[int] = frozenset()) -> Person | None:
    """A participant from their mentions, or None for reporters, officials and bystanding names.
    ``named_as_participants``: where the text names someone as a victim or says what happened to them."""
    participant = False
    age: Value | None = None
    role_value: Value | None = None
    statuses: dict[str, Value] = {}
    charged: Value | None = None
    citizen: Value | None = None
    reporter_hits = 0
    speaker_role = False
    for start, end in spans:
        before = text[max(0, start - 60):start]
        after = text[end:end + 40]
        sent = sentence_has(sentences, start, end)
        if REPORTER.search(before[-25:]) or REPORTER.search(after[:20]) or re.search(r"\b(?:By|Photo:|Credit:)\s*$", before):
            reporter_hits += 1
            continue
        if TITLE_WORDS.search(before) and not OFFICER_TITLE.search(before):
            return None
        if SPEAKER_ROLE.search(before) or SPEAKER_ROLE_AFTER.match(after):
            speaker_role = True
        m = AGE_AFTER.match(after)
        if m and 0 < int(m.group(1)) < 110 and age is None:
            age = Value(int(m.group(1)), (Span(end + m.start(1), end + m.end(1)),), "age_apposition")
            participant = True
        m = AGE_BEFORE.search(before)
        if m and age is None and 0 < int(m.group(1)) < 110:
            s = start - len(before) + m.start(1)
            age = Value(int(m.group(1)), (Span(s, s + len(m.group(1))),), "age_before_name")
            participant = True
        if OFFICER_TITLE.search(before):
            role_value = Value("officer", (Span(start, end),), "officer_title")
            participant = True
        if IDENTIFIED_AS.search(before) or start in named_as_participants:
            participant = True  # police or a coroner name the people an incident involves
        if sent is None:
            continue
        rel_start = start - sent.start
        local = sent.text
        if is_participant_context(local):
            participant = True
        # outcome: read the clause around the name, telling the shooter from the shot
        found = outcome_near(local, rel_start, rel_start + (end - start))
        if found and found[0] not in statuses:
            status_word, a, b = found
            statuses[status_word] = Value(status_word, (Span(sent.start + a, sent.start + b),), "outcome_near_name")
        if role_value is None:
            if BYSTANDER.search(local):
                role_value = Value("bystander", (Span(sent.start, sent.end),), "bystander_word")
            elif BY_OFFICERS.search(local) and not OFFICER_TITLE.search(before):
                role_value = Value("subject", (Span(sent.start, sent.end),), "shot_by_officers")
            elif SUSPECT.search(local) and not VICTIM.search(local[max(0, rel_start - 40):rel_start + 40]):
                role_value = Value("suspect", (Span(sent.start, sent.end),), "suspect_word")
            elif VICTIM.search(local):
                role_value = Value("victim", (Span(sent.start, sent.end),), "victim_word")
        if charged is None:
            m2 = NOT_CHARGED.search(local)
            if m2:
                charged = Value("no", (Span(sent.start + m2.start(), sent.start + m2.end()),), "not_charged_phrase")
            else:
                m2 = CHARGED.search(local)
                if m2:
                    charged = Value("yes", (Span(sent.start + m2.start(), sent.start + m2.end()),), "charged_phrase")
        if citizen is None:
            base = max(sent.start, start - 120)
            window = text[base:min(sent.end, end + 160)]
            m2 = CITIZEN_YES.search(window)
            m3 = CITIZEN_NO.search(window)
            if m2 and not re.search(r"\bnot\s+(?:a\s+)?$", window[:m2.start()]):
                citizen = Value("yes", (Span(base + m2.start(), base + m2.end()),), "citizenship_phrase")
            elif m3:
                citizen = Value("no", (Span(base + m3.start(), base + m3.end()),), "citizenship_phrase")
    if reporter_hits and not participant:
        return None
    if speaker_role and age is None and not statuses:
        return None
    if not participant:
        return None
    status = statuses.get("killed") or statuses.get("injured")
    if role_value is None:
        role_value = Value("victim" if status else "unknown", (), "default_role")
    if status is None:
        status = Value("unharmed", (), "no_injury_near_name") if role_value.value in ("suspect", "officer") else \
            Value("unknown", (), "no_outcome_near_name")
    first = spans[0]
    return Person(
        name=Value(name, tuple(Span(s, e) for s, e in spans[:5]), "person_entity"), age=age, role=role_value,
        status=status, citizen=citizen or Value("unknown", (), "not_stated"),
        charged=charged or Value("unknown", (), "not_stated"),
    ) if first else None


AGENT_AFTER = re.compile(r"^(?:\s*,[^,]{0,80},)?\s+(?:\w+ly\s+)?(?:shot|killed|fatally\s+shot|opened\s+fire|fired|stabbed|attacked|murdered|struck)\b(?!\s+(?:and\s+(?:killed|wounded)\s+)?by\b)")
# what follows a name before its verb: a home town (" of Roy, Utah,"), an apposition (", 31,") and a
# second subject (" and Li Chen, 22,")
_COORD = rf"(?:{_HOMETOWN})?(?:\s*,[^,]{{0,80}},)?(?:,?\s+and\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){{0,2}}(?:,\s+\d{{1,3}},)?)?"
KILLED_AFTER = re.compile(rf"^{_COORD},?\s+(?:who\s+)?(?:(?:was|were|had\s+been|has\s+been|is|later)\s+)?(?:later\s+)?(?:found\s+)?(?:\w+ly\s+)?(?:killed|shot\s+and\s+killed|shot\s+dead|found\s+dead|pronounced\s+dead|died|dies|succumbed|was\s+dead)\b")
KILLED_BEFORE = re.compile(r"(?:killed|body\s+of|deceased\s+(?:victim\s+)?as|fatally\s+shot|shot\s+and\s+killed|shot\s+dead|killing|murdered|slaying\s+of|death\s+of|killing\s+of|murder\s+of|victims?\s+(?:was|were|are|is)|victims?,|dead\s+(?:is|was)|identified\s+(?:the\s+\w+\s+)?as|deceased\s+as)\s+(?:[\w.'’-]+\s+){0,3}$")
INJURED_AFTER = re.compile(rf"^{_COORD},?\s+(?:(?:suffered|sustained|had)\s+(?:\w+\s+){{0,2}}(?:gunshot|bullet)\s+wounds?"
                           r"|(?:(?:was|were|had\s+been|has\s+been|is|remains|remained)\s+)(?:found\s+)?(?:\w+ly\s+)?"
                           r"(?:shot|wounded|injured|hurt|hospitali[sz]ed|in\s+(?:critical|serious|stable|fair|good)\s+condition"
                           r"|grazed|struck))\b")
INJURED_BEFORE = re.compile(r"(?:wounded|injured|shot|shooting\s+of|wounding|bullet\s+(?:hit|struck)|(?:hit|struck)\s+by\s+(?:a\s+)?(?:stray\s+)?bullet)\s+(?:[\w.'’-]+\s+){0,4}$")


def outcome_near(sentence: str, start: int, end: int) -> tuple[str, int, int] | None:
    """("killed"|"injured", span) for a name at ``start:end`` of a sentence, or None when they did the shooting."""
    after = sentence[end:end + 160]
    before = sentence[max(0, start - 100):start]
    base_before = max(0, start - 100)
    m = KILLED_AFTER.match(after)
    if m:
        return "killed", end + m.start() + len(m.group(0)) - len(m.group(0).lstrip()), end + m.end()
    m = KILLED_BEFORE.search(before)
    if m:
        return "killed", base_before + m.start(), base_before + m.start() + len(m.group(0).split()[0])
    m = INJURED_AFTER.match(after)
    if m:
        return "injured", end + m.start() + len(m.group(0)) - len(m.group(0).lstrip()), end + m.end()
    if AGENT_AFTER.match(after):
        return None
    m = INJURED_BEFORE.search(before)
    if m and not re.search(r"\bsuspect|\bcharged|\barrested", before, re.I):
        return "injured", base_before + m.start(), base_before + m.start() + len(m.group(0).split()[0])
    return None


def add_unnamed(people: list[Person], text: str, sentences: list[Sentence], excluded) -> None:
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
            status = Value("unknown", (), "no_outcome_near_name")
            k = KILLED.search(clause)
            i = INJURED.search(clause) or re.search(r"\bshot\b", clause)
            if k:
                status = Value("killed", (Span(sent.start + m.start() + k.start(), sent.start + m.start() + k.end()),), "outcome_word_near_name")
            elif i:
                status = Value("injured", (Span(sent.start + m.start() + i.start(), sent.start + m.start() + i.end()),), "outcome_word_near_name")
            noun = m.group("noun")
            role = "suspect" if noun == "suspect" or SUSPECT.search(clause) and not status.spans else \
                ("victim" if status.spans else "unknown")
            age_start = sent.start + m.start("age")
            people.append(Person(
                name=None, age=Value(age, (Span(age_start, age_start + len(m.group("age"))),), "unnamed_age_noun"),
                role=Value(role, (Span(sent.start + m.start(), sent.start + m.end()),), "unnamed_age_noun"), status=status,
                gender=Value({"man": "male", "boy": "male", "male": "male", "father": "male", "woman": "female",
                              "girl": "female", "female": "female", "mother": "female"}.get(noun, "unknown"),
                             (Span(sent.start + m.start("noun"), sent.start + m.end("noun")),), "unnamed_age_noun"),
            ))
