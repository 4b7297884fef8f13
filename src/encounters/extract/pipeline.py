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

from dataclasses import replace
from itertools import islice
from typing import Iterable, Iterator, Protocol

from encounters.core.errors import ExtractionError
from encounters.core.model import MAX_ANALYSED_CHARS, Document, Mention
from encounters.extract.headline import read_headlines
from encounters.extract.incidents import extract_mentions, participant_surnames
from encounters.extract.nlp import Analysis, analyse, analyse_into
from encounters.extract.prefilter import (STRETCH, find_cues, find_stretches, is_game_story, name_stretches, relevant,
                                          stems_in)

VERSION = "rules-1"
WHOLE_SHARE = 0.9  # stretches covering more of a text than this: the whole text is analysed


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
    """spaCy entities and sentences plus hand-written rules; no network, same output every run."""

    name = VERSION
    max_chars = MAX_ANALYSED_CHARS  # the part of a document read: per-document work is bounded

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    def extract(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Mention] | ExtractionError]]:
        it = iter(documents)
        while batch := list(islice(it, self.batch_size)):
            # only the first max_chars are read (offsets into that prefix are offsets into the whole text)
            parts = [replace(d, text=d.text[:self.max_chars]) if len(d.text) > self.max_chars else d for d in batch]
            plans = [plan_stretches(p.text) for p in parts]
            wanted = [(p, plan) for p, plan in zip(parts, plans) if plan != []]
            analyses = list(analyse([p for p, _ in wanted], batch_size=self.batch_size,
                                    stretches=[plan for _, plan in wanted]))
            read_named(analyses, self.batch_size)
            by_part = {id(a.document): a for a in analyses}
            results = [(doc, self.extract_one(doc, by_part.get(id(part)))) for doc, part in zip(batch, parts)]
            headlines = self.read_headlines([doc for doc, result in results if result == []])
            for doc, result in results:
                yield doc, ([headlines[doc.id]] if result == [] and doc.id in headlines else result)

    @staticmethod
    def extract_one(doc: Document, analysis: Analysis | None) -> list[Mention] | ExtractionError:
        if analysis is None:
            return []  # no force wording anywhere: it cannot report an incident
        try:
            return extract_mentions(analysis)
        except Exception as err:  # a rule failing on one article must not stop the batch
            return ExtractionError(f"{doc.id}: extraction failed: {err!r}")

    def read_headlines(self, docs: list[Document]) -> dict[str, Mention]:
        """Headline-only reports among documents whose text told nothing (``headline``)."""
        try:
            return read_headlines(docs, lambda ds: analyse(ds, batch_size=self.batch_size), extract_mentions)
        except Exception:  # noqa: BLE001 - a headline is a bonus: failing on one leaves the documents as read
            return {}


def get_extractor(name: str = "rules", *, llm_url: str | None = None, llm_model: str | None = None) -> Extractor:
    """``rules`` (offline, deterministic; the default) or ``llm`` (an OpenAI-compatible endpoint)."""
    if name in ("rules", VERSION):
        return RuleExtractor()
    if name == "llm":
        from encounters.extract.llm import LLMConfig, LLMExtractor

        return LLMExtractor(LLMConfig.from_env(llm_url, llm_model))
    from encounters.core.errors import ConfigurationError

    raise ConfigurationError(f"unknown extractor {name!r}", hint="use --extractor rules or --extractor llm")
