"""Who took part in an incident, and how: the links a text makes between a named person and the force.

In: the document's ``Analysis``, the sentences of one incident mention and, for each candidate
person, the spans where the mention's sentences name them. Out: ``Link`` records per person — ``patient`` (force
was used on them, or they died of it: "X, 24, was shot", "agents shot X", "the killing of X"),
``agent`` (they used it: "agent X fired", "X opened fire on deputies"), ``target`` (it was aimed at
them: "fired at X"), ``named`` (the text names them as a participant without saying which end they
were on: "identified as X", "the driver, X", "Who was shot: X"), ``charged`` (arrested or charged over
the violence) and ``unharmed`` (an outcome only) — each with the span of the words that make the
link, the outcome it tells and, where the text says, whether the other end was law enforcement.
Being named in a sentence that mentions a shooting links nobody. ``decide_role`` and
``decide_status`` turn one person's links into their role and outcome.

Two readers find links: surface patterns next to the name, and the dependency parse of event
sentences (subject and object of force verbs, "X, who was shot by …", a pronoun whose antecedent
is the clause's named subject). The parse is computed only for sentences that name a candidate and
carry a force word (``force_parse``). The names of one list share the words before it; what the
report tells of "the driver" is the person it names as driving; a link the report dates years back
("killed in 2019") or places before its own event ("the recent killing of X") is another incident's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from encounters.core.model import Span, Value
from encounters.extract.force_parse import outcome_of, parsed_links
from encounters.extract.lexicon import FORCE_NOUNS, LAW_ENFORCEMENT, VIOLENT_CHARGE
from encounters.extract.nlp import Analysis, Sentence
from encounters.extract.rules import declare

R_OUTCOME_AFTER = declare("outcome_after_name", "person.status", "what happened to a person, told after their name",
                          "Dana Reyes, 19, was shot and killed", module=__name__)
R_FORCE_BEFORE = declare("force_before_name", "person.status", "a force or death word just before the name",
                         "agents shot and killed Dana Reyes; the killing of Dana Reyes", module=__name__)
R_SHOT_BY = declare("force_by_name", "person.role", "the person named after 'by' used the force",
                    "was shot by Officer Lee Park", module=__name__)
R_AGENT_AFTER = declare("name_used_force", "person.role", "the person named is the subject of a force verb",
                        "Lee Park fired at the deputies", module=__name__)
R_FACT_BOX = declare("fact_box_label", "person.role", "a fact box's label says who was shot or who fired",
                     "Who was shot: Dana Reyes; Who fired shots: CBP agent Lee Park", module=__name__)
R_IDENTIFIED = declare("identified_as", "person", "the report names the person as one the incident involved",
                       "the driver, identified as Dana Reyes; the victim, Dana Reyes,", module=__name__)
R_LISTED = declare("listed_participants", "person", "a list of the people shot, after a cue",
                   "identified the victims as Dana Reyes, 19; Li Chen, 22, and Abe Tilly", module=__name__)
R_CHARGED_LINK = declare("charged_over_violence", "person", "arrested or charged over the violence",
                         "Dana Reyes, 24, was charged with murder", module=__name__)
R_UNHARMED = declare("not_hurt_after_name", "person.status", "the report says the person was not hurt",
                     "Lee Park was not injured", module=__name__)
R_PARSE_PATIENT = declare("parse_force_object", "person.status",
                          "the dependency parse has the person as the object of a force verb or noun",
                          "an ICE officer fired, striking Dana Reyes in the arm", module=__name__)
R_PARSE_AGENT = declare("parse_force_subject", "person.role",
                        "the dependency parse has the person as the subject of a force verb",
                        "Lee Park, who had a rifle, opened fire on the agents", module=__name__)
R_PARSE_TARGET = declare("parse_force_target", "person", "the parse has force aimed at the person",
                         "the agent fired five shots at Dana Reyes", module=__name__)
R_DIED_NEXT = declare("died_in_next_sentence", "person.status", "the sentence after the only person hurt in "
                      "the one before says he or she died", "Dana Reyes was shot in the chest. She died at a hospital.",
                      module=__name__)
R_PRONOUN = declare("pronoun_of_named_subject", "person",
                    "a pronoun in a force clause stands for the sentence's named subject",
                    "Dana Reyes said she was tear-gassed", module=__name__)
R_ROLE_SUBJECT = declare("force_used_on_person", "person.role", "force was used on the person by officers or agents: "
                         "the neutral role 'subject'", "an ICE officer shot Dana Reyes", "decision", __name__)
R_ROLE_VICTIM = declare("shot_with_no_officer", "person.role", "shot, hurt or killed with no officer or agent using "
                        "force in the report: 'victim'", "Dana Reyes was shot outside a bar", "decision", __name__)
R_ROLE_OFFICER = declare("officer_used_force", "person.role", "an officer or agent, named, used force or was its "
                         "target: 'officer'", "Officer Lee Park fired twice", "decision", __name__)
R_ROLE_ATTACKER = declare("used_force_on_officers", "person.role", "used force against officers or agents: "
                          "'attacker'", "Lee Park opened fire on the deputies", "decision", __name__)
R_ROLE_SUSPECT = declare("shooter_with_no_officer", "person.role", "used force, or was charged over it, where no "
                         "officer used force: 'suspect'", "Lee Park, 30, shot his neighbour", "decision", __name__)
R_ROLE_BYSTANDER = declare("bystander_hurt", "person.role", "a bystander hurt: 'bystander'",
                           "a stray bullet hit a bystander, Dana Reyes", "decision", __name__)
R_ROLE_UNKNOWN = declare("role_not_told", "person.role", "a participant whose part the text does not settle",
                         "police identified the man as Lee Park", "inference", __name__)
R_STATUS_KILLED = declare("killed_over_hurt", "person.status", "a person both shot and killed is killed",
                          "Dana Reyes was shot Friday and died Sunday", "decision", __name__)
R_STATUS_HIT = declare("hit_and_no_death_told", "person.status", "shot or struck, and the report tells no death: "
                       "injured", "Dana Reyes was shot Friday; she is in the hospital", "decision", __name__)
R_STATUS_UNKNOWN = declare("outcome_not_told", "person.status", "no outcome is told of the person",
                           "agents shot at Lee Park", "inference", __name__)

_WORD = r"[\w.'’-]+"
# between a name and its verb: a home town (" of Roy, Utah,"), an apposition (", 31,"), a second subject
HOMETOWN_AFTER = r",?\s+of\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?:,\s+[A-Z][\w.]+)?,?"
_LISTED = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}(?:,\s+\d{1,3}(?=,))?(?:,?\s+of\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?=,))?"
# the other names of a list before its verb: "Dana Reyes, 24, Li Chen, 19, and Abe Tilly, 30, were shot"
_COORD = (rf"(?:,\s*\d{{1,3}}\s*(?=,))?(?:{HOMETOWN_AFTER})?(?:\s*,[^,]{{0,80}},)?(?:,\s+{_LISTED}){{0,4}}"
          rf"(?:,?\s+and\s+{_LISTED},?)?")
_ADV = r"(?:(?:later|then|also|now|both|reportedly|allegedly|apparently|\w+ly)\s+)*"
# a passive needs its auxiliary: "X was shot" (X was hurt), never "X shot …" (X did the shooting)
_BE = (rf"{_ADV}(?:was|were|had\s+been|has\s+been|have\s+been|is|are|got|gets|being|remains|remained|is\s+being"
       rf"|was\s+being)\s+{_ADV}")
KILLED_AFTER = re.compile(
    rf"^{_COORD},?\s+(?:who\s+)?(?:{_BE}(?:found\s+)?{_ADV}(?:killed|shot\s+and\s+killed|shot\s+dead|found\s+dead"
    r"|pronounced\s+dead|dead|deceased|murdered|slain|gunned\s+down|fatally\s+(?:shot|wounded|struck))"
    rf"|{_ADV}(?:died|dies|succumbed|killed\s+(?:himself|herself)|took\s+(?:his|her|their)\s+own\s+li(?:fe|ves)"
    r"|shot\s+(?:himself|herself)\s+(?:to\s+death|dead|fatally)|did\s+not\s+survive))\b")
TARGET_AFTER = re.compile(rf"^{_COORD},?\s+(?:who\s+)?{_BE}(?:shot\s+at|fired\s+(?:up)?on)\b")
INJURED_AFTER = re.compile(
    rf"^{_COORD},?\s+(?:who\s+)?(?:(?:{_BE})?(?:suffered|sustained|had|suffering\s+from)\s+(?:\w+\s+){{0,3}}(?:gunshot|bullet|graze)\s+wounds?"
    r"|survived\s+(?:a|the|being)\s+(?:\w+\s+)?(?:shot|shooting)"
    rf"|{_BE}[“\"]?(?:found\s+)?(?:\w+ly\s+)?(?:shot|wounded|injured|hurt|hospitali[sz]ed|grazed|struck|hit|stabbed|beaten"
    r"|treated\s+(?:for\s+(?:\w+\s+){0,2}(?:wounds?|injur\w+|whiplash|burns|cuts|bruises)|at\s+(?:a|the)\s+(?:\w+\s+){0,3}hospital)"
    r"|in\s+(?:critical|serious|stable|fair|good|grave)\s+condition|in\s+(?:a|the)\s+(?:\w+\s+)?hospital(?:\s+bed)?|(?:taken|rushed|flown|transported|airlifted)\s+"
    r"(?:by\s+\w+\s+)?to\s+(?:(?:a|the|an?\s+area)\s+)?(?:[\w'’-]+\s+){0,3}(?:hospital|Hospital|Medical\s+Center|trauma)"
    r"))\b")
# found with a wound: hit, whether alive not told ("was found with a gunshot wound to the head")
FOUND_WOUNDED = re.compile(rf"^{_COORD},?\s+(?:who\s+)?{_BE}(?:located|found|discovered)\s+(?:[\w,]+\s+){{0,12}}?with\s+"
                           r"(?:an?\s+|multiple\s+|several\s+)?(?:\w+\s+)?(?:gunshot|bullet|stab)\s+wounds?\b")
FORCE_AFTER = re.compile(rf"^{_COORD},?\s+(?:who\s+)?{_BE}(?:\w+ly\s+)?(?:tased|tasered|pepper-sprayed|tear-gassed"
                         r"|tackled|dragged|pinned|choked|punched|kicked|body-slammed|(?:hit|struck)\s+with\s+(?:a\s+)?"
                         r"(?:pepper|rubber|bean|baton|tear))\b")
UNHARMED_AFTER = re.compile(rf"^{_COORD},?\s+(?:who\s+)?(?:was|were|is|remains|remained)\s+(?:not\s+(?:\w+\s+)?"
                            r"(?:hurt|injured|wounded|struck|hit)|unharmed|uninjured|unhurt)\b")
AGENT_AFTER = re.compile(r"^(?:\s*,[^,]{0,80},)?\s+(?:\w+ly\s+|then\s+|later\s+)?(?P<verb>shot|killed|opened\s+fire|fired"
                         r"|stabbed|attacked|assaulted|murdered|struck|rammed|dragged|punched|tackled|tased|ambushed)\b"
                         r"(?!\s+(?:and\s+(?:killed|wounded)\s+)?by\b)(?P<object>[^.;,]{0,60})")
SHOT_BY = re.compile(rf"\b(?:shot|killed|wounded|injured|struck|hit|tased|tackled|dragged|pepper-sprayed|fired\s+upon)"
                     rf"(?:\s+and\s+(?:killed|wounded|injured))?\s+by\s+(?:(?:an?|the|one|two)\s+)?(?:{_WORD}\s+){{0,4}}$")
# "striking the driver, Dana Reyes": the name in apposition to the noun the force word takes
_APPOS_HEAD = (r"(?:(?:an?|the|his|her|their)\s+(?:[\w-]+\s+)?(?:driver|passenger|man|woman|boy|girl|teen|teenager|bystander"
               r"|victim|suspect|motorist|protester|son|daughter|wife|husband|brother|sister|father|mother|friend|neighbou?r"
               r"|cousin|nephew|niece|girlfriend|boyfriend)\s*[,—–]\s*)?")
KILLED_BEFORE = re.compile(rf"(?P<t>fatally\s+(?:shot|wounded|struck)|shot\s+and\s+killed|shot\s+dead|killed|murdered|gunned"
                           rf"\s+down|(?:death|killing|slaying|murder)s?\s+of|deceased\s+(?:victim\s+)?as|bod(?:y|ies)\s+of"
                           rf"|fatal\s+(?:police\s+)?shooting\s+of)\s+(?:{_WORD}\s+){{0,3}}{_APPOS_HEAD}$")
INJURED_BEFORE = re.compile(rf"(?P<t>shot|wounded|injured|struck|striking|hit|hitting|stabbed|beat|grazed|wounding\s+of|condition\s+of|bullet\s+(?:hit|struck)"
                            rf"|(?:hit|struck)\s+by\s+(?:a\s+)?(?:stray\s+)?bullet)\s+(?:{_WORD}\s+){{0,3}}{_APPOS_HEAD}$")
FORCE_BEFORE = re.compile(rf"(?P<t>tased|tasered|pepper-sprayed|tear-gassed|tackled|dragged|pinned|choked|punched|kicked"
                          rf"|shooting\s+of|(?:use|used)\s+of\s+force\s+(?:on|against)|shot\s+at|fired\s+(?:{_WORD}\s+)"
                          rf"{{0,3}}?(?:at|into|on|upon))\s+(?:{_WORD}\s+){{0,3}}{_APPOS_HEAD}$")
# the same clause goes on to the death: "…, where he was pronounced dead", "… and later died"
DIED_LATER = re.compile(r"[^.;]{0,100}?\b(?:where|and|but|before|after\s+which)\s+(?:(?:he|she|they)\s+)?(?:later\s+|eventually\s+)?"
                        r"((?:was|were)\s+(?:later\s+)?pronounced\s+dead|died|succumbed)")
DIED_NEXT = re.compile(r"^(?:He|She)\s+(?:later\s+|was\s+later\s+|eventually\s+|then\s+)?((?:was\s+)?(?:pronounced\s+dead|died|"
                       r"succumbed|did\s+not\s+survive))\b")
# "… by an ICE officer", "… and killed by two Border Patrol agents": the force came from law enforcement
BY_LAW = re.compile(r"(?:\s+(?:and|then)\s+\w+)?(?:\s+\w+ly)?\s+(?:by|in\s+an?\s+(?:\w+\s+)?shooting\s+by)\s+(?:an?\s+|the\s+|two\s+|"
                    r"several\s+|one\s+of\s+the\s+)?(?:[\w-]+\s+){0,3}?(?:police|officers?|agents?|deputies|deputy|troopers?|marshals?"
                    r"|law\s+enforcement|ICE|Border\s+Patrol|CBP)\b", re.I)
# a name inside another noun's apposition or of-phrase: ", the teenage grandson of U.S. Rep. "
NESTED_NAME = re.compile(r",\s+(?:the|a|an|his|her|their)\s+[^,]{0,50}?\b(?:of|for|to|with)\s+(?:[A-Z][\w.'’-]*\s+){0,3}$")
SPEAKS_AFTER = re.compile(r"^\s*(?:,[^,]{0,60},)?\s*(?:said|says|told|tells|added|adds|wrote|explained|recalled)\b")
NOT_BETWEEN = re.compile(r"\b(?:by|said|says|told|according|who|when|after|before|as|while|and|or|of)\s*$|\b(?:said|told|"
                         r"says|according)\b", re.I)
FACT_SHOT = re.compile(r"\bWho\s+was\s+(?:shot|killed|hit|injured|wounded|struck)\s*:\s*$", re.I)
FACT_FIRED = re.compile(r"\bWho\s+(?:fired|shot)(?:\s+(?:the\s+)?shots?)?\s*:\s*(?:(?:an?|the|[A-Z]{2,5}|Border|Patrol|[Ff]ederal"
                        r"|[Ii]mmigration|[Ss]pecial|U\.S\.)\s+)*(?:(?:agent|officer|deputy|trooper|marshal|Agent|Officer)\s+)?$")
IDENTIFIED_AS = re.compile(r"\bidentif(?:ied|ies|y)\s+(?:(?:the|him|her|them|both|one)\s+)?(?:(?:\w+\s+){0,3})?as\s*:?\s+(?:\d{1,3}-year-old\s+)?"
                           r"(?:(?:another|an?|the)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|boy|girl|teen|person|driver|passenger),\s+)?$"
                           r"|\b(?P<noun>victims?|suspects?|shooter|gunman|deceased)(?:\s+(?:in|of)\s+the\s+\w+)?\s+(?:was|were|is|as)\s+"
                           r"(?:identified\s+as\s+)?$",
                           re.I)
ROLE_APPOSITION = re.compile(r"\b(?:(?:the|a|an|one|another)\s+(?:(?:alleged|suspected|accused|wounded|injured|slain|dead|"
                             r"deceased|fatally\s+shot|\d{1,3}-year-old)\s+)?(?P<noun>victims?|suspects?|shooter|gunman|driver"
                             r"|passenger|deceased|attacker|assailant)\s*[,—–-]|(?P<label>suspect|victim|gunman|shooter|"
                             r"attacker))\s*(?:\d{1,3}-year-old\s+)?$", re.I)
# "X, 30, was one of the shooters", "X is the suspect"
ROLE_AFTER = re.compile(rf"^{_COORD},?\s+(?:(?:who\s+(?:\w+\s+){{0,3}}said\s+)?(?:was|is|were|are|has\s+been)|as)\s+"
                        r"(?:(?:one|among)\s+(?:of\s+)?)?(?:the|an?)\s+(?:\w+\s+)?"
                        r"(?P<noun>shooters?|gunm[ae]n|suspects?|victims?|attackers?|deceased)\b")
CHARGED_AFTER = re.compile(rf"^{_COORD},?\s+(?:who\s+)?(?:{_BE}|{_ADV}(?:have|has|had)\s+|{_ADV})(?:being\s+|since\s+)?(?:arrested|charged|booked|indicted"
                           r"|accused|held\s+on|faces?|facing|pleaded\s+(?:not\s+)?(?:guilty|no\s+contest)|convicted|turned\s+(?:himself|herself)\s+in"
                           r"|taken\s+into\s+custody|suspected\s+of)\b")
CHARGED_BEFORE = re.compile(rf"\b(?:charged|arrested|indicted|booked|accusing|convicted)\s+(?:{_WORD}\s+){{0,3}}$")
BYSTANDER = re.compile(r"\bbystanders?\b|\bcaught\s+in\s+the\s+crossfire\b|\bstray\s+(?:bullet|round)s?\b", re.I)
PAST_YEAR = re.compile(r"\b(?:in|since|of)\s+((?:19|20)\d\d)\b|^\W*In\s+((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Link:
    kind: str  # patient | agent | target | named | charged | unharmed
    start: int  # the words that make the link, as document offsets
    end: int
    rule: str
    outcome: str = ""  # for a patient: killed | injured | "" (not told)
    law: bool | None = None  # patient/target: the force came from law enforcement; agent: it was aimed at law enforcement
    officer: bool = False  # the text calls the person an officer or agent here
    hint: str = ""  # the noun a report gives the person ("victim", "suspect", "driver")


def _singular(noun: str) -> str:
    noun = noun.lower()
    return "gunman" if noun.startswith("gunm") else noun.rstrip("s")


def surface_links(sent: Sentence, start: int, end: int) -> list[Link]:
    """Links the words next to one naming of a person make (``start:end`` document offsets)."""
    local = sent.text
    a, b = start - sent.start, end - sent.start
    before, after = local[max(0, a - 90):a], local[b:b + 170]
    at = lambda m, base: (sent.start + base + m.start(), sent.start + base + m.end())  # noqa: E731
    out: list[Link] = []
    officer_title = bool(re.search(r"\b(?:Officer|Agent|Deputy|Trooper|Sgt\.?|Sergeant|Detective|Det\.|Cpl\.?|Patrolman)\s+$"
                                   r"|\b(?:officer|agent|deputy|trooper)\s+$", before))
    bb = a - len(before)
    m = FACT_SHOT.search(before)
    if m:
        out.append(Link("patient", *at(m, bb), R_FACT_BOX, outcome_of(after[:40]), law=None))
    m = FACT_FIRED.search(before)
    if m:
        out.append(Link("agent", *at(m, bb), R_FACT_BOX, officer=bool(LAW_ENFORCEMENT.search(m.group()))))
    skip_before = bool(re.match(r"[’']s?\b|[’']\s", after))  # "the shooting of Dana Reyes' grandson": the grandson's
    # "That officer shot the woman, Reyes said": the name after the comma is the speaker, not the woman
    skip_before = skip_before or bool(SPEAKS_AFTER.match(after))
    m = SHOT_BY.search(before) if not skip_before else None
    if skip_before:
        pass
    elif m:
        out.append(Link("agent", *at(m, bb), R_SHOT_BY, officer=officer_title or bool(LAW_ENFORCEMENT.search(m.group()))))
    else:
        for pattern, kind in ((KILLED_BEFORE, "patient"), (FORCE_BEFORE, "patient"), (INJURED_BEFORE, "patient")):
            m = pattern.search(before)
            if m and not NOT_BETWEEN.search(m.group()[m.end("t") - m.start():]):  # the words after the trigger
                words = m.group()
                kind = "target" if re.search(r"\b(?:shot|fired)\b.*\b(?:at|upon|on|into)\s", words) else kind
                clause = re.split(r"[.;,]", local[a:a + 60])[0]  # "struck Dana Reyes in the arm"
                outcome = "hit" if words.startswith("condition") else outcome_of(words + clause)  # fate untold
                out.append(Link(kind, *at(m, bb), R_FORCE_BEFORE, outcome, officer=officer_title))
                break
    m = IDENTIFIED_AS.search(before) or ROLE_APPOSITION.search(before)
    if m:
        noun = m.groupdict().get("noun") or m.groupdict().get("label") or ""
        out.append(Link("named", *at(m, bb), R_IDENTIFIED, hint=_singular(noun)))
    m = ROLE_AFTER.match(after)
    if m:
        out.append(Link("named", *at(m, b), R_IDENTIFIED, hint=_singular(m.group("noun"))))
    nested = bool(NESTED_NAME.search(before))  # "Lee Park, the grandson of Rep. Dana Reyes, was shot": Park's
    for pattern in (KILLED_AFTER, TARGET_AFTER, INJURED_AFTER, FORCE_AFTER, FOUND_WOUNDED):
        m = pattern.match(after) if not nested else None
        if m:
            kind = "target" if pattern is TARGET_AFTER else "patient"
            by = BY_LAW.match(after, m.end())
            outcome = outcome_of(m.group() + re.split(r"[.;,]", local[b + m.end():b + m.end() + 40])[0]) \
                if kind == "patient" else ""
            died = DIED_LATER.match(local, b + m.end()) if outcome in ("injured", "hit") else None
            if died:  # "X was taken to a hospital, where he was pronounced dead"
                m, outcome = died, "killed"
                out.append(Link(kind, sent.start + m.start(1), sent.start + m.end(1), R_OUTCOME_AFTER, outcome,
                                law=True if by else None, officer=officer_title))
            else:
                out.append(Link(kind, *at(m, b), R_OUTCOME_AFTER, outcome, law=True if by else None, officer=officer_title))
            break
    m = UNHARMED_AFTER.match(after)
    if m:
        out.append(Link("unharmed", *at(m, b), R_UNHARMED, "unharmed"))
    m = AGENT_AFTER.match(after)
    if m:
        obj = m.group("object")
        if re.match(r"\s+(?:himself|herself)\b", obj):
            out.append(Link("patient", *at(m, b), R_AGENT_AFTER, outcome_of(m.group("verb") + obj[:30])))
        else:
            out.append(Link("agent", *at(m, b), R_AGENT_AFTER, law=bool(LAW_ENFORCEMENT.search(obj)) or None,
                            officer=officer_title))
    m = (CHARGED_AFTER.match(after) or CHARGED_BEFORE.search(before)) if VIOLENT_CHARGE.search(local) else None
    if m:
        out.append(Link("charged", *at(m, b if m.re is CHARGED_AFTER else bb), R_CHARGED_LINK))
    return out


# an event told as an earlier one: "the recent killing of", "last week's shooting of", "… earlier this month"
EARLIER_BEFORE = re.compile(r"\b(?:recent|last\s+(?:week|month|year)['’]s|earlier|previous|prior|(?:weeks|months)-old)\s+"
                            r"(?:(?:fatal|deadly|police|ICE|federal|\w+-involved)\s+)*$", re.I)
EARLIER_AFTER = re.compile(r"^[^,.;]{0,60}?\b(?:earlier\s+this\s+(?:week|month|year)|last\s+(?:week|month|year)|weeks\s+ago"
                           r"|months\s+ago)\b", re.I)


def is_stale(text: str, lk: Link, published_year: int | None) -> bool:
    """A force link that tells another, older event: dated years back, or placed before the report's own
    ("the recent killing of X"). Naming and charges are not events, except a list cue's event noun."""
    if lk.kind in ("named", "charged") and lk.rule != R_LISTED:
        return False
    return dated_long_before(text, lk.start, lk.end, published_year) or earlier_event(text, lk)


