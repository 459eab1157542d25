#!/usr/bin/env python3
"""httpd.py - the fixture HTTP server of the collect tests (standard library only).

usage: httpd.py DIR PORTFILE REQUESTLOG

Binds 127.0.0.1 on a free port, writes the port to PORTFILE, and serves the
files of DIR with ETag and Last-Modified, answering 304 to If-None-Match /
If-Modified-Since. Every request is logged to REQUESTLOG as one line:

    GET /path inflight=N user-agent="..." accept-encoding="..." if-none-match="..."

(only the headers that were sent), so tests can check the exact requests.

Special paths, for the failure modes (PATH is a file of DIR):
    /_/redirect/N/PATH        N redirects (302) before PATH
    /_/location?URL           302 to URL (e.g. file:///etc/passwd)
    /_/delay/MS/PATH          PATH after MS milliseconds
    /_/status/CODE            that status, a small HTML body
    /_/busy/CODE/N/SECS/PATH  the first N requests get CODE with Retry-After: SECS
    /_/gzip/PATH              PATH gzip-encoded (Content-Encoding: gzip)
    /_/gzip-two/PATH          the same in two gzip members (valid: RFC 1952)
    /_/gzip-garbage/PATH      gzip followed by bytes that are no gzip member
    /_/gzip-truncated/PATH    gzip cut 20 bytes before its end (Content-Length agrees)
    /_/deflate/PATH, /_/deflate-raw/PATH   Content-Encoding: deflate, zlib-wrapped or raw
    /_/chunked/PATH           PATH in chunks (Transfer-Encoding: chunked)
    /_/huge/BYTES             a feed-like body of BYTES bytes, no Content-Length
    /_/huge-cl/BYTES          the same with Content-Length
    /_/stall/PATH             the first 100 bytes of PATH, then nothing
    /_/html                   an HTML page, not a feed
    /_/image/BYTES/NAME       a PNG-headed body of BYTES bytes unique to NAME
A query string is ignored (it makes one file several sources).
Environment: HTTPD_ADDR binds another loopback address (127.0.0.2 stands
for a public host in the tests); HTTPD_REDIRECT=BASE answers every request
with a redirect to BASE + the same path (302, or 307 for a POST, which
keeps the method and body) - a server sending its clients to another. inflight=N
counts the requests in flight on the same route (e.g. delay/400).
Files go out with a Content-Type from their extension (.png image/png,
.jpg, .gif, .webp, .mp4, .html, .svg; .json application/json; else XML),
whatever they hold.

Platform APIs, answered from JSON files of DIR (import tests):
    /api/v1/timelines/tag/NAME   Mastodon: DIR/mastodon/NAME.json holds every
        status (any order); limit (max 40), max_id, since_id, min_id and
        local/remote page through them newest first, with Link rel="next"
        (max_id) and rel="prev" (min_id). Without the file: 404 (the
        instance has no API). DIR/mastodon/NAME.token: the Bearer token it
        requires (401 otherwise). DIR/mastodon/NAME.ratelimit: the first
        answer says X-RateLimit-Remaining: 0 until a Reset two seconds
        later; a request before then gets 429.
    POST /xrpc/com.atproto.server.createSession   Bluesky login against
        DIR/bsky/account.json ({"identifier", "password"}).
    /xrpc/app.bsky.feed.searchPosts   DIR/bsky/search-TAG.json (postViews);
        needs the session's token; q, tag, since, until, limit, cursor.
"""
import email.utils
import gzip
import hashlib
import http.server
import json
import os
import sys
import threading
import time
import urllib.parse
import zlib

ROOT, PORTFILE, LOG = sys.argv[1], sys.argv[2], sys.argv[3]
lock = threading.Lock()
inflight = {}
counters = {}
LOGGED = ("user-agent", "accept-encoding", "if-none-match", "if-modified-since", "authorization")
ratelimits = {}
# Content-Type by extension: the header a server sends, right or wrong
# (an HTML page named .png goes out as image/png).
TYPES = {".json": "application/json", ".png": "image/png", ".jpg": "image/jpeg",
         ".gif": "image/gif", ".webp": "image/webp", ".mp4": "video/mp4",
         ".html": "text/html; charset=utf-8", ".svg": "image/svg+xml"}
