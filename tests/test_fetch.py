"""Fetching pages and feeds from a real local HTTP server: redirects, caps, content types, timeouts,
and the private-address refusal (checked on the address actually connected to)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from encounters.core.errors import InputError, TooLargeError, UnsupportedInputError
from encounters.core.model import Document
from encounters.fetch_jobs import ingest_sources
from encounters.ingest import fetch
from encounters.ingest.fetch import (BlockedAddressError, FetchError, Fetcher, UnsupportedContentError, check_address,
                                     classify_address, normalise_address)
from encounters.ingest.web import read_url
from encounters.store import open_store

from conftest import SAMPLES
from local_web import ARTICLES, LocalSite, Route, article_html, feed_xml

EXE = Path(sys.executable).with_name("encounters")
HARBOR = "/news/harbor-shooting.html"


@pytest.fixture
def fetcher():
    with Fetcher(allow_private=True) as f:
        yield f


# ---------------------------------------------------------------- the address classifier

ADDRESSES = [  # (address, why it is refused, or None: public)
    ("8.8.8.8", None), ("93.184.216.34", None), ("1.1.1.1", None), ("2606:4700:4700::1111", None),
    ("2001:4860:4860::8888", None), ("100.63.255.255", None), ("100.128.0.0", None), ("172.32.0.1", None),
    ("127.0.0.1", "loopback"), ("127.255.255.254", "loopback"), ("::1", "loopback"),
    ("10.0.0.1", "private"), ("10.255.255.255", "private"), ("172.16.0.1", "private"), ("172.31.255.255", "private"),
    ("192.168.1.1", "private"), ("fc00::1", "private"), ("fd12:3456::1", "private"),
    ("169.254.1.1", "link-local"), ("fe80::1", "link-local"), ("fe80::1%1", "link-local"),
    ("169.254.169.254", "cloud metadata"), ("fd00:ec2::254", "cloud metadata"), ("169.254.170.2", "cloud metadata"),
    ("100.100.100.200", "cloud metadata"),
    ("224.0.0.1", "multicast"), ("239.255.255.250", "multicast"), ("ff02::1", "multicast"),
    ("0.0.0.0", "unspecified"), ("::", "unspecified"),
    ("100.64.0.1", "shared (CGNAT)"), ("100.127.255.254", "shared (CGNAT)"),
    ("240.0.0.1", "private"), ("255.255.255.255", "private"), ("0.1.2.3", "private"),  # Python files these as private
    ("192.0.2.1", "private"), ("198.18.0.1", "private"), ("203.0.113.9", "private"),  # documentation, benchmarking
    ("::ffff:127.0.0.1", "loopback (IPv4 127.0.0.1 inside IPv6)"),
    ("::ffff:10.1.2.3", "private (IPv4 10.1.2.3 inside IPv6)"),
    ("::ffff:169.254.169.254", "cloud metadata (IPv4 169.254.169.254 inside IPv6)"),
    ("::ffff:8.8.8.8", None),
    ("2002:7f00:1::", "loopback (IPv4 127.0.0.1 inside IPv6)"),  # 6to4
    ("2002:0808:0808::", None),
    ("64:ff9b::a00:1", "private (IPv4 10.0.0.1 inside IPv6)"),  # NAT64
    ("64:ff9b::808:808", None),
]


@pytest.mark.parametrize("address,kind", ADDRESSES, ids=[a for a, _ in ADDRESSES])
def test_the_address_classifier(address, kind):
    assert classify_address(address) == kind


def test_private_addresses_are_allowed_only_when_asked_and_metadata_never():
    with pytest.raises(BlockedAddressError, match="loopback"):
        check_address("127.0.0.1", host="localhost")
    check_address("127.0.0.1", host="localhost", allow_private=True)
    check_address("10.0.0.5", host="intranet", allow_private={"intranet"})
    with pytest.raises(BlockedAddressError):
        check_address("10.0.0.5", host="other", allow_private={"intranet"})
    for allow in (False, True):
        with pytest.raises(BlockedAddressError, match="cloud metadata"):
            check_address("169.254.169.254", host="169.254.169.254", allow_private=allow)
    check_address("8.8.8.8", host="dns.google")


@pytest.mark.parametrize("url,expected", [
    ("https://Example.com/a#frag", "https://example.com/a"), ("www.example.com/story", "https://www.example.com/story"),
    ("http://example.com", "http://example.com/"), ("HTTP://example.com/x?q=1", "http://example.com/x?q=1")])
def test_addresses_are_normalised(url, expected):
    assert normalise_address(url) == expected


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a.html", "gopher://example.com/",
                                 "javascript:alert(1)"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(UnsupportedInputError, match="only http:// and https://"):
        normalise_address(url)


# ---------------------------------------------------------------- the refusal, on a real connection

def test_loopback_and_localhost_are_refused_without_allow_private(site):
    with Fetcher() as f:
        for url in (f"{site.base}{HARBOR}", f"http://localhost:{site.port}{HARBOR}",
                    f"http://[::ffff:127.0.0.1]:{site.port}{HARBOR}"):
            with pytest.raises(BlockedAddressError, match="loopback") as err:
                f.fetch(url)
            assert "--allow-private" in err.value.hint
    assert site.requests == []  # refused before any request reached the server


def test_a_name_that_resolves_to_loopback_is_refused(site, monkeypatch):
    monkeypatch.setattr(fetch, "resolve_host", lambda host, port: ["127.0.0.1"] if host == "news.example.test"
                        else pytest.fail(f"resolved {host}"))
    with Fetcher() as f, pytest.raises(BlockedAddressError, match=r"news\.example\.test \(127\.0\.0\.1\) is a loopback"):
        f.fetch(f"http://news.example.test:{site.port}{HARBOR}")
    assert site.requests == []


def test_the_connection_goes_to_the_address_checked(site, monkeypatch):
    """A name the system cannot resolve, resolved by our resolver alone: the request reaches the
    checked address, with the name as Host. (No second lookup anywhere, so no rebinding.)"""
    calls = []

    def resolver(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    monkeypatch.setattr(fetch, "resolve_host", resolver)
    with Fetcher(allow_private=True) as f:
        got = f.fetch(f"http://news.example.test:{site.port}{HARBOR}")
    assert got.status == 200 and got.address == "127.0.0.1" and calls == ["news.example.test"]
    assert site.requests[0][1]["Host"] == f"news.example.test:{site.port}"


def test_a_name_with_one_private_address_among_public_ones_is_refused(site, monkeypatch):
    monkeypatch.setattr(fetch, "resolve_host", lambda host, port: ["93.184.216.34", "127.0.0.1"])
    with Fetcher() as f, pytest.raises(BlockedAddressError, match="127.0.0.1"):
        f.fetch(f"http://rebind.example.test:{site.port}{HARBOR}")


def test_a_redirect_to_a_private_address_is_refused_at_its_hop(site):
    """The first host is allowed its private address; the redirect's target, another name for the
    same server, is not: the hop is checked when it connects."""
    site.routes["/go"] = Route(status=302, headers={"Location": f"http://localhost:{site.port}{HARBOR}"})
    with Fetcher(allow_private={"127.0.0.1"}) as f:
        with pytest.raises(BlockedAddressError, match="localhost") as err:
            f.fetch(f"{site.base}/go")
        assert "redirected to" in err.value.source
        assert f.fetch(f"{site.base}{HARBOR}").status == 200  # the allowed host itself is fetched
    assert site.paths_requested() == ["/go", HARBOR]


def test_a_redirect_to_another_scheme_is_refused(site, fetcher):
    site.routes["/to-file"] = Route(status=301, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(UnsupportedInputError, match="only http:// and https://"):
        fetcher.fetch(f"{site.base}/to-file")


# ---------------------------------------------------------------- redirects, caps, types, timeouts

def test_a_redirect_chain_is_followed_and_both_addresses_kept(site, fetcher):
    site.routes["/a"] = Route(status=301, headers={"Location": "/b"})
    site.routes["/b"] = Route(status=307, headers={"Location": f"{site.base}/c"})
    site.routes["/c"] = Route(status=302, headers={"Location": HARBOR})
    got = fetcher.fetch(f"{site.base}/a")
    assert (got.url, got.final_url, got.status, got.kind) == (f"{site.base}/a", f"{site.base}{HARBOR}", 200, "html")
    assert got.redirects == [f"{site.base}/b", f"{site.base}/c", f"{site.base}{HARBOR}"]
    (doc,) = read_url(f"{site.base}/a", fetcher)
    assert isinstance(doc, Document)
    assert (doc.id, doc.url, doc.fetched_url) == (f"{site.base}/a", f"{site.base}{HARBOR}", f"{site.base}/a")
    assert doc.title == ARTICLES[HARBOR][0] and "Tomas Verlane" in doc.text and "Copyright" not in doc.text


def test_too_many_redirects(site):
    for n in range(8):
        site.routes[f"/loop{n}"] = Route(status=302, headers={"Location": f"/loop{n + 1}"})
    with Fetcher(allow_private=True, max_redirects=5) as f, pytest.raises(FetchError, match="more than 5 redirects"):
        f.fetch(f"{site.base}/loop0")
    assert len(site.requests) == 6  # the first request and five redirects, no more


def test_an_oversize_body_is_refused(site):
    big = article_html("Big", "word " * 60_000)  # about 300 KB
    site.routes["/big.html"] = Route(big)
    site.routes["/undeclared.html"] = Route(big, no_length=True)  # no Content-Length: counted as it comes
    with Fetcher(allow_private=True, max_bytes=100_000) as f:
        with pytest.raises(TooLargeError, match=r"the response is 0.3 MB, over the 0.1 MB limit"):
            f.fetch(f"{site.base}/big.html")
        with pytest.raises(TooLargeError, match=r"over the 0.1 MB limit; stopped reading"):
            f.fetch(f"{site.base}/undeclared.html")
        assert f.fetch(f"{site.base}{HARBOR}").status == 200  # the fetcher goes on
    with Fetcher(allow_private=True) as f:
        assert len(f.fetch(f"{site.base}/undeclared.html").body) == len(big)  # within the default cap


@pytest.mark.parametrize("ctype,kind", [("text/html; charset=utf-8", "html"), ("application/xhtml+xml", "html"),
                                        ("application/rss+xml", "feed"), ("application/atom+xml", "feed"),
                                        ("text/xml", "feed"), ("application/xml", "feed"), ("text/plain", "text")])
def test_accepted_content_types(site, fetcher, ctype, kind):
    site.routes["/x"] = Route(b"<html><body>hi</body></html>" if kind != "feed" else feed_xml(site.base, [HARBOR]),
                              type=ctype)
    assert fetcher.fetch(f"{site.base}/x").kind == kind


@pytest.mark.parametrize("ctype", ["image/png", "application/pdf", "application/json", "video/mp4",
                                   "application/octet-stream"])
def test_a_wrong_content_type_is_refused(site, fetcher, ctype):
    site.routes["/file"] = Route(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, type=ctype)
    with pytest.raises(UnsupportedContentError, match="not a web page, a feed or text") as err:
        fetcher.fetch(f"{site.base}/file")
    assert isinstance(err.value, InputError) and err.value.hint


def test_an_undeclared_type_is_sniffed(site, fetcher):
    site.routes["/page"] = Route(article_html(*ARTICLES[HARBOR]), type="")
    assert fetcher.fetch(f"{site.base}/page").kind == "html"


def test_a_slow_server_times_out(site):
    site.routes["/slow"] = Route(article_html("Slow", "text"), delay=3)
    with Fetcher(allow_private=True, read_timeout=0.5) as f, pytest.raises(FetchError, match="timed out"):
        f.fetch(f"{site.base}/slow")


def test_a_server_that_drips_is_cut_off_by_the_deadline(site):
    site.routes["/drip"] = Route(article_html("Drip", "slowly"), drip=0.05)  # each byte well within the read timeout
    with Fetcher(allow_private=True, read_timeout=5, total_timeout=1) as f:
        with pytest.raises(FetchError, match="took over 1 s"):
            f.fetch(f"{site.base}/drip")
        assert f.fetch(f"{site.base}{HARBOR}").status == 200  # the next fetch has its own deadline


def test_http_errors_and_unreachable_servers_are_fetch_errors(site, fetcher):
    site.routes["/gone"] = Route(b"gone", status=410)
    with pytest.raises(FetchError, match="HTTP 410"):
        fetcher.fetch(f"{site.base}/gone")
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.fetch(f"{site.base}/missing")
    closed = LocalSite()
    port = closed.port
    closed.server.server_close()  # nothing listens there now
    with pytest.raises(FetchError, match="cannot fetch"):
        fetcher.fetch(f"http://127.0.0.1:{port}/")
    with pytest.raises(FetchError, match="cannot resolve"):
        fetcher.fetch("http://no-such-host.invalid/")


def test_a_page_in_latin1_is_decoded_by_its_declared_charset(site, fetcher):
    site.routes["/cafe"] = Route(article_html("Café", "A café in São Paulo. " * 20).decode().replace(
        "<meta charset='utf-8'>", "").encode("latin-1"), type="text/html; charset=iso-8859-1")
    (doc,) = read_url(f"{site.base}/cafe", fetcher)
    assert "São Paulo" in doc.text


# ---------------------------------------------------------------- feeds

def test_a_feed_gives_its_entries_pages_and_falls_back_to_an_entrys_own_text(site, fetcher):
    paths = [HARBOR, "/news/millbrook-taser.html", "/news/gone.html"]
    site.routes["/feed.xml"] = Route(feed_xml(site.base, paths), type="application/rss+xml")
    docs = list(read_url(f"{site.base}/feed.xml", fetcher))
    assert [d.id for d in docs] == [site.base + p for p in paths]
    assert all(isinstance(d, Document) for d in docs)
    harbor, taser, gone = docs
    assert harbor.title == ARTICLES[HARBOR][0] and "Copyright" not in harbor.text and not harbor.notes
    assert harbor.fetched_url == harbor.url == site.base + HARBOR
    assert "Dana Rhee" in taser.text
    assert gone.notes and "could not be read (HTTP 404" in gone.notes[0] and "feed's own text" in gone.notes[0]
    assert "page is gone" in gone.text


def test_an_entry_with_neither_page_nor_text_is_an_error(site, fetcher):
    site.routes["/bare.xml"] = Route(feed_xml(site.base, ["/news/none.html"], summaries=False), type="text/xml")
    (err,) = read_url(f"{site.base}/bare.xml", fetcher)
    assert isinstance(err, InputError) and "could not be read (HTTP 404" in str(err)


def test_a_feed_that_is_not_a_feed(site, fetcher):
    site.routes["/bad.xml"] = Route(b"<?xml version='1.0'?><not-closed", type="application/xml")
    (err,) = read_url(f"{site.base}/bad.xml", fetcher)
    assert isinstance(err, InputError) and "not a readable feed" in str(err)


# ---------------------------------------------------------------- through the library's job and the CLI

def test_ingest_sources_mixes_files_pages_feeds_and_failures(site, tmp_path):
    site.routes["/feed.xml"] = Route(feed_xml(site.base, ["/news/millbrook-taser.html", "/news/river-city-pursuit.html"]),
                                     type="application/rss+xml")
    site.routes["/pic.png"] = Route(b"\x89PNG" + b"\x00" * 64, type="image/png")
    store = open_store(f"sqlite:///{tmp_path / 'w.db'}")
    args = [str(SAMPLES / "portland-pepper-balls.txt"), f"{site.base}{HARBOR}", f"{site.base}/feed.xml",
            f"{site.base}/pic.png", f"{site.base}/missing"]
    with Fetcher(allow_private=True) as f:
        report = ingest_sources(store, args, fetcher=f)
        assert report.new == 4 and len(report.errors) == 2, report.errors
        assert any("pic.png" in e and "image/png" in e for e in report.errors)
        assert any("missing" in e and "HTTP 404" in e for e in report.errors)
        doc = store.document(f"{site.base}{HARBOR}")
        assert (doc.url, doc.fetched_url) == (f"{site.base}{HARBOR}", f"{site.base}{HARBOR}")
        assert report.mentions >= 3  # the pages' incidents were extracted
        again = ingest_sources(store, args, fetcher=f)
        assert again.new == 0 and again.unchanged == 4  # nothing changed, nothing re-read


def test_the_cli_ingests_a_page_and_a_feed_and_refuses_private_ones_without_the_flag(site, tmp_path):
    site.routes["/feed.xml"] = Route(feed_xml(site.base, ["/news/millbrook-taser.html"]), type="application/rss+xml")
    db = tmp_path / "cli.db"
    run = lambda *a: subprocess.run([str(EXE), *a, "--db", str(db), "--quiet"], capture_output=True, text=True,
                                    timeout=300)
    p = run("ingest", f"{site.base}{HARBOR}", f"{site.base}/feed.xml")
    assert p.returncode == 1 and p.stderr.count("loopback address") == 2 and "Traceback" not in p.stderr
    assert site.requests == []
    p = run("ingest", f"{site.base}{HARBOR}", f"{site.base}/feed.xml", "--allow-private")
    assert p.returncode == 0, p.stderr
    assert "2 new, 0 updated, 0 unchanged documents" in p.stdout
    p = run("ingest", "ftp://example.com/a.html", str(SAMPLES))
    assert p.returncode == 1 and "ftp:// address" in p.stderr and "Hint:" in p.stderr


# ---------------------------------------------------------------- HTTPS: connected by address, verified by name

@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for news.example.test (its own CA)."""
    import shutil

    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    d = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(d / "key.pem"),
                    "-out", str(d / "cert.pem"), "-days", "2", "-subj", "/CN=news.example.test",
                    "-addext", "subjectAltName=DNS:news.example.test"], check=True, capture_output=True)
    return str(d / "cert.pem"), str(d / "key.pem")


def test_https_connects_to_the_checked_address_and_verifies_the_name(certificate, monkeypatch):
    cert, key = certificate
    monkeypatch.setattr(fetch, "resolve_host", lambda host, port: ["127.0.0.1"])
    with LocalSite(certfile=cert, keyfile=key) as tls:
        tls.add_articles()
        with Fetcher(allow_private=True, verify=cert) as f:
            got = f.fetch(f"https://news.example.test:{tls.port}{HARBOR}")
            assert (got.status, got.kind, got.address) == (200, "html", "127.0.0.1")
            with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
                f.fetch(f"https://127.0.0.1:{tls.port}{HARBOR}")  # the certificate does not name the address
        with Fetcher(allow_private=True) as f, pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
            f.fetch(f"https://news.example.test:{tls.port}{HARBOR}")  # verified against the usual roots by default
        with Fetcher(verify=cert) as f, pytest.raises(BlockedAddressError):
            f.fetch(f"https://news.example.test:{tls.port}{HARBOR}")