def earlier_event(text: str, lk: Link) -> bool:
    """A link made by an event noun the report places before its own ("the recent killing of X", "the death
    of X earlier this month"): another, earlier incident's participant."""
    word = text[lk.start:lk.end].split()[0].lower() if text[lk.start:lk.end].split() else ""
    if word not in FORCE_NOUNS and not re.match(r"(?:fatal|deadly)$", word):
        return False
    return bool(EARLIER_BEFORE.search(text[max(0, lk.start - 40):lk.start]) or EARLIER_AFTER.match(text[lk.end:lk.end + 120]))


def dated_long_before(text: str, start: int, end: int, published_year: int | None) -> bool:
    """The clause of a link dates it two or more years before publication ("after George Floyd was killed
    in 2020", "In 2019, Lee Park was shot"): another, older event."""
    if not published_year:
        return False
    clause = re.split(r"[,;.!?]", text[end:end + 50])[0]
    lead = re.split(r"[.!?]\s", text[max(0, start - 200):start])[-1]
    years = [int(y) for part in (clause, lead[:12]) for m in PAST_YEAR.finditer(part) for y in m.groups() if y]
    return bool(years) and max(years) <= published_year - 2


def find_links(analysis: Analysis, sentences: list[Sentence], names: dict[str, list[tuple[int, int]]],
               published_year: int | None = None, officers: frozenset[str] = frozenset()) -> dict[str, list[Link]]:
    """Every link the mention's sentences make for each candidate (key → links)."""
    text = analysis.document.text
    rule_of = {"patient": R_PARSE_PATIENT, "agent": R_PARSE_AGENT, "target": R_PARSE_TARGET, "named": R_IDENTIFIED,
               "charged": R_CHARGED_LINK}
    out = {key: [Link(p.kind, p.start, p.end, R_PRONOUN if p.pronoun else rule_of[p.kind], p.outcome, p.law)
                 for p in found] for key, found in parsed_links(analysis, sentences, names, officers).items()}
    for key, spans in names.items():
        for s, e in spans:
            sent = next((x for x in sentences if x.start <= s and e <= x.end), None)
            if sent is not None:
                out.setdefault(key, []).extend(surface_links(sent, s, e))
    out = {key: [lk for lk in links if not is_stale(text, lk, published_year)] for key, links in out.items()}
    share_list_links(text, names, out)
    link_role_nouns(text, sentences, names, out)
    for prev, sent in zip(sentences, sentences[1:]):
        m = DIED_NEXT.match(sent.text)
        if not m or sent.index != prev.index + 1:
            continue
        hurt = {key for key, links in out.items() for lk in links
                if lk.kind == "patient" and prev.start <= lk.start < prev.end}
        if len(hurt) == 1:
            out[hurt.pop()].append(Link("patient", sent.start + m.start(1), sent.start + m.end(1), R_DIED_NEXT, "killed"))
    return out


