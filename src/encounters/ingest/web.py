"""Web pages and feeds as documents: what a fetch gave, turned into ``Document`` records.

In: web addresses (mixed with paths, for ``ingest``), a ``Fetcher`` (``ingest.fetch``) and fetched
responses. Out: a stream of ``Document`` — or ``InputError`` values, one per address or entry that
failed, so the rest goes on. A page is read like an HTML (or text) file; its id is the address asked
for, its ``url`` the address it ended at, ``fetched_url`` the one asked for. A feed gives its entries:
each entry's page is fetched and read as a page (the entry's title, date and author fill what the page
lacks); when the page cannot be fetched, the entry's own text in the feed is read instead, with a
note saying so. At most ``MAX_ENTRIES`` entries' pages are fetched for one feed at a time.
``read_entries`` reports which entries gave their page, for ``watch``.
"""
from __future__ import annotations

import re
from typing import Callable, Iterable, Iterator

from encounters.core.errors import BinaryInputError, EmptyInputError, InputError, MalformedRecordError
from encounters.core.model import Document
from encounters.ingest.arguments import looks_like_url
from encounters.ingest.fetch import Fetched, Fetcher, UnsupportedContentError, normalise_address
from encounters.ingest.readers import (FeedEntry, Loaded, decode_bytes, document_from_entry, document_from_html,
                                       make_document, parse_feed, read_paths)

MAX_ENTRIES = 500  # entries' pages fetched for one feed at a time (``watch`` reads the rest next round)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.I)


def text_of(fetched: Fetched) -> str:
    """A page's text in the charset its response (or, for HTML, its ``<meta>``) declares; UTF-8 when
    none is declared, then Windows-1252 when the bytes are not UTF-8."""
    declared = fetched.charset
    if not declared and fetched.kind == "html":
        meta = META_CHARSET.search(fetched.body[:4096])
        declared = meta.group(1).decode("ascii", "replace") if meta else None
    try:
        return decode_bytes(fetched.body, source=fetched.final_url, encoding=declared or "utf-8")
    except (BinaryInputError, EmptyInputError):
        raise
    except InputError:
        if declared:
            raise
        return decode_bytes(fetched.body, source=fetched.final_url, encoding="cp1252")


def document_from_fetched(fetched: Fetched, *, doc_id: str | None = None) -> Document:
    """A document from a fetched page (HTML or plain text); its id is the address asked for."""
    if fetched.kind == "feed":
        raise UnsupportedContentError("the address is a feed, not a page", source=fetched.url)
    text = text_of(fetched)
    doc_id = doc_id or fetched.url
    if fetched.kind == "html":
        doc = document_from_html(text, doc_id=doc_id, source=fetched.url, url=fetched.final_url)
    else:
        doc = make_document(doc_id=doc_id, raw_text=text, source=fetched.url, url=fetched.final_url)
    doc.url = fetched.final_url
    doc.fetched_url = fetched.url
    return doc


def feed_entries(fetched: Fetched) -> list[FeedEntry]:
    """The entries of a fetched feed."""
    headers = {"content-type": f"{fetched.media_type}; charset={fetched.charset}" if fetched.charset
               else fetched.media_type}
    return parse_feed(fetched.body, source=fetched.url, headers=headers)


def read_entry(entry: FeedEntry, fetcher: Fetcher) -> tuple[Loaded, bool]:
    """(the document for one feed entry, whether it is the entry's page): the page at the entry's
    link, else the entry's own text with a note saying why; an error when neither can be read."""
    link = entry.link
    try:
        link = normalise_address(link) if link else None
    except InputError:
        link = None  # a link that is no web address: the entry's own text is all there is
    if link is None:
        try:
            return document_from_entry(entry, doc_id=entry.id or entry.source), False
        except InputError as err:
            return err, False
    try:
        page = fetcher.fetch(link)
        doc = document_from_fetched(page, doc_id=link)
        doc.title = doc.title or entry.title
        doc.published = doc.published or entry.published
        doc.byline = doc.byline or entry.author
        return doc, True
    except InputError as failure:
        reason = failure.message
    try:
        doc = document_from_entry(entry, doc_id=link)
    except InputError as err:
        return MalformedRecordError(f"the entry's page {link} could not be read ({reason}) and the entry has no "
                                    f"text of its own ({err.message})", source=entry.source), False
    doc.fetched_url = link
    doc.notes.append(f"the page {link} could not be read ({reason}); the feed's own text of the entry was "
                     "ingested instead")
    return doc, False


def read_entries(entries: Iterable[FeedEntry], fetcher: Fetcher,
                 on_page: Callable[[FeedEntry], None] | None = None) -> Iterator[Loaded]:
    """A document for each entry (see ``read_entry``); ``on_page(entry)`` when its page was read."""
    for entry in entries:
        loaded, is_page = read_entry(entry, fetcher)
        if is_page and on_page is not None:
            on_page(entry)
        yield loaded


def read_url(url: str, fetcher: Fetcher) -> Iterator[Loaded]:
    """The documents at one web address: the page, or each entry of the feed."""
    try:
        fetched = fetcher.fetch(url)
        if fetched.kind != "feed":
            yield document_from_fetched(fetched)
            return
        entries = feed_entries(fetched)
    except InputError as err:
        err.source = err.source or url
        yield err
        return
    if not entries:
        yield EmptyInputError("the feed has no entries", source=fetched.url)
    if len(entries) > MAX_ENTRIES:
        yield InputError(f"the feed has {len(entries):,} entries; only the first {MAX_ENTRIES} were read",
                         source=fetched.url, hint="`encounters watch` reads the rest in later rounds")
    yield from read_entries(entries[:MAX_ENTRIES], fetcher)


def read_inputs(args: Iterable[str], *, encoding: str = "utf-8", fetcher: Fetcher | None = None,
                allow_private: bool = False) -> Iterator[Loaded]:
    """Paths and web addresses, in the order given: files as ``read_paths`` reads them, addresses
    fetched (with ``fetcher``, or one made on first use and closed at the end)."""
    own = None
    try:
        for arg in args:
            if not looks_like_url(arg):
                yield from read_paths([arg], encoding=encoding)
                continue
            if fetcher is None:
                fetcher = own = Fetcher(allow_private=allow_private)
            yield from read_url(arg, fetcher)
    finally:
        if own is not None:
            own.close()
