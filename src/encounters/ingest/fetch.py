"""Fetching a web address safely: one page or feed, bounded in time and size, never a private address.

In: an ``http``/``https`` URL (and, for polling, the ETag and Last-Modified a previous fetch gave).
Out: a ``Fetched`` — the URL asked for and the URL it ended at after redirects, the status (200, or
304 when nothing changed), what it is (``html``, ``feed`` or ``text``), its bytes, its validators
and the address actually connected to — or an ``InputError`` subclass saying why not: ``FetchError``
(cannot connect, timed out, an HTTP error status, too many redirects), ``BlockedAddressError`` (a
private address), ``UnsupportedContentError`` (not a page, feed or text), ``TooLargeError``.

Server-side request forgery is stopped where the connection is made, not before: the transport's
network backend resolves the host itself, once per connection, refuses the connection unless every
address the name resolves to is public (``classify_address``: loopback, private, link-local,
multicast, reserved, unspecified, shared/CGNAT ``100.64.0.0/10``, cloud metadata, and the same inside
IPv4-mapped, 6to4 and NAT64 IPv6 addresses), and then connects to that checked address — so a name
that resolves differently the second time (DNS rebinding) or a redirect to a private address (each
hop is a new connection, checked again) cannot reach one. TLS still verifies the certificate
against the host name (SNI). Environment proxies are ignored (a proxy would hide the address).
``allow_private=True`` allows private addresses (a local server, an intranet); a collection of
host names allows them for those hosts only. Cloud metadata addresses are refused even then.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Collection, Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx

from encounters.core.errors import InputError, TooLargeError, UnsupportedInputError

MAX_FETCH_BYTES = 10 * 1024 * 1024  # one page or feed, as for a file
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0  # between two pieces of the response
TOTAL_TIMEOUT = 60.0  # for the whole body, so a server that drips a byte at a time is cut off
SCHEMES = ("http", "https")

HTML_TYPES = {"text/html", "application/xhtml+xml"}
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/x-rss+xml", "application/x-atom+xml"}
TEXT_TYPES = {"text/plain"}

METADATA = {ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.253", "100.100.100.200", "fd00:ec2::254", "fd00:ec2::23")}
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(InputError):
    """A web address could not be fetched (connection, timeout, HTTP status, redirects)."""


class BlockedAddressError(FetchError):
    """A web address resolves to an address that is not public (SSRF protection)."""


class UnsupportedContentError(UnsupportedInputError):
    """A fetched response is not a web page, a feed or plain text."""


# ---------------------------------------------------------------- addresses

def classify_address(address: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be fetched ("loopback", "private", "cloud metadata", …), or None when public."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64
                                                      else None)
        if embedded is not None:
            inner = classify_address(embedded)
            return f"{inner} (IPv4 {embedded} inside IPv6)" if inner else None
        if ip.scope_id:
            ip = ipaddress.IPv6Address(str(ip).split("%")[0])
    if ip in METADATA:
        return "cloud metadata"
    for kind, test in (("unspecified", ip.is_unspecified), ("loopback", ip.is_loopback),
                       ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
                       ("shared (CGNAT)", ip.version == 4 and ip in SHARED), ("private", ip.is_private),
                       ("reserved", ip.is_reserved), ("not globally routable", not ip.is_global)):
        if test:
            return kind
    return None


def private_allowed(allow_private: bool | Collection[str], host: str) -> bool:
    if isinstance(allow_private, bool):
        return allow_private
    return host.lower().strip("[]") in {h.lower().strip("[]") for h in allow_private}


def check_address(address: str, *, host: str, allow_private: bool | Collection[str] = False) -> None:
    """Refuse (``BlockedAddressError``) an address that is not public, unless private ones are
    allowed for ``host``; cloud metadata addresses are always refused."""
    kind = classify_address(address)
    if kind is None or (kind != "cloud metadata" and private_allowed(allow_private, host)):
        return
    shown = host if host == address else f"{host} ({address})"
    article = "an" if kind[0] in "aeiou" else "a"
    raise BlockedAddressError(
        f"{shown} is {article} {kind} address; encounters fetches only public web addresses", source=host,
        hint=None if kind == "cloud metadata" else "pass --allow-private to fetch from a local or internal server")


def resolve_host(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order (an IP literal: itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(f"cannot resolve host {host!r} ({getattr(err, 'strerror', None) or err})",
                         source=host) from None
    return list(dict.fromkeys(info[4][0] for info in infos))


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend with the address check in the one place it cannot be dodged:
    the host is resolved here, every address checked, and the socket connected to a checked one."""

    def __init__(self, allow_private: bool | Collection[str] = False) -> None:
        self.allow_private = allow_private
        self.inner = httpcore.SyncBackend()
        self.deadline: float | None = None  # time.monotonic() by which the exchange must be over

    def time_left(self, timeout: float | None) -> float | None:
        """The socket timeout for one operation: ``timeout``, shortened to the deadline (which, once
        passed, is a timeout at once)."""
        if self.deadline is None:
            return timeout
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the deadline for the whole response passed")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable | None = None) -> httpcore.NetworkStream:
        addresses = resolve_host(host, port)  # looked up at call time: tests stand in a resolver of their own
        for address in addresses:
            check_address(address, host=host, allow_private=self.allow_private)
        failure: Exception | None = None
        for address in addresses:
            try:
                return DeadlineStream(self.inner.connect_tcp(address, port, timeout=self.time_left(timeout),
                                                             local_address=local_address,
                                                             socket_options=socket_options), self)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as err:
                failure = err
        raise failure or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover - never configured
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write ends by the backend's deadline: a server that sends a byte
    at a time, each within the read timeout, is still cut off."""

    def __init__(self, inner: httpcore.NetworkStream, backend: GuardedBackend) -> None:
        self.inner, self.backend = inner, backend

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self.backend.time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self.backend.time_left(timeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        return DeadlineStream(self.inner.start_tls(ssl_context, server_hostname, self.backend.time_left(timeout)),
                              self.backend)

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a ``GuardedBackend`` (and no proxy: its address would hide the target's)."""

    def __init__(self, allow_private: bool | Collection[str] = False, verify: str | bool = True) -> None:
        if isinstance(verify, str):
            import ssl

            verify = ssl.create_default_context(cafile=verify)
        super().__init__(trust_env=False, retries=0, verify=verify)
        ssl_context = self._pool._ssl_context  # httpx's own (certifi's roots, or the CA file given), kept
        self.backend = GuardedBackend(allow_private)
        self._pool = httpcore.ConnectionPool(ssl_context=ssl_context, max_connections=10, max_keepalive_connections=5,
                                             keepalive_expiry=5.0, retries=0, network_backend=self.backend)


