"""The ``encounters`` command: a thin shell over the library.

In: command-line arguments. Out: calls into ``jobs``, ``store`` and ``publish``, and their
results printed for people (rich tables, a progress bar) or written as files. Domain errors
(``EncountersError``) become a one-line message with a hint and exit status 1.
"""
from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from encounters import __version__
from encounters.core.errors import EncountersError

DB_OPTION = click.option("--db", envvar="ENCOUNTERS_DB", default="encounters.db", show_default=True,
                         help="SQLAlchemy URL or SQLite file path (env ENCOUNTERS_DB); postgresql://… works too.")


def friendly(fn):
    """Turn domain errors into a clear message with a hint."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except EncountersError as err:
            click.secho(f"Error: {err}", fg="red", err=True)
            if err.hint:
                click.echo(f"Hint: {err.hint}", err=True)
            sys.exit(1)
    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="encounters")
def main() -> None:
    """encounters — news reports in, a grounded record of use-of-force incidents out.

    Typical use: `encounters ingest articles/`, then `encounters incidents`,
    `encounters show ID` and `encounters export --format json -o incidents.json`.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@DB_OPTION
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of text files.")
@click.option("--extractor", type=click.Choice(["rules", "llm"]), default="rules", show_default=True,
              help="rules: offline and deterministic; llm: an OpenAI-compatible endpoint (see --llm-url).")
@click.option("--llm-url", envvar="ENCOUNTERS_LLM_URL", default=None,
              help="Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1 (llama.cpp) or "
                   "http://127.0.0.1:11434/v1 (Ollama). Env ENCOUNTERS_LLM_URL; ENCOUNTERS_LLM_KEY sets a key.")
