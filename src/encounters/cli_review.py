"""The reviewers' commands for people, quotes and sources, and an incident's timeline.

In: command-line arguments. Out: ``encounters people …``, ``encounters accounts …``,
``encounters sources …`` and ``encounters timeline ID`` — each a thin shell over
``review.people``, ``review.accounts``, ``review.sources`` and ``publish.timeline``: a decision
needs ``--reason``, is recorded with its author in the audit history (``encounters history ID``),
and holds through re-ingest, merges and splits. ``register(main)`` adds them to the command group.
"""
from __future__ import annotations

import sys

import click

from encounters.core.model import ROLES, SIDES, STATUSES, TRISTATE
from encounters.cli_support import BY_OPTION, DB_OPTION, REASON_OPTION, default_author, friendly, open_db


def console():
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=200)


# ---------------------------------------------------------------- people
@click.group()
def people():
    """See and correct the people of an incident: add, remove, correct, not a participant.

    PERSON is a name as `encounters people list ID` shows it (or its key in brackets)."""


@people.command("list")
@click.argument("incident_id")
@DB_OPTION
@friendly
def people_list(incident_id, db):
    """The people of an incident, with their keys and reviewers' decisions."""
    from rich.table import Table

    from encounters.review.people import people_of

    inc, shown, set_aside = people_of(open_db(db), incident_id)
    table = Table(title=f"People of {inc.id}", header_style="bold")
    for col in ("name", "age", "role", "status", "citizen", "charged", "key", "reviewed"):
        table.add_column(col, overflow="fold")
    for p in shown + set_aside:
        notes = [f"{a} by {r['author']}: {r['reason']}" for a, r in (p.get("reviews") or {}).items()]
        if p.get("added"):
            notes.append(f"added by {p['added']['author']}: {p['added']['reason']}")
        if p.get("set_aside"):
            notes.append(f"{p['set_aside']['action']} by {p['set_aside']['author']}: {p['set_aside']['reason']}")
        table.add_row(p.get("name") or "unnamed", "—" if p.get("age") is None else str(p["age"]), p.get("role") or "",
                      p.get("status") or "", p.get("citizen") or "", p.get("charged") or "", p["key"], "; ".join(notes))
    console().print(table)


def person_decision(incident_id, action, db, author, reason, **options):
    from encounters.review.people import review_person

    version = review_person(open_db(db), incident_id, action, reason=reason, author=author or default_author(),
                            expected_version=None, **options)
    click.echo(f"{incident_id}: {action.replace('_', ' ')} saved (version {version})")


@people.command("add")
@click.argument("incident_id")
@click.option("--name", help="Name as the reports give it.")
@click.option("--age", help="Age in years.")
@click.option("--role", type=click.Choice(ROLES), default="unknown", show_default=True)
@click.option("--status", type=click.Choice(STATUSES), default="unknown", show_default=True, help="Outcome.")
@click.option("--citizen", type=click.Choice(TRISTATE), default="unknown", show_default=True, help="A US citizen?")
@click.option("--charged", type=click.Choice(TRISTATE), default="unknown", show_default=True)
@DB_OPTION
@REASON_OPTION
@BY_OPTION
@friendly
def people_add(incident_id, name, age, role, status, citizen, charged, db, reason, author):
    """Add a person no source names well enough.

    Example: encounters people add inc-1a2b3c4d5e --name "Ana Diaz" --age 29 --status injured --reason "hospital"
    """
    person_decision(incident_id, "add", db, author, reason, values={
        "name": name, "age": age, "role": role, "status": status, "citizen": citizen, "charged": charged})


@people.command("correct")
@click.argument("incident_id")
@click.argument("person")
@click.argument("attribute", type=click.Choice(["name", "age", "role", "status", "citizen", "charged"]))
@click.argument("value")
@DB_OPTION
@REASON_OPTION
@BY_OPTION
@friendly
def people_correct(incident_id, person, attribute, value, db, reason, author):
    """Correct one attribute of a person (the sources' values stay on record).

    Example: encounters people correct inc-1a2b3c4d5e "Mateo Ruiz" age 35 --reason "court filing"
    """
    person_decision(incident_id, "correct", db, author, reason, person=person, attribute=attribute, value=value)


