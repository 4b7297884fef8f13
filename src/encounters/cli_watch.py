"""``encounters watch``: poll feeds and pages and ingest what is new, a round at a time.

In: web addresses, ``--every`` (30s, 15m, 1h), ``--rounds``, ``--allow-private`` and the ingest
options. Out: calls to ``fetch_jobs.watch`` and a line per address per round (time, address,
status, new/updated/unchanged counts) on standard output, errors and notes on standard error; exit
status 1 when no address ever answered.
Ctrl-C stops after the round in progress (a second Ctrl-C stops at once: each stored document is
kept, and the next run resolves whatever the interrupted one left). ``register(main)`` adds it.
"""
from __future__ import annotations

import signal
import threading

import click

from encounters.cli_support import DB_OPTION, friendly, open_db


@click.command()
@click.argument("urls", nargs=-1, required=True)
@DB_OPTION
@click.option("--every", default="15m", show_default=True, help="Time between rounds: 30s, 15m, 1h, 1h30m.")
@click.option("--rounds", type=click.IntRange(min=1), default=None,
              help="Stop after this many rounds (for cron and tests); default: until Ctrl-C.")
@click.option("--allow-private", is_flag=True,
              help="Allow web addresses on private, loopback or link-local networks (a local or internal server).")
@click.option("--extractor", type=click.Choice(["rules", "llm"]), default="rules", show_default=True,
              help="As for `ingest`.")
@click.option("--llm-url", envvar="ENCOUNTERS_LLM_URL", default=None, help="As for `ingest`.")
@click.option("--llm-model", envvar="ENCOUNTERS_LLM_MODEL", default=None, help="As for `ingest`.")
@friendly
def watch(urls, db, every, rounds, allow_private, extractor, llm_url, llm_model):
    """Poll feeds and pages (their https:// addresses) and ingest what is new.

    Each round asks every address with the ETag and Last-Modified of its last answer (a 304 reads
    nothing), reads a feed's new or changed entries' pages, and logs one line per address.

    Example: encounters watch https://example.com/news/feed.xml --every 15m --db incidents.db
    """
    from rich.console import Console
    from rich.markup import escape

    from encounters.extract import get_extractor
    from encounters.fetch_jobs import watch as run_watch
    from encounters.ingest.arguments import parse_duration, refuse_urls
    from encounters.ingest.fetch import Fetcher, normalise_address

    seconds = parse_duration(every)
    refuse_urls(urls)
    addresses = [normalise_address(u) for u in urls]
    from pathlib import Path

    from encounters.store.repository import normalise_url

    url = normalise_url(db)
    if url.startswith("sqlite:///") and ":memory:" not in url and not Path(url.removeprefix("sqlite:///")).exists():
        click.echo(f"creating a new database at {url.removeprefix('sqlite:///')}", err=True)
    store = open_db(db, create=True)
    ext = get_extractor(extractor, llm_url=llm_url, llm_model=llm_model)
    console = Console(stderr=True)
    stop = threading.Event()

    def on_interrupt(_signum, _frame):
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        console.print("[yellow]stopping[/yellow] after the round in progress, if any (Ctrl-C again to stop now)")

    answered = []

    def on_line(line) -> None:
        answered.append(line.status != "error")
        click.echo(line.describe())
        for text in (line.errors or [])[1 if line.status == "error" else 0:]:
            console.print(f"  [red]skipped[/red] {escape(text)}", highlight=False, soft_wrap=True)
        for text in line.notes or []:
            console.print(f"  [yellow]note[/yellow] {escape(text)}", highlight=False, soft_wrap=True)

    previous = signal.signal(signal.SIGINT, on_interrupt) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        with Fetcher(allow_private=allow_private) as fetcher:
            done = run_watch(store, addresses, every=seconds, fetcher=fetcher, extractor=ext, rounds=rounds,
                             stop=stop, on_line=on_line)
    except KeyboardInterrupt:
        console.print("[yellow]stopped[/yellow]: every document stored so far is kept; the next run resolves what "
                      "this one left")
        raise SystemExit(130)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    click.echo(f"{done} round{'s' if done != 1 else ''} done", err=True)
    if answered and not any(answered):
        raise SystemExit(1)  # no address ever answered: for cron, a failure


def register(main: click.Group) -> None:
    main.add_command(watch)