# between two names of one list: "A, 24, of Flint, and B" / "twins A and B, 33-year-old C"
LIST_GAP = re.compile(r"^(?:,\s*\d{1,3})?(?:,?\s+of\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)?\s*(?:,|;|,?\s+and|,?\s+as\s+well\s+as)"
                      r"\s+(?:(?:his|her|their)\s+(?:[\w-]+\s+)?(?:wife|husband|son|daughter|father|mother|brother|sister"
                      r"|child|girlfriend|boyfriend|friend|cousin|grandson|granddaughter|grandfather|grandmother),?\s+)?"
                      r"(?:(?:an?\s+)?\d{1,3}-(?:year|month)-old\s+)?$")
R_LIST_SHARE = declare("list_shares_link", "person", "the names of one list share what the words before the list say",
                       "charged in the killings of Dana Reyes, 19, and 33-year-old Li Chen", module=__name__)


def share_list_links(text: str, names: dict[str, list[tuple[int, int]]], out: dict[str, list[Link]]) -> None:
    """A link the words before a list make for its first name ("the killings of A, B and C", "charged A, B
    and C") holds for the names listed after it."""
    spans = sorted((s, e, key) for key, sp in names.items() for s, e in sp)
    for (s1, e1, k1), (s2, e2, k2) in zip(spans, spans[1:]):
        if k1 == k2 or not LIST_GAP.match(text[e1:s2]):
            continue
        for lk in list(out.get(k1, [])):
            if lk.end <= s1 and lk.rule in (R_FORCE_BEFORE, R_IDENTIFIED, R_CHARGED_LINK, R_LIST_SHARE) and \
                    lk.kind in ("patient", "named", "charged", "target") and (s1 - lk.end < 40 or lk.rule == R_LIST_SHARE):
                out.setdefault(k2, []).append(Link(lk.kind, lk.start, lk.end, R_LIST_SHARE, lk.outcome, lk.law,
                                                   hint=lk.hint))