@people.command("reopen")
@click.argument("incident_id")
@click.argument("person")
@click.argument("attribute", type=click.Choice(["name", "age", "role", "status", "citizen", "charged"]))
@DB_OPTION
@REASON_OPTION
@BY_OPTION
@friendly
def people_reopen(incident_id, person, attribute, db, reason, author):
    """Give a corrected attribute back to the sources."""
    person_decision(incident_id, "reopen", db, author, reason, person=person, attribute=attribute)


def person_command(name: str, action: str, doc: str):
    @people.command(name, help=doc)
    @click.argument("incident_id")
    @click.argument("person")
    @DB_OPTION
    @REASON_OPTION
    @BY_OPTION
    @friendly
    def command(incident_id, person, db, reason, author):
        person_decision(incident_id, action, db, author, reason, person=person)
    return command


person_command("remove", "remove", "Take a person out of the incident (a misread name, someone else).")
person_command("not-participant", "not_participant",
               "Mark a person as named in the reports but not one force was used by or on.")
person_command("restore", "restore", "Bring back a person removed or marked as not a participant.")


# ---------------------------------------------------------------- accounts
@click.group()
def accounts():
    """See and review the quotes of an incident: reattribute, detach, claim or account.

    REF is the quote's reference as `encounters accounts list ID` shows it."""


@accounts.command("list")
@click.argument("incident_id")
@DB_OPTION
@friendly
def accounts_list(incident_id, db):
    """The accounts and claims of an incident, with their references."""
    from rich.table import Table

    from encounters.review.accounts import incident_quotes

    store = open_db(db)
    inc = store.incident(store.canonical_id(incident_id))
    table = Table(title=f"Quotes of {inc.id}", header_style="bold")
    for col in ("ref", "kind", "side", "speaker", "quote", "document", "reviewed"):
        table.add_column(col, overflow="fold")
    for q in incident_quotes(store, inc):
        reviewed = "; ".join(f"{d['action']} by {d['author']}: {d['reason']}"
                             for d in (q.get("review") or {}).get("decisions", []))
        table.add_row(q["ref"], q["kind"], q["side"] or "", q["speaker"] or "", q["quote"], q["document"], reviewed)
    console().print(table)


def quote_decision(incident_id, action, ref, db, author, reason, **options):
    from encounters.review.accounts import review_account

    version = review_account(open_db(db), incident_id, action, ref=ref, reason=reason,
                             author=author or default_author(), expected_version=None, **options)
    click.echo(f"{incident_id}: quote {ref} {action.replace('_', ' ')} saved (version {version})")


DOCUMENT_OPTION = click.option("--document", default=None, help="The quote's document, when REF is not enough.")


@accounts.command("reattribute")
@click.argument("incident_id")
@click.argument("ref")
@click.option("--speaker", help="Who said it.")
@click.option("--affiliation", help="Who they speak for.")
@click.option("--side", type=click.Choice(SIDES), help="Whose side the account gives.")
@DOCUMENT_OPTION
@DB_OPTION
@REASON_OPTION
@BY_OPTION
@friendly
def accounts_reattribute(incident_id, ref, speaker, affiliation, side, document, db, reason, author):
    """Give a quote another speaker, affiliation or side.

    Example: encounters accounts reattribute inc-1a2b3c4d5e 8f0c602e35 --speaker "Helen Okafor" --side subject --reason "the family's lawyer"
    """
    quote_decision(incident_id, "reattribute", ref, db, author, reason, document=document, speaker=speaker,
                   affiliation=affiliation, side=side)


