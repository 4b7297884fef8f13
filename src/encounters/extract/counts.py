"""Casualty counts and shots fired from the wording of a report.

In: the sentences of one incident mention (and the people found in them). Out: ``Value``
records for ``killed``, ``injured`` and ``shots_fired``: numbers stated outright ("two people
were shot, one fatally", "killing three", "no one was hurt"), reconciled with the people whose
outcome the article gives; when a shooting is reported and nobody is said to have died or been
hurt, the count is 0, marked inferred with the rule that inferred it.
"""
from __future__ import annotations

import re

from encounters.core.model import Person, Span, Value, passed
from encounters.extract.lexicon import NOBODY_HURT, NUMBER_WORDS, SHOTS_COUNT
from encounters.extract.nlp import Sentence
from encounters.extract.rules import declare_all

declare_all(__name__, [
    ("n_shot_m_fatally", "killed", "N people shot, M fatally", "two people were shot, one fatally", "candidate"),
    ("n_dead_m_wounded", "killed", "N dead and M (another) wounded", "one man dead and another wounded", "candidate"),
    ("count_singular", "killed", "one person named by a noun with an outcome", "the driver was wounded", "candidate"),
    ("count_object_one", "killed", "killing or wounding one person", "wounding the driver", "candidate"),
    ("count_subject", "killed", "N people with an outcome", "three men were wounded", "candidate"),
    ("count_object", "killed", "killing or wounding N people", "killing two and wounding three", "candidate"),
    ("count_all_of_them", "killed", "all N died / were wounded", "all four died", "candidate"),
    ("count_adjective", "killed", "N dead / N wounded", "two dead, three wounded", "candidate"),
    ("nobody_hurt", "injured", "no one was hurt", "no one was injured", "candidate"),
    ("people_killed", "killed", "the people the report says were killed", "Ana Ruiz, 19, died at the scene", "decision"),
    ("people_injured", "injured", "the people the report says were hurt", "Dana Reyes was wounded", "decision"),
    ("shot_minus_killed", "injured", "those shot less those killed", "four were shot; one died", "decision"),
    ("fatal_implies_one", "killed", "a fatal shooting with no number: one killed", "a fatal shooting Wednesday", "inference"),
    ("shot_then_died", "injured", "the one person shot died: none injured besides", "a boy was shot … he died Thursday", "decision"),
    ("fatal_in_headline", "killed", "the text tells no death but the report's headline does: 1 killed",
     "Teen dies after accidental shooting at a range", "inference"),
    ("no_death_reported", "killed", "a shooting with no death reported: 0 killed", "agents fired; the driver fled", "inference"),
    ("no_injury_reported", "injured", "a shooting with no injury reported: 0 injured", "shots were fired; no one was struck", "inference"),
    ("someone_shot_survived", "injured", "someone is said to be shot, no count is given and no one died: 1 injured",
     "a 14-year-old was shot in the leg and taken to a hospital", "decision"),
    ("shots_phrase", "shots_fired", "how many shots were fired", "fired three rounds", "candidate"),
])

_NUM = r"(?:\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_WHO = (r"(?:other\s+|more\s+|additional\s+|young\s+|innocent\s+)?(?:people|persons|men|women|teens?|teenagers|children|kids|boys|girls|victims"
        r"|others|adults|officers|agents|deputies|individuals|students|family\s+members|bystanders|males|females"
        r"|man|woman|boy|girl|person|child|victim|officer|agent|deputy|driver|passenger|bystander|motorist|male|female|infant|toddler)")
_ABOUT = r"(?:(?:at\s+least|more\s+than|about|nearly|roughly|some|another)\s+)?"
_ONE = (r"(?:man|woman|boy|girl|teen|teenager|person|child|victim|officer|agent|deputy|driver|passenger|bystander|motorist"
        r"|suspect|protester|student|worker|father|mother|\d{1,3}-(?:year|month|week)[- ]old)")