# a person the report names as the driver or a passenger ("X, a man who was driving the van", "the driver, X")
DRIVER_AFTER = re.compile(r"^(?:,\s+(?:an?|the)\s+[^,.;]{0,50}?)?,?\s+who\s+was\s+(?P<noun>driving|behind\s+the\s+wheel|a\s+passenger"
                          r"|riding)\b|^,\s+the\s+(?:van's\s+|car's\s+|truck's\s+)?(?P<noun2>driver|passenger)\b")
# what the report tells of "the driver" or "the passenger" without naming them
NOUN_FORCE = re.compile(r"\b(?:the|that)\s+(?P<a>driver|passenger)\s+(?:was|were)\s+(?:\w+ly\s+)?(?P<v>shot(?:\s+and\s+(?:killed|wounded))?"
                        r"|wounded|injured|killed|struck|hit)\b|\b(?P<v2>shot|struck|striking|hitting|wounding|killing|killed|wounded)"
                        r"\s+the\s+(?P<b>driver|passenger)\b", re.I)
R_ROLE_NOUN = declare("the_driver_is_the_named_driver", "person", "what the report tells of 'the driver' (or 'the "
                      "passenger') is the person it names as the one driving", "Dana Reyes, who was driving the van; "
                      "officers fired, striking the driver", module=__name__)


