"""Accounts: who said what, on which side — and figures kept as claims.

In: an ``Analysis`` (stored text, sentences, entities). Out: ``Account`` records for direct
quotes ("…," she said / X said: "…") and reported speech (X said that…, according to X, …,
police said; a complaint states…), each quote verbatim with its offsets, the speaker resolved
to a full name where the article gives one ("she" → the last named speaker, "Newsham" →
"Peter Newsham"), the speaker's affiliation, and a side; statements carrying figures
("a 1000% increase in assaults") come out as ``Claim`` records instead, never as facts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from encounters.core.model import Account, Claim, Span
from encounters.extract.lexicon import (ADVOCACY, AGENCIES, CLAIM_FIGURE, OFFICIAL_WORDS, SPEECH_VERBS, SUBJECT_WORDS,
                                       WITNESS_WORDS)
from encounters.extract.nlp import Analysis, Entity

_VERB = rf"(?:{SPEECH_VERBS})"
_NAME_WORD = r"[A-Z][\w'’.-]*"
_NP = (r"(?:(?:the|a|an|one|another|his|her|their|its|two|three|several|some)\s+)?"
       r"(?:[\w'’.-]+\s+){0,6}?[\w'’.-]+")
_OPEN = "“\""
_CLOSE = "”\""
DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,\s+[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?)?\s*(?:\([^)]{1,30}\))?\s*[—–-]+\s*")
PRONOUNS = {"he", "she", "they", "i", "we", "it"}
STATEMENT = re.compile(r"\s+in\s+(?:a|an|the)\s+(?:written\s+|emailed\s+|prepared\s+|news\s+)?(?:statement|release|interview|post|email|news conference|press conference)\b.*$", re.I)
ROLE_NOUNS = re.compile(
    r"\b(?:police|officials?|authorities|spokes(?:man|woman|person)|chief|sheriff|officers?|agents?|agency|department|office"
    r"|prosecutors?|attorneys?|lawyers?|witness(?:es)?|neighbou?rs?|residents?|mother|father|brother|sister|family|wife"
    r"|husband|son|daughter|friend|complaint|affidavit|statement|report|documents?|records?|investigators?|relatives?"
    r"|cousin|aunt|uncle|parents?|DHS|ICE|CBP|FBI|Patrol|Security|coroner|examiner|mayor|governor|senator|secretary"
    r"|activists?|advocates?|organizers?|protesters?|bystanders?|employees?|workers?|owner|manager|detectives?|trooper)\b", re.I)


@dataclass
class SpeakerInfo:
    name: str
    affiliation: str | None


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of quotation marks, marks excluded."""
    out: list[tuple[int, int]] = []
    for para_start, para in paragraphs(text):
        i = 0
        while i < len(para):
            ch = para[i]
            if ch in _OPEN:
                close = "”" if ch == "“" else "\""
                j = para.find(close, i + 1)
                if ch == "“" and j < 0:
                    j = para.find("\"", i + 1)
                if j < 0:
                    # a quote running to the paragraph's end (continued in the next paragraph)
                    j = len(para)
                inner = para[i + 1:j]
                if len(inner.split()) >= 3:
                    lead = len(inner) - len(inner.lstrip())
                    out.append((para_start + i + 1 + lead, para_start + i + 1 + len(inner.rstrip())))
                i = j + 1
            else:
                i += 1
    return out


def paragraphs(text: str):
    pos = 0
    for chunk in text.split("\n"):
        yield pos, chunk
        pos += len(chunk) + 1


def side_of(speaker: str, affiliation: str | None) -> str:
    """official / subject / witness / other, from the speaker's words and affiliation."""
    words = f"{speaker} {affiliation or ''}"
    if re.search(r"\b(?:U\.S\.|district|state'?s?|county|city|assistant)\s+attorneys?\b|\bprosecutors?\b", words, re.I):
        return "official"
    if SUBJECT_WORDS.search(words) or re.search(r"\b(?:attorney|lawyer)s?\b", words, re.I):
        return "subject"
    if ADVOCACY.search(words) and not any(p.search(words) for code, p in AGENCIES if code != "POLICE"):
        return "other"
    if OFFICIAL_WORDS.search(words):
        return "official"
    if WITNESS_WORDS.search(words):
        return "witness"
    return "other"