COUNT_PATTERNS = [
    # "two people were shot, one fatally"
    ("shot_fatally", re.compile(rf"\b(?P<n>{_NUM})\s+{_WHO}\s+(?:were|was|have\s+been|had\s+been)?\s*shot\b[^.;]{{0,40}}?,?\s+(?P<k>{_NUM})\s+(?:of\s+them\s+)?fatally", re.I)),
    # "found one man dead and another wounded", "two people dead and three others hurt"
    ("dead_and_wounded", re.compile(rf"\b(?P<n>{_NUM})\s+(?:{_WHO}\s+)?(?:was\s+|were\s+|is\s+|are\s+)?dead\s+and\s+"
                                    rf"(?P<k>another|{_NUM})\s+(?:{_WHO}\s+)?(?:was\s+|were\s+|is\s+|are\s+)?(?:\w+ly\s+)?(?:wounded|injured|hurt)\b", re.I)),
    ("singular", re.compile(rf"\b(?P<n>the|a|an|one)\s+(?:[\w-]+\s+){{0,2}}{_ONE}\s+(?:(?:who\s+)?(?:was|got|later)\s+)?(?:\w+ly\s+)?(?P<what>killed|wounded|injured|hurt|died|dies|pronounced\s+dead|found\s+dead|shot\s+dead|fatally\s+shot|shot(?!\s+at))\b", re.I)),
    # "a 5-year-old boy is dead after …", "left a 16-year-old girl dead"
    ("singular", re.compile(rf"\b(?P<n>the|a|an|one)\s+(?:[\w-]+\s+){{0,2}}{_ONE}\s+(?:is|was)\s+(?P<what>dead)\b", re.I)),
    ("object_one", re.compile(rf"\bleft\s+(?P<n>the|a|an|one)\s+(?:[\w-]+\s+){{0,2}}{_ONE}\s+(?P<what>dead)\b", re.I)),
    ("object_one", re.compile(rf"\b(?P<what>killing|wounding|injuring)\s+(?P<n>the|a|an|one)\s+(?:\w+\s+)?{_ONE}\b", re.I)),
    ("subject", re.compile(rf"\b{_ABOUT}(?P<n>{_NUM})\s+(?:\w+\s+)?{_WHO}\s+(?:\w+\s+)?(?:were|was|are|is|have\s+been|had\s+been|got|later)?\s*(?:(?:confirmed|believed|reported|said|known)\s+to\s+have\s+been\s+)?(?:\w+ly\s+)?(?P<what>killed|dead|died|wounded|injured|hurt|hospitali[sz]ed|shot(?!\s+at))\b", re.I)),
    ("object", re.compile(rf"\b(?P<what>killing|killed|leaving|left|wounding|wounded|injuring|injured|shooting|shot)\s+{_ABOUT}(?P<n>{_NUM})\s+(?:{_WHO}\s+)?(?P<dead>dead|injured|wounded)?\b", re.I)),
    # "all four died", "all three were killed"
    ("all_of_them", re.compile(rf"\b(?:all|each\s+of\s+the)\s+(?P<n>{_NUM})\s+(?:of\s+them\s+|{_WHO}\s+)?(?:were\s+|had\s+|have\s+)?"
                               rf"(?P<what>died|killed|dead|pronounced\s+dead|wounded|injured)\b", re.I)),
    ("adjective", re.compile(rf"\b(?P<n>{_NUM})\s+(?:{_WHO}\s+)?(?P<what>dead|killed|wounded|injured)\b(?!\s+(?:in|by)\s+(?:car|crash))", re.I)),
]


FATAL = re.compile(r"\b(?:fatal(?:ly)?\s+(?:shooting|shot|wounded)|shot\s+and\s+killed|shot\s+dead|shot\s+to\s+death"
                   r"|(?:was|were)\s+(?:later\s+)?(?:pronounced|found)\s+dead|died\s+(?:at|from|of|after|later|in|on|within|shortly|hours"
                   r"|days|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|homicide\s+victim"
                   r"|(?<!could\s)(?<!would\s)(?<!might\s)(?<!may\s)(?<!should\s)(?<!must\s)"
                   r"(?:has|have|had|later|eventually|since|subsequently)\s+died\b|deadly\s+shooting|shooting\s+death"
                   r"|found\s+(?:him|her|the\s+\w+)\s+dead)", re.I)


