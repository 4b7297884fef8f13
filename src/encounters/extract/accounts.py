"""Accounts: who said what, on which side — and figures kept as claims.

In: an ``Analysis`` (stored text, sentences, entities). Out: ``Account`` records for direct quotes
and reported speech, each verbatim with its offsets, and ``Claim`` records for attributed words
that carry a figure ("a 1000% increase in assaults") — never facts.

A statement belongs to the speaker the text itself attributes it to: the subject of the speech
verb that governs it ("…,” DHS stated", "the lawyer said the video shows…", "…, which added"),
the source after "according to" (a statement, a complaint and who issued it), and, for a quote
standing alone right after a speaker's quote, that speaker. The sentences that carry a speech
verb are read with spaCy's dependency parse (``Analysis.parse``: only those sentences). A pronoun
is the speaker just quoted or the one person just named; "it" / "the agency" is the agency just
named. Words no speaker can be found for are left out — an account must be judgeable by its
speaker — and so are words whose "speaker" names nobody who speaks (a clause, a newsroom, a
photo credit; see ``speakers.read_speaker``). Each record's ``rule`` names the attribution rule
and the side decision (registered in ``extract/rules.py``).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from encounters.core.model import Account, Claim, Span
from encounters.extract.lexicon import AGENCIES, CLAIM_FIGURE, QUOTE_ONLY_VERBS, SPEECH_VERBS
from encounters.extract.nlp import Analysis, Sentence
from encounters.extract.rules import declare
from encounters.extract.zones import Zones, find_zones, is_menu
from encounters.extract.speakers import (RELATIVE, title_near, Speaker, SpeakerBook, clean_name, named_counsel,
                                         read_speaker, side_of,
                                         side_with_people, side_with_self_reports, side_with_defending_executives,
                                         coded, agency_codes,
                                         speaker_in_words)

__all__ = ["find_accounts", "find_quotes", "side_with_people", "side_with_self_reports",
           "side_with_defending_executives"]

R_QUOTE_VERB = declare("quote_speech_verb", "account", "a quotation is said by the subject of the speech verb that "
                       "attributes it", "“We heard two shots,” a neighbor said.", module=__name__)
R_QUOTE_ACCORDING = declare("quote_according_to", "account", "a quotation followed or preceded by 'according to' is "
                            "said by that source", "the officer “feared for his life,” according to the agency",
                            module=__name__)
R_QUOTE_CONTINUES = declare("quote_continues", "account", "a quotation standing alone right after a speaker's "
                            "quotation is that speaker's", "“…,” Okafor said. “The video shows the truck moving away.”",
                            module=__name__)
R_REPORTED = declare("reported_speech", "account", "the clause a speech verb governs is reported speech of the verb's "
                     "subject", "Deputies said the driver fired first.", module=__name__)
R_ACCORDING = declare("according_to", "account", "a sentence 'according to' a source is that source's statement",
                      "According to the complaint, the agent fired twice.", module=__name__)
R_PRONOUN = declare("speaker_pronoun", "account", "he, she, they or it is the speaker just quoted or the one person "
                    "just named", "“…,” Mora said. She said he had no record.", kind="decision", module=__name__)
R_LEFT_OUT = declare("unattributed_left_out", "account", "words no speaker can be found for, or whose speaker names "
                     "nobody (a clause, a newsroom, a photo credit), are left out of the accounts",
                     "“Show no fear!” (no speaker named)", kind="decision", module=__name__)
R_CLAIM = declare("claimed_figure", "claim", "a figure in attributed words is the speaker's claim, not a fact",
                  "DHS said assaults rose 1,000 percent.", module=__name__)

R_NO_COMMENT = declare("no_comment_left_out", "account", "words that only say the speaker will not or cannot "
                       "comment are not an account of the incident", "the office said it was unable to respond to media "
                       "requests", kind="decision", module=__name__)
NO_COMMENT = re.compile(r"^\W*(?:\w+\s+){0,3}?(?:(?:is|was|are|were)\s+unable\s+to|(?:could|would|can|will|does|did|do)"
                        r"\s*(?:not|n['’]t)|cannot|declined\s+to)\s+(?:immediately\s+)?(?:respond|comment|discuss)\b", re.I)

_OPEN = "“\""
SPEECH_FORMS = frozenset(SPEECH_VERBS.replace("according to", "according").split("|"))
QUOTE_FORMS = SPEECH_FORMS | frozenset(QUOTE_ONLY_VERBS.split("|"))
# the words that make a sentence worth parsing: a speech verb (lower case: "the United States" says
# nothing), and around a quote also a verb that only frames one ("calling it “…”", never "called 911")
SPEECH_CUE = re.compile(rf"\b(?:{SPEECH_VERBS})\b|\bAccording to\b")
QUOTE_CUE = re.compile(rf"\b(?:{SPEECH_VERBS}|{QUOTE_ONLY_VERBS})\b|\bAccording to\b")
PERCEPTION = frozenset("saw see sees seeing seen heard hear hears hearing watched watch watching filmed recorded".split())
SOURCE_NOUNS = re.compile(r"^(?:statement|release|post|email|letter|report|video|account|filing|news)$", re.I)
DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?\s*(?:\([^)]{1,30}\))?\s*[—–-]+\s*")
ENDS_SENTENCE = re.compile(r"[.!?][”\"’')\]]*\s*$")
# between a quote's close and the verb after it only the speaker (“…,” the agency said); between a
# verb and the quote after it only a recipient or a time (she told reporters Monday: “…”)
ADJACENT_AFTER = re.compile(r"[,.!?]?[”\"’]?\s*,?\s*[^“”\".!?;:]{0,90}$")
ADJACENT_BEFORE = re.compile(r"(?:\s+[\w.’'-]+){0,4}?\s*[,:]?\s*[“\"]?\s*$")
# the attributions simple enough to read without the parse: “…,” Okafor said. / “…,” said Helen Okafor.
# / …, police said Sunday. / …, according to the sheriff's office.
_TAIL = r"(?:\s+(?:on\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?:\s+(?:morning|afternoon|evening|night))?)?"
QUICK_AFTER_QUOTE = re.compile(rf"[,!?]?\s*[”\"]\s+(?:(?P<sp>[^,;:“”\".!?]{{1,60}}?)\s+(?:said|says){_TAIL}"
                               rf"|(?:said|says){_TAIL}\s+(?P<sp2>[^,;:“”\".!?]{{1,60}}?))\s*\.(?:\s|$)")
QUICK_REPORTED = re.compile(rf"^(?P<q>[^“”\"]{{12,}}?),\s+(?:(?P<sp>[^,;:“”\"]{{1,60}}?)\s+(?:said|says){_TAIL}"
                            rf"|according\s+to\s+(?P<acc>[^,;:“”\"]{{1,60}}?))\.$")
QUICK_BEFORE = re.compile(rf"^(?P<sp>[^,;:“”\"]{{1,60}}?)\s+(?:said|says){_TAIL}(?:\s+that)?\s+(?P<q>[^“”\"]{{12,}})\.$")
MAX_PARSED = 1200  # characters: a longer "sentence" is page furniture run together, not prose
MIN_WORDS = 3
REACH = 2  # sentences back a pronoun or a continued quote may look for its speaker


@dataclass
class Statement:
    start: int
    end: int
    mode: str  # quote | reported
    rule: str
    sentence: int  # index of the sentence the attribution is in
    head: object = None  # the parsed subject token, or None
    base: int = 0  # offset of the parsed sentence in the text
    pronoun: str = ""
    verb: str = ""
    speaker: Speaker | None = None  # read from the words alone (``quick_*``), no parse needed


@dataclass(frozen=True)
class Word:
    """A pronoun found without the parse, standing in for its token (offset in its sentence, text)."""

    idx: int
    text: str

    @property
    def lower_(self) -> str:
        return self.text.lower()


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of quotation marks, marks excluded."""
    out: list[tuple[int, int]] = []
    for para_start, para in paragraphs(text):
        i = 0
        while i < len(para):
            ch = para[i]
            if ch in _OPEN:
                # “ closes at ” — or at a straight mark where a page mixes them
                ends = [k for k in (para.find("”", i + 1), para.find("\"", i + 1)) if k >= 0] if ch == "“" \
                    else [k for k in (para.find("\"", i + 1),) if k >= 0]
                j = min(ends) if ends else -1
                nxt = para.find("“", i + 1) if ch == "“" else -1
                if j < 0 or (0 <= nxt < j):
                    # a quote running on (continued in the next paragraph): up to the next one or the end
                    j = nxt if nxt >= 0 else len(para)
                inner = para[i + 1:j]
                if len(inner.split()) >= MIN_WORDS and len(inner) <= 2000:
                    lead = len(inner) - len(inner.lstrip())
                    out.append((para_start + i + 1 + lead, para_start + i + 1 + len(inner.rstrip())))
                i = j + 1 if j < len(para) and para[j] in "”\"" else j
            else:
                i += 1
    return out