BSKY_JWT = "jwt-storied-test"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def log_request_line(self, n):
        parts = [self.command, self.path, "inflight=%d" % n]
        for h in LOGGED:
            v = self.headers.get(h)
            if v is not None:
                parts.append('%s="%s"' % (h, v))
        with lock:
            with open(LOG, "a") as f:
                f.write(" ".join(parts) + "\n")

    def send_body(self, code, body, ctype="application/xml", extra=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, to):
        self.send_body(302, b"moved\n", "text/plain", [("Location", to)])

    def serve_file(self, rel, encode=None):
        path = os.path.join(ROOT, rel.lstrip("/"))
        if not os.path.isfile(path):
            return self.send_body(404, b"<html><body>not found</body></html>", "text/html")
        with open(path, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        mtime = int(os.path.getmtime(path))
        lm = email.utils.formatdate(mtime, usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        fresh = False
        if inm is not None:
            fresh = etag in [t.strip() for t in inm.split(",")]
        elif ims is not None:
            try:
                fresh = email.utils.parsedate_to_datetime(ims).timestamp() >= mtime
            except (TypeError, ValueError):
                fresh = False
        if fresh:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", lm)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        extra = [("ETag", etag), ("Last-Modified", lm)]
        if encode == "chunked":
            return self.send_chunked(body, extra)
        if encode and encode.startswith("gzip"):
            z = gzip.compress(body, mtime=0)
            if encode == "gzip-two":
                half = len(body) // 2
                z = gzip.compress(body[:half], mtime=0) + gzip.compress(body[half:], mtime=0)
            elif encode == "gzip-garbage":
                z += b"this is not gzip\n"
            elif encode == "gzip-truncated":
                z = z[:-20]
            body = z
            extra.append(("Content-Encoding", "gzip"))
        elif encode in ("deflate", "deflate-raw"):
            c = zlib.compressobj(6, zlib.DEFLATED, 15 if encode == "deflate" else -15)
            body = c.compress(body) + c.flush()
            extra.append(("Content-Encoding", "deflate"))
        ext = os.path.splitext(path)[1].lower()
        ctype = TYPES.get(ext, "application/xml; charset=utf-8")
        self.send_body(200, body, ctype, extra)

    def send_chunked(self, body, extra):
        self.send_response(200)
        self.send_header("Content-Type", "application/xml; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        for i in range(0, len(body), 1000):
            c = body[i:i + 1000]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(c), c))
        self.wfile.write(b"0\r\n\r\n")

    def stream(self, total, length):
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        if length:
            self.send_header("Content-Length", str(total))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>huge</title>'
        chunk = b"<!-- " + b"x" * 65000 + b" -->\n"
        sent = 0
        try:
            self.wfile.write(head)
            sent = len(head)
            while sent < total:
                c = chunk[: total - sent]
                self.wfile.write(c)
                sent += len(c)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self):
        # In flight is counted per route ("delay/400", "file", ...), so a
        # stalled or slow request of one test does not count in another's.
        w = self.path.split("?")[0].split("/")
        key = "/".join(w[2:4]) if self.path.startswith("/_/") else "file"
        with lock:
            inflight[key] = inflight.get(key, 0) + 1
            n = inflight[key]
        try:
            self.log_request_line(n)
            self.route()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with lock:
                inflight[key] -= 1

    do_HEAD = do_GET

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.post_body = self.rfile.read(n) if n else b""
        self.do_GET()

    def send_json(self, code, obj, extra=()):
        self.send_body(code, json.dumps(obj).encode(), "application/json", extra)

    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_address[1]

    def mastodon(self, tag, q):
        d = os.path.join(ROOT, "mastodon")
        path = os.path.join(d, tag + ".json")
        if not os.path.isfile(path):
            return self.send_json(404, {"error": "Record not found"})
        tokfile = os.path.join(d, tag + ".token")
        if os.path.isfile(tokfile):
            with open(tokfile) as f:
                want = "Bearer " + f.read().strip()
            if self.headers.get("Authorization") != want:
                return self.send_json(401, {"error": "This method requires an authenticated user"})
        extra = []
        rlfile = os.path.join(d, tag + ".ratelimit")
        if os.path.isfile(rlfile):
            with open(rlfile) as f:  # the seconds until the reset (default 2)
                secs = float(f.read().strip() or "2")
            with lock:
                reset = ratelimits.get(tag)
                if reset is None:
                    reset = ratelimits[tag] = time.time() + secs
                    remaining = 0
                elif time.time() < reset:
                    return self.send_json(429, {"error": "Too many requests"},
                                          [("Retry-After", "1")])
                else:
                    remaining = 299
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(reset)) + ".000Z"
            extra += [("X-RateLimit-Limit", "300"), ("X-RateLimit-Remaining", str(remaining)),
                      ("X-RateLimit-Reset", stamp)]
        with open(path) as f:
            statuses = json.load(f)
        key = lambda st: int(st["id"])
        statuses.sort(key=key, reverse=True)
        if q.get("local") == "true":
            statuses = [st for st in statuses if "@" not in st["account"]["acct"]]
        if q.get("remote") == "true":
            statuses = [st for st in statuses if "@" in st["account"]["acct"]]
        limit = min(int(q.get("limit", "20")), 40)
        ids = {k: int(q[k]) for k in ("max_id", "since_id", "min_id") if k in q}
        sel = [st for st in statuses
               if ("max_id" not in ids or key(st) < ids["max_id"])
               and ("since_id" not in ids or key(st) > ids["since_id"])
               and ("min_id" not in ids or key(st) > ids["min_id"])]
        page = sel[-limit:] if "min_id" in ids else sel[:limit]
        if page:
            url = "%s/api/v1/timelines/tag/%s?limit=%d" % (self.base(), tag, limit)
            extra.append(("Link", '<%s&max_id=%s>; rel="next", <%s&min_id=%s>; rel="prev"'
                          % (url, page[-1]["id"], url, page[0]["id"])))
        return self.send_json(200, page, extra)

    def bsky_session(self):
        try:
            with open(os.path.join(ROOT, "bsky", "account.json")) as f:
                acct = json.load(f)
            got = json.loads(getattr(self, "post_body", b"") or b"{}")
        except (OSError, ValueError):
            return self.send_json(400, {"error": "InvalidRequest", "message": "bad body"})
        if (self.command != "POST" or got.get("identifier") != acct["identifier"]
                or got.get("password") != acct["password"]):
            return self.send_json(401, {"error": "AuthenticationRequired",
                                        "message": "Invalid identifier or password"})
        return self.send_json(200, {"did": "did:plc:storiedtest", "handle": acct["identifier"],
                                    "accessJwt": BSKY_JWT, "refreshJwt": "refresh"})

    def bsky_search(self, q):
        if self.headers.get("Authorization") != "Bearer " + BSKY_JWT:
            return self.send_json(403, {"error": "Forbidden", "message": "search needs a session"})
        tag = q.get("tag", q.get("q", "").lstrip("#"))
        path = os.path.join(ROOT, "bsky", "search-%s.json" % tag.lower())
        posts = []
        if os.path.isfile(path):
            with open(path) as f:
                posts = json.load(f)
        posts.sort(key=lambda p: p["record"]["createdAt"], reverse=True)
        if "since" in q:
            posts = [p for p in posts if p["record"]["createdAt"][:19] >= q["since"][:19]]
        if "until" in q:
            posts = [p for p in posts if p["record"]["createdAt"][:19] < q["until"][:19]]
        start = int(q.get("cursor", "0"))
        limit = min(int(q.get("limit", "25")), 100)
        page = posts[start:start + limit]
        out = {"hitsTotal": len(posts), "posts": page}
        if start + limit < len(posts):
            out["cursor"] = str(start + limit)
        return self.send_json(200, out)

    def route(self):
        p = self.path
        to = os.environ.get("HTTPD_REDIRECT")
        if to:
            code = 307 if self.command == "POST" else 302
            return self.send_body(code, b"moved\n", "text/plain", [("Location", to + p)])
        path, _, query = p.partition("?")
        q = dict(urllib.parse.parse_qsl(query))
        if path.startswith("/api/v1/timelines/tag/"):
            return self.mastodon(urllib.parse.unquote(path[len("/api/v1/timelines/tag/"):]), q)
        if path == "/xrpc/com.atproto.server.createSession":
            return self.bsky_session()
        if path == "/xrpc/app.bsky.feed.searchPosts":
            return self.bsky_search(q)
        if not p.startswith("/_/"):
            return self.serve_file(urllib.parse.unquote(p.split("?")[0]))
        w = p[3:].split("?")[0].split("/")
        kind = w[0]
        if kind == "redirect":
            n = int(w[1])
            rest = "/".join(w[2:])
            if n <= 0:
                return self.serve_file(rest)
            if n == 1:
                return self.redirect("/" + rest)
            return self.redirect("/_/redirect/%d/%s" % (n - 1, rest))
        if kind.startswith("location"):
            return self.redirect(urllib.parse.unquote(p.split("?", 1)[1]))
        if kind == "delay":
            time.sleep(int(w[1]) / 1000.0)
            return self.serve_file("/".join(w[2:]))
        if kind == "status":
            return self.send_body(int(w[1]), b"<html><body>error</body></html>", "text/html")
        if kind == "busy":
            code, n, secs, rest = int(w[1]), int(w[2]), w[3], "/".join(w[4:])
            with lock:
                k = counters.get(p, 0)
                counters[p] = k + 1
            if k < n:
                return self.send_body(code, b"busy\n", "text/plain", [("Retry-After", secs)])
            return self.serve_file(rest)
        if kind in ("gzip", "gzip-two", "gzip-garbage", "gzip-truncated", "deflate",
                    "deflate-raw", "chunked"):
            return self.serve_file("/".join(w[1:]), kind)
        if kind in ("huge", "huge-cl"):
            return self.stream(int(w[1]), kind == "huge-cl")
        if kind == "stall":
            with open(os.path.join(ROOT, "/".join(w[1:])), "rb") as f:
                body = f.read()
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[:100])
            self.wfile.flush()
            time.sleep(60)
            return
        if kind == "image":
            # /_/image/BYTES/NAME: a PNG-headed body of BYTES bytes, its
            # content unique to NAME (the archive bench's images).
            size, name = int(w[1]), "/".join(w[2:])
            seed = hashlib.sha256(name.encode()).digest()
            body = (b"\x89PNG\r\n\x1a\n" + seed * (size // 32 + 1))[:size]
            return self.send_body(200, body, "image/png")
        if kind == "html":
            return self.send_body(200, b"<!DOCTYPE html><html><head><title>Blog</title></head>"
                                  b"<body><p>Hello</p></body></html>", "text/html")
        return self.send_body(404, b"no such special path\n", "text/plain")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def main():
    srv = Server((os.environ.get("HTTPD_ADDR", "127.0.0.1"), 0), Handler)
    tmp = PORTFILE + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, PORTFILE)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