# someone was hit: "a 14-year-old was shot in the leg", "after being shot", "a gunshot wound", "accidentally shot
# his girlfriend" — not "shot at", not a death ("shot and killed", "shot dead"), not a pepper ball or a beanbag
SOMEONE_SHOT = re.compile(
    r"\b(?:was|were|been|being|got|is)\s+(?:\w+ly\s+)?(?:shot|wounded|struck\s+by\s+(?:a\s+)?(?:stray\s+)?(?:bullets?|gunfire))\b"
    r"(?!\s+(?:at|and\s+killed|dead|to\s+death|with\s+(?:a\s+|an\s+)?(?:pepper|rubber|tear|less|bean|foam|paint|taser|stun)))"
    r"|\bgunshot\s+wounds?\b|\bnon-?\s?life[- ]threatening\s+(?:injur|wound)|\bshot\s+(?:him|her|himself|herself|(?:his|her)\s+(?!way\b)\w+)\b(?!\s+(?:dead|to\s+death))"
    # "hit by a stray bullet", "injured in an accidental shooting", "was hospitalized", "shoots self"
    r"|\b(?:hit|struck)\s+by\s+(?:a\s+)?(?:stray\s+)?(?:bullets?|gunfire)\b"
    r"|\b(?:was|were|is|been|being|got)\s+(?:\w+ly\s+)?(?:injured|hurt|hospitali[sz]ed)\s+(?:in|during|by|after)\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,2}(?:shooting|gunfire|gunshot|bullet)\b"
    r"|\b(?:was|were|is|been|being|got)\s+(?:\w+ly\s+)?(?:hospitali[sz]ed|airlifted|air-?\s?lifted)\b"
    r"|\bshoots?\s+(?:him|her)?self\b|\binjured\s+(?:himself|herself)\s+with\s+(?:a|the|his|her)\s+(?:gun|firearm|handgun|rifle|shotgun|pistol)\b"
    # the condition of someone shot: "in critical but stable condition", "injuries that were not life-threatening"
    r"|\b(?:stable|critical|serious|guarded)\s+condition\b"
    r"|\b(?:not\s+|non-?\s?)(?:believed\s+to\s+be\s+|considered\s+)?life[- ]threatening\b", re.I)


DEATH_WORD = re.compile(r"\b(?:di(?:e|ed|es|ing)|dead|deaths?|deadly|killed|killing|fatal(?:ly)?|homicides?|slain|lifeless"
                        r"|murder(?:ed)?|coroner|medical\s+examiner)\b", re.I)
# a death in the headline of the main incident ("Teen dies after …", "Toddler Shot, Killed", "Takes Own Life")
HEADLINE_DEATH = re.compile(r"\b(?:dies|died|dead|killed|kills|fatal(?:ly)?|deadly|slain|death|killing|shot\s+to\s+death"
                            r"|takes?\s+(?:his|her|their|own)\s+(?:own\s+)?life)\b", re.I)
# a death named only as what guns can do ("severe injury or death", "injured or killed by a loaded gun"): no death told
HARM_OR_DEATH = re.compile(r"\b(?:injur(?:y|ies|ed)|wound(?:s|ed)?|hurt|harm)\s+or\s+(?:death|killed|die|dying)\b"
                           r"|\b(?:death|killed|die|dying)\s+or\s+(?:injur(?:y|ies|ed)|wound(?:s|ed)?|hurt|harm)\b", re.I)


def outcome_kind(what: str, rule: str) -> str | None:
    """``killed`` / ``injured`` / ``shot`` for the outcome word a count pattern caught."""
    if what.startswith(("killed", "dead", "died", "killing", "pronounced", "found", "shot dead", "fatally", "dies")):
        return "killed"
    if what in ("wounded", "injured", "hurt", "hospitalized", "hospitalised", "wounding", "injuring"):
        return "injured"
    if what == "shooting" or (what == "shot" and rule != "object"):
        return "shot"
    return None


