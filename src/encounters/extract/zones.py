"""Which sentences of a page are reporting, and which are page furniture or statistics.

In: an ``Analysis`` (sentences with offsets into the stored text). Out: ``Zones`` — the character
ranges that are page furniture inside otherwise reporting sentences (photo credits, "Add NBC News to
Google", a video's running time, "READ MORE: …" teasers, bylines and update stamps), and a role for
every sentence:

- ``furniture``: navigation menus, share bars, sign-up prompts, related-story lists, teaser headlines,
  credits — nothing an incident's record may come from;
- ``statistic``: an aggregate over many incidents ("agents have shot 12 people since September", "the
  fifth shooting this year", "in at least five cases") — background, never an incident's count;
- ``body``: the reporting itself.

Scraped pages often arrive as one line (no paragraph breaks), so furniture is found inside sentences
as well as between them. The vocabulary lives in ``lexicon`` (``FURNITURE_*``, ``STATISTIC``); the rules
are declared in the registry.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from encounters.extract.lexicon import (DAY_WORDS, FUNCTION_WORDS, FURNITURE_PHRASE, FURNITURE_START, PHOTO_CREDIT, STATISTIC,
                                        VIDEO_TEASER)
from encounters.extract.nlp import Analysis, Sentence
from encounters.extract.rules import declare

R_MENU = declare("zone_menu", "incident", "a run of capitalised words with almost no function words is a menu",
                 "Politics U.S. News World Local New York Los Angeles Chicago Sports Health", "decision", __name__)
R_TEASER = declare("zone_teaser", "incident", "a sentence that starts with a teaser label is another story's headline",
                   "READ MORE: Family of man shot at a Dallas facility speaks out", "decision", __name__)
R_UI = declare("zone_ui_phrase", "incident", "share bars, sign-up prompts, app and ad notices are page furniture",
               "Sign in to your account · Download the app · Ad Feedback", "decision", __name__)
R_CREDIT = declare("zone_photo_credit", "incident", "a photo credit or caption source is not reporting",
                   "Jane Roe / AP · via Getty Images", "decision", __name__)
R_HEADLINES = declare("zone_headline_list", "incident", "headlines strung together with bars are a related-stories list",
                      "Mother grieves son's death | Judge sets bond in rape case", "decision", __name__)
R_STATISTIC = declare("zone_statistic", "incident", "an aggregate over many incidents is background, not an event",
                      "Agents have shot 12 people since September", "decision", __name__)

ROLES = ("body", "furniture", "statistic")
HEADLINE_LIST = re.compile(r"[\w’'.,!?]\s+[|•]\s+[A-Z]")
MENU_MIN_WORDS = 8
MENU_FUNCTION_SHARE = 0.12  # news sentences run at 35-55 % function words; menus at 0-10 %


@dataclass
class Zones:
    """Roles of sentences (by index) and furniture ranges inside sentences."""

    roles: dict[int, str] = field(default_factory=dict)
    masked: list[tuple[int, int]] = field(default_factory=list)
    why: dict[int, str] = field(default_factory=dict)  # sentence index → the rule that gave its role

    def role(self, sent: Sentence) -> str:
        return self.roles.get(sent.index, "body")

    def is_body(self, sent: Sentence) -> bool:
        return self.role(sent) == "body"

    def is_masked(self, start: int, end: int | None = None) -> bool:
        """Whether ``start`` (or the whole of ``start:end``) lies in page furniture."""
        end = start + 1 if end is None else end
        return any(a <= start and end <= b for a, b in self.masked)

    def unmasked_text(self, sent: Sentence) -> str:
        """The sentence with its furniture blanked (same length, so offsets still hold)."""
        text = sent.text
        for a, b in self.masked:
            lo, hi = max(a, sent.start), min(b, sent.end)
            if lo < hi:
                text = text[:lo - sent.start] + " " * (hi - lo) + text[hi - sent.start:]
        return text


def function_share(words: list[str]) -> float:
    return sum(1 for w in words if w.lower() in FUNCTION_WORDS) / max(1, len(words))


def is_menu(text: str) -> bool:
    """Navigation: many words, nearly all capitalised names, hardly a function word or a verb."""
    words = re.findall(r"[A-Za-z][\w'’&.-]*", text)
    if len(words) < MENU_MIN_WORDS:
        return False
    lower = sum(1 for w in words if w[0].islower())
    return function_share(words) < MENU_FUNCTION_SHARE and lower / len(words) < 0.25


TEASER_REACH = 160  # characters after a furniture phrase in which a video's running time ends its teaser


RUN_WINDOW = 8  # words in a row that a menu run inside a long sentence is judged by
RUN_MIN_CHARS = 250  # a sentence this long may hold an infobox or a navigation box run in with the lede


def find_menu_runs(sent: Sentence) -> list[tuple[int, int]]:
    """Menus and navigation boxes run in with a sentence (a scraped page's infobox before its lede:
    "… Operations Midway Blitz Safeguard Metro Surge … On January 24, agents shot …"): each stretch
    of ``RUN_WINDOW`` words with no function word and hardly a lower-case word, as document ranges."""
    if len(sent.text) < RUN_MIN_CHARS:
        return []
    words = list(re.finditer(r"[A-Za-z][\w'’&.-]*", sent.text))
    runs: list[tuple[int, int]] = []
    for i in range(len(words) - RUN_WINDOW + 1):
        window = words[i:i + RUN_WINDOW]
        texts = [w.group() for w in window]
        if any(t.lower() in FUNCTION_WORDS for t in texts) or sum(t[0].islower() for t in texts) > RUN_WINDOW // 4:
            continue
        a, b = sent.start + window[0].start(), sent.start + window[-1].end()
        if runs and a <= runs[-1][1]:
            runs[-1] = (runs[-1][0], b)
        else:
            runs.append((a, b))
    return runs


def find_masks(sent: Sentence) -> list[tuple[int, int]]:
    """Furniture inside one sentence, as document ranges. A video teaser — a headline between a
    furniture phrase ("Add NBC News to Google") and the video's running time ("01:37") — is masked whole;
    so is a menu run in with the sentence (``find_menu_runs``)."""
    out = find_menu_runs(sent)
    text = sent.text
    for pattern in (FURNITURE_PHRASE, PHOTO_CREDIT, VIDEO_TEASER):
        for m in pattern.finditer(text):
            end = m.end()
            if pattern is FURNITURE_PHRASE:
                clock = VIDEO_TEASER.search(text, end, end + TEASER_REACH)
                if clock and not re.search(r"[.!?]\s", text[end:clock.start()]):
                    end = clock.end()
            out.append((sent.start + m.start(), sent.start + end))
    return out


def classify_sentence(sent: Sentence, masks: list[tuple[int, int]]) -> tuple[str, str | None]:
    """(role, rule) for one sentence."""
    text = sent.text
    if FURNITURE_START.match(text):
        return "furniture", R_TEASER
    rest = text
    for a, b in sorted(masks, reverse=True):
        rest = rest[:max(0, a - sent.start)] + " " + rest[max(0, b - sent.start):]
    if masks and len(re.findall(r"[A-Za-z]\w*", rest)) < 4:
        return "furniture", R_UI
    if is_menu(rest):
        return "furniture", R_MENU
    if HEADLINE_LIST.search(rest):
        return "furniture", R_HEADLINES
    if STATISTIC.search(rest) and not DAY_WORDS.search(rest):
        return "statistic", R_STATISTIC
    return "body", None


def find_zones(analysis: Analysis) -> Zones:
    """The role of every sentence of a document, and the furniture inside its sentences."""
    zones = Zones()
    for sent in analysis.sentences:
        masks = find_masks(sent)
        zones.masked.extend(masks)
        role, rule = classify_sentence(sent, masks)
        if role != "body":
            zones.roles[sent.index] = role
            zones.why[sent.index] = rule or ""
    zones.masked.sort()
    return zones
