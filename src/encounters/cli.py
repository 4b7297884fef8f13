"""The ``encounters`` command: a thin shell over the library.

In: command-line arguments. Out: calls into ``jobs``, ``store`` and ``publish``, and their
results printed for people (rich tables, a progress bar) or written as files. Domain errors
(``EncountersError``) become a one-line message with a hint and exit status 1. Every command has
``--help``; every command but ``ingest`` refuses a ``--db`` file that does not exist. The reviewers'
commands for people, quotes and sources are in ``cli_review``; shared options in ``cli_support``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from encounters import __version__
from encounters.cli_review import register
from encounters.cli_watch import register as register_watch
from encounters.cli_support import (BY_OPTION, DB_OPTION, default_author, filter_options, friendly, open_db,
                                    pop_filter)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="encounters")
def main() -> None:
    """encounters — news reports in, a grounded record of use-of-force incidents out.

    Typical use: `encounters ingest articles/`, then `encounters incidents`,
    `encounters show ID` and `encounters export --format json -o incidents.json`.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@DB_OPTION
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text files.")
@click.option("--extractor", type=click.Choice(["rules", "llm"]), default="rules", show_default=True,
              help="rules: offline and deterministic; llm: an OpenAI-compatible endpoint (see --llm-url).")
@click.option("--llm-url", envvar="ENCOUNTERS_LLM_URL", default=None,
              help="Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1 (llama.cpp) or "
                   "http://127.0.0.1:11434/v1 (Ollama). Env ENCOUNTERS_LLM_URL; ENCOUNTERS_LLM_KEY sets a key.")
@click.option("--llm-model", envvar="ENCOUNTERS_LLM_MODEL", default=None, help="Model name for --extractor llm.")
@click.option("--batch-size", default=32, show_default=True, help="Documents per extraction batch.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Read and extract in this many worker processes on this machine (a Dask LocalCluster); "
                   "storing and resolving stay in this process.")
@click.option("--scheduler", envvar="ENCOUNTERS_DASK_SCHEDULER", default=None, metavar="ADDRESS",
              help="Read and extract on a running Dask cluster (tcp://HOST:8786; env ENCOUNTERS_DASK_SCHEDULER). "
                   "Its workers must see the input paths and have encounters installed; use a PostgreSQL --db.")
@click.option("--keep-text", type=click.Choice(["all", "relevant"]), default="all", show_default=True,
              help="relevant: store the text only of documents that report an incident; the others keep their id, "
                   "content hash, title, day and address (an archive run: most pages are about something else). "
                   "A later run sees them unchanged and does not add their text.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--allow-private", is_flag=True,
              help="Allow web addresses on private, loopback or link-local networks (a local or internal server).")