# ---------------------------------------------------------------- fetching

@dataclass
class Fetched:
    """A fetched web address: ``url`` as asked for, ``final_url`` after redirects."""

    url: str
    final_url: str
    status: int
    kind: str = ""  # html | feed | text ("" for a 304)
    media_type: str = ""
    charset: str | None = None
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    address: str | None = None  # the IP address connected to for the final hop
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def normalise_address(url: str) -> str:
    """A URL as fetched and stored: ``www.…`` gets ``https://``, the fragment goes; other schemes are refused."""
    url = url.strip()
    if re.match(r"www\.", url, re.I):
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError as err:
        raise FetchError(f"not a valid web address ({err})", source=url) from None
    if parts.scheme.lower() not in SCHEMES:
        raise UnsupportedInputError(
            f"{url}: only http:// and https:// addresses are fetched, not {parts.scheme or 'this'}://", source=None,
            hint="for a file on this machine, give its path (e.g. `encounters ingest ./page.html`)")
    if not parts.hostname:
        raise FetchError("a web address needs a host name", source=url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    return urlunsplit((parts.scheme.lower(), userinfo + at + hostport.lower(), parts.path or "/", parts.query, ""))


def kind_of(media_type: str, head: bytes) -> str | None:
    """``html``, ``feed`` or ``text`` from the declared media type (sniffed when none is declared)."""
    if media_type in HTML_TYPES:
        return "html"
    if media_type in FEED_TYPES or media_type.endswith("+xml") and ("rss" in media_type or "atom" in media_type):
        return "feed"
    if media_type in TEXT_TYPES:
        return "text"
    if media_type in ("", "application/octet-stream"):
        start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
        if start.startswith((b"<!doctype html", b"<html")):
            return "html"
        if start.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
            return "feed"
    return None


class Fetcher:
    """Fetches web addresses with one connection pool: ``fetch(url)`` → ``Fetched``. Use as a context
    manager (or call ``close``)."""

    def __init__(self, *, allow_private: bool | Collection[str] = False, connect_timeout: float = CONNECT_TIMEOUT,
                 read_timeout: float = READ_TIMEOUT, total_timeout: float = TOTAL_TIMEOUT,
                 max_bytes: int = MAX_FETCH_BYTES, max_redirects: int = MAX_REDIRECTS,
                 user_agent: str | None = None, verify: str | bool = True) -> None:
        """``verify``: check TLS certificates against certifi's roots (True), a CA bundle file, or not at all."""
        self.max_bytes, self.max_redirects, self.total_timeout = max_bytes, max_redirects, total_timeout
        self.transport = GuardedTransport(allow_private, verify=verify)
        self.client = httpx.Client(
            transport=self.transport, follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout),
            headers={"User-Agent": user_agent or default_user_agent(),
                     "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                               "application/xml;q=0.9,text/plain;q=0.8"})

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """The response at ``url`` after at most ``max_redirects`` redirects (each hop's address
        checked again); with ``etag``/``last_modified``, a conditional request (a 304 has no body)."""
        asked = normalise_address(url)
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        self.transport.backend.deadline = time.monotonic() + self.total_timeout  # for the whole chain
        try:
            return self.follow(asked, headers)
        finally:
            self.transport.backend.deadline = None

    def follow(self, asked: str, headers: dict) -> Fetched:
        current, redirects = asked, []
        while True:
            try:
                response = self.client.send(self.client.build_request("GET", current, headers=headers), stream=True)
            except InputError as err:  # a blocked or unresolvable address, at this hop
                err.source = asked if current == asked else f"{asked} (redirected to {current})"
                raise
            except httpx.TimeoutException as err:
                raise self.timed_out(err, current) from None
            except httpx.HTTPError as err:
                raise FetchError(f"cannot fetch ({type(err).__name__}: {err})"[:300], source=current) from None
            try:
                location = response.headers.get("location")
                if response.status_code in (301, 302, 303, 307, 308) and location:
                    if len(redirects) >= self.max_redirects:
                        raise FetchError(f"more than {self.max_redirects} redirects", source=asked,
                                         hint=f"the last one went to {current}")
                    current = normalise_address(urljoin(current, location))
                    redirects.append(current)
                    continue
                return self.finish(response, asked, current, redirects)
            finally:
                response.close()

    def finish(self, response: httpx.Response, asked: str, current: str, redirects: list[str]) -> Fetched:
        stream = response.extensions.get("network_stream")
        server = stream.get_extra_info("server_addr") if stream is not None else None
        fetched = Fetched(url=asked, final_url=current, status=response.status_code, redirects=redirects,
                          etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"),
                          address=server[0] if server else None)
        if response.status_code == 304:
            return fetched
        if not 200 <= response.status_code < 300:
            raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}".strip(), source=current)
        ctype = response.headers.get("content-type", "")
        fetched.media_type = ctype.split(";")[0].strip().lower()
        charset = re.search(r"charset=\"?([\w.:-]+)", ctype, re.I)
        fetched.charset = charset.group(1) if charset else None
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise TooLargeError(f"the response is {int(declared) / 1e6:.1f} MB, over the "
                                f"{self.max_bytes / 1e6:.1f} MB limit", source=current)
        fetched.body = self.read_body(response, current)
        fetched.kind = kind_of(fetched.media_type, fetched.body[:1024]) or ""
        if not fetched.kind:
            raise UnsupportedContentError(
                f"the response is {fetched.media_type or 'of no declared type'}, not a web page, a feed or text",
                source=current, hint="encounters fetches HTML pages, RSS/Atom feeds and plain text")
        return fetched

    def timed_out(self, err: Exception, source: str) -> FetchError:
        deadline = self.transport.backend.deadline
        if "deadline" in str(err) or (deadline is not None and time.monotonic() >= deadline - 0.05):
            return FetchError(f"the response took over {self.total_timeout:g} s; stopped reading", source=source,
                              hint="the server is sending very slowly; try again later")
        stage = type(err).__name__.replace("Timeout", "").lower() or "request"
        return FetchError(f"timed out ({stage})", source=source, hint="the server is slow or unreachable; try later")

    def read_body(self, response: httpx.Response, source: str) -> bytes:
        """The (decoded) body, stopped at ``max_bytes`` (and, by the backend, at ``total_timeout``)."""
        parts, size = [], 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise TooLargeError(f"the response is over the {self.max_bytes / 1e6:.1f} MB limit; "
                                        "stopped reading", source=source)
                parts.append(chunk)
        except httpx.TimeoutException as err:
            raise self.timed_out(err, source) from None
        except httpx.HTTPError as err:
            raise FetchError(f"the response broke off ({type(err).__name__}: {err})"[:300], source=source) from None
        return b"".join(parts)


def default_user_agent() -> str:
    try:
        from importlib.metadata import version

        return f"encounters/{version('encounters')} (news-report ingest)"
    except Exception:  # not installed as a package
        return "encounters (news-report ingest)"
