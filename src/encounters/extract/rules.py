"""The extractor's rules as named, registered units.

In: declarations made where each rule lives (``declare(id, field, description, example)`` at module
level returns the id, which the rule then stamps on every ``Value`` it proposes). Out: ``REGISTRY``,
the one list `encounters rules` prints and ``show --why`` reads, and ``check_rule`` for tests.

A rule either *proposes* a candidate from a span of text (``kind="candidate"``), *decides* among
candidates (``kind="decision"``: "the earliest event date", "the scene over a hospital's town"), or
*infers* a value no span states (``kind="inference"``: "a shooting with no death reported killed 0").
A value's ``rule`` is one registered id, or a candidate's id and the decision that kept it joined by
``+`` (``absolute_date+earliest_event_date``): each part is registered.
"""
from __future__ import annotations

from dataclasses import dataclass

KINDS = ("candidate", "decision", "inference")


@dataclass(frozen=True)
class Rule:
    id: str
    field: str  # the field it serves: a FIELDS name, "person.<attribute>", "account", "claim", "incident"
    description: str  # one line: what it finds or decides
    example: str  # words it reads, in the project's own phrasing (never an evaluation article's)
    kind: str = "candidate"
    module: str = ""


REGISTRY: dict[str, Rule] = {}


def declare(rule_id: str, field: str, description: str, example: str, kind: str = "candidate",
            module: str = "") -> str:
    """Register a rule and return its id. Declaring the same id twice with other words is an error:
    one rule, one description."""
    if kind not in KINDS:
        raise ValueError(f"rule {rule_id!r}: kind must be one of {KINDS}")
    rule = Rule(rule_id, field, description, example, kind, module)
    known = REGISTRY.get(rule_id)
    if known is not None and (known.field, known.description) != (rule.field, rule.description):
        raise ValueError(f"rule {rule_id!r} is declared twice ({known.module} and {module})")
    REGISTRY.setdefault(rule_id, rule)
    return rule_id


def declare_all(module: str, table: list[tuple[str, str, str, str, str]]) -> None:
    """Declare a module's rules from one table of (id, field, description, example, kind)."""
    for rule_id, field_name, description, example, kind in table:
        declare(rule_id, field_name, description, example, kind, module)


declare("default", "person", "an attribute no rule has set", "(nothing said of it)", "inference", __name__)


def parts(rule_id: str) -> list[str]:
    """The registered ids a value's ``rule`` is made of."""
    return [p for p in rule_id.split("+") if p]


def check_rule(rule_id: str) -> list[str]:
    """The parts of ``rule_id`` that are not registered (empty when all are)."""
    load_all()
    return [p for p in parts(rule_id) if p not in REGISTRY]


def load_all() -> dict[str, Rule]:
    """Every rule: importing the extractor's modules declares them."""
    from encounters.extract import llm, pipeline  # noqa: F401  (importing them declares every rule)

    return REGISTRY


def all_rules() -> list[Rule]:
    return sorted(load_all().values(), key=lambda r: (r.field, r.id))
