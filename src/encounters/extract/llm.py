"""The optional LLM extractor: any OpenAI-compatible chat endpoint (llama.cpp, Ollama, vLLM, …).

In: documents, and the endpoint's base URL and model name (``LLMConfig``; the command line's
``--extractor llm --llm-url … --llm-model …`` or ``ENCOUNTERS_LLM_URL`` / ``ENCOUNTERS_LLM_MODEL`` /
``ENCOUNTERS_LLM_KEY``). Out: the same ``(Document, [Mention])`` pairs as the rule extractor. The
model is asked for JSON in which every value comes with the exact words of the article that
support it; each quote is aligned back to the text (``align``: exact, then normalised — whitespace,
quote marks, case —, and for accounts and claims, whose wording a model may slightly garble, fuzzy)
and becomes the value's span. A value whose quote cannot be found is dropped, and counted in
``stats`` — the model's word is never taken without its evidence. A failed call or unreadable answer
is an ``ExtractionError`` for that document only. The rule extractor stays the offline default.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable, Iterator

import httpx

from encounters.core.errors import ConfigurationError, ExtractionError
from encounters.core.model import (FORCE_TYPES, INVOLVEMENTS, ROLES, SIDES, STATUSES, TRISTATE, Account, Claim,
                                   Document, Mention, Person, Span, Value)
from encounters.extract.align import align
from encounters.extract.rules import declare_all

declare_all(__name__, [
    ("llm_exact", "incident", "a model's value whose quote stands verbatim in the text", "(any field the model gives)", "candidate"),
    ("llm_normalised", "incident", "a model's value whose quote stands in the text, spacing, quote marks and case aside",
     "(any field the model gives)", "candidate"),
    ("llm_fuzzy", "account", "a model's quote found in the text with small differences (accounts and claims only)",
     "(a quote the model retyped)", "candidate"),
    ("llm_union", "agencies", "every agency the model names, each with its quote", "ICE · DHS", "decision"),
    ("llm_not_stated", "person", "the model gives no value for this attribute", "(no role given)", "inference"),
])

FIELD_TYPES = {"date": "date", "city": "text", "county": "text", "state": "state", "killed": "count",
               "injured": "count", "shots_fired": "count", "vehicle_involved": "bool", "force_type": "force",
               "law_enforcement": "involvement"}
PERSON_FIELDS = ("name", "age", "role", "status", "citizen", "charged")
CHOICES = {"force": FORCE_TYPES, "involvement": INVOLVEMENTS, "role": ROLES, "status": STATUSES, "citizen": TRISTATE,
           "charged": TRISTATE}

PROMPT = """You extract use-of-force incidents (shootings and less-lethal force such as pepper balls, tear gas,
tasers) involving law enforcement or anyone else from one news article, for a public record where
every value must be backed by the article's own words.

Answer with one JSON object and nothing else:
{"incidents": [{
  "kind": "primary" if the article reports the incident, "brief" if it only mentions it in passing,
  "date": {"value": "YYYY-MM-DD", "quote": "..."},        resolve "Friday", "last week" against the publication date
  "city": {"value": "...", "quote": "..."}, "county": {...}, "state": {"value": "two-letter USPS code", "quote": "..."},
  "killed": {"value": integer, "quote": "..."}, "injured": {"value": integer, "quote": "..."},
  "shots_fired": {"value": integer, "quote": "..."}, "vehicle_involved": {"value": true or false, "quote": "..."},
  "force_type": {"value": "shooting" or "less-lethal", "quote": "..."},
  "law_enforcement": {"value": "by_officer" (an officer or agent used the force), "at_officer" (someone shot at an officer) or "none", "quote": "..."},
  "agencies": [{"value": "ICE|CBP|HSI|DHS|USMS|FBI|POLICE|SHERIFF|...", "quote": "..."}],
  "people": [{"name": {"value": "...", "quote": "..."}, "age": {"value": integer, "quote": "..."},
              "role": {"value": "subject|officer|bystander|victim|suspect|unknown", "quote": "..."},
              "status": {"value": "killed|injured|unharmed|unknown", "quote": "..."}}],
  "accounts": [{"speaker": "...", "affiliation": "..." or null, "side": "official|subject|witness|other", "quote": "..."}],
  "claims": [{"speaker": "...", "side": "official|subject|witness|other", "quote": "..."}]
}]}

