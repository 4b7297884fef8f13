"""What every ``encounters`` command shares: the ``--db`` option, opening it, errors, reviewers, filters.

In: command-line options. Out: click decorators and helpers used by ``cli`` and ``cli_review`` —
``DB_OPTION``; ``open_db`` (a SQLite file that does not exist is an error with a hint, except for
``ingest``, which creates it); ``friendly`` (an ``EncountersError`` becomes "Error: …" and "Hint: …"
on standard error and exit status 1, never a traceback); ``REASON_OPTION``/``BY_OPTION`` for
decisions; and ``filter_options``, the list's filters as options, turned into the store's
``IncidentFilter`` by the same ``from_params`` the web app and the API use.
"""
from __future__ import annotations

import functools
import sys

import click

from encounters.core.errors import EncountersError
from encounters.core.model import FORCE_TYPES, INVOLVEMENTS

DB_OPTION = click.option("--db", envvar="ENCOUNTERS_DB", default="encounters.db", show_default=True,
                         help="SQLAlchemy URL or SQLite file path (env ENCOUNTERS_DB); postgresql://… works too.")
REASON_OPTION = click.option("--reason", required=True, help="Why (kept in the audit history).")
BY_OPTION = click.option("--by", "author", default=None, help="Who decides (default: the login name).")


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


def open_db(db: str, *, create: bool = False):
    """The store at ``db``; only ``ingest`` may create a new SQLite file (``create=True``)."""
    from encounters.store import open_store

    return open_store(db, create=create)


def default_author() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in this environment
        return "unknown"


def filter_options(fn):
    """The list's filters as options (the same names as the web app's query parameters)."""
    options = [
        click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Incidents on or after this day."),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Incidents on or before this day."),
        click.option("--state", help="Two-letter state code."),
        click.option("--agency", multiple=True, help="An agency code (ICE, CBP, POLICE…); repeat for any of several."),
        click.option("--immigration", is_flag=True, help="Immigration agents only: ICE, CBP, HSI, ERO or DHS."),
        click.option("--force-type", type=click.Choice(FORCE_TYPES), help="The kind of force used."),
        click.option("--law-enforcement", type=click.Choice(INVOLVEMENTS),
                     help="Who used force: by_officer (an officer or agent), at_officer (someone, at one), none."),
        click.option("--outcome", type=click.Choice(["killed", "injured", "unharmed", "unknown"])),
        click.option("--review-status", type=click.Choice(["unreviewed", "reviewed", "confirmed", "rejected"])),
        click.option("--search", "q", help="Words in names, places, outlets and headlines."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


FILTER_KEYS = ("date_from", "date_to", "state", "agency", "immigration", "force_type", "law_enforcement", "outcome",
               "review_status", "q")


def pop_filter(kwargs: dict):
    """The ``IncidentFilter`` from (and taken out of) a command's keyword arguments."""
    from encounters.store.queries import IncidentFilter

    params = {k: kwargs.pop(k) for k in FILTER_KEYS if k in kwargs}
    params["agency"] = ",".join(params.get("agency") or ()) or None
    return IncidentFilter.from_params(params)