def link_role_nouns(text: str, sentences: list[Sentence], names: dict[str, list[tuple[int, int]]],
                    out: dict[str, list[Link]]) -> None:
    """The force the mention tells on "the driver" or "the passenger" is the one person it names as such."""
    who: dict[str, set[str]] = {}
    for key, spans in names.items():
        for s, e in spans:
            m = DRIVER_AFTER.match(text[e:e + 90])
            noun = None
            if m:
                noun = "passenger" if (m.group("noun") or m.group("noun2") or "").startswith(("a passenger", "passenger",
                                                                                           "riding")) else "driver"
            elif re.search(r"\bthe\s+(?:van's\s+|car's\s+)?(driver|passenger)\s*,\s*$", text[max(0, s - 30):s]):
                noun = re.search(r"(driver|passenger)\s*,\s*$", text[max(0, s - 30):s]).group(1)
            if noun:
                who.setdefault(noun, set()).add(key)
    for noun, keys in who.items():
        if len(keys) != 1:
            continue
        (key,) = keys
        for sent in sentences:
            for m in NOUN_FORCE.finditer(sent.text):
                if (m.group("a") or m.group("b")).lower() != noun:
                    continue
                verb = m.group("v") or m.group("v2")
                start = sent.start + m.start()
                out.setdefault(key, []).append(Link("patient", start, sent.start + m.end(), R_ROLE_NOUN, outcome_of(verb),
                                                    law=True if BY_LAW.match(sent.text, m.end()) or
                                                    LAW_ENFORCEMENT.search(sent.text[:m.start()]) else None))


