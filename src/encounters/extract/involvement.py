"""Law-enforcement involvement in a use of force: who fired (or tased, or sprayed) at whom.

In: the sentences of one incident (``Sentence`` objects with document offsets). Out: a ``Value``
for the field ``law_enforcement`` — ``by_officer`` when an officer or agent fired ("an ICE officer
shot a man", "deputies opened fire", "killed by a Border Patrol agent", "an officer-involved
shooting"), ``at_officer`` when someone fired at or hit an officer or agent and no officer is said
to have fired ("fired at deputies", "an officer was shot"), each grounded in the words that say
so; or ``none``, inferred (rule ``no_officer_shooting``), when a shooting is reported and no
sentence puts an officer on either end of it. ``by_officer`` wins over ``at_officer``: in an
exchange of fire the record is about the officers' use of force.
"""
from __future__ import annotations

import re

from encounters.core.model import Span, Value
from encounters.extract.rules import declare

# Who counts as law enforcement, as a subject or an object.
LAW = (r"(?:police(?:\s+officers?)?|(?:police\s+)?officers?|(?:federal\s+|immigration\s+|Border\s+Patrol\s+|ICE\s+|"
       r"CBP\s+|HSI\s+|FBI\s+|DEA\s+|SWAT\s+|sheriff'?s\s+|state\s+|U\.S\.\s+)?(?:agents?|officers?|deputies|deputy)|"
       r"troopers?|marshals?|cops?|deputies|SWAT(?:\s+team)?|Border\s+Patrol)")
# Words allowed between the officer and the verb: adverbs and relative pronouns, never a new subject
# ("police said the man shot his wife" is not police shooting).
GAP = r"(?:\s+(?:then|later|allegedly|reportedly|also|fatally|eventually|ultimately|repeatedly|immediately|both|who|had|have|has|apparently|twice|each))*"
FIRE = r"(?:shot|shoots|shooting|fired|fires|opened\s+fire|open\s+fire|returned\s+fire|discharged|killed|wounded|struck)"

BY_OFFICER = re.compile(
    rf"""\b{LAW}{GAP}\s+{FIRE}\b
      | \b(?:shot|killed|wounded|struck|hit)(?:\s+and\s+(?:killed|wounded))?\s+by\s+(?:an?\s+|the\s+|two\s+|several\s+|multiple\s+)?(?:[\w-]+\s+){{0,3}}?{LAW}\b
      | \b(?:police|officer|agent|deputy|trooper|law\s+enforcement)[-\s]involved\s+shooting
      | \b{LAW}\s+(?:exchanged\s+(?:gun)?fire|traded\s+(?:gun)?fire)
      | \bshootout\s+with\s+{LAW}
      | \b{LAW}{GAP}\s+(?:used|deployed|fired|sprayed|shot)\s+(?:[\w-]+\s+){{0,2}}?(?:Tasers?|stun\s+guns?|pepper|tear\s+gas|chemical|rubber|bean\s?bag|less-lethal|flash)
      | \b{LAW}{GAP}\s+(?:tased|tasered|pepper-sprayed|tackled|pushed|shoved|threw|slammed|punched|kicked|choked|dragged|pinned|rammed|beat)
      | \b{LAW}{GAP}\s+["“]?(?:broke|smashed|shattered)\s+(?:[\w'’-]+\s+){{0,5}}?(?:windows?|windshield|glass)
      | \b(?:shot|struck|hit|sprayed|gassed|tackled|pushed|shoved|thrown|slammed|beaten|dragged|pinned|rammed)\s+(?:[\w-]+\s+){{0,6}}?by\s+(?:an?\s+|the\s+|two\s+|several\s+)?(?:[\w-]+\s+){{0,3}}?{LAW}\b""",
    re.VERBOSE | re.IGNORECASE)

AT_OFFICER = re.compile(
    rf"""\b(?:shot|fired|opened\s+fire)\s+(?:at|on|toward|towards)\s+(?:an?\s+|the\s+|two\s+|several\s+)?(?:[\w-]+\s+){{0,2}}?{LAW}\b
      | \b(?:shot|killed|wounded|ambushed)\s+(?:an?|the|two|three|one|several)\s+(?:[\w-]+\s+){{0,2}}?{LAW}\b
      | \b{LAW}\s+(?:was|were|had\s+been|has\s+been)\s+(?:shot|wounded|struck|hit|killed|dragged|rammed|run\s+over|assaulted|attacked|injured|hurt)
      | \binjur(?:ies|ing)\s+(?:to\s+)?(?:two|three|four|five|several|\d+)\s+{LAW}
      | \b(?:rammed|dragged|ran\s+over|assaulted|attacked|struck|hit)\s+(?:an?\s+|the\s+|two\s+|one\s+of\s+the\s+)?(?:[\w-]+\s+){{0,2}}?{LAW}\b""",
    re.VERBOSE | re.IGNORECASE)

LAW_NAMED = re.compile(LAW, re.IGNORECASE)
# every pattern above holds one of these words (lower-cased; single words, so no run of blanks between
# "Border" and "Patrol" or "law" and "enforcement" hides one): ten substring tests cost a tenth of LAW_NAMED
LAW_STEMS = ("police", "officer", "agent", "deput", "trooper", "marshal", "cop", "swat", "patrol", "enforcement")


def may_name_law(text: str) -> bool:
    """False where neither ``BY_OFFICER`` nor ``AT_OFFICER`` can match: no word of ``LAW_STEMS`` stands."""
    low = text.lower()
    return any(stem in low for stem in LAW_STEMS)


R_OFFICER_FIRED = declare("officer_fired", "law_enforcement", "an officer or agent used the force",
                          "an ICE officer shot a man · deputies fired pepper balls", module=__name__)
R_FIRED_AT = declare("fired_at_officer", "law_enforcement", "someone fired at, rammed or hit an officer",
                     "a man fired at two troopers", module=__name__)
R_NO_OFFICER = declare("no_officer_shooting", "law_enforcement",
                       "a shooting with no officer on either end of it", "a man shot his neighbor", "inference", __name__)
R_LESS_LETHAL = declare("less_lethal_by_officers", "law_enforcement",
                        "pepper balls, tear gas and rubber bullets are officers' weapons: used by them when no one else is said to",
                        "tear gas filled the street outside the facility", "inference", __name__)


def find_involvement(sentences, *, force: str) -> Value | None:
    """``law_enforcement`` for an incident from its sentences: who used the force (``force`` is the
    incident's force type). None when it is not said and cannot be inferred."""
    shooting = force == "shooting"
    at = None
    for sent in sentences:
        if not may_name_law(sent.text):
            continue
        m = BY_OFFICER.search(sent.text)
        if m and not quoted_hypothetical(sent.text, m.start()):
            return Value("by_officer", (Span(sent.start + m.start(), sent.start + m.end()),), R_OFFICER_FIRED)
        if at is None:
            m = AT_OFFICER.search(sent.text)
            if m:
                at = Value("at_officer", (Span(sent.start + m.start(), sent.start + m.end()),), R_FIRED_AT)
    if at is not None:
        return at
    if shooting:
        return Value("none", (), R_NO_OFFICER)
    if force == "less-lethal":
        return Value("by_officer", (), R_LESS_LETHAL)
    return None


def quoted_hypothetical(text: str, at: int) -> bool:
    """'if police shot…', 'whether officers fired…': a question or a condition, not a report."""
    before = text[max(0, at - 20):at].lower()
    return bool(re.search(r"\b(?:if|whether|unless|would)\s+(?:the\s+)?$", before))