@friendly
def ingest(paths, db, encoding, extractor, llm_url, llm_model, batch_size, workers, scheduler, keep_text, quiet,
           allow_private):
    """Read articles (.txt .html .jsonl feeds .warc, folders recursively, web pages and feeds by
    their https:// address), extract incidents, resolve them across sources and store everything
    in the database.

    The progress line shows documents read, relevant (at least one incident found), extracted and
    stored, each per second. Example: encounters ingest archive/ --workers 2 --db incidents.db"""
    import time

    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from encounters.extract import get_extractor
    from encounters.fetch_jobs import ingest_sources
    from encounters.ingest.arguments import count_documents, looks_like_url, refuse_urls
    from encounters.jobs import ingest_paths
    from encounters.store.repository import normalise_url

    refuse_urls(str(p) for p in paths)
    web = any(looks_like_url(str(p)) for p in paths)
    if web and (workers or scheduler):
        raise click.UsageError("--workers and --scheduler read files and folders; ingest web addresses without "
                               "them (or save the pages first and ingest the folder with --workers)")
    console = Console(stderr=True)
    url = normalise_url(db)
    if url.startswith("sqlite:///") and ":memory:" not in url and not Path(url.removeprefix("sqlite:///")).exists():
        click.echo(f"creating a new database at {url.removeprefix('sqlite:///')}", err=True)
    store = open_db(db, create=True)
    ext = get_extractor(extractor, llm_url=llm_url, llm_model=llm_model)
    total = None if quiet else count_documents(str(p) for p in paths)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[rates]}"), console=console, disable=quiet, transient=True) as progress:
        tasks = {"reading": progress.add_task("reading and extracting", total=total, rates="")}  # rates: on_counts
        phase = ["reading"]
        began = time.perf_counter()

        def on_counts(c) -> None:
            per_s = max(time.perf_counter() - began, 1e-6)
            progress.update(tasks["reading"], rates=(
                f"read {c.read} ({c.read / per_s:.1f}/s) · relevant {c.relevant} ({c.relevant / per_s:.1f}/s) · "
                f"extracted {c.extracted} ({c.extracted / per_s:.1f}/s) · stored {c.stored} ({c.stored / per_s:.1f}/s)"))

        def on_phase(name: str, size: int | None) -> None:
            done = progress.tasks[tasks[phase[0]]].completed
            progress.update(tasks[phase[0]], total=done)  # the phase before is complete
            tasks[name] = progress.add_task(name, total=size, rates="")
            phase[0] = name

        if web:
            report = ingest_sources(store, [str(p) for p in paths], extractor=ext, encoding=encoding,
                                    batch_size=batch_size, on_item=lambda source, status: progress.advance(tasks[phase[0]]),
                                    on_phase=on_phase, allow_private=allow_private, keep_text=keep_text == "all")
        else:
            report = ingest_paths(store, [str(p) for p in paths], extractor=ext, encoding=encoding, batch_size=batch_size,
                                  on_item=lambda source, status: progress.advance(tasks[phase[0]]), on_phase=on_phase,
                                  on_counts=None if quiet else on_counts, workers=workers, scheduler=scheduler,
                                  keep_text=keep_text == "all")
    for line in report.errors:
        console.print(f"[red]skipped[/red] {escape(line)}", highlight=False, markup=True, soft_wrap=True)
    for line in report.notes:
        console.print(f"[yellow]note[/yellow] {escape(line)}", highlight=False, markup=True, soft_wrap=True)
    for line in report.held:
        console.print(f"[yellow]held for review[/yellow] {escape(line)}", highlight=False, markup=True, soft_wrap=True)
    stats = getattr(ext, "stats", None)
    if stats is not None:
        s = stats.as_dict()
        click.echo(f"llm values: {s['values']} returned; {s['exact']} found exactly, {s['normalised']} after "
                   f"normalising, {s['fuzzy']} fuzzily; {s['dropped']} dropped (quote not in the article)")
    r = report.as_dict()
    click.echo(f"{r['new']} new, {r['updated']} updated, {r['unchanged']} unchanged documents; "
               f"{r['mentions']} incident mentions; {r['incidents_touched']} incidents touched; "
               f"{r['errors']} errors; {r['held']} held for review; {r['seconds']} s")
    if report.errors and not report.documents and not report.unchanged:
        sys.exit(1)


LIST_FORMATS = ("table", "csv", "json")


@main.command()
@DB_OPTION
@filter_options
@click.option("--limit", type=int, default=None, help="Show at most this many.")
@click.option("--format", "fmt", type=click.Choice(LIST_FORMATS), default="table", show_default=True,
              help="A table for reading, CSV for a spreadsheet, or JSON lines.")
@friendly
def incidents(db, limit, fmt, **filters):
    """List incidents, newest first, a row each as trackers show them: date, place, who was shot or
    subjected to force, agency, force, who used force, killed/injured, independent sources, the
    first report, review status.

    Example: encounters incidents --immigration --force-type shooting --limit 10
    """
    import json

    from rich.console import Console

    from encounters.publish.console import LIST_CSV_COLUMNS, incident_table, list_csv_row
    from encounters.publish.export import iso
    from encounters.publish.sheets import csv_pieces

    flt = pop_filter(filters)
    rows = open_db(db).incident_rows(limit=limit, flt=flt)
    if fmt == "csv":
        for piece in csv_pieces(LIST_CSV_COLUMNS, (list_csv_row(r) for r in rows)):
            sys.stdout.write(piece)
    elif fmt == "json":
        for r in rows:
            click.echo(json.dumps(iso({k: v for k, v in r.items() if k not in ("fields", "search_text")}),
                                  ensure_ascii=False))
    else:
        console = Console() if sys.stdout.isatty() else Console(width=220)
        console.print(incident_table(rows, title=flt.describe()))


