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
      | \b{LAW}{GAP}\s+(?:tased|tasered|pepper-sprayed)""",
    re.VERBOSE | re.IGNORECASE)

AT_OFFICER = re.compile(
    rf"""\b(?:shot|fired|opened\s+fire)\s+(?:at|on|toward|towards)\s+(?:an?\s+|the\s+|two\s+|several\s+)?(?:[\w-]+\s+){{0,2}}?{LAW}\b
      | \b(?:shot|killed|wounded|ambushed)\s+(?:an?|the|two|three|one|several)\s+(?:[\w-]+\s+){{0,2}}?{LAW}\b
      | \b{LAW}\s+(?:was|were|had\s+been|has\s+been)\s+(?:shot|wounded|struck|hit|killed)""",
    re.VERBOSE | re.IGNORECASE)

LAW_NAMED = re.compile(LAW, re.IGNORECASE)


def find_involvement(sentences, *, shooting: bool) -> Value | None:
    """``law_enforcement`` for an incident from its sentences (None when it is not a shooting and
    nothing is said)."""
    at = None
    for sent in sentences:
        m = BY_OFFICER.search(sent.text)
        if m and not quoted_hypothetical(sent.text, m.start()):
            return Value("by_officer", (Span(sent.start + m.start(), sent.start + m.end()),), "officer_fired")
        if at is None:
            m = AT_OFFICER.search(sent.text)
            if m:
                at = Value("at_officer", (Span(sent.start + m.start(), sent.start + m.end()),), "fired_at_officer")
    if at is not None:
        return at
    if shooting:
        return Value("none", (), "no_officer_shooting")
    return None


def quoted_hypothetical(text: str, at: int) -> bool:
    """'if police shot…', 'whether officers fired…': a question or a condition, not a report."""
    before = text[max(0, at - 20):at].lower()
    return bool(re.search(r"\b(?:if|whether|unless|would)\s+(?:the\s+)?$", before))