def counts_in_headline(title: str) -> dict[str, int]:
    """Counts a headline states ("4 Found Shot Dead", "Three People Dead"), used when the text has none."""
    out: dict[str, int] = {}
    for rule, pattern in COUNT_PATTERNS:
        for m in pattern.finditer(title):
            if rule in ("shot_fatally", "dead_and_wounded"):
                continue
            n = number(m.group("n"))
            kind = outcome_kind((m.groupdict().get("dead") or m.group("what") or "").lower(), rule)
            if n is not None and kind in ("killed", "injured"):
                out[kind] = max(out.get(kind, 0), n)
    m = re.search(rf"\b(?P<n>{_NUM})\s+(?:\w+\s+){{0,2}}(?:found\s+)?(?:shot\s+)?dead\b", title, re.I)
    if m and number(m.group("n")):
        out["killed"] = max(out.get("killed", 0), number(m.group("n")))
    return out


def number(token: str) -> int | None:
    token = token.lower()
    if token == "the":
        return 1
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


def find_counts(sentences: list[Sentence], people: list[Person], *, shooting: bool,
                excluded: list[tuple[int, int]] = (), title: str | None = None) -> dict[str, Value]:
    """``killed``, ``injured`` and ``shots_fired`` values for one mention (``title``: the headline,
    when the mention is the article's main incident)."""
    explicit: dict[str, Value] = {}
    lost: dict[str, list[dict]] = {"killed": [], "injured": [], "shot": []}

    def keep(kind: str, n: int, span: Span, rule: str) -> None:
        if n > 500:
            return
        if kind not in explicit or n > explicit[kind].value:
            if kind in explicit:
                old = explicit[kind]
                lost[kind].append(passed(old.value, old.spans[0], old.rule, "a larger count is stated"))
            explicit[kind] = Value(n, (span,), rule)
        elif n != explicit[kind].value:
            lost[kind].append(passed(n, span, rule, "a larger count is stated"))

    for sent in sentences:
        if any(a <= sent.start < b for a, b in excluded):
            continue
        t = sent.text
        for rule, pattern in COUNT_PATTERNS:
            for m in pattern.finditer(t):
                n = number(m.group("n"))
                if n is None:
                    continue
                span = Span(sent.start + m.start(), sent.start + m.end())
                if rule == "shot_fatally":
                    k = number(m.group("k")) or 0
                    keep("killed", k, span, "n_shot_m_fatally")
                    keep("injured", max(0, n - k), span, "n_shot_m_fatally")
                    continue
                if rule == "dead_and_wounded":
                    keep("killed", n, span, "n_dead_m_wounded")
                    keep("injured", 1 if m.group("k").lower() == "another" else (number(m.group("k")) or 0), span,
                         "n_dead_m_wounded")
                    continue
                kind = outcome_kind((m.groupdict().get("dead") or m.group("what")).lower(), rule)
                if kind:
                    keep(kind, n, span, f"count_{rule}")
        m = NOBODY_HURT.search(t)
        # "no one else was injured" says someone was: no zero from it
        if m and not re.search(r"\b(?:officers?|agents?|deputies|else)\b", m.group(0), re.I):
            span = Span(sent.start + m.start(), sent.start + m.end())
            explicit.setdefault("injured", Value(0, (span,), "nobody_hurt"))
            explicit.setdefault("killed", Value(0, (span,), "nobody_hurt"))
    out: dict[str, Value] = {}
    people_killed = [p for p in people if p.status.value == "killed"]
    people_injured = [p for p in people if p.status.value == "injured"]
    killed = explicit.get("killed")
    if killed is None or len(people_killed) > killed.value:
        if people_killed:
            killed = Value(len(people_killed), tuple(s for p in people_killed for s in p.status.spans[:1]), "people_killed")
    injured = explicit.get("injured")
    shot = explicit.get("shot")
    if injured is None and shot is not None:
        k = killed.value if killed else 0
        if shot.value >= k:
            injured = Value(shot.value - k, shot.spans, "shot_minus_killed")
    if injured is None or len(people_injured) > injured.value:
        if people_injured:
            injured = Value(len(people_injured), tuple(s for p in people_injured for s in p.status.spans[:1]), "people_injured")
    if killed is None:
        for sent in sentences:
            m = FATAL.search(sent.text)
            if m and not any(a <= sent.start < b for a, b in excluded):
                killed = Value(1, (Span(sent.start + m.start(), sent.start + m.end()),), "fatal_implies_one")
                break
    if killed is None and title and HEADLINE_DEATH.search(title):
        killed = Value(1, (), "fatal_in_headline")  # inferred: a count any source states wins
    if (killed is not None and killed.rule in ("fatal_implies_one", "fatal_in_headline") and injured is not None
            and injured.value == 1
            and len(people_injured) + len(people_killed) <= 1):
        # "a boy was shot … he died Thursday": one person, shot and then dead
        injured = Value(0, injured.spans, "shot_then_died")
    if killed is not None and explicit.get("killed") is not None and killed is not explicit["killed"]:
        e = explicit["killed"]
        lost["killed"].append(passed(e.value, e.spans[0], e.rule, "fewer than the people the report says were killed"))
    if injured is not None and explicit.get("injured") is not None and injured is not explicit["injured"]:
        e = explicit["injured"]
        lost["injured"].append(passed(e.value, e.spans[0] if e.spans else None, e.rule,
                                      "fewer than the people the report says were hurt"))
    killed = with_lost(killed, lost["killed"])
    injured = with_lost(injured, lost["injured"])
    if killed is not None:
        out["killed"] = killed
    elif shooting:
        out["killed"] = Value(0, (), "no_death_reported")
    uncounted = False  # "they were shot", with no count: some were hurt, how many is not said
    if injured is None and (killed is None or killed.value == 0):
        injured = someone_shot(sentences, excluded, title)
        uncounted = injured is UNCOUNTED
        injured = None if uncounted else injured
    if injured is not None:
        out["injured"] = injured
    elif shooting and not uncounted:
        out["injured"] = Value(0, (), "no_injury_reported")
    for sent in sentences:
        m = SHOTS_COUNT.search(sent.text)
        if m:
            token = next(g for g in (m.group("n1"), m.group("n2"), m.group("n3")) if g)
            n = number(token.split()[-1]) if token.split()[-1].lower() not in ("several", "multiple") else None
            span = Span(sent.start + m.start(), sent.start + m.end())
            out["shots_fired"] = Value(n if n is not None else token.lower(), (span,), "shots_phrase")
            break
    return out


