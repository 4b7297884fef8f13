"""Who did what to whom, read on the dependency parse of the sentences that need it.

In: the sentences of one incident mention and, per candidate person, the spans naming them there
(document offsets). Out: ``ParsedLink`` records — the person as the object of a force verb or noun
(``patient``: "an agent fired, striking Dana Reyes", "the killing of Dana Reyes"), its subject
(``agent``: "Lee Park opened fire on the deputies"), the one it was aimed at (``target``: "fired at Dana
Reyes"), named by "identified as" (``named``) or the object of an arrest or charge over violence
(``charged``) — with the outcome the words tell, whether the other end was law enforcement, and
whether the link came through a pronoun ("Dana Reyes said she was tear-gassed"). spaCy's parser runs
(``Analysis.parse``) only on sentences that name a candidate and carry a force, death or charge word.
``outcome_of`` reads the outcome of a force phrase for the surface patterns too.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from encounters.extract.lexicon import (FORCE_NOUNS, FORCE_WORDS, LAW_ENFORCEMENT, LAW_NOUNS, OUTCOME_VERBS, PERSON_NOUNS,
                                        VIOLENT_CHARGE)
from encounters.extract.nlp import Analysis, Sentence

FORCE_HINT = re.compile(r"\b(?:" + "|".join(sorted({*FORCE_WORDS, *OUTCOME_VERBS, *FORCE_NOUNS}, key=len, reverse=True))
                        + r"|dead|fatally|opened\s+fire|identified)\b", re.I)
CHARGE_HINT = re.compile(r"\b(?:charged|arrested|indicted|booked|convicted)\b", re.I)
# a speaker's office before their name: what they say "she" did is someone else's ("DHS spokesperson X said she …")
OFFICIAL_BEFORE = re.compile(r"\b(?:spokes(?:man|woman|person)|secretary|chief|official|sheriff|attorney|lawyer|mayor|governor"
                             r"|senator|commissioner|director|prosecutor|president|minister|police|officer|agent|coroner|examiner|Dr\.|doctor"
                             r"|undersheriff)\s+(?:[A-Z][\w.'’-]*\s+)*$",
                             re.I)
CHARGE_VERBS = frozenset(("charged", "arrested", "indicted", "booked", "convicted"))
REFLEXIVE = frozenset(("himself", "herself", "themselves"))
PRONOUNS = frozenset(("he", "she", "him", "her"))  # standing for one named person


class ParsedLink(NamedTuple):
    kind: str  # patient | agent | target | named | charged
    start: int  # the force (or naming, or charge) word, as document offsets
    end: int
    outcome: str  # killed | injured | hit | ""
    law: bool | None  # patient/target: done by law enforcement; agent: aimed at it; None when not told
    pronoun: bool  # found through a pronoun standing for the person


def outcome_of(words: str) -> str:
    """killed / injured / hit / "" for the words of a force or death phrase: "hit" when the person was shot
    or struck and the words do not say whether they lived."""
    low = words.lower()
    if re.search(r"\b(?:killed|fatal(?:ly)?|dead|died|death|murder(?:ed)?|slain|slaying|killing|gunned|own\s+li(?:fe|ves)"
                 r"|succumbed|pronounced)\b", low):
        return "killed"
    if re.search(r"\b(?:at|upon|on)\b", low) and re.search(r"\b(?:shot|fired)\b", low) and not re.search(r"\bshot\s+(?:him|her)\b", low):
        return ""
    if re.search(r"\b(?:wounded|wounding|injured|injuries|hurt|grazed|hospitali[sz]ed|condition|hospital|survived|treated"
                 r"|non-?fatal|non-life)\b", low) or NONVITAL.search(low):
        return "injured"
    if re.search(r"\b(?:shot|struck|hit|hitting|striking|stabbed|beat(?:en)?|wounds?)\b", low):
        return "hit"
    return ""


NONVITAL = re.compile(r"\b(?:shot|struck|hit|hitting|striking|wounded)\s+(?:[\w'’-]+\s+){0,4}?in\s+(?:the|his|her|their)\s+"
                      r"(?:(?:left|right|lower|upper)\s+)?(?:arm|arms|leg|legs|hand|foot|feet|shoulder|buttocks|thigh|ankle"
                      r"|knee|hip|wrist|elbow|finger|toe|calf|shin|forearm)\b")


def _force(tok) -> str | None:
    """The outcome a force word tells ("killed", "injured", ""), or None for any other word."""
    low = tok.lower_
    if low in FORCE_WORDS and tok.pos_ in ("VERB", "AUX", "ADJ") or low in ("shot", "hit", "struck") and tok.pos_ != "NOUN":
        return FORCE_WORDS.get(low, "hit")
    if low in ("opened", "open", "opens", "opening") and any(c.lower_ == "fire" for c in tok.children):
        return ""
    return None


def _cluster_outcome(verb) -> str:
    """The outcome of a verb and those it is coordinated with ("was shot and killed", "fatally shot")."""
    words = [verb] + [c for c in verb.children if c.dep_ in ("conj", "advmod", "acomp", "oprd", "xcomp")]
    if verb.dep_ == "conj":
        words.append(verb.head)
    told = outcome_of(" ".join(t.text for t in words))
    if told in ("killed", "injured") or _force(verb) not in ("injured", "hit"):
        return told
    if any(c.dep_ == "prep" and c.lower_ in ("at", "upon") for c in verb.children):
        return ""
    span = verb.doc[verb.i:min(len(verb.doc), verb.i + 14)].text  # "hitting Dana Reyes in the leg"
    return "injured" if NONVITAL.search(verb.text.lower() + " " + span.lower()) or _force(verb) == "injured" else "hit"


def _is_law(tok) -> bool | None:
    """Whether a noun phrase names law enforcement ("an ICE officer", "one of the agents", "Border
    Patrol"); None for a name or a pronoun, whose words do not say."""
    sub = [t for t in tok.subtree if t.i <= tok.i + 4]
    if any(t.text in LAW_NOUNS or t.lower_ in LAW_NOUNS for t in sub) or LAW_ENFORCEMENT.search(" ".join(t.text for t in sub)):
        return True
    return None if tok.pos_ in ("PROPN", "PRON") else False


def _is_person(tok) -> bool:
    return tok.pos_ in ("PROPN", "PRON") or tok.lower_ in PERSON_NOUNS or tok.lower_ in LAW_NOUNS


def _subject_of(verb):
    """The active subject of a verb, looking up through the verbs it hangs from ("fired, striking X")."""
    v = verb
    for _ in range(3):
        subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return subj
        if v.dep_ not in ("advcl", "xcomp", "conj", "acl") or v.head is v:
            return None
        v = v.head
    return None


def _objects(verb) -> list:
    return [g for c in verb.children if c.dep_ in ("dobj", "prep") for g in ([c] if c.dep_ == "dobj" else
            [x for x in c.children if x.dep_ == "pobj"])]


def _by(word, depth: int = 0):
    """The doer after "by" of a passive verb or an event noun ("shot and killed by an agent", "a shooting
    by agents", "injured in a shooting by an officer")."""
    words = [word] + [c for c in word.children if c.dep_ == "conj"] + ([word.head] if word.dep_ == "conj" else [])
    found = next((g for w in words for c in w.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "by"
                  for g in c.children if g.dep_ == "pobj"), None)
    if found is None and depth == 0:  # "injured in a shooting by …"
        event = next((g for c in word.children if c.dep_ == "prep" and c.lower_ in ("in", "during")
                      for g in c.children if g.dep_ == "pobj" and g.lower_ in FORCE_NOUNS), None)
        if event is not None:
            found = _by(event, 1)
    return found


def _purpose(verb):
    """A subjectless force verb a verb governs, whose doer is the verb's subject: "to assault the officer",
    "for shooting his friend", "after killing her neighbour"."""
    for c in verb.children:
        inner = c if c.dep_ in ("xcomp", "advcl") else next(
            (g for g in c.children if g.dep_ == "pcomp"), None) if c.dep_ == "prep" and c.lower_ in ("for", "after") else None
        if inner is not None and _force(inner) is not None and not any(g.dep_.startswith("nsubj") for g in inner.children):
            return inner
    return None


def _passive(verb) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _hedged(verb) -> bool:
    """A negated, conditional or hypothetical verb ("was not shot", "would ever hurt", "if officers fired")."""
    return any(c.dep_ == "neg" or c.dep_ == "aux" and c.lower_ in ("would", "could", "should")
               or c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in verb.children)


def token_links(tok) -> list[tuple[str, object, str, list]]:
    """(kind, the force word, outcome, the tokens at the other end) for one token's place in the parse:
    for a patient or target the doer (if told), for an agent the objects of the force."""
    out = []
    chain = [tok]
    while chain[-1].dep_ in ("appos", "conj") and chain[-1].head is not chain[-1] and len(chain) < 8 \
            and chain[-1].head.pos_ in ("PROPN", "NOUN", "PRON"):
        chain.append(chain[-1].head)
    for n in chain:
        dep = n.dep_
        heads = [n.head]
        if dep in ("nsubj", "nsubjpass"):  # "X fired … and sustained internal bleeding": verbs sharing the subject
            heads += [c for c in n.head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                      and not any(g.dep_.startswith("nsubj") for g in c.children)]
        for h in heads:
            out.extend(_links_under(n, dep, h))
        for rel in (c for c in n.children if c.dep_ == "relcl"):  # "X, who was shot by …"
            who = next((c for c in rel.children if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "that")), None)
            if who is not None:
                out.extend(token_links(who))
    return out