Rules: every "quote" is copied exactly, character for character, from the article (a few words to
one sentence). Leave out any value the article does not state; never guess. "accounts" are what
people say happened; "claims" are statistics or general assertions a speaker makes (keep them as
claims, not facts). "official" is the police or agency side, "subject" the person force was used on
and their family or lawyer. An article that reports no incident gets {"incidents": []}."""


@dataclass
class LLMConfig:
    url: str
    model: str
    api_key: str | None = None
    timeout: float = 180.0
    max_chars: int = 24000
    retries: int = 1

    @classmethod
    def from_env(cls, url: str | None = None, model: str | None = None) -> "LLMConfig":
        url = url or os.environ.get("ENCOUNTERS_LLM_URL")
        model = model or os.environ.get("ENCOUNTERS_LLM_MODEL")
        if not url or not model:
            raise ConfigurationError("the llm extractor needs an endpoint URL and a model name",
                                     hint="pass --llm-url http://127.0.0.1:8080/v1 --llm-model NAME "
                                          "(or set ENCOUNTERS_LLM_URL and ENCOUNTERS_LLM_MODEL)")
        if not url.startswith(("http://", "https://")):
            raise ConfigurationError(f"{url!r} is not an http(s) URL", hint="e.g. http://127.0.0.1:11434/v1 for Ollama")
        return cls(url=url.rstrip("/"), model=model, api_key=os.environ.get("ENCOUNTERS_LLM_KEY"))


@dataclass
class AlignStats:
    values: int = 0
    exact: int = 0
    normalised: int = 0
    fuzzy: int = 0
    dropped: int = 0
    dropped_examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "dropped_examples"}


class LLMExtractor:
    """Asks the model, then keeps only what it can ground in the text."""

    def __init__(self, config: LLMConfig, client: httpx.Client | None = None) -> None:
        self.config = config
        self.name = f"llm:{config.model}"[:64]
        self.stats = AlignStats()
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self.client = client or httpx.Client(timeout=config.timeout, headers=headers)

    def extract(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Mention] | ExtractionError]]:
        for doc in documents:
            try:
                answer = self.ask(doc)
                yield doc, self.mentions_from(doc, answer)
            except ExtractionError as err:
                yield doc, err

    # ------------------------------------------------------------ the call
    def ask(self, doc: Document) -> dict:
        text = doc.text[:self.config.max_chars]
        user = (f"Title: {doc.title or ''}\nPublished: {doc.published.isoformat() if doc.published else 'unknown'}\n"
                f"Outlet: {doc.outlet or ''}\n\n{text}")
        body = {"model": self.config.model, "temperature": 0, "response_format": {"type": "json_object"},
                "messages": [{"role": "system", "content": PROMPT}, {"role": "user", "content": user}]}
        last = ""
        for attempt in range(self.config.retries + 1):
            try:
                r = self.client.post(f"{self.config.url}/chat/completions", json=body)
            except httpx.HTTPError as err:
                last = f"cannot reach {self.config.url}: {err}"
            else:
                if r.status_code < 500:
                    break
                last = f"{self.config.url} answered {r.status_code}"
            if attempt < self.config.retries:
                time.sleep(1 + attempt)
        else:
            raise ExtractionError(f"{doc.id}: {last}", hint="is the model server running? check --llm-url")
        if r.status_code != 200:
            raise ExtractionError(f"{doc.id}: {self.config.url} answered {r.status_code}: {r.text[:200]}",
                                  hint="check --llm-model and the server's log")
        try:
            content = r.json()["choices"][0]["message"]["content"]
            return parse_answer(content)
        except (KeyError, IndexError, TypeError, ValueError) as err:
            raise ExtractionError(f"{doc.id}: the model's answer is not the JSON asked for ({err})",
                                  hint="try a model that follows JSON instructions, or a lower temperature") from None

    # ------------------------------------------------------------ grounding
    def ground(self, doc: Document, item: Any, kind: str, near: int) -> Value | None:
        """A typed value with the span of its quote, or None (counted as dropped)."""
        if not isinstance(item, dict) or item.get("value") in (None, ""):
            return None
        self.stats.values += 1
        value = typed(item["value"], kind)
        found = align(doc.text, str(item.get("quote") or ""), near=near, fuzzy_ok=False) if value is not None else None
        if found is None:
            self.stats.dropped += 1
            if len(self.stats.dropped_examples) < 20:
                self.stats.dropped_examples.append(f"{doc.id}: {item.get('value')!r} ← {str(item.get('quote'))[:80]!r}")
            return None
        span, how = found
        setattr(self.stats, how, getattr(self.stats, how) + 1)
        return Value(value, (span,), f"llm_{how}")

    def mentions_from(self, doc: Document, answer: dict) -> list[Mention]:
        mentions = []
        for item in answer.get("incidents") or []:
            if not isinstance(item, dict):
                continue
            fields: dict[str, Value] = {}
            near = 0
            for name, kind in FIELD_TYPES.items():
                v = self.ground(doc, item.get(name), kind, near)
                if v is not None:
                    fields[name] = v
                    near = near or v.spans[0].start
            agencies = [v for a in (item.get("agencies") or []) for v in [self.ground(doc, a, "agency", near)] if v]
            if agencies:
                codes = list(dict.fromkeys(v.value for v in agencies))
                fields["agencies"] = Value(codes, tuple(v.spans[0] for v in agencies), "llm_union")
            people = [p for p in (self.person(doc, x, near) for x in (item.get("people") or [])) if p]
            accounts, claims = self.speech(doc, item)
            spans = [s for v in fields.values() for s in v.spans] + [a.span for a in accounts]
            if not fields and not people:
                continue  # nothing grounded: not an incident we can stand behind
            lo = min((s.start for s in spans), default=0)
            hi = max((s.end for s in spans), default=len(doc.text))
            kind = "brief" if item.get("kind") == "brief" or doc.opinion else "primary"
            mentions.append(Mention(document_id=doc.id, ordinal=len(mentions), kind=kind, span=Span(lo, hi),
                                    fields=fields, people=people, accounts=accounts if kind == "primary" else [],
                                    claims=claims if kind == "primary" else [], published=doc.published,
                                    sponsored=doc.sponsored, opinion=doc.opinion))
        return mentions

    def person(self, doc: Document, item: Any, near: int) -> Person | None:
        if not isinstance(item, dict):
            return None
        got = {k: self.ground(doc, item.get(k), {"name": "text", "age": "count"}.get(k, k), near)
               for k in PERSON_FIELDS}
        if got["name"] is None and got["age"] is None:
            return None
        return Person(name=got["name"], age=got["age"], role=got["role"] or Value("unknown", (), "llm_not_stated"),
                      status=got["status"] or Value("unknown", (), "llm_not_stated"),
                      citizen=got["citizen"] or Value("unknown", (), "llm_not_stated"),
                      charged=got["charged"] or Value("unknown", (), "llm_not_stated"))

    def speech(self, doc: Document, item: dict) -> tuple[list[Account], list[Claim]]:
        accounts: list[Account] = []
        claims: list[Claim] = []
        for kind, out in (("accounts", accounts), ("claims", claims)):
            for a in item.get(kind) or []:
                if not isinstance(a, dict) or not a.get("speaker") or not a.get("quote"):
                    continue
                self.stats.values += 1
                found = align(doc.text, str(a["quote"]))
                if found is None:
                    self.stats.dropped += 1
                    continue
                span, how = found
                setattr(self.stats, how, getattr(self.stats, how) + 1)
                side = a.get("side") if a.get("side") in SIDES else "other"
                quote = doc.text[span.start:span.end]  # the source's words, not the model's copy
                if kind == "accounts":
                    out.append(Account(str(a["speaker"])[:255], side, quote, span, a.get("affiliation") or None,
                                       None, "llm", doc.id))
                else:
                    out.append(Claim(str(a["speaker"])[:255], quote, span, side, a.get("affiliation") or None, doc.id))
        return accounts, claims


def parse_answer(content: str) -> dict:
    """The JSON object in a model's answer (tolerating a ```json fence or text around it)."""
    content = content.strip()
    if not content.startswith("{"):
        start, end = content.find("{"), content.rfind("}")
        if start == -1 or end <= start:
            raise ValueError("no JSON object")
        content = content[start:end + 1]
    data = json.loads(content)
    if not isinstance(data, dict) or not isinstance(data.get("incidents", []), list):
        raise ValueError('no "incidents" list')
    return data


def typed(value: Any, kind: str) -> Any:
    """The value in the record's type, or None when it does not fit (then it is dropped)."""
    try:
        if kind == "date":
            return date.fromisoformat(str(value)[:10])
        if kind == "count":
            n = int(value)
            return n if 0 <= n <= 10000 else None
        if kind == "bool":
            return value if isinstance(value, bool) else {"true": True, "false": False}.get(str(value).lower())
        if kind == "state":
            import us

            found = us.states.lookup(str(value))
            return found.abbr if found else None
        if kind == "agency":
            return str(value).strip().upper()[:32] or None
        if kind in CHOICES:
            v = str(value).strip().lower()
            return v if v in CHOICES[kind] else None
        text = " ".join(str(value).split())
        return text[:200] or None
    except (TypeError, ValueError):
        return None