class SpeakerBook:
    """Full names and affiliations of the people an article names, for resolving speakers."""

    def __init__(self, analysis: Analysis) -> None:
        self.text = analysis.document.text
        self.people: dict[str, SpeakerInfo] = {}
        self.order: list[tuple[int, str]] = []
        for ent in analysis.entities:
            if ent.label == "PERSON":
                self.add(ent)

    def add(self, ent: Entity) -> None:
        name = clean_name(ent.text)
        if not name:
            return
        full = self.full_name(name) if len(name.split()) == 1 else name
        info = self.people.get(full)
        affiliation = self.affiliation_near(ent.start, ent.end)
        if info is None:
            self.people[full] = SpeakerInfo(full, affiliation)
        elif affiliation and not info.affiliation:
            info.affiliation = affiliation
        self.order.append((ent.start, full))

    def full_name(self, name: str) -> str:
        """``Newsham`` → ``Peter Newsham`` when the article named him in full before."""
        last = name.split()[-1].lower()
        for full in self.people:
            parts = full.lower().split()
            if len(parts) > 1 and parts[-1] == last:
                return full
        return name

    def affiliation_near(self, start: int, end: int) -> str | None:
        """A title before the name (``Police Chief Peter Newsham``) or an apposition after it."""
        before = self.text[max(0, start - 120):start]
        cut = max(before.rfind(". "), before.rfind("\n"), before.rfind("“"), before.rfind("”"), before.rfind('"'))
        before = before[cut + 1:] if cut >= 0 else before
        m = re.search(r"\b((?:(?:the|a|an)\s+)?(?:[\w'’]+\s+){0,3}(?:attorney|lawyer|public defender|spokes(?:man|woman|person)"
                      r"|neighbou?r|witness|organizer|sister|brother|mother|father|cousin|aunt|uncle|wife|husband|friend"
                      r"|daughter|son|coach|mayor|chief|sheriff|official|director|advocate)(?:\s+who\s+[^,]{3,60})?),?\s+$", before,
                      re.I)
        if m and len(m.group(1).split()) <= 12:
            return re.sub(r"^(?:the|a|an)\s+", "", m.group(1).strip(), flags=re.I)
        m = re.search(r"((?:[A-Z][\w.'’-]*\s+|(?:of|for|and|the)\s+){1,8})$", before)
        if m:
            title = m.group(1).strip()
            if ROLE_NOUNS.search(title) and not re.match(r"^(?:The|A|An)$", title):
                return re.sub(r"^(?:the|a|an)\s+", "", title, flags=re.I)
        m = re.search(r"\b(\w+(?:'s)?\s+(?:spokes(?:man|woman|person)|attorney|lawyer|mother|father|sister|brother|wife|husband))\s+$", before)
        if m:
            return m.group(1)
        after = self.text[end:end + 140]
        m = re.match(r",\s+(?:who\s+is\s+|who\s+was\s+)?((?:a|an|the|his|her|their)\s+[^,.;“”\"]{3,100}?)(?:,|\.|\s+(?:said|says|told))", after)
        if m and ROLE_NOUNS.search(m.group(1)):
            return m.group(1).strip()
        return None

    def last_before(self, offset: int) -> str | None:
        best = None
        for start, name in self.order:
            if start < offset:
                best = name
        return best

    def named_near(self, name: str, offset: int) -> bool:
        """Whether ``name`` was named in the paragraph of ``offset`` or the one before."""
        para_start = self.text.rfind("\n", 0, self.text.rfind("\n", 0, offset))
        return any(para_start <= start < offset and n == name for start, n in self.order)

    def info(self, name: str) -> SpeakerInfo | None:
        return self.people.get(self.full_name(name))


def clean_name(s: str) -> str:
    s = re.sub(r"[’']s$", "", s.strip())
    s = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Sgt|Lt|Capt|Det|Officer|Agent|Deputy|Chief|Sheriff|Trooper)\.?\s+", "", s)
    s = re.sub(r"\s+", " ", s).strip(" ,.;:")
    return s if re.match(r"^[A-Z]", s) and len(s) > 1 else ""


