"""The extract stage's entry point: documents in, incident mentions out.

In: an iterable of ``Document``. Out: an iterator of ``(Document, [Mention])`` pairs, in input
order, computed in batches (spaCy's ``nlp.pipe``) so a long stream never sits in memory whole.
``RuleExtractor`` is the default: offline and deterministic. Any other extractor (an LLM behind
an HTTP endpoint, say) implements the same ``extract`` method.

Only what can hold an incident is analysed (``prefilter``): a document with no force wording is
never given to spaCy, and of the others only the stretches around the force wording (with the lede,
and the paragraphs that name a participant those stretches name) are.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import replace
from itertools import islice
from typing import Iterable, Iterator, Protocol

from encounters.core.errors import ExtractionError
from encounters.core.model import MAX_ANALYSED_CHARS, Document, Mention
from encounters.extract.headline import read_headlines
from encounters.extract.incidents import extract_mentions, participant_surnames
from encounters.extract.nlp import Analysis, Sentence, analyse, analyse_into
from encounters.extract.prefilter import (STRETCH, find_cues, find_stretches, is_game_story, name_stretches, relevant,
                                          stems_in)
from encounters.extract.squeeze import Squeezed, restore, squeeze

VERSION = "rules-1"
WHOLE_SHARE = 0.9  # stretches covering more of a text than this: the whole text is analysed
KEPT_ANALYSES = 128  # the analyses of the last texts read, for an identical text (a copy, a wire story) to reuse


class Extractor(Protocol):
    name: str

    def extract(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Mention] | ExtractionError]]:
        ...


def plan_stretches(text: str) -> list[tuple[int, int]] | None:
    """What of ``text`` to analyse: [] (nothing: it cannot report an incident), None (all of it), or
    the pre-filter's stretches."""
    if len(text) <= STRETCH:  # any cue's stretch is the whole text: one cue decides
        return None if relevant(text) else []
    present = stems_in(text)
    if not present or is_game_story(text):
        return []
    cues = find_cues(text, present)
    if not cues:
        return []
    spans = find_stretches(text, cues)
    if sum(b - a for a, b in spans) >= WHOLE_SHARE * len(text):
        return None
    return spans


def read_named(analyses: list[Analysis], batch_size: int) -> None:
    """Analyse, in each analysis read in stretches, the paragraphs elsewhere that name a participant
    the stretches name (a later paragraph about them is part of the account)."""
    more = {}
    for i, a in enumerate(analyses):
        if a.read is None:
            continue
        extra = name_stretches(a.document.text, participant_surnames(a), a.read)
        if extra:
            more[i] = extra
            a.read = sorted(a.read + extra)
    if more:
        analyse_into(analyses, more, batch_size)


