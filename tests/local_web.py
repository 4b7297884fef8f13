"""A real HTTP server on 127.0.0.1 for the fetch and watch tests, serving pages written for them.

``LocalSite`` runs ``http.server`` in a thread; ``routes`` maps a path to a ``Route`` (status, type,
body, extra headers, an optional delay) and may be changed while it runs. It honours ETag and
If-Modified-Since the way a news site does, and records each request's path and headers.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow server)
    drip: float = 0.0  # seconds between the body's bytes (a server that sends a byte at a time)
    etag: str | None = None
    last_modified: float | None = None  # a Unix time
    no_length: bool = False  # send no Content-Length: the body ends when the connection closes


ARTICLES = {
    "/news/harbor-shooting.html": (
        "Agent shoots man during arrest at Harbor Point",
        "HARBOR POINT, Ore. — An Immigration and Customs Enforcement officer shot a 41-year-old man during an "
        "arrest outside a grocery store in Harbor Point on Tuesday morning, the Department of Homeland Security "
        "said. The man, identified by his family as Tomas Verlane, was taken to Saint Anne Hospital with a wound "
        "to his leg and was in stable condition Wednesday. A DHS spokesperson said the officer fired once after "
        "the man drove toward agents. Witnesses disputed that account. \u201cHe was trying to leave, he never "
        "aimed the car at anyone,\u201d said Marta Olsen, who saw the shooting from across the parking lot."),
    "/news/millbrook-taser.html": (
        "Deputies use Taser on teenager at Millbrook fair",
        "MILLBROOK, Kan. — Two sheriff's deputies used a Taser on a 17-year-old boy at the Millbrook county fair "
        "on Saturday evening, the Cole County Sheriff's Office said. The boy was treated at the scene and "
        "released to his parents. The sheriff's office said the deputies acted after the teenager refused to "
        "leave a closed area. His mother, Dana Rhee, said her son was frightened and had done nothing wrong."),
    "/news/river-city-pursuit.html": (
        "Border Patrol agents fire at car near River City",
        "RIVER CITY, Texas — Border Patrol agents fired at a car that struck a patrol vehicle near River City "
        "early Friday, U.S. Customs and Border Protection said in a statement. The driver, a 29-year-old man, "
        "was wounded and taken to University Medical Center. No agents were hurt. The agency said the FBI is "
        "investigating the shooting."),
}


def article_html(title: str, text: str) -> bytes:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>"
            f"<p>{text}</p></article><footer>Copyright The Harbor Ledger</footer></body></html>").encode("utf-8")


def feed_xml(base: str, paths: list[str], *, summaries: bool = True) -> bytes:
    items = "".join(
        f"<item><title>{ARTICLES[p][0] if p in ARTICLES else p}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>Wed, 12 Nov 2025 10:00:00 GMT</pubDate>"
        + (f"<description>{(ARTICLES[p][1] if p in ARTICLES else 'An entry whose page is gone. ' * 8)}"
           "</description>" if summaries else "")
        + "</item>" for p in paths)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Ledger</title>"
            f"<link>{base}/</link><description>News</description>{items}</channel></rss>").encode("utf-8")


class LocalSite:
    def __init__(self, *, certfile: str | None = None, keyfile: str | None = None) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.delay:
                    time.sleep(route.delay)
                fresh = (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                    route.last_modified and self.headers.get("If-Modified-Since") == formatdate(
                        route.last_modified, usegmt=True))
                self.send_response(304 if fresh else route.status)
                if route.etag:
                    self.send_header("ETag", route.etag)
                if route.last_modified:
                    self.send_header("Last-Modified", formatdate(route.last_modified, usegmt=True))
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if fresh:
                    self.end_headers()
                    return
                if route.type:
                    self.send_header("Content-Type", route.type)
                if not route.no_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                try:
                    if route.drip:
                        for i in range(len(route.body)):
                            self.wfile.write(route.body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(route.drip)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):  # the client stopped reading (a size cap)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        if certfile:  # HTTPS, with the certificate given
            import ssl

            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(certfile, keyfile)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            self.base = f"https://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "LocalSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def add_articles(self) -> None:
        for path, (title, text) in ARTICLES.items():
            self.routes[path] = Route(article_html(title, text))

    def paths_requested(self) -> list[str]:
        return [p for p, _ in self.requests]
