"""The relevance pre-filter: which documents, and which stretches of them, can hold an incident.

In: a document's text (no spaCy). Out: ``relevant(text)`` — whether any sentence of it could report
force — and ``find_stretches(text)`` — the character ranges the statistical pipeline must read: a
window around every force cue, plus the lede (headline, dateline, first paragraphs). Everything else
(navigation, sidebars, comment threads, unrelated sections of a long page) is never given to spaCy.

How it stays cheap: substring searches for stems (``STEMS_OF``: "shot", "gun", "tase", "ramm",
"tackl", …) in the lower-cased text, no regex (a phrase, "opened fire", is matched only where its
last word stands); only in windows around the stems found are the extractor's own force patterns
(``lexicon.SHOOTING``, ``LESS_LETHAL``, ``VEHICLE_FORCE``, ``PHYSICAL_FORCE``) run, each only where
one of its own stems is. Every match of those patterns holds
one of its stems (the stems are written from the patterns' alternatives; ``tests/test_prefilter.py``
reads each alternative through them), so a document the pre-filter drops is one in which
``incidents.force_in`` could find no event sentence, and a game story is dropped by the very test
``extract_mentions`` makes: dropping either costs no recall.

Why the windows are as wide as they are: an incident's account runs on after its last force sentence
(``segment.REACH`` characters) and starts before its first one (the lede), so each cue keeps
``segment.REACH`` characters either side plus a margin, cut at paragraph breaks; the headline's
paragraphs and the dateline are always read. A name the stretches give a participant is looked for
in the rest of the text too (``name_stretches``): a later paragraph about that person is part of the
account even far from any force word.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from encounters.extract.lexicon import LESS_LETHAL, PHYSICAL_FORCE, SHOOTING, SPORTS, VEHICLE_FORCE, VIOLENCE
from encounters.extract.segment import REACH

FORCE_PATTERNS = (SHOOTING, LESS_LETHAL, VEHICLE_FORCE, PHYSICAL_FORCE)
# For each force pattern, stems every one of its alternatives contains (lower case; one space stands for
# any run of white space). Kept loose — a stem, not a word: a stem without a force pattern around it
# costs one search of a window. ``tests/test_prefilter.py`` reads each alternative through them.
_SHOOTING_STEMS = ("shot", "shoot", "fired", "firearm", "open fire", "opened fire", "opening fire", "gun", "bullet", "stray", "a round", "discharg", "rifle", "pistol",
                   "revolver", "weapon", "hunting accident")
_LESS_LETHAL_STEMS = ("tase", "gun", "pepper", "tear gas", "tear-gas", "bullet", "bean", "lethal", "chemical", "flash",
                      "smoke", "munition", "projectile", "weapon", "foam", "control round", "impact round",
                      "kinetic round", "control measure", "control device")
_OFFICERS = ("agent", "officer", "deput", "trooper", "protester")
_VEHICLE_STEMS = ("ramm", "ran over", "run over", "running over", "runs over", "dragg", "pinned", "car against",
                  "vehicle against", "truck against", "weapon") + _OFFICERS
_PHYSICAL_STEMS = ("tackl", "slamm", "punch", "kick", "beat", "chok", "restrain", "subdu", "pushed", "shoved", "threw",
                   "thrown", "knocked", "forced", "pinned", "wrestled", "knelt", "kneeling", "excessive force",
                   "roughed", "dragg", "injur", "hurt", "hospitali") + _OFFICERS
STEMS_OF = {SHOOTING: _SHOOTING_STEMS, LESS_LETHAL: _LESS_LETHAL_STEMS, VEHICLE_FORCE: _VEHICLE_STEMS,
            PHYSICAL_FORCE: _PHYSICAL_STEMS}
STEMS = tuple(dict.fromkeys(st for stems in STEMS_OF.values() for st in stems))
PATTERNS_OF = {st: tuple(p for p in FORCE_PATTERNS if st in STEMS_OF[p]) for st in STEMS}
WORD_STEMS = tuple(st for st in STEMS if " " not in st)
LAST_WORD_OF = {st: st.rsplit(" ", 1)[1] for st in STEMS if " " in st}  # a phrase stands only where its last word does
PHRASE_STEMS = re.compile("|".join(re.escape(st).replace(r"\ ", r"\s+") for st in STEMS if " " in st))
WINDOW = 200  # characters around a keyword within which a force pattern's match must lie
LEDE_CHARS = 1_500  # the headline, dateline and first paragraphs: always read
MARGIN = 500  # beyond segment.REACH: a sentence that starts within reach ends a little later
STRETCH = REACH + MARGIN
NAME_STRETCH = 1_500  # read around a participant's name found outside the first stretches
JOIN_GAP = 600  # two stretches closer than this are read as one (fewer, longer texts for spaCy)


def has_stem(text: str) -> bool:
    """The first, cheapest test (substring searches in the lower-cased text; a phrase's pattern only
    where its last word stands): False when no force pattern can match anywhere in it."""
    low = text.lower()
    if any(stem in low for stem in WORD_STEMS):
        return True
    backward = None
    for last, phrases in PHRASES_ENDING:
        if last in low:
            backward = low[::-1] if backward is None else backward
            if phrases.search(backward):
                return True
    return False


def stems_in(text: str) -> list[str]:
    """The stems the text holds, in ``STEMS`` order. A word stem holds no white space, so it is searched
    for in the lower-cased text as it is; a phrase (any run of white space between its words) only where
    its last word stands, and then read backwards, from that word (``backwards``)."""
    low = text.lower()
    backward = None
    out = []
    for stem in STEMS:
        last = LAST_WORD_OF.get(stem)
        if last is None:
            if stem in low:
                out.append(stem)
        elif last in low:
            backward = low[::-1] if backward is None else backward
            if BACKWARD_PHRASE[stem].search(backward):
                out.append(stem)
    return out


def backwards(phrases: list[str]) -> re.Pattern:
    """A pattern matching, in a reversed text, the reverse of any of ``phrases`` (which end in the same
    word; any run of white space between words): it starts with that word, so the search is a fast one
    for its letters."""
    last = phrases[0].rsplit(" ", 1)[1]
    rests = [re.escape(p[::-1][len(last):]).replace(r"\ ", r"\s+") for p in phrases]
    return re.compile(re.escape(last[::-1]) + "(?:" + "|".join(rests) + ")")


BACKWARD_PHRASE = {st: backwards([st]) for st in LAST_WORD_OF}
PHRASES_ENDING = tuple((last, backwards([st for st in LAST_WORD_OF if LAST_WORD_OF[st] == last]))
                       for last in dict.fromkeys(LAST_WORD_OF.values()))


def find_cues(text: str, present: list[str] | None = None) -> list[tuple[int, int]]:
    """(start, end) of the force patterns' matches in ``text`` — those ``incidents.force_in`` could read
    as an event — found only around the keywords (``present``: the text's ``stems_in``, when known)."""
    return sorted(set(iter_cues(text, present)))


def iter_cues(text: str, present: list[str] | None = None) -> Iterator[tuple[int, int]]:
    """The force patterns' matches, window by window (a caller that needs one stops at the first)."""
    for lo, hi, patterns in stem_windows(text, present):
        for pattern in FORCE_PATTERNS:
            if pattern in patterns:
                for m in pattern.finditer(text, lo, hi):
                    yield m.span()


def stem_windows(text: str, present: list[str] | None = None) -> list[tuple[int, int, set]]:
    """``WINDOW`` characters either side of every stem, merged where they overlap, each with the patterns
    its stems belong to: a pattern's match lies wholly within a window that holds one of its stems."""
    out: list[list] = []
    for pos, stem in stem_positions(text, present):
        if out and pos - WINDOW <= out[-1][1]:
            out[-1][1] = max(out[-1][1], word_end(text, pos + WINDOW))
            out[-1][2].update(PATTERNS_OF[stem])
        else:
            out.append([word_start(text, pos - WINDOW), word_end(text, pos + WINDOW), set(PATTERNS_OF[stem])])
    return [(a, b, p) for a, b, p in out]


def stem_positions(text: str, present: list[str] | None = None) -> list[tuple[int, str]]:
    """Where the stems occur, in order (``str.find`` on the lower-cased text for the stems it holds:
    ``present``, or ``stems_in(text)``)."""
    present = stems_in(text) if present is None else present
    if not present:
        return []
    low = text.lower()
    if len(low) != len(text):  # a letter whose lower case is longer ("İ"): find in the text as it is
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    out = []
    if any(" " in stem for stem in present):
        out = [(m.start(), " ".join(m.group().split())) for m in PHRASE_STEMS.finditer(low)]
    for stem in present:
        if " " in stem:
            continue
        at = low.find(stem)
        while at >= 0:
            out.append((at, stem))
            at = low.find(stem, at + 1)
    return sorted(out)


def word_start(text: str, pos: int) -> int:
    """``pos`` moved back to the start of a word (a window never starts mid-word)."""
    if pos <= 0:
        return 0
    space = max(text.rfind(" ", 0, pos), text.rfind("\n", 0, pos))
    return space + 1 if space >= 0 else 0


def word_end(text: str, pos: int) -> int:
    """``pos`` moved on to the end of a word."""
    if pos >= len(text):
        return len(text)
    m = re.compile(r"\s").search(text, pos)
    return m.start() if m else len(text)


def is_game_story(text: str) -> bool:
    """``incidents.extract_mentions``'s own test: sport words twice and no violence word."""
    return len(SPORTS.findall(text)) >= 2 and not VIOLENCE.search(text)


def relevant(text: str) -> bool:
    """Whether the text can hold an incident at all: a force pattern matches somewhere, and it is not a
    game story. A document for which this is False yields no mention whatever its analysis."""
    present = stems_in(text)
    return bool(present) and next(iter_cues(text, present), None) is not None and not is_game_story(text)


def find_stretches(text: str, cues: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The ranges of ``text`` to analyse: the lede and ``STRETCH`` characters around each cue, cut at
    paragraph breaks, in order and disjoint. Empty when there is no cue."""
    if cues is None:
        cues = find_cues(text)
    if not cues:
        return []
    spans = [(0, LEDE_CHARS)] + [(a - STRETCH, b + STRETCH) for a, b in cues]
    return join_spans(text, spans)


def name_stretches(text: str, names: Iterable[str], read: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges around each occurrence of ``names`` (participants' surnames) outside ``read``, not yet read."""
    names = sorted({n for n in names if len(n) >= 3}, key=len, reverse=True)
    if not names:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
    spans = []
    for a, b in gaps(read, len(text)):
        for m in pattern.finditer(text, a, b):
            spans.append((m.start() - NAME_STRETCH, m.end() + NAME_STRETCH))
    if not spans:
        return []
    return [piece for span in join_spans(text, spans) for piece in gaps(read, len(text), within=span)]


def gaps(spans: list[tuple[int, int]], length: int, within: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """The parts of ``within`` (default the whole text) that no span of ``spans`` (sorted, disjoint) covers."""
    lo, hi = within or (0, length)
    out, pos = [], lo
    for a, b in spans:
        if b <= pos or a >= hi:
            continue
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < hi:
        out.append((pos, hi))
    return out


def join_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans clipped to the text, widened to paragraph breaks, and merged where they overlap or nearly do."""
    out: list[list[int]] = []
    for a, b in sorted(spans):
        a, b = snap_start(text, max(0, a)), snap_end(text, min(len(text), b))
        if out and a <= out[-1][1] + JOIN_GAP:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    if out and len(text) - out[-1][1] <= JOIN_GAP:
        out[-1][1] = len(text)
    return [(a, b) for a, b in out if b > a]


SNAP = 400  # how far a stretch's edge may move to reach a paragraph (else a sentence) break


def snap_start(text: str, pos: int) -> int:
    """The start of the paragraph (else the sentence) ``pos`` is in, if it is near; else ``pos`` at a word."""
    if pos <= SNAP:
        return 0
    cut = text.rfind("\n", pos - SNAP, pos + 1)
    if cut >= 0:
        return cut + 1
    cut = text.rfind(". ", pos - SNAP, pos + 1)
    return cut + 2 if cut >= 0 else word_start(text, pos)


def snap_end(text: str, pos: int) -> int:
    """The end of the paragraph (else the sentence) ``pos`` is in, if it is near; else ``pos`` at a word."""
    if pos >= len(text) - SNAP:
        return len(text)
    cut = text.find("\n", pos, pos + SNAP)
    if cut >= 0:
        return cut + 1
    cut = text.find(". ", pos, pos + SNAP)
    return cut + 2 if cut >= 0 else word_end(text, pos)