class RuleExtractor:
    """spaCy entities and sentences plus hand-written rules; no network, same output every run.

    A text identical to one analysed shortly before (an archived copy, the same wire story under
    another outlet's name) is not analysed again: its rules run on the kept analysis — spaCy's output
    depends on the text alone — so it costs the rules' time only and gives what a fresh analysis gives."""

    name = VERSION
    max_chars = MAX_ANALYSED_CHARS  # the part of a document read: per-document work is bounded

    def __init__(self, batch_size: int = 32, kept: int = KEPT_ANALYSES) -> None:
        self.batch_size = batch_size
        self.kept_size = kept
        self.kept: OrderedDict[bytes, Analysis] = OrderedDict()  # text digest → its analysis, oldest first

    def extract(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Mention] | ExtractionError]]:
        it = iter(documents)
        while batch := list(islice(it, self.batch_size)):
            parts, squeezed = zip(*(analysed_part(d, self.max_chars) for d in batch))
            keys = [text_key(p.text) for p in parts]
            known = {k: self.kept[k] for k in keys if k in self.kept}
            fresh: dict[bytes, Document] = {}  # the first of each text not kept
            for k, p in zip(keys, parts):
                if k not in known:
                    fresh.setdefault(k, p)
            plans = {k: plan_stretches(p.text) for k, p in fresh.items()}
            wanted = [k for k, plan in plans.items() if plan != []]
            analyses = list(analyse([fresh[k] for k in wanted], batch_size=self.batch_size,
                                    stretches=[plans[k] for k in wanted]))
            read_named(analyses, self.batch_size)
            known.update(zip(wanted, analyses))
            self.keep(known)
            results = [(doc, restore_offsets(self.extract_one(doc, reuse(known.get(key), part)), doc, cut))
                       for doc, part, key, cut in zip(batch, parts, keys, squeezed)]
            headlines = self.read_headlines([doc for doc, result in results if result == []])
            for doc, result in results:
                yield doc, ([headlines[doc.id]] if result == [] and doc.id in headlines else result)

    def keep(self, analyses: dict[bytes, Analysis]) -> None:
        """Keep a batch's analyses (fresh and reused) as the most recent, forgetting the oldest beyond
        ``kept_size``."""
        for key, analysis in analyses.items():
            self.kept[key] = analysis
            self.kept.move_to_end(key)
        while len(self.kept) > self.kept_size:
            self.kept.popitem(last=False)

    @staticmethod
    def extract_one(doc: Document, analysis: Analysis | None) -> list[Mention] | ExtractionError:
        if analysis is None:
            return []  # no force wording anywhere: it cannot report an incident
        try:
            return extract_mentions(analysis)
        except Exception as err:  # a rule failing on one article must not stop the batch
            return ExtractionError(f"{doc.id}: extraction failed: {err!r}")

    def read_headlines(self, docs: list[Document]) -> dict[str, Mention]:
        """Headline-only reports among documents whose text told nothing (``headline``); a headline that
        cannot be read leaves its document as read, with a note that says so."""
        return read_headlines(docs, lambda ds: analyse(ds, batch_size=self.batch_size), extract_mentions)


def analysed_part(doc: Document, max_chars: int) -> tuple[Document, Squeezed | None]:
    """What of ``doc`` is analysed: its first ``max_chars`` (offsets into that prefix are offsets into
    the whole text), without its zero-width characters (``squeeze``: how to map offsets back)."""
    text = doc.text[:max_chars] if len(doc.text) > max_chars else doc.text
    squeezed = squeeze(text)
    if squeezed is not None:
        text = squeezed.text
    return (doc if text is doc.text else replace(doc, text=text)), squeezed


def restore_offsets(result: list[Mention] | ExtractionError, doc: Document, squeezed: Squeezed | None):
    """``result``'s spans and quotes in ``doc``'s stored text, where zero-width characters were cut."""
    if squeezed is None or isinstance(result, ExtractionError):
        return result
    return restore(result, squeezed, doc.text)


def reuse(analysis: Analysis | None, part: Document) -> Analysis | None:
    """``analysis`` (None: nothing in the text can report an incident) for ``part``, whose text is the
    same: its own, or a copy given to ``part`` (the parses stay shared: they depend on the text alone)."""
    if analysis is None or analysis.document is part:
        return analysis
    return Analysis(part, sentences=[Sentence(s.start, s.end, s.text, s.index) for s in analysis.sentences],
                    entities=list(analysis.entities), parses=analysis.parses,
                    read=None if analysis.read is None else list(analysis.read))


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def get_extractor(name: str = "rules", *, llm_url: str | None = None, llm_model: str | None = None) -> Extractor:
    """``rules`` (offline, deterministic; the default) or ``llm`` (an OpenAI-compatible endpoint)."""
    if name in ("rules", VERSION):
        return RuleExtractor()
    if name == "llm":
        from encounters.extract.llm import LLMConfig, LLMExtractor

        return LLMExtractor(LLMConfig.from_env(llm_url, llm_model))
    from encounters.core.errors import ConfigurationError

    raise ConfigurationError(f"unknown extractor {name!r}", hint="use --extractor rules or --extractor llm")
