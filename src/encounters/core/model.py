"""The shared model that flows through every stage.

In: nothing (plain data classes, standard library only). Out: ``Document`` (an ingested
article and the text all offsets point into), ``Span`` (character offsets into that text),
``Value`` (an extracted value with its spans, or the rule that inferred it), ``Person``,
``Account`` (who said what, on which side), ``Claim`` (a figure asserted by a speaker, never a
fact), ``Mention`` (one incident as one document reports it) and ``Incident`` (mentions from
any number of documents resolved into one record, each field keeping every source's value).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

SIDES = ("official", "subject", "witness", "other")
MENTION_KINDS = ("primary", "brief")
ROLES = ("subject", "officer", "attacker", "bystander", "victim", "suspect", "unknown")
STATUSES = ("killed", "injured", "unharmed", "unknown")
TRISTATE = ("yes", "no", "unknown")
FORCE_TYPES = ("shooting", "less-lethal", "vehicle", "physical")
# law_enforcement: an officer or agent used the force, someone fired at one, or neither
INVOLVEMENTS = ("by_officer", "at_officer", "none")

# Extraction reads at most this many characters of a document (the stored text stays whole): it
# bounds the work one document costs, whatever its size. A longer document carries a note saying so.
MAX_ANALYSED_CHARS = 100_000
# Zero-width characters a scraped page leaves between words. The stored text keeps them where they
# stand beside a space or a mark (a quote is the source's words, character for character); extraction
# reads the text with them cut out and maps its offsets back (``extract.squeeze``), so no rule or model
# sees a word glued to one.
INVISIBLE = "\u200b\u2060\ufeff"
MAX_ID_CHARS = 500  # a document id (mention keys add "#n"; the columns hold 512 and 600)

# Fields every mention may carry, in display order. Each maps to a ``Value``.
FIELDS = (
    "date", "date_range", "address", "city", "county", "state", "latitude", "longitude", "agencies",
    "killed", "injured", "shots_fired", "vehicle_involved", "force_type", "law_enforcement",
)


def hash_text(text: str) -> str:
    """The content hash of a stored text (sha256 hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``text[start:end]`` of one document's stored text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def slice(self, text: str) -> str:
        return text[self.start:self.end]

    def to_list(self) -> list[int]:
        return [self.start, self.end]

    @classmethod
    def from_list(cls, pair: Iterable[int]) -> "Span":
        start, end = pair
        return cls(int(start), int(end))


@dataclass
class Value:
    """One extracted value. ``spans`` ground it in the text; with no span it is inferred.

    ``rule`` names the extraction rule that produced it, so a person can see why a value
    is there even when it was read straight from a span (``"dateline"``, ``"age_apposition"``).
    """

    value: Any
    spans: tuple[Span, ...] = ()
    rule: str = ""
    # the candidates the deciding rule passed over: {"value", "span": [start, end] | None, "rule", "why"}
    passed_over: tuple[dict, ...] = ()

    @property
    def inferred(self) -> bool:
        return not self.spans

    def to_dict(self) -> dict:
        out = {"value": plain(self.value), "spans": [s.to_list() for s in self.spans], "rule": self.rule,
               "inferred": self.inferred}
        if self.passed_over:
            out["passed_over"] = [{**c, "value": plain(c.get("value"))} for c in self.passed_over]
        return out


def plain(value: Any) -> Any:
    """A value with its dates as ISO strings (lists too), for JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [v.isoformat() if isinstance(v, date) else v for v in value]
    return value


def passed(value: Any, span: "Span | None", rule: str, why: str) -> dict:
    """A candidate a decision passed over, as ``Value.passed_over`` keeps it."""
    return {"value": value, "span": span.to_list() if span else None, "rule": rule, "why": why}


@dataclass
class Document:
    """An ingested article. ``text`` is the stored text every span points into."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    sponsored: bool = False
    opinion: bool = False
    source: str | None = None  # where it was read from (a path, a path:line)
    content_hash: str = ""
    notes: list[str] = field(default_factory=list)  # what a reader wants people to know (only part analysed, …)
    fetched_url: str | None = None  # the address fetched, for a page read from the web (``url`` is where it ended)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = hash_text(self.text)


@dataclass
class Person:
    """A person in an incident. Every attribute is a ``Value`` so it keeps its evidence."""

    name: Value | None = None
    age: Value | None = None
    role: Value = field(default_factory=lambda: Value("unknown", rule="default"))
    status: Value = field(default_factory=lambda: Value("unknown", rule="default"))
    citizen: Value = field(default_factory=lambda: Value("unknown", rule="default"))
    charged: Value = field(default_factory=lambda: Value("unknown", rule="default"))
    gender: Value | None = None

    @property
    def display_name(self) -> str | None:
        return self.name.value if self.name else None

    def attributes(self) -> dict[str, Value | None]:
        return {"name": self.name, "age": self.age, "role": self.role, "status": self.status,
                "citizen": self.citizen, "charged": self.charged, "gender": self.gender}


@dataclass
class Account:
    """Words attributed to a speaker: a direct quote or reported speech, verbatim.

    ``quote`` equals ``document.text[span.start:span.end]``.
    """

    speaker: str
    side: str
    quote: str
    span: Span
    affiliation: str | None = None
    speaker_span: Span | None = None
    mode: str = "quote"  # "quote" (in quotation marks) or "reported" (said that…, according to…)
    document_id: str = ""
    review: dict | None = None  # a reviewer's standing decision laid over it (reattributed, made an account)
    rule: str = ""  # the registered rules that attributed it and chose its side (extract/rules.py); not stored

    def __post_init__(self) -> None:
        if self.side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, not {self.side!r}")


@dataclass
class Claim:
    """A figure or statistic asserted by a speaker. Kept as their claim, never as a fact."""

    speaker: str
    quote: str
    span: Span
    side: str = "other"
    affiliation: str | None = None
    document_id: str = ""
    review: dict | None = None  # a reviewer's standing decision laid over it (reattributed, made a claim)
    rule: str = ""  # as on Account


@dataclass
class Mention:
    """One incident as one document reports it.

    ``kind`` is ``primary`` when the document reports the incident and ``brief`` when it only
    mentions it in passing. ``fields`` maps names from ``FIELDS`` to values.
    """

    document_id: str
    ordinal: int
    kind: str
    span: Span
    fields: dict[str, Value] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    published: date | None = None
    sponsored: bool = False
    opinion: bool = False
    copy_of: str | None = None  # the original, when this mention's document is a copy of another

    def __post_init__(self) -> None:
        if self.kind not in MENTION_KINDS:
            raise ValueError(f"kind must be one of {MENTION_KINDS}, not {self.kind!r}")

    @property
    def key(self) -> str:
        return f"{self.document_id}#{self.ordinal}"

    def get(self, name: str) -> Any:
        v = self.fields.get(name)
        return v.value if v is not None else None

    @property
    def origin(self) -> str:
        """The document this report counts as: its original when it is a copy, else its own."""
        return self.copy_of or self.document_id


@dataclass
class SourcedValue:
    """One value of a field as some sources gave it."""

    value: Any
    sources: list[str]  # mention keys
    inferred: bool = False


@dataclass
class FieldView:
    """A field of an incident: every distinct value with its sources, and the one displayed.

    ``policy`` says how ``chosen`` was picked; ``conflict`` is true when grounded values
    disagree, and then every value stays visible.
    """

    name: str
    values: list[SourcedValue]
    chosen: Any
    policy: str
    review: dict | None = None  # the standing reviewer decision: action, value, author, reason, at

    @property
    def conflict(self) -> bool:
        if self.policy.startswith(("union", "true when", "named by")):
            return False  # every source's value is part of the displayed one
        grounded = [v for v in self.values if not v.inferred]
        return len(grounded) > 1


@dataclass
class Incident:
    """Mentions from one or more documents resolved into one incident with a stable id."""

    id: str
    mentions: list[Mention] = field(default_factory=list)
    fields: dict[str, FieldView] = field(default_factory=dict)
    people: list[dict] = field(default_factory=list)
    review_status: str = "unreviewed"
    version: int = 0
    # what the store lays over the summary when it saves one: first_report, copies (document → the
    # document it copies, and who said so), people_set_aside, detached (documents a reviewer took out)
    extras: dict = field(default_factory=dict)

    def value(self, name: str) -> Any:
        view = self.fields.get(name)
        return view.chosen if view else None

    def apply_review(self, name: str, action: str, value: Any, meta: dict) -> None:
        """Lay a reviewer's standing decision over the extracted field: ``confirm`` and ``correct``
        fix the displayed value, ``reject`` blanks it, ``reopen`` gives it back to the sources.
        Extracted values stay in ``values`` whatever the decision."""
        if action == "reopen":
            return
        view = self.fields.get(name)
        if view is None:
            view = self.fields[name] = FieldView(name, [], None, "no source")
        view.review = {**meta, "action": action, "value": value}
        view.chosen = None if action == "reject" else value

    @property
    def documents(self) -> list[str]:
        return sorted({m.document_id for m in self.mentions})

    @property
    def independent_sources(self) -> int:
        """Sources counted once: a document and its copies (archived, syndicated) are one."""
        return len({m.origin for m in self.mentions})

    def distinct_statements(self, kind: str = "accounts") -> list[tuple["Mention", Any]]:
        """(mention, account or claim) pairs with a copy's repeat of its original's words left out: the same
        speaker and quote from a document and its copies (archived, syndicated) is one statement, shown
        from the original when it is among the sources. ``kind``: ``accounts`` or ``claims``."""
        seen: set[tuple[str, str, str]] = set()
        out = []
        for m in sorted(self.mentions, key=lambda m: (m.copy_of is not None, m.document_id)):
            for a in getattr(m, kind):
                key = (m.origin, a.speaker, " ".join(a.quote.split()))
                if key not in seen:
                    seen.add(key)
                    out.append((m, a))
        return out