def resolve_speaker(raw: str, offset: int, book: SpeakerBook, last_speaker: str | None,
                    analysis: Analysis) -> tuple[str, str | None] | None:
    """(speaker, affiliation) for the words that introduce or follow a quote."""
    raw = STATEMENT.sub("", raw.strip(" ,")).strip()
    raw = re.sub(r"^(?:and|but|as|while)\s+", "", raw, flags=re.I)
    if not raw or len(raw.split()) > 12:
        return None
    low = raw.lower()
    if low in PRONOUNS:
        near = book.last_before(offset)
        if low in ("he", "she") and near and near != last_speaker and book.named_near(near, offset):
            info = book.info(near)
            return near, info.affiliation if info else None
        if low in ("he", "she") and last_speaker:
            info = book.info(last_speaker)
            return last_speaker, info.affiliation if info else None
        if low in ("he", "she"):
            name = book.last_before(offset)
            if name:
                info = book.info(name)
                return name, info.affiliation if info else None
        return None
    persons = [e for e in analysis.entities_in(offset, offset + len(raw) + 1, "PERSON")]
    organisation = any(p.search(raw) for _, p in AGENCIES) or bool(analysis.entities_in(offset, offset + len(raw) + 1, "ORG")) \
        or bool(ROLE_NOUNS.search(raw))
    head, _, app = raw.partition(", ")
    if not persons and app and re.fullmatch(rf"(?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD}", head) \
            and not any(p.search(head) for _, p in AGENCIES) and not ROLE_NOUNS.search(head):
        full = book.full_name(clean_name(head))
        return full, app.strip(" ,")
    if organisation and not persons:
        return trim_np(raw), trim_np(raw)
    m = re.match(rf"^(?P<pre>.*?)(?P<name>(?:{_NAME_WORD}\s+){{0,3}}{_NAME_WORD})(?:,\s+(?P<app>.+))?$", raw)
    if persons or (m and not ROLE_NOUNS.search(m.group("name")) and m.group("name")[0].isupper()
                   and not re.match(r"^(?:The|A|An|This|That|It|Police|Officials|Authorities)\b", m.group("name"))):
        name = clean_name(persons[-1].text if persons else m.group("name"))
        if name:
            full = book.full_name(name)
            info = book.info(full)
            affiliation = (m.group("pre").strip() if m and m.group("pre").strip() else None) or \
                          (m.group("app").strip() if m and m.group("app") else None) or (info.affiliation if info else None)
            if affiliation and not ROLE_NOUNS.search(affiliation) and len(affiliation.split()) > 6:
                affiliation = info.affiliation if info else None
            return full, affiliation
    if ROLE_NOUNS.search(raw):
        return raw, raw
    return None


def trim_np(raw: str) -> str:
    """``a criminal complaint filed Monday in federal court`` → ``criminal complaint``."""
    np = re.sub(r"\s+(?:has|had|have|also|later|previously|further|then|again|earlier)$", "", raw.strip(" ,"))
    # a leading time or place phrase is not the speaker: "By night, the LAPD" → "LAPD"
    np = re.sub(r"^(?:by|in|on|at|after|before|during|since|later|earlier|meanwhile|last|this|that|on\s+\w+)\b[^,]{0,40},\s+",
                "", np, flags=re.I) or np
    m = re.search(r"\s+(?:filed|released|issued|obtained|reviewed|seen|cited|who|that|which|in\s+(?:federal|a|an|the)|on|at)\b", np)
    if m and len(np[:m.start()].split()) >= 1 and m.start() > 0:
        np = np[:m.start()]
    return re.sub(r"^(?:the|a|an)\s+", "", np, flags=re.I).strip() or raw.strip()


def attribution_after(text: str, end: int) -> tuple[str, int] | None:
    """Speaker words after a closing quote: ``," Newsham said`` / ``," said Jane Doe, her aunt.``"""
    window = text[end:end + 160].split("\n", 1)[0]
    m = re.match(rf"^[,.!?]?[”\"]?\s*,?\s*(?P<sp>[^“”\".!?]{{1,90}}?)\s+(?:{_VERB})\b", window)
    if m:
        sp = m.group("sp")
        if not re.search(rf"\b(?:{_VERB})\b", sp):
            return sp, end + m.start("sp")
    m = re.match(rf"^[,.!?]?[”\"]?\s*,?\s*(?:{_VERB})\s+(?P<sp>[^“”\".!?;]{{1,120}})", window)
    if m:
        return m.group("sp"), end + m.start("sp")
    return None