def paragraphs(text: str):
    pos = 0
    for chunk in text.split("\n"):
        yield pos, chunk
        pos += len(chunk) + 1


class Quotes:
    """Quote spans, for asking whether an offset is inside one."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [s for s, _ in spans]

    def inside(self, offset: int) -> bool:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i >= 0 and self.spans[i][0] - 1 <= offset <= self.spans[i][1]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, end)
        return any(s < end and start < e for s, e in self.spans[max(0, i - 3):i])


# a court filing that speaks: one whose filer the text names once ("the affidavit filed by the family's
# attorney") is the same filer's each time it speaks again ("the affidavit says")
FILING = re.compile(r"^(?:the\s+)?(?:affidavit|complaint|lawsuit|suit|filing|motion|indictment|petition|declaration)$", re.I)


def find_accounts(analysis: Analysis, zones: Zones | None = None) -> tuple[list[Account], list[Claim]]:
    """Every attributed quote and reported statement in the document. ``zones`` (``find_zones``,
    computed here when not given) keeps page furniture — menus, teasers, credits — out."""
    zones = zones if zones is not None else find_zones(analysis)
    text = analysis.document.text
    sentences = analysis.sentences
    starts = [s.start for s in sentences]
    quote_spans = find_quotes(text)
    quotes = Quotes(quote_spans)
    book = SpeakerBook(analysis)

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(starts, offset) - 1)

    def speaks(sent: Sentence, cue: re.Pattern = SPEECH_CUE) -> bool:
        """A sentence worth parsing: a speech verb outside quotation marks."""
        if len(sent.text) > MAX_PARSED or zones.role(sent) == "furniture":
            return False
        return any(not quotes.inside(sent.start + m.start()) for m in cue.finditer(sent.text))

    # attributions simple enough are read from the words; the sentences around every other quote, and
    # every other sentence with a speech verb, are parsed at once
    statements: list[Statement] = []
    read: set[int] = set()
    for sent in sentences:
        if zones.is_body(sent) and not any(c in sent.text for c in _OPEN + "”"):
            found = quick_reported(sent, analysis, book, zones)
            if found is not None:
                statements.append(found)
                read.add(sent.index)
    around: dict[tuple[int, int], list[int]] = {}
    for qs, qe in quote_spans:
        found = quick_quote(qs, qe, sentence_of(max(qs, qe - 1)), text, analysis, book)
        if found is not None:
            statements.append(found)
            continue
        first, last = sentence_of(qs), sentence_of(max(qs, qe - 1))
        idx = list(range(first, last + 1))
        tail = text[qe:sentences[last].end] if sentences else ""
        if last + 1 < len(sentences) and re.fullmatch(r"[,.!?”\"’\s]*", tail) and "," in text[qe - 1:qe + 2]:
            idx.append(last + 1)  # “…,” | Jorge said. — the recogniser cut before the attribution
        if first > 0 and sentences[first - 1].text.rstrip().endswith(":") and sentences[first].start >= qs - 2:
            idx.insert(0, first - 1)  # He said: | “…”
        around[(qs, qe)] = [i for i in idx if speaks(sentences[i], QUOTE_CUE)]
    wanted = {i for idx in around.values() for i in idx}
    wanted |= {s.index for s in sentences if s.index not in wanted and s.index not in read
               and ENDS_SENTENCE.search(s.text) and speaks(s)}
    parsed = analysis.parse((sentences[i].start, sentences[i].end) for i in sorted(wanted))

    def doc_of(i: int):
        s = sentences[i]
        return parsed.get((s.start, s.end)), s.start

    for (qs, qe), idx in around.items():
        found = attribute_quote(qs, qe, [(i, *doc_of(i)) for i in idx], quotes, text)
        statements.append(found or Statement(qs, qe, "quote", "", sentence_of(qs)))
    for i in sorted(wanted - read):
        doc, base = doc_of(i)
        if doc is not None and ENDS_SENTENCE.search(sentences[i].text):
            found = reported_in(doc, base, i, quotes, text, zones)
            if found is not None:
                statements.append(found)
    statements = [st for st in statements if zones.role(sentences[sentence_of(st.start)]) != "furniture"
                  and not zones.is_masked(st.start, st.end)]
    statements.sort(key=lambda s: (s.start, s.end))
    return build_records(analysis, book, statements, sentences, sentence_of, quotes, zones)


def quick_quote(qs: int, qe: int, i: int, text: str, analysis: Analysis, book: SpeakerBook) -> Statement | None:
    """A quote whose attribution right after it is a name, a pronoun or a speaker noun and the
    sentence's end ("“…,” Okafor said."): read without the parse; None when it needs one."""
    m = QUICK_AFTER_QUOTE.match(text, qe, min(len(text), qe + 90))
    if not m:
        return None
    group = "sp" if m.group("sp") else "sp2"
    return quick_statement(qs, qe, "quote", R_QUOTE_VERB, i, m.start(group), m.group(group), analysis, book)


