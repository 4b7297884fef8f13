"""The extract stage's entry point: documents in, incident mentions out.

In: an iterable of ``Document``. Out: an iterator of ``(Document, [Mention])`` pairs, in input
order, computed in batches (spaCy's ``nlp.pipe``) so a long stream never sits in memory whole.
``RuleExtractor`` is the default: offline and deterministic. Any other extractor (an LLM behind
an HTTP endpoint, say) implements the same ``extract`` method.
"""
from __future__ import annotations

from dataclasses import replace
from itertools import islice
from typing import Iterable, Iterator, Protocol

from encounters.core.errors import ExtractionError
from encounters.core.model import MAX_ANALYSED_CHARS, Document, Mention
from encounters.extract.incidents import extract_mentions, may_report_force
from encounters.extract.nlp import analyse

VERSION = "rules-1"


class Extractor(Protocol):
    name: str

    def extract(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Mention] | ExtractionError]]:
        ...


class RuleExtractor:
    """spaCy entities and sentences plus hand-written rules; no network, same output every run."""

    name = VERSION
    max_chars = MAX_ANALYSED_CHARS  # the part of a document read: per-document work is bounded

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size

    def extract(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Mention] | ExtractionError]]:
        it = iter(documents)
        while batch := list(islice(it, self.batch_size)):
            # an article with no force wording anywhere cannot report an incident: no spaCy for it
            # only the first max_chars are read (offsets into that prefix are offsets into the whole text)
            parts = {id(d): replace(d, text=d.text[:self.max_chars]) if len(d.text) > self.max_chars else d
                     for d in batch}
            wanted = [parts[id(d)] for d in batch if may_report_force(parts[id(d)])]
            analyses = {id(a.document): a for a in analyse(wanted, batch_size=self.batch_size)}
            for doc in batch:
                analysis = analyses.get(id(parts[id(doc)]))
                if analysis is None:
                    yield doc, []
                    continue
                try:
                    yield doc, extract_mentions(analysis)
                except Exception as err:  # a rule failing on one article must not stop the batch
                    yield doc, ExtractionError(f"{doc.id}: extraction failed: {err!r}")


def get_extractor(name: str = "rules", *, llm_url: str | None = None, llm_model: str | None = None) -> Extractor:
    """``rules`` (offline, deterministic; the default) or ``llm`` (an OpenAI-compatible endpoint)."""
    if name in ("rules", VERSION):
        return RuleExtractor()
    if name == "llm":
        from encounters.extract.llm import LLMConfig, LLMExtractor

        return LLMExtractor(LLMConfig.from_env(llm_url, llm_model))
    from encounters.core.errors import ConfigurationError

    raise ConfigurationError(f"unknown extractor {name!r}", hint="use --extractor rules or --extractor llm")