def attribution_before(text: str, start: int) -> tuple[str, int] | None:
    """Speaker words before an opening quote: ``Newsham said: "`` / ``She told reporters, "``."""
    line_start = text.rfind("\n", 0, start) + 1
    window = text[max(line_start, start - 200):start - 1]
    m = re.search(rf"(?:^|[.!?”\"]\s+|,\s+)(?P<sp>[A-Z][^“”\".!?]{{0,90}}?|he|she|they)\s+(?:{_VERB})(?:\s+[\w ]{{0,40}}?)?\s*[,:]?\s*$",
                  window)
    if m:
        return m.group("sp"), start - 1 - len(window) + m.start("sp")
    return None


REPORTED = [
    # "Police said the man fired first." / "She told reporters that…"
    re.compile(rf"^(?P<sp>[A-Z][^“”\"]{{1,110}}?|He|She|They)\s+(?:{_VERB})(?:\s+(?:in\s+a\s+statement|on\s+\w+|reporters|the\s+\w+|\w+day))?(?:\s+that)?[,:]?\s+(?P<q>[^“”\"]{{12,}}?)[.!]?$"),
    # "According to the complaint, the driver accelerated."
    re.compile(r"^According\s+to\s+(?P<sp>[^,]{2,90}),\s+(?P<q>[^“”\"]{12,}?)[.!]?$"),
    # "The driver accelerated toward agents, DHS said."
    re.compile(rf"^(?P<q>[^“”\"]{{12,}}?),\s+(?P<sp>[^,“”\"]{{2,80}}?)\s+(?:{_VERB})(?:\s+(?:in\s+a\s+statement|on\s+\w+))?[.!]?$"),
    re.compile(r"^(?P<q>[^“”\"]{12,}?),\s+according\s+to\s+(?P<sp>[^,“”\"]{2,90}?)[.!]?$"),
]


def find_accounts(analysis: Analysis) -> tuple[list[Account], list[Claim]]:
    """Every attributed quote and reported statement in the document."""
    text = analysis.document.text
    doc_id = analysis.document.id
    book = SpeakerBook(analysis)
    accounts: list[Account] = []
    claims: list[Claim] = []
    last_speaker: str | None = None
    covered: list[tuple[int, int]] = []
    items: list[tuple[int, int, str, int, str]] = []  # start, end, raw speaker, speaker offset, mode

    for qs, qe in find_quotes(text):
        att = attribution_after(text, qe) or attribution_before(text, qs)
        if att is None:
            # an unattributed paragraph right after a quote by someone continues that speaker
            items.append((qs, qe, "", -1, "quote"))
        else:
            items.append((qs, qe, att[0], att[1], "quote"))
        covered.append((qs - 1, qe + 1))
    for sent in analysis.sentences:
        if any(not (sent.end <= a or sent.start >= b) for a, b in covered):
            continue
        for pattern in REPORTED:
            m = pattern.match(sent.text)
            if m:
                q = m.group("q").strip()
                qs = sent.start + m.start("q")
                dl = DATELINE.match(q)
                if dl:
                    q, qs = q[dl.end():], qs + dl.end()
                items.append((qs, qs + len(q), m.group("sp"), sent.start + m.start("sp"), "reported"))
                break
    items.sort()
    for qs, qe, raw, sp_at, mode in items:
        quote = text[qs:qe]
        if raw:
            resolved = resolve_speaker(raw, sp_at, book, last_speaker, analysis)
        elif last_speaker and mode == "quote":
            info = book.info(last_speaker)
            resolved = (last_speaker, info.affiliation if info else None)
        else:
            resolved = None
        if resolved is None:
            continue
        speaker, affiliation = resolved
        speaker = re.sub(r"^(?:the|a|an)\s+(?=[a-z])", "", speaker).strip()
        side = side_of(speaker, affiliation)
        speaker_span = Span(sp_at, sp_at + len(raw.strip())) if sp_at >= 0 and raw else None
        if speaker[:1].isupper() and " " in speaker or speaker in book.people:
            last_speaker = speaker
        if CLAIM_FIGURE.search(quote):
            claims.append(Claim(speaker=speaker, quote=quote, span=Span(qs, qe), side=side, affiliation=affiliation,
                                document_id=doc_id))
            continue
        accounts.append(Account(speaker=speaker, side=side, quote=quote, span=Span(qs, qe), affiliation=affiliation,
                                speaker_span=speaker_span, mode=mode, document_id=doc_id))
    return accounts, claims