def is_participant(links: list[Link]) -> bool:
    return any(lk.kind != "unharmed" for lk in links)


def decide_role(links: list[Link], sentences: list[Sentence], *, officers_used_force: bool, officer: bool) -> Value:
    """The role of a participant from their links: officer, attacker, bystander, subject (force by
    officers or agents), or victim / suspect in shootings where no officer used force."""
    def value(role: str, rule: str, lk: Link | None) -> Value:
        return Value(role, (Span(lk.start, lk.end),) if lk else (), rule)

    hit = [lk for lk in links if lk.kind in ("patient", "target")]
    used = [lk for lk in links if lk.kind == "agent"]
    by_law = [lk for lk in hit if lk.law]
    at_law = [lk for lk in used if lk.law]
    if by_law:
        return value("subject", R_ROLE_SUBJECT, by_law[0])
    if officer or any(lk.officer for lk in links):
        lk = next(iter(used + hit), None) or next(iter(links), None)
        return value("officer", R_ROLE_OFFICER, lk)
    if at_law:
        return value("attacker", R_ROLE_ATTACKER, at_law[0])
    if hit:
        lk = hit[0]
        if officers_used_force and BYSTANDER.search(" ".join(s.text for s in sentences if s.start <= lk.start < s.end)):
            return value("bystander", R_ROLE_BYSTANDER, lk)
        if officers_used_force and not any(x.law is False for x in hit):
            return value("subject", R_ROLE_SUBJECT, lk)
        return value("victim", R_ROLE_VICTIM, lk)
    if used and not officers_used_force:
        return value("suspect", R_ROLE_SUSPECT, used[0])
    charged = [lk for lk in links if lk.kind == "charged"]
    named = [lk for lk in links if lk.kind == "named"]
    if charged and not officers_used_force:
        return value("suspect", R_ROLE_SUSPECT, charged[0])
    for lk in named:
        if lk.hint in ("suspect", "shooter", "gunman", "attacker", "assailant") and not officers_used_force:
            return value("suspect", R_ROLE_SUSPECT, lk)
        if lk.hint in ("victim", "deceased"):
            return value("subject" if officers_used_force else "victim",
                         R_ROLE_SUBJECT if officers_used_force else R_ROLE_VICTIM, lk)
    return Value("unknown", (), R_ROLE_UNKNOWN)


def decide_status(links: list[Link], *, deaths_told: bool) -> Value:
    """killed over injured over unharmed, from the outcomes the person's links tell; a person shot or struck
    whose fate is not told is injured only when the report tells no death (else unknown)."""
    for outcome in ("killed", "injured", "hit", "unharmed"):
        found = [lk for lk in links if lk.outcome == outcome]
        if not found:
            continue
        rule = found[0].rule
        if outcome == "killed" and any(lk.outcome in ("injured", "hit") for lk in links):
            rule = f"{rule}+{R_STATUS_KILLED}"
        if outcome == "hit":
            if deaths_told:
                return Value("unknown", (), R_STATUS_UNKNOWN)
            outcome, rule = "injured", f"{rule}+{R_STATUS_HIT}"
        return Value(outcome, (Span(found[0].start, found[0].end),), rule)
    return Value("unknown", (), R_STATUS_UNKNOWN)