def _links_under(n, dep: str, h) -> list:
    """The links of token ``n`` standing as ``dep`` of word ``h``."""
    out = []
    if dep in ("nsubjpass", "nsubj") and h.lower_ == "found":  # "X was found shot" / "found dead"
        inner = next((c for c in h.children if c.dep_ in ("oprd", "xcomp", "acomp", "advcl") and (_force(c) is not None
                      or c.lower_ == "dead")), None)
        if inner is not None:
            out.append(("patient", inner, "killed" if inner.lower_ == "dead" else _cluster_outcome(inner), []))
    if dep in ("nsubjpass", "dobj", "nsubj") and _force(h) is not None and _hedged(h):
        return out
    if dep == "nsubjpass" and _force(h) is not None:
        at = any(c.dep_ in ("prep", "prt") and c.lower_ in ("at", "upon") for c in h.children)
        by = _by(h)
        out.append(("target" if at else "patient", h, "" if at else _cluster_outcome(h), [by] if by is not None else []))
    elif dep == "dobj" and _force(h) is not None and h.lower_ not in ("fired", "fire", "fires", "firing") and not _passive(h):
        subj = _subject_of(h)
        out.append(("patient", h, _cluster_outcome(h), [subj] if subj is not None else []))
    elif dep == "pobj" and h.lower_ == "as" and h.head.lower_ == "identified":
        out.append(("named", h.head, "", []))
    elif (dep == "nsubjpass" or dep == "dobj" and not _passive(h)) and h.lower_ in CHARGE_VERBS and \
            abs(n.i - h.i) <= 8 and VIOLENT_CHARGE.search(h.sent.text):
        out.append(("charged", h, "", []))
    elif dep == "poss" and (h.lower_ in FORCE_NOUNS or h.lower_ in ("wound", "wounds") and any(
            c.lower_ in ("gunshot", "bullet") for c in h.children)):  # "Good's killing", "Lee's gunshot wound"
        out.append(("patient", h, FORCE_NOUNS.get(h.lower_, "injured") or outcome_of(" ".join(
            t.text for t in h.subtree)), [_by(h)] if _by(h) is not None else []))
    elif dep == "nsubj" and h.pos_ == "AUX" and any(c.dep_ in ("acomp", "attr") and _force(c) is not None
                                                    for c in h.children):  # "when he was tear-gassed"
        inner = next(c for c in h.children if c.dep_ in ("acomp", "attr") and _force(c) is not None)
        out.append(("patient", inner, _cluster_outcome(inner), []))
    elif dep == "nsubj" and h.lower_ in OUTCOME_VERBS:
        event = next((c for c in h.children if c.dep_ == "dobj"), None)
        told = event is not None and re.search(r"wound|shot|shooting|injur|graze|bleeding|fractur|broken|bruis|concussion|burns",
                                               " ".join(t.lower_ for t in event.subtree))
        if told or h.lower_ not in ("suffered", "sustained", "survived"):
            by = _by(event) if event is not None else None
            out.append(("patient", h, OUTCOME_VERBS[h.lower_], [by] if by is not None else []))
    elif dep in ("nsubj", "nsubjpass") and _force(h) is None and _purpose(h) is not None:
        # "X took the broom to assault the officer", "X was sentenced for shooting his friend"
        inner = _purpose(h)
        objs = _objects(inner)
        if objs and any(_is_person(o) for o in objs) and not _hedged(inner):
            out.append(("agent", inner, "", objs))
    elif dep == "nsubj" and _force(h) is not None:
        objs = _objects(h)
        if any(o.lower_ in REFLEXIVE for o in objs):
            out.append(("patient", h, _cluster_outcome(h), [n]))
        elif h.lower_ in ("fired", "fire", "fires", "firing", "shot", "shoot", "shooting", "opened", "open") or \
                (objs and any(_is_person(o) for o in objs)):
            out.append(("agent", h, "", objs))
    elif dep == "pobj" and h.dep_ == "agent" and _force(h.head) is not None:
        out.append(("agent", h.head, "", []))
    elif dep == "pobj" and h.lower_ == "of" and h.head.lower_ in FORCE_NOUNS:
        by = _by(h.head)
        out.append(("patient", h.head, outcome_of(" ".join(t.text for t in h.head.subtree if t.i < h.i)) or
                    FORCE_NOUNS[h.head.lower_], [by] if by is not None else []))
    elif dep == "pobj" and h.lower_ in ("at", "upon", "on", "toward", "towards") and _force(h.head) is not None:
        subj = _subject_of(h.head)
        out.append(("target", h.head, "", [subj] if subj is not None else []))
    return out


