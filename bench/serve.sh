#!/bin/sh
# serve.sh - the editor's API on a project of 100,000 posts, asked what
# the page asks: a search as typed ("talk 17": a word in every post and a
# number's prefix), a search of one word every post holds, the next page
# of 50 posts 50,000 deep (after the last one shown), the same page by
# offset (what scripts may use; no goal), and a move. Each 200 requests
# over one loopback connection, p50 and p95 in ms (goal: p95 under 50 ms),
# printed against references measured in the same run: the plain SQL for
# the same page straight through SQLite (python3's sqlite3, no HTTP, no
# JSON, no sanitizer), and a static file fetched from the same server
# (HTTP alone). Figures are printed, not asserted.
# usage: STORIED=/path/to/storied sh bench/serve.sh
set -eu
: "${STORIED:?}"
N=${POSTS:-100000}
work=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
spid=""
trap '[ -n "$spid" ] && kill $spid 2>/dev/null; rm -rf "$work"' EXIT
cd "$work"

echo "building a project of $N posts..."
"$STORIED" -q -p bench.sqlite init --title "Bench"
sqlite3 bench.sqlite "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
    INSERT INTO posts (id, permalink, author_handle, published, content_html, content_text, fetched_at)
    SELECT i, 'https://bench.example/@u' || (i % 97) || '/' || i, '@u' || (i % 97) || '@bench.example',
           1773478800 + i * 3,
           '<p>Post number ' || i || ' about <a href=\"https://bench.example/tags/bench\">#bench</a> and talk ' || (i % 500) || '</p>',
           'Post number ' || i || ' about #bench and talk ' || (i % 500), 1773500000 FROM n;
    INSERT INTO post_tags (post_id, tag) SELECT id, 'bench' FROM posts;
    INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');"
"$STORIED" -q -p bench.sqlite add 10 20 30 40 50 60 70 80 90 100 >/dev/null

"$STORIED" -p bench.sqlite serve --port 0 >serve.out 2>serve.err &
spid=$!
for _ in $(seq 100); do [ -s serve.out ] && break; sleep 0.05; done
url=$(head -n 1 serve.out)

python3 - "$url" bench.sqlite <<'PY'
import http.client, json, sqlite3, sys, time, urllib.parse
url, db = sys.argv[1], sys.argv[2]
u = urllib.parse.urlsplit(url)
token = urllib.parse.parse_qs(u.query)["token"][0]
origin = "http://" + u.netloc
conn = http.client.HTTPConnection(u.hostname, u.port)
cookie = "storied_%d=%s" % (u.port, token)
RUNS = 200

def request(method, path, body=None):
    headers = {"Cookie": cookie}
    if body is not None:
        headers.update({"Origin": origin, "Content-Type": "application/json"})
        body = json.dumps(body)
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    if r.status >= 300:
        raise SystemExit("%s %s: %d %s" % (method, path, r.status, data[:200]))
    return data

def timed(fn):
    t = []
    for i in range(RUNS):
        t0 = time.perf_counter()
        fn(i)
        t.append((time.perf_counter() - t0) * 1000)
    t.sort()
    return t[len(t) // 2], t[int(len(t) * 0.95) - 1]

story = json.loads(request("GET", "/api/story"))["items"]
a, b = story[2]["id"], story[7]["id"]
mover = story[4]["id"]

# What the editor asks (editor.js postQuery): the search box's text, the
# order and the hidden filter, 50 posts; the next page "after" the last
# one the page holds. 20 cursors from 50,000 posts deep, walked untimed.
EDITOR = "order=oldest&hidden=0&limit=50"
first = json.loads(request("GET", "/api/posts?%s&offset=50000" % EDITOR))
cursors = [first["next"]]
for _ in range(19):
    cursors.append(json.loads(request("GET", "/api/posts?%s&after=%s" % (EDITOR, cursors[-1])))["next"])

results = {
    "search": timed(lambda i: request("GET", "/api/posts?%s&q=talk+%d" % (EDITOR, i % 500))),
    "search word": timed(lambda i: request("GET", "/api/posts?%s&q=%s" % (EDITOR, ("talk", "post", "about", "bench")[i % 4]))),
    "page of 50": timed(lambda i: request("GET", "/api/posts?%s&after=%s" % (EDITOR, cursors[i % 20]))),
    "page offset": timed(lambda i: request("GET", "/api/posts?%s&offset=%d" % (EDITOR, 50000 + 50 * (i % 20)))),
    "move": timed(lambda i: request("POST", "/api/move", {"item": mover, "after": a if i % 2 else b})),
    "static file": timed(lambda i: request("GET", "/editor.css")),
}
# The references: the plain SQL for the same page, straight through SQLite.
lite = sqlite3.connect(db)
cols = "p.id, p.permalink, p.author_handle, p.published, p.content_text, p.content_html"
sql_search = ("SELECT " + cols + " FROM posts p WHERE p.published IS NOT NULL AND p.hidden = 0"
              " AND p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)"
              " ORDER BY p.published, p.id LIMIT 51")
sql_page = ("SELECT " + cols + " FROM posts p WHERE p.published IS NOT NULL AND p.hidden = 0"
            " AND (p.published, p.id) > (?, ?) ORDER BY p.published, p.id LIMIT 51")
sql_offset = ("SELECT " + cols + " FROM posts p WHERE p.hidden = 0"
              " ORDER BY p.published IS NULL, p.published, p.id LIMIT 51 OFFSET ?")
keys = [tuple(int(x) for x in c[1:].split(".")) for c in cursors]
ref = {
    "search": timed(lambda i: lite.execute(sql_search, ('"talk" "%d"*' % (i % 500),)).fetchall()),
    "search word": timed(lambda i: lite.execute(sql_search, ('"%s"*' % ("talk", "post", "about", "bench")[i % 4],)).fetchall()),
    "page of 50": timed(lambda i: lite.execute(sql_page, keys[i % 20]).fetchall()),
    "page offset": timed(lambda i: lite.execute(sql_offset, (50000 + 50 * (i % 20),)).fetchall()),
}
print("\n%-12s %9s %9s   %-34s %s" % ("%d requests" % RUNS, "p50 ms", "p95 ms", "reference (same run) p95 ms", "goal p95 < 50 ms"))
for name in ("search", "search word", "page of 50", "page offset", "move"):
    p50, p95 = results[name]
    if name in ref:
        r = ref[name][1]
        refs = "sqlite3 alone %6.2f (x%.1f)" % (r, p95 / r if r else 0)
    else:
        r = results["static file"][1]
        refs = "static file %6.2f (x%.1f)" % (r, p95 / r if r else 0)
    goal = "(no goal: scripts)" if name == "page offset" else "ok" if p95 < 50 else "OVER"
    print("%-12s %9.2f %9.2f   %-34s %s" % (name, p50, p95, refs, goal))
p50, p95 = results["static file"]
print("%-12s %9.2f %9.2f   (HTTP alone: the server's floor)" % ("static file", p50, p95))
PY
kill -TERM $spid
wait $spid || true
spid=""