@main.command()
@click.argument("incident_id")
@DB_OPTION
@click.option("--evidence", is_flag=True, help="Print each value's evidence sentence.")
@click.option("--why", is_flag=True, help="Say why: the rule behind each value, the candidates it passed over, the "
              "policy that chose the value shown, and why each source was joined to the incident.")
@friendly
def show(incident_id, db, evidence, why):
    """Show one incident: fields by source, people, accounts side by side."""
    from rich.console import Console

    from encounters.publish.console import incident_view

    store = open_db(db)
    inc = store.incident(incident_id)
    texts = {}

    def text_of(doc_id: str) -> str:
        if doc_id not in texts:
            texts[doc_id] = store.document(doc_id).text
        return texts[doc_id]

    console = Console() if sys.stdout.isatty() else Console(width=200)
    console.print(incident_view(inc, text_of, evidence=evidence, reasons=store.match_reasons(inc.id) if why else None,
                                decisions=store.decisions(inc.id)))


@main.command()
@click.option("--field", "field_name", default=None, help="Only the rules serving this field (date, city, person.age …).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly
def rules(field_name, fmt):
    """List the extractor's rules: id, the field it serves, what it does, an example, and its kind
    (candidate: proposes a value from a span; decision: chooses among candidates; inference: a value no
    span states). Every value's `rule` is one of these ids (or ids joined by "+")."""
    from dataclasses import asdict

    from rich.console import Console
    from rich.table import Table

    from encounters.extract.rules import all_rules

    chosen = [r for r in all_rules() if not field_name or r.field == field_name or r.field.startswith(field_name + ".")]
    if fmt == "json":
        click.echo(json.dumps([asdict(r) for r in chosen], ensure_ascii=False, indent=1))
        return
    table = Table(title=f"{len(chosen)} rules", header_style="bold")
    for col in ("id", "field", "kind", "what it does", "example"):
        table.add_column(col, overflow="fold")
    for r in chosen:
        table.add_row(r.id, r.field, r.kind, r.description, r.example)
    (Console() if sys.stdout.isatty() else Console(width=200)).print(table)


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "geojson"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.option("--per-person", is_flag=True, help="CSV: one row per person instead of one per incident.")
@click.option("--incident", "incident_id", default=None,
              help="Only this incident, with its sources' citations and evidence sentences (JSON or CSV).")
@filter_options
@friendly
def export(db, fmt, output, per_person, incident_id, **filters):
    """Export incidents as JSON (the public format), CSV (UTF-8 with a BOM, for Excel and LibreOffice)
    or GeoJSON. The list's filters apply.

    Examples: encounters export --format csv --immigration -o ice.csv;
    encounters export --incident inc-1a2b3c4d5e -o incident.json
    """
    import json

    from encounters.publish.export import write_export

    store = open_db(db)
    flt = pop_filter(filters)

    def write(out) -> int:
        if incident_id is None:
            return write_export(store.iter_incidents(flt), fmt, out, docs=store.document_meta, per_person=per_person)
        from encounters.publish.citations import CITATION_COLUMNS, citation_rows, incident_export
        from encounters.publish.sheets import csv_pieces

        inc = store.incident(store.canonical_id(incident_id))
        data = incident_export(inc, store.document_meta(inc.documents), lambda d: store.document(d).text)
        if fmt == "csv":
            for piece in csv_pieces(CITATION_COLUMNS, citation_rows(data)):
                out.write(piece)
        elif fmt == "json":
            out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            write_export([inc], fmt, out, docs=store.document_meta)
        return 1

    if output is None:
        n = write(sys.stdout)
    else:
        tmp = output.with_name(output.name + ".part")
        with tmp.open("w", encoding="utf-8", newline="") as f:
            n = write(f)
        tmp.replace(output)
        click.echo(f"wrote {n} incident{'s' if n != 1 else ''} to {output}", err=True)


@main.command()
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your hand-coded incidents: CSV (one row per incident per article) or the JSON form (see README).")
@DB_OPTION
@click.option("--export", "export_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Score this JSON export (encounters export --format json) instead of a database.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.option("--worst", default=10, show_default=True, help="How many worst cases to list.")
@click.option("--save/--no-save", default=True, show_default=True,
              help="Keep the report in the database for the web app's Accuracy page (--db only).")
@friendly
def evaluate(gold, db, export_file, fmt, output, worst, save):
    """Score the record against incidents you coded by hand: found, merged, split; per-field
    accuracy; accounts and people; every gold row with the record it matched; the worst cases with
    the sentences the record used. Bad gold rows are reported one by one and the rest are used.

    Example: encounters evaluate --gold my_sample.csv --db incidents.db --format html -o accuracy.html
    """
    import json

    from rich.console import Console

    from encounters.publish.accuracy import evaluate_export_file, evaluate_store
    from encounters.publish.accuracy_views import console_report, html_report

    if export_file is not None:
        report = evaluate_export_file(export_file, gold, worst=worst)
    else:
        report = evaluate_store(open_db(db), gold, worst=worst, save=save, author=default_author())
    if fmt == "text" and output is None:  # the report lists the gold rows left out
        console = Console() if sys.stdout.isatty() else Console(width=200)
        console.print(console_report(report))
        return
    for p in report["problems"]:
        where = f"row {p['row']}" if isinstance(p["row"], int) else str(p["row"])
        click.echo(f"gold {where}, {p['column']}: {p['reason']}", err=True)
    if fmt == "json":
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    elif fmt == "html":
        text = html_report(report)
    else:
        buf = Console(width=160, record=True, file=open(os.devnull, "w"))
        buf.print(console_report(report))
        text = buf.export_text()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote the accuracy report to {output}", err=True)
    click.echo("summary: " + report["summary"], err=True)


@main.command()
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@DB_OPTION
@click.option("--reason", required=True, help="Why these are one incident (kept in the record).")
@BY_OPTION
@friendly
def merge(keep, others, db, reason, author):
    """Merge incidents OTHERS into KEEP. The decision is recorded, survives re-ingest, and the
    merged ids keep resolving to KEEP."""
    from encounters.review import merge_incidents

    kept = merge_incidents(open_db(db), keep, list(others), reason=reason, author=author or default_author())
    click.echo(f"merged {', '.join(others)} into {kept}")


@main.command()
@click.argument("incident_id")
@DB_OPTION
@click.option("--document", "documents", multiple=True, required=True,
              help="A source to move into a new incident (repeat for several).")
@click.option("--reason", required=True, help="Why these sources report a different incident.")
@BY_OPTION
@friendly
def split(incident_id, db, documents, reason, author):
    """Split the given sources out of an incident into a new one. The decision is recorded and
    survives re-ingest."""
    from encounters.review import split_incident

    new_id = split_incident(open_db(db), incident_id, list(documents), reason=reason,
                            author=author or default_author())
    click.echo(f"split {', '.join(documents)} out of {incident_id} into {new_id}")


@main.command()
@DB_OPTION
@friendly
def documents(db):
    """List stored documents with their flags."""
    from rich.console import Console
    from rich.table import Table

    rows = open_db(db).documents()
    table = Table(title=f"{len(rows)} documents", header_style="bold")
    for col in ("id", "outlet", "published", "title", "flags"):
        table.add_column(col, overflow="fold")
    for r in rows:
        flags = " ".join(f for f in ("sponsored", "opinion") if r[f])
        table.add_row(r["id"], r["outlet"] or "—", str(r["published"] or "—"), (r["title"] or "")[:80], flags)
    (Console() if sys.stdout.isatty() else Console(width=200)).print(table)


@main.command()
@click.argument("incident_id")
@click.argument("field")
@click.argument("action", type=click.Choice(["confirm", "correct", "reject", "reopen"]))
@click.argument("value", required=False)
@DB_OPTION
@click.option("--reason", required=True, help="Why (kept in the audit history).")
@BY_OPTION
@friendly
def review(incident_id, field, action, value, db, reason, author):
    """Confirm, correct, reject or reopen a FIELD of an incident (``incident`` for the whole
    record). The decision is audited and survives re-extraction.

    Example: encounters review inc-1a2b3c4d5e killed correct 1 --reason "autopsy report"
    """
    from encounters.review.fields import review_field

    version = review_field(open_db(db), incident_id, field, action, value=value, reason=reason,
                           author=author or default_author(), expected_version=None)
    click.echo(f"{incident_id} {field}: {action} saved (version {version})")


@main.command()
@click.argument("incident_id")
@DB_OPTION
@friendly
def history(incident_id, db):
    """Every reviewer change to an incident, newest first."""
    from rich.console import Console

    from encounters.publish.console import history_table

    store = open_db(db)
    Console().print(history_table(store.history(store.canonical_id(incident_id))))


@main.group()
def users():
    """Reviewer accounts for the web app (passwords are stored as Argon2 hashes)."""


def read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users.command("add")
@click.argument("username")
@DB_OPTION
@click.option("--role", type=click.Choice(["editor", "viewer"]), default="editor", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (for scripts).")
@friendly
def users_add(username, db, role, password_stdin):
    """Add a user (asks for the password)."""
    from encounters.review.users import create_user

    create_user(open_db(db), username, read_password(password_stdin), role)
    click.echo(f"added {role} {username}")


@users.command("password")
@click.argument("username")
@DB_OPTION
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@friendly
def users_password(username, db, password_stdin):
    """Set a user's password."""
    from encounters.review.users import set_password

    set_password(open_db(db), username, read_password(password_stdin))
    click.echo(f"password of {username} changed")


@users.command("disable")
@click.argument("username")
@DB_OPTION
@friendly
def users_disable(username, db):
    """Stop a user from logging in (their history stays)."""
    store = open_db(db)
    store.update_user(username, disabled=True)
    store.end_sessions(username=username)
    click.echo(f"{username} disabled")


@users.command("revoke")
@click.argument("username")
@DB_OPTION
@click.option("--tokens", is_flag=True, help="Revoke the user's API tokens too.")
@friendly
def users_revoke(username, db, tokens):
    """End every session of a user at once (they must log in again); --tokens also revokes their API tokens."""
    from encounters.review.users import revoke_sessions
    sessions, revoked = revoke_sessions(open_db(db), username, tokens=tokens)
    click.echo(f"{username}: {sessions} sessions ended" + (f", {revoked} API tokens revoked" if tokens else ""))


@users.command("list")
@DB_OPTION
@friendly
def users_list(db):
    """List users and their roles."""
    for u in open_db(db).users():
        click.echo(f"{u['username']}\t{u['role']}\t{'disabled' if u['disabled'] else 'active'}")


@main.group()
def tokens():
    """API tokens for scripts: `Authorization: Bearer TOKEN` (scope read or edit; stored hashed, revocable)."""


@tokens.command("add")
@click.argument("username")
@DB_OPTION
@click.option("--scope", type=click.Choice(["read", "edit"]), default="read", show_default=True)
@click.option("--label", default=None, help="What the token is for (shown by `tokens list`).")
@friendly
def tokens_add(username, db, scope, label):
    """Make a token acting as USERNAME; it is printed once, only its hash is kept."""
    from encounters.review.users import create_token
    token_id, token = create_token(open_db(db), username, scope, label)
    click.echo(f"token #{token_id} ({scope}) for {username} — keep it, it is not shown again:", err=True)
    click.echo(token)


@tokens.command("list")
@DB_OPTION
@click.option("--user", "username", default=None, help="Only this user's tokens.")
@friendly
def tokens_list(db, username):
    """List tokens (never their secrets)."""
    for tk in open_db(db).tokens(username):
        state = f"revoked {tk['revoked_at']:%Y-%m-%d}" if tk["revoked_at"] else "active"
        click.echo(f"#{tk['id']}\t{tk['username']}\t{tk['scope']}\t{state}\t{tk['label'] or ''}")


@tokens.command("revoke")
@click.argument("token_id", type=int)
@DB_OPTION
@friendly
def tokens_revoke(token_id, db):
    """Revoke a token by its number: it stops working at once."""
    from encounters.core.errors import NotFoundError
    if not open_db(db).revoke_tokens(token_id=token_id):
        raise NotFoundError(f"no active token #{token_id}", hint="`encounters tokens list` shows them")
    click.echo(f"token #{token_id} revoked")


@main.command()
@DB_OPTION
@friendly
def holds(db):
    """Changes re-ingesting kept back for a reviewer: incidents that lost their last source, and
    decisions whose evidence changed. A decision on the whole record (`review ID incident confirm|reject|reopen`)
    closes an incident's holds."""
    rows = open_db(db).holds()
    for h in rows:
        click.echo(f"{h['incident_id']}\t{h['kind']}\t{h['created_at']:%Y-%m-%d %H:%M}\t{h['message']}")
    if not rows:
        click.echo("nothing is held for review", err=True)


@main.command()
@DB_OPTION
@click.option("--port", default=8001, show_default=True, help="Port for Datasette.")
@click.option("--print-metadata", is_flag=True, help="Only print the Datasette metadata JSON.")
@click.option("--public/--private", default=False, show_default=True,
              help="Let anyone read; private (the default) asks for a user's password or an API token, like the web app.")
@friendly
def browse(db, port, print_metadata, public):
    """Open the SQLite database in Datasette, with its reading views described, bookkeeping tables
    (server paths, users, sessions, tokens) denied even by URL, arbitrary SQL off, and — unless
    --public — a login in front of everything (HTTP Basic with a user's password, or
    `Authorization: Bearer` with an API token)."""
    import json
    import os
    import tempfile

    from encounters.core.errors import ConfigurationError
    from encounters.publish.datasette import PLUGINS_DIR, datasette_metadata

    if "://" in db and not db.startswith("sqlite:///"):
        raise ConfigurationError("Datasette reads SQLite files", hint="pass --db path/to/encounters.db")
    path = db.removeprefix("sqlite:///")
    open_db(path)  # brings the schema (and its views) up to date first
    metadata = datasette_metadata(path, public=public, db_url=f"sqlite:///{Path(path).absolute()}")
    if print_metadata:
        click.echo(json.dumps(metadata, indent=2))
        return
    exe = Path(sys.executable).with_name("datasette")
    if not exe.exists():
        raise ConfigurationError("datasette is not installed", hint="make install (it is in requirements.lock)")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(metadata, f)
    os.execv(str(exe), [str(exe), "serve", path, "--metadata", f.name, "--port", str(port),
                        "--plugins-dir", str(PLUGINS_DIR)])


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--public/--private", default=False, show_default=True,
              help="Let visitors read without logging in (editing always needs a login).")
@click.option("--tiles", default=None, envvar="ENCOUNTERS_TILES",
              help="Map tile URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png (default: none).")
@click.option("--secret-key", envvar="ENCOUNTERS_SECRET_KEY", default=None,
              help="Key signing session cookies (env ENCOUNTERS_SECRET_KEY; default: a new one at each start, "
                   "which logs everyone out on restart).")
@click.option("--secure-cookies", is_flag=True, help="Send the session cookie over HTTPS only.")
@click.option("--workers", default=1, show_default=True, help="Worker processes.")
@friendly
def serve(db, host, port, public, tiles, secret_key, secure_cookies, workers):
    """Serve the web app: incident list, map, timeline, incident and source pages, review, and the
    JSON API (OpenAPI document at /openapi.json)."""
    import os

    import uvicorn

    from encounters.publish.web import create_app

    if not open_db(db).users():  # also fails here, with a clear message, if the database cannot be opened
        click.echo("No users yet: add an editor with `encounters users add NAME --role editor`.", err=True)
    os.environ.update(ENCOUNTERS_DB=db, ENCOUNTERS_PUBLIC="1" if public else "0", ENCOUNTERS_TILES=tiles or "",
                      ENCOUNTERS_SECURE_COOKIES="1" if secure_cookies else "0")
    if workers > 1 and not secret_key:
        import secrets

        secret_key = secrets.token_urlsafe(48)  # one key for every worker, so a session works on any of them
    if secret_key:
        os.environ["ENCOUNTERS_SECRET_KEY"] = secret_key
    click.echo(f"serving {'publicly readable' if public else 'login-only'} at http://{host}:{port}/", err=True)
    if workers > 1:
        uvicorn.run("encounters.publish.web.app:app_from_environment", factory=True, host=host, port=port,
                    workers=workers, log_level="warning")
    else:
        uvicorn.run(create_app(db, public=public, tiles=tiles, secret_key=secret_key, secure_cookies=secure_cookies),
                    host=host, port=port, log_level="warning")


register(main)
register_watch(main)

if __name__ == "__main__":  # pragma: no cover
    main()