def quick_reported(sent: Sentence, analysis: Analysis, book: SpeakerBook, zones: Zones) -> Statement | None:
    """"…, police said." / "…, according to the complaint.": read without the parse."""
    m = QUICK_REPORTED.match(sent.text) or QUICK_BEFORE.match(sent.text)
    if not m or SPEECH_CUE.search(m.group("q")):
        return None  # "X told the FBI that …, according to the complaint": the parse reads which verb holds what
    group = "sp" if m.group("sp") else "acc"
    text = analysis.document.text
    start, end = trim(text, sent.start + m.start("q"), sent.start + m.end("q"))
    if end - start < 12 or len(text[start:end].split()) < 4 or furniture(text[start:end], start, end, zones):
        return None
    rule = R_REPORTED if group == "sp" else R_ACCORDING
    return quick_statement(start, end, "reported", rule, sent.index, sent.start + m.start(group), m.group(group),
                           analysis, book, sentence_start=m.start(group) == 0)


def quick_statement(start: int, end: int, mode: str, rule: str, i: int, at: int, words: str, analysis: Analysis,
                    book: SpeakerBook, sentence_start: bool = False) -> Statement | None:
    found = speaker_in_words(words, at, analysis, book, sentence_start)
    if found is None:
        return None
    sent = analysis.sentences[i]
    if isinstance(found, str):
        return Statement(start, end, mode, rule, i, Word(at - sent.start, words.strip()), sent.start, pronoun=found)
    return Statement(start, end, mode, rule, i, None, sent.start, speaker=found)