@click.option("--llm-model", envvar="ENCOUNTERS_LLM_MODEL", default=None, help="Model name for --extractor llm.")
@click.option("--batch-size", default=32, show_default=True, help="Documents per extraction batch.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@friendly
def ingest(paths, db, encoding, extractor, llm_url, llm_model, batch_size, quiet):
    """Read articles (.txt .html .jsonl feeds .warc, folders recursively), extract incidents,
    resolve them across sources and store everything in the database."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from encounters.extract import get_extractor
    from encounters.jobs import ingest_paths
    from encounters.store import open_store

    store = open_store(db)
    ext = get_extractor(extractor, llm_url=llm_url, llm_model=llm_model)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("ingesting", total=None)
        report = ingest_paths(store, [str(p) for p in paths], extractor=ext, encoding=encoding, batch_size=batch_size,
                              on_item=lambda source, status: progress.advance(task))
    for line in report.errors:
        console.print(f"[red]skipped[/red] {line}", highlight=False, markup=True, soft_wrap=True)
    stats = getattr(ext, "stats", None)
    if stats is not None:
        s = stats.as_dict()
        click.echo(f"llm values: {s['values']} returned; {s['exact']} found exactly, {s['normalised']} after "
                   f"normalising, {s['fuzzy']} fuzzily; {s['dropped']} dropped (quote not in the article)")
    r = report.as_dict()
    click.echo(f"{r['new']} new, {r['updated']} updated, {r['unchanged']} unchanged documents; "
               f"{r['mentions']} incident mentions; {r['incidents_touched']} incidents touched; "
               f"{r['errors']} errors; {r['seconds']} s")
    if report.errors and not report.documents and not report.unchanged:
        sys.exit(1)


@main.command()
@DB_OPTION
@click.option("--limit", type=int, default=None, help="Show at most this many.")
@friendly
def incidents(db, limit):
    """List incidents, newest first."""
    from rich.console import Console

    from encounters.publish.console import incident_table
    from encounters.store import open_store

    console = Console() if sys.stdout.isatty() else Console(width=200)
    console.print(incident_table(open_store(db).incident_rows(limit=limit)))


@main.command()
@click.argument("incident_id")
@DB_OPTION
@click.option("--evidence", is_flag=True, help="Print each value's evidence sentence.")
@click.option("--why", is_flag=True, help="Say why each source was joined to the incident.")
@friendly
def show(incident_id, db, evidence, why):
    """Show one incident: fields by source, people, accounts side by side."""
    from rich.console import Console

    from encounters.publish.console import incident_view
    from encounters.store import open_store

    store = open_store(db)
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
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "geojson"]), default="json", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@friendly
def export(db, fmt, output):
    """Export every incident as JSON (the public format), CSV or GeoJSON."""
    from encounters.publish.export import WRITERS
    from encounters.store import open_store

    store = open_store(db)
    if output is None:
        n = WRITERS[fmt](store.iter_incidents(), sys.stdout)
    else:
        tmp = output.with_name(output.name + ".part")
        with tmp.open("w", encoding="utf-8") as f:
            n = WRITERS[fmt](store.iter_incidents(), f)
        tmp.replace(output)
        click.echo(f"wrote {n} incidents to {output}", err=True)


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
    from encounters.store import open_store

    if export_file is not None:
        report = evaluate_export_file(export_file, gold, worst=worst)
    else:
        report = evaluate_store(open_store(db), gold, worst=worst, save=save, author=default_author())
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


def default_author() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "unknown"


@main.command()
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@DB_OPTION
@click.option("--reason", required=True, help="Why these are one incident (kept in the record).")
@click.option("--by", "author", default=None, help="Who decides (default: the login name).")
@friendly
def merge(keep, others, db, reason, author):
    """Merge incidents OTHERS into KEEP. The decision is recorded, survives re-ingest, and the
    merged ids keep resolving to KEEP."""
    from encounters.review import merge_incidents
    from encounters.store import open_store

    kept = merge_incidents(open_store(db), keep, list(others), reason=reason, author=author or default_author())
    click.echo(f"merged {', '.join(others)} into {kept}")


@main.command()
@click.argument("incident_id")
@DB_OPTION
@click.option("--document", "documents", multiple=True, required=True,
              help="A source to move into a new incident (repeat for several).")
@click.option("--reason", required=True, help="Why these sources report a different incident.")
@click.option("--by", "author", default=None, help="Who decides (default: the login name).")
@friendly
def split(incident_id, db, documents, reason, author):
    """Split the given sources out of an incident into a new one. The decision is recorded and
    survives re-ingest."""
    from encounters.review import split_incident
    from encounters.store import open_store

    new_id = split_incident(open_store(db), incident_id, list(documents), reason=reason,
                            author=author or default_author())
    click.echo(f"split {', '.join(documents)} out of {incident_id} into {new_id}")


@main.command()
@DB_OPTION
@friendly
def documents(db):
    """List stored documents with their flags."""
    from rich.console import Console
    from rich.table import Table

    from encounters.store import open_store

    rows = open_store(db).documents()
    table = Table(title=f"{len(rows)} documents", header_style="bold")
    for col in ("id", "outlet", "published", "title", "flags"):
        table.add_column(col, overflow="fold")
    for r in rows:
        flags = " ".join(f for f in ("sponsored", "opinion") if r[f])
        table.add_row(r["id"], r["outlet"] or "—", str(r["published"] or "—"), (r["title"] or "")[:80], flags)
    Console().print(table)


@main.command()
@click.argument("incident_id")
@click.argument("field")
@click.argument("action", type=click.Choice(["confirm", "correct", "reject", "reopen"]))
@click.argument("value", required=False)
@DB_OPTION
@click.option("--reason", required=True, help="Why (kept in the audit history).")
@click.option("--by", "author", default=None, help="Who decides (default: the login name).")
@friendly
def review(incident_id, field, action, value, db, reason, author):
    """Confirm, correct, reject or reopen a FIELD of an incident (``incident`` for the whole
    record). The decision is audited and survives re-extraction.

    Example: encounters review inc-1a2b3c4d5e killed correct 1 --reason "autopsy report"
    """
    from encounters.review.fields import review_field
    from encounters.store import open_store

    version = review_field(open_store(db), incident_id, field, action, value=value, reason=reason,
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
    from encounters.store import open_store

    store = open_store(db)
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
    from encounters.store import open_store

    create_user(open_store(db), username, read_password(password_stdin), role)
    click.echo(f"added {role} {username}")


@users.command("password")
@click.argument("username")
@DB_OPTION
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@friendly
def users_password(username, db, password_stdin):
    """Set a user's password."""
    from encounters.review.users import set_password
    from encounters.store import open_store

    set_password(open_store(db), username, read_password(password_stdin))
    click.echo(f"password of {username} changed")


@users.command("disable")
@click.argument("username")
@DB_OPTION
@friendly
def users_disable(username, db):
    """Stop a user from logging in (their history stays)."""
    from encounters.store import open_store

    open_store(db).update_user(username, disabled=True)
    click.echo(f"{username} disabled")


@users.command("list")
@DB_OPTION
@friendly
def users_list(db):
    """List users and their roles."""
    from encounters.store import open_store

    for u in open_store(db).users():
        click.echo(f"{u['username']}\t{u['role']}\t{'disabled' if u['disabled'] else 'active'}")


@main.command()
@DB_OPTION
@click.option("--port", default=8001, show_default=True, help="Port for Datasette.")
@click.option("--print-metadata", is_flag=True, help="Only print the Datasette metadata JSON.")
@friendly
def browse(db, port, print_metadata):
    """Open the SQLite database in Datasette, with its reading views described, the users table
    denied and arbitrary SQL off (it would reach the password hashes)."""
    import json
    import os
    import tempfile

    from encounters.core.errors import ConfigurationError
    from encounters.publish.datasette import datasette_metadata
    from encounters.store import open_store

    if "://" in db and not db.startswith("sqlite:///"):
        raise ConfigurationError("Datasette reads SQLite files", hint="pass --db path/to/encounters.db")
    path = db.removeprefix("sqlite:///")
    open_store(path)  # brings the schema (and its views) up to date first
    metadata = datasette_metadata(path)
    if print_metadata:
        click.echo(json.dumps(metadata, indent=2))
        return
    exe = Path(sys.executable).with_name("datasette")
    if not exe.exists():
        raise ConfigurationError("datasette is not installed", hint="make install (it is in requirements.lock)")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(metadata, f)
    os.execv(str(exe), [str(exe), "serve", path, "--metadata", f.name, "--port", str(port)])


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
    from encounters.store import open_store

    if not open_store(db).users():  # also fails here, with a clear message, if the database cannot be opened
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


if __name__ == "__main__":  # pragma: no cover
    main()
