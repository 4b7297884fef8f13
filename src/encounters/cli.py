"""The ``encounters`` command: a thin shell over the library.

In: command-line arguments. Out: calls into ``jobs``, ``store`` and ``publish``, and their
results printed for people (rich tables, a progress bar) or written as files. Domain errors
(``EncountersError``) become a one-line message with a hint and exit status 1.
"""
from __future__ import annotations

import functools
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
@click.option("--extractor", default="rules", show_default=True, help="Extractor to use (rules).")
@click.option("--batch-size", default=32, show_default=True, help="Documents per extraction batch.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@friendly
def ingest(paths, db, encoding, extractor, batch_size, quiet):
    """Read articles (.txt .html .jsonl feeds .warc, folders recursively), extract incidents,
    resolve them across sources and store everything in the database."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from encounters.extract import get_extractor
    from encounters.jobs import ingest_paths
    from encounters.store import open_store

    store = open_store(db)
    ext = get_extractor(extractor)
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet, transient=True) as progress:
        task = progress.add_task("ingesting", total=None)
        report = ingest_paths(store, [str(p) for p in paths], extractor=ext, encoding=encoding, batch_size=batch_size,
                              on_item=lambda source, status: progress.advance(task))
    for line in report.errors:
        console.print(f"[red]skipped[/red] {line}", highlight=False, markup=True, soft_wrap=True)
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


if __name__ == "__main__":  # pragma: no cover
    main()