def speech_verbs(doc, base: int, quotes: Quotes, forms=QUOTE_FORMS) -> list:
    """Tokens of speech verbs outside quotation marks (a gerund the parser took for a noun — "an
    agent yelling" — still counts: ``subject_of`` reads its noun)."""
    return [t for t in doc if t.lower_ in forms and not quotes.inside(base + t.idx)
            and (t.lower_ != "according" or (t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to"))
            and (t.dep_ not in ("amod", "compound", "nsubj", "dobj", "pobj", "nsubjpass") or misparsed_gerund(t))]


def misparsed_gerund(token) -> bool:
    return token.lower_.endswith("ing") and any(c.dep_ in ("compound", "nmod") and c.i == token.i - 1
                                                for c in token.children)


def attribute_quote(qs: int, qe: int, docs: list, quotes: Quotes, text: str) -> Statement | None:
    """The speech verb that attributes the quote ``text[qs:qe]``, of the verbs outside quotation
    marks in the sentences around it: the one right after its close (“…,” the agency said) or
    right before its opening (she said: “…”), else the one that governs it most closely (the
    smallest clause holding it), else the nearest; a verb that only frames a phrase ("calling it
    “…”") comes after every verb of speech."""
    best = None
    for i, doc, base in docs:
        if doc is None:
            continue
        inside_ids = {t.i for t in doc if qs <= base + t.idx < qe}
        for verb in speech_verbs(doc, base, quotes):
            pos = base + verb.idx
            distance = qs - pos if pos < qs else pos - qe
            if distance > 250:
                continue
            sub = [t.i for t in verb.subtree]
            linked = bool(inside_ids & set(sub)) or verb.head.i in inside_ids
            adjacent = (pos >= qe and ADJACENT_AFTER.match(text, qe, pos) is not None) or \
                (pos < qs and ADJACENT_BEFORE.match(text, pos + len(verb.text), qs) is not None)
            key = (not adjacent, verb.lower_ not in SPEECH_FORMS, not linked, len(sub) if linked else 0, distance)
            if best is None or key < best[0]:
                best = (key, verb, i, base)
    if best is None:
        return None
    _, verb, i, base = best
    return statement_of(verb, qs, qe, "quote", i, base)


def statement_of(verb, start: int, end: int, mode: str, i: int, base: int) -> Statement | None:
    """A statement with the token naming its speaker: the verb's subject (or the source after
    'according to'), followed through 'and added', 'saying' and 'which added'."""
    according = verb.lower_ == "according"
    head = source_after_according(verb) if according else subject_of(verb)
    if head is None:
        return None
    if according:
        rule = R_QUOTE_ACCORDING if mode == "quote" else R_ACCORDING
    else:
        rule = R_QUOTE_VERB if mode == "quote" else R_REPORTED
    stmt = Statement(start, end, mode, rule, i, head, base, verb=verb.lower_)
    if head.lower_ in ("he", "she", "they", "it"):
        stmt.pronoun = head.lower_
    elif SOURCE_NOUNS.match(head.text):
        stmt.pronoun = "source"  # "the statement said": whose statement, the text said just before
    elif head.lower_ in ("i", "we", "you"):
        return None
    return stmt


def subject_of(verb, depth: int = 0):
    if depth > 3:
        return None
    if misparsed_gerund(verb):
        return next(c for c in verb.children if c.dep_ in ("compound", "nmod") and c.i == verb.i - 1)
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is not None and subj.lower_ in RELATIVE and verb.dep_ == "relcl":
        return source_noun(verb.head)
    if subj is not None:
        return source_noun(subj)
    if verb.dep_ == "acl":
        return source_noun(verb.head)  # "a woman screaming “…”": the noun it describes
    if verb.dep_ in ("conj", "xcomp", "advcl", "ccomp") and verb.head.i != verb.i:
        if verb.head.lower_ in PERCEPTION:
            # "he saw her sitting there, crying “…”": the one seen or heard is the one crying
            seen = next((c for c in verb.head.children if c.dep_ in ("dobj", "nsubj") and c.i > verb.head.i), None)
            if seen is not None:
                return seen
        if verb.dep_ == "ccomp":
            return None
        return subject_of(verb.head, depth + 1)
    if verb.dep_ == "relcl":
        return source_noun(verb.head)
    return None


def source_after_according(verb):
    to = next((c for c in verb.children if c.lower_ == "to"), None)
    if to is None and verb.i + 1 < len(verb.doc):
        to = verb.doc[verb.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return source_noun(pobj) if pobj is not None else None


def source_noun(noun):
    """'a statement from DHS', 'DHS's statement' → DHS; any other noun is itself."""
    if noun is None or not SOURCE_NOUNS.match(noun.text):
        return noun
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    return noun


def reported_in(doc, base: int, i: int, quotes: Quotes, text: str, zones: Zones) -> Statement | None:
    """Reported speech in one parsed sentence: the clause governed by its outermost speech verb,
    or the sentence 'according to' a source; None when the sentence reports nobody's words."""
    verbs = [v for v in speech_verbs(doc, base, quotes, SPEECH_FORMS)
             if (v.lower_ == "according" or any(c.dep_ == "ccomp" for c in v.children)) and not aside(v)]
    if not verbs:
        return None
    verb = min(verbs, key=lambda v: (depth(v), v.i))
    if verb.lower_ == "according":
        prep = list(verb.subtree)
        lo, hi = base + prep[0].idx, base + prep[-1].idx + len(prep[-1].text)
        sent_lo, sent_hi = base, base + len(doc.text)
        before, after = text[sent_lo:lo].rstrip(" ,"), text[hi:sent_hi].lstrip(" ,")
        start, end = (sent_lo, sent_lo + len(before)) if len(before) >= len(after) else (sent_hi - len(after), sent_hi)
    else:
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        clause = list(next((c for c in clauses if c.i > verb.i), clauses[0]).subtree)  # "X said [that] …" over a misparse
        start, end = base + clause[0].idx, base + clause[-1].idx + len(clause[-1].text)
    start, end = trim(text, start, end)
    words = text[start:end].split()
    if end - start < 12 or len(words) < 4 or quotes.overlaps(start, end) or furniture(text[start:end], start, end, zones):
        return None
    return statement_of(verb, start, end, "reported", i, base)


def aside(verb) -> bool:
    """'a man who authorities said was armed': the saying is an aside about a noun of another
    clause, not a statement of its own (unlike 'a statement from DHS, which added …')."""
    if verb.dep_ != "relcl":
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is None or subj.lower_ not in RELATIVE


def furniture(words: str, start: int, end: int, zones: Zones) -> bool:
    """A page's furniture run together with a statement: a credit, a stamp or a widget inside it
    (``zones``), a menu, or a long run of capitalised words ("Skip to Content NBC News Logo …")."""
    if any(a < end and start < b for a, b in zones.masked) or is_menu(words):
        return True
    run = longest = 0
    for w in words.split():
        run = run + 1 if w[:1].isupper() else 0
        longest = max(longest, run)
    return longest >= 7


def depth(token) -> int:
    n = 0
    while token.head.i != token.i and n < 50:
        token, n = token.head, n + 1
    return n


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without a leading 'that', a dateline or surrounding punctuation."""
    s = text[start:end]
    m = re.match(r"^(?:that\s+)", s)
    if m:
        start += m.end()
    dl = DATELINE.match(text[start:end])
    if dl:
        start += dl.end()
    while start < end and text[start] in " ,;:—–-“”\"":
        start += 1
    while end > start and text[end - 1] in " ,;:—–-“”\".":
        end -= 1
    return start, end


def build_records(analysis: Analysis, book: SpeakerBook, statements: list[Statement], sentences, sentence_of,
                  quotes: Quotes, zones: Zones) -> tuple[list[Account], list[Claim]]:
    """Speakers for the statements in text order (pronouns and continued quotes read the ones
    before), sides, and accounts or claims."""
    text = analysis.document.text
    doc_id = analysis.document.id
    accounts: list[Account] = []
    claims: list[Claim] = []
    last: tuple[Statement, Speaker] | None = None
    described: dict[str, tuple[str, str]] = {}  # a person's affiliation and description, as first given
    run = 0
    for st in statements:
        speaker: Speaker | None = None
        rule = st.rule
        if st.speaker is not None:
            speaker = st.speaker
        elif st.head is not None and st.pronoun:
            speaker = resolve_pronoun(st, last, analysis, book, sentences, quotes, zones)
            rule = f"{st.rule}+{R_PRONOUN}" if speaker else rule
        elif st.head is not None:
            speaker = read_speaker(st.head, st.base, analysis, book)
        elif st.mode == "quote" and last is not None and continues(text, last[0], st, sentences, sentence_of) and run < 4:
            speaker, rule = last[1], R_QUOTE_CONTINUES
            run += 1
        if speaker is None or (st.verb in ("reported", "reports") and speaker.kind == "organisation"
                               and not agency_codes(speaker.name)) or zones.is_masked(speaker.start, speaker.end):
            continue  # R_LEFT_OUT: nobody the text names said these words (an organisation "reporting" is a newsroom)
        if rule != R_QUOTE_CONTINUES:
            run = 0
        speaker = named_counsel(one_of_namesakes(speaker, text, book, last), book)
        known = speaker.kind == "person" or FILING.match(speaker.name)
        if known and not speaker.affiliation and speaker.name.lower() in described:
            # the description the text gave them before: "a neighbor who watched …, Teresa Vila, said …",
            # "the affidavit filed by the family's attorney" … "the affidavit says"
            speaker.affiliation, speaker.context = described[speaker.name.lower()]
        elif known and speaker.affiliation:
            described.setdefault(speaker.name.lower(), (speaker.affiliation, speaker.context))
        if speaker.kind == "person" and not speaker.context:
            speaker.context = book.context(speaker.name)  # "Jo Carr, a store manager who lives near the facility"
        st.sentence = sentence_of(st.end - 1) if st.mode == "quote" else st.sentence
        last = (st, speaker)
        side, side_rule = side_of(speaker)
        rules = "+".join(r for r in (rule, speaker.rule, side_rule) if r)
        quote = text[st.start:st.end]
        if NO_COMMENT.match(quote) and len(quote) < 200:
            continue  # R_NO_COMMENT
        span = Span(speaker.start, speaker.end)
        if CLAIM_FIGURE.search(quote):
            claims.append(Claim(speaker=speaker.name, quote=quote, span=Span(st.start, st.end), side=side,
                                affiliation=speaker.affiliation, document_id=doc_id, rule=f"{R_CLAIM}+{rules}"))
            continue
        accounts.append(Account(speaker=speaker.name, side=side, quote=quote, span=Span(st.start, st.end),
                                affiliation=speaker.affiliation, speaker_span=span, mode=st.mode, document_id=doc_id,
                                rule=rules))
    return accounts, claims


def one_of_namesakes(speaker: Speaker, text: str, book: SpeakerBook, last) -> Speaker:
    """A surname two people of the story share ("Mac Randolph said his father, Terry Randolph, …";
    "Randolph said"): the one just quoted, else the one named last before."""
    said = text[speaker.start:speaker.end].strip()
    names = book.sharing(said) if speaker.kind == "person" and " " not in said else []
    if len(names) < 2:
        return speaker
    if last is not None and last[1].name in names:
        return moved(last[1], speaker.start, None, speaker.end)
    before = [n for n in book.named_before(speaker.start, 0) if n in names]
    if before and before[0] != speaker.name:
        return coded(Speaker(before[0], book.title(before[0]), "person", speaker.start, speaker.end,
                             context=speaker.context))
    return speaker


def continues(text: str, prev: Statement, st: Statement, sentences, sentence_of) -> bool:
    """A quote standing alone right after the previous speaker's quote: nothing but the end of that
    sentence and a paragraph break lies between them."""
    if prev.mode != "quote":
        return False
    prev_end = sentences[sentence_of(prev.end - 1)].end if sentences else prev.end
    gap = text[prev_end:st.start - 1]
    return prev_end <= st.start and len(gap) <= 4 and not gap.strip() and gap.count("\n") <= 2 \
        and sentence_of(st.start) - sentence_of(prev.end - 1) <= REACH


def resolve_pronoun(st: Statement, last: tuple[Statement, Speaker] | None, analysis: Analysis, book: SpeakerBook,
                    sentences, quotes: Quotes, zones: Zones) -> Speaker | None:
    """he / she: a person named earlier in the same sentence, else the speaker just quoted (within
    ``REACH`` sentences), else the one person the sentence before names. they: the group just
    quoted. it: the organisation just quoted, else the agency the sentence or the one before names."""
    at = st.base + st.head.idx
    sent = sentences[st.sentence]
    recent = last if last is not None and st.sentence - last[0].sentence <= REACH else None
    if st.pronoun in ("he", "she"):
        heard = lambda s: not quotes.inside(s) and not zones.is_masked(s)  # noqa: E731 (not a quote's, not a credit's)
        same = [n for s, n in reversed(book.order) if sent.start <= s < at and heard(s)]
        if same:
            return named(same[0], at, st, book)
        # someone introduced since the last quote ("Later, the man's widow, Rosa Elm, spoke at a vigil.")
        # is who "she said" now means, not the secretary quoted before
        first = recent[0].sentence + 1 if recent else st.sentence - 1
        for k in range(st.sentence - 1, max(first, 0) - 1, -1):
            who = introduced_in(sentences[k], analysis, book, quotes)
            if who is not None:
                return moved(who, at, st)
        if recent and recent[1].kind == "person" or recent and recent[1].kind == "role" and not recent[1].plural:
            return moved(recent[1], at, st)
        if st.sentence > 0:
            prev = sentences[st.sentence - 1]
            names = {n for s, n in book.order if prev.start <= s < prev.end and heard(s)}
            if len(names) == 1:
                return named(names.pop(), at, st, book)
        return None
    if st.pronoun == "they":
        if recent and recent[1].plural:
            return moved(recent[1], at, st)
        return None
    if st.pronoun == "source":
        if last is not None and st.sentence - last[0].sentence <= 1 and last[1].kind != "person":
            return moved(last[1], at, st)
        return None
    if recent and recent[1].kind == "organisation":
        return moved(recent[1], at, st)
    lo = sentences[max(0, st.sentence - 1)].start
    text = analysis.document.text
    hits = [(m.start(), m.group(0)) for code, p in AGENCIES if code != "POLICE" for m in p.finditer(text, lo, at)
            if not quotes.inside(m.start())]
    if hits:
        name = max(hits)[1]
        return coded(Speaker(name, None, "organisation", at, at + len(st.head.text)))
    return None


def introduced_in(sent: Sentence, analysis: Analysis, book: SpeakerBook, quotes: Quotes) -> Speaker | None:
    """The person a sentence introduces as its subject with a description — "the man's widow, Rosa
    Elm, …", "Rosa Elm, his widow, …" — or None."""
    if len(sent.text) > MAX_PARSED or not any(e.label == "PERSON" for e in analysis.entities_in(sent.start, sent.end)):
        return None
    doc = analysis.parse([(sent.start, sent.end)]).get((sent.start, sent.end))
    if doc is None:
        return None
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None) if root is not None else None
    if subj is None or quotes.inside(sent.start + subj.idx):
        return None
    ent = next((e for e in analysis.entities if e.label == "PERSON" and e.start <= sent.start + subj.idx < e.end), None)
    described = any(c.dep_ == "appos" for c in subj.children) or \
        (ent is not None and title_near(analysis.document.text, ent) is not None)
    who = read_speaker(subj, sent.start, analysis, book) if described else None
    return who if who is not None and who.kind == "person" and who.affiliation else None


def named(name: str, at: int, st: Statement, book: SpeakerBook) -> Speaker:
    full = book.full_name(clean_name(name) or name)
    return coded(Speaker(full, book.title(full), "person", at, at + len(st.head.text)))


def moved(speaker: Speaker, at: int, st: Statement | None, end: int | None = None) -> Speaker:
    """The same speaker, named at ``at`` (a pronoun, a surname)."""
    end = end if end is not None else at + len(st.head.text)
    return Speaker(speaker.name, speaker.affiliation, speaker.kind, at, end, speaker.plural, speaker.context)