UNCOUNTED = Value(None, (), "")  # someone_shot's answer when several were hit and no count is given


def someone_shot(sentences: list[Sentence], excluded: list[tuple[int, int]] = (),
                 title: str | None = None) -> Value | None:
    """One injured, inferred, when a sentence says someone was hit and nothing — no count, no word of a
    death in the sentences or the headline — says more; ``UNCOUNTED`` when it says several were ("they
    were shot"); None otherwise."""
    kept = [s for s in sentences if not any(a <= s.start < b for a, b in excluded)]
    if any(DEATH_WORD.search(HARM_OR_DEATH.sub(" ", t)) for t in [s.text for s in kept] + [title or ""]):
        return None  # a death the count patterns did not read ("Dies" in a headline, "found lifeless"): no guess
    for sent in kept:
        m = SOMEONE_SHOT.search(sent.text)
        if m and m.group().lower().startswith("were "):
            return UNCOUNTED  # "teens were shot": more than one, and no count to say how many
        if m:
            return Value(1, (), "someone_shot_survived")  # inferred: grounded counts of other reports win
    return None


def with_lost(v: Value | None, lost: list[dict]) -> Value | None:
    """``v`` with the counts it was chosen over."""
    if v is None or not lost:
        return v
    return Value(v.value, v.spans, v.rule, tuple(c for c in lost if c["value"] != v.value))