def in_quote(text: str, at: int) -> bool:
    """Whether offset ``at`` of a sentence falls inside quotation marks."""
    before = text[:at]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def parsed_links(analysis: Analysis, sentences: list[Sentence], names: dict[str, list[tuple[int, int]]],
                 officers: frozenset[str] = frozenset()) -> dict[str, list[ParsedLink]]:
    """Links from the dependency parse of the sentences that name a candidate and carry a force word
    (``Analysis.parse``: parsed once per document, shared with the other rules that parse);
    ``officers``: the candidates the text calls officers or agents (the other end of the force is law
    enforcement when it is one of them)."""
    wanted = []
    for sent in sentences:
        inside = {k: [(s, e) for s, e in spans if sent.start <= s and e <= sent.end] for k, spans in names.items()}
        inside = {k: v for k, v in inside.items() if v}
        if inside and (FORCE_HINT.search(sent.text) or CHARGE_HINT.search(sent.text)):
            wanted.append((sent, inside))
    out: dict[str, list[ParsedLink]] = {}
    parses = analysis.parse([(s.start, s.end) for s, _ in wanted])
    for sent, inside in wanted:
        doc = parses[(sent.start, sent.end)]
        owner: dict[int, str] = {}
        roots = []
        for key, spans in inside.items():
            for s, e in spans:
                toks = [t for t in doc if s - sent.start <= t.idx < e - sent.start]
                root = next((t for t in toks if t.head not in toks or t.head is t), None)
                if root is not None:
                    owner[root.i] = key
                    roots.append((key, root))

        def law(others) -> bool | None:
            verdicts = [True if o.i in owner and owner[o.i] in officers else _is_law(o) for o in others]
            return True if True in verdicts else False if verdicts and all(v is False for v in verdicts) else None

        def add(key: str, found, pronoun: bool = False) -> None:
            for kind, word, outcome, others in found:
                start = sent.start + word.idx
                verdict = law(others) if others else None
                if kind == "agent" and verdict is False:
                    verdict = None  # force on a civilian says nothing of who the doer is
                out.setdefault(key, []).append(ParsedLink(kind, start, start + len(word.text), outcome, verdict, pronoun))

        for key, root in roots:
            add(key, token_links(root))
        for tok in doc:  # "Dana Reyes said she was tear-gassed": a pronoun for the clause's named subject
            # a subject pronoun, or an object one of a force verb in a clause under the named subject's ("Dana Reyes
            # was walking home when a man shot her"; never the force verb's own subject: "Lee shot him")
            obj = tok.dep_ == "dobj" and _force(tok.head) is not None and tok.lower_ in ("him", "her")
            if tok.lower_ not in PRONOUNS or tok.dep_ not in ("nsubjpass", "nsubj") and not obj or in_quote(sent.text, tok.idx):
                continue
            v, subj, shared = tok.head, None, True  # shared: only coordinated verbs so far (one subject for all)
            for _ in range(4):
                subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in owner and c is not tok), None)
                if subj is not None and obj and shared:
                    subj = None  # the force verb's own subject: "Lee walked in and shot him"
                    break
                if subj is not None or v.head is v:
                    break
                shared = shared and v.dep_ == "conj"
                v = v.head
                if any(c.dep_ in ("nsubj", "nsubjpass") and c.i not in owner and c.pos_ in ("NOUN", "PROPN")
                       for c in v.children):
                    break  # "X would not say if the boy was alone when he was shot": "he" is the boy
            # the named subject comes first ("Dana Reyes said she was tear-gassed"); in "He was shot, Dr. Lee
            # said" the speaker named after the clause is not who "he" is
            if subj is not None and subj.i < tok.i and not OFFICIAL_BEFORE.search(sent.text[max(0, subj.idx - 60):subj.idx]):
                add(owner[subj.i], token_links(tok), pronoun=True)
    return out