def quote_command(name: str, action: str, doc: str, with_side: bool = False):
    @click.argument("incident_id")
    @click.argument("ref")
    @DOCUMENT_OPTION
    @DB_OPTION
    @REASON_OPTION
    @BY_OPTION
    @friendly
    def command(incident_id, ref, document, db, reason, author, side=None):
        quote_decision(incident_id, action, ref, db, author, reason, document=document, side=side)
    if with_side:
        command = click.option("--side", type=click.Choice(SIDES), help="Its side (default: as it is).")(command)
    return accounts.command(name, help=doc)(command)


quote_command("detach", "detach", "Take a quote out of the incident (it is about something else).")
quote_command("claim", "as_claim", "Mark a quote as a claim: a figure the speaker asserts, not an account.",
              with_side=True)
quote_command("account", "as_account", "Mark a claim as an account of the event.", with_side=True)
quote_command("restore", "restore", "Undo the decisions on a quote.")


# ---------------------------------------------------------------- sources
@click.group()
def sources():
    """See and review the sources of an incident: detach one, mark one as a copy of another."""


@sources.command("list")
@click.argument("incident_id")
@DB_OPTION
@friendly
def sources_list(incident_id, db):
    """The sources of an incident, with copies and detached documents."""
    from rich.table import Table

    store = open_db(db)
    inc = store.incident(store.canonical_id(incident_id))
    meta = store.document_meta(inc.documents + [d["document"] for d in inc.extras.get("detached") or []])
    copies = inc.extras.get("copies") or {}
    table = Table(title=f"Sources of {inc.id}: {inc.independent_sources} "
                        f"independent of {len(inc.documents)}", header_style="bold")
    for col in ("document", "outlet", "published", "title", "note"):
        table.add_column(col, overflow="fold")
    for d in inc.documents:
        m = meta.get(d, {})
        note = f"copy of {copies[d]['original']} ({copies[d]['by']})" if d in copies else ""
        table.add_row(d, m.get("outlet") or "—", str(m.get("published") or "—"), m.get("title") or "", note)
    for d in inc.extras.get("detached") or []:
        m = meta.get(d["document"], {})
        table.add_row(d["document"], m.get("outlet") or "—", str(m.get("published") or "—"), m.get("title") or "",
                      f"detached by {d['author']}: {d['reason']}")
    console().print(table)


def source_command(name: str, action: str, doc: str, with_original: bool = False):
    @click.argument("incident_id")
    @click.argument("document")
    @DB_OPTION
    @REASON_OPTION
    @BY_OPTION
    @friendly
    def command(incident_id, document, db, reason, author, original=None):
        from encounters.review.sources import review_source

        version = review_source(open_db(db), incident_id, action, document=document, original=original,
                                reason=reason, author=author or default_author(), expected_version=None)
        click.echo(f"{incident_id}: {document} {action.replace('_', ' ')} saved (version {version})")
    if with_original:
        command = click.option("--of", "original", required=True, help="The document it copies.")(command)
    return sources.command(name, help=doc)(command)


source_command("detach", "detach", "Take a document out of the incident without making it an incident of its own.")
source_command("reattach", "reattach", "Put back a document taken out of the incident.")
source_command("copy", "copy", "Mark a document as a copy of another (syndicated, archived): the two count once.",
               with_original=True)
source_command("not-copy", "not_copy", "Say a document is not a copy (also overrides the automatic copy detection).")


# ---------------------------------------------------------------- timeline
@click.command()
@click.argument("incident_id")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
@friendly
def timeline(incident_id, db, as_json):
    """What was reported when: the first report, each new source in publication order, what it
    added or changed, and where later reporting contradicts an earlier official account."""
    import json

    from encounters.publish.timeline import build_timeline, timeline_lines

    store = open_db(db)
    inc = store.incident(store.canonical_id(incident_id))
    entries = build_timeline(inc, store.document_meta(inc.documents))
    if as_json:
        click.echo(json.dumps({"incident": inc.id, "timeline": entries}, ensure_ascii=False, indent=2, default=str))
        return
    click.echo(f"Timeline of {inc.id}")
    for line in timeline_lines(entries):
        click.echo(line)


def register(main: click.Group) -> None:
    for command in (people, accounts, sources, timeline):
        main.add_command(command)
