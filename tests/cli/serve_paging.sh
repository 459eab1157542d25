# serve_paging.sh - the editor's post listing (GET /api/posts) against a
# reference written apart from the store: 2,600 posts with shared
# timestamps, undated, hidden, placed, with media, from two sources, over
# several days; every filter (search, a common word and a rare one, -word,
# author, day in the project's time zone, source, media, placed, hidden)
# alone and combined, oldest and newest first, paged with "next" (keyset)
# and with offset, must give exactly the reference's posts in its order.
# `storied posts` is held to the same order.
. "$TOP/tests/lib.sh"

if ! command -v curl >/dev/null; then
	echo "# skipped: curl is not installed (make deps installs it)"
	exit 0
fi

ok "init" storied init --title "Paging" --timezone Europe/Brussels
# Times are shuffled against ids and each is shared by two posts (ties
# go by id); every 53rd post has no date; "talk" is in every post (a
# search matching more posts than the store's dense-search threshold),
# "zebra" in every 37th.
ok "posts" sql "
INSERT INTO sources (id, url, name, added_at) VALUES
    (1, 'https://a.example/feed', 'Feed A', 0), (2, 'https://b.example/feed', 'Feed B', 0);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2600)
INSERT INTO posts (id, source_id, permalink, author_name, author_handle, published, content_html,
    content_text, fetched_at, hidden)
SELECT i, 1 + i % 2, 'https://a.example/p/' || i, 'User ' || (i % 11), '@u' || (i % 11) || '@ex.example',
    CASE WHEN i % 53 = 0 THEN NULL ELSE 1773446400 + ((i * 7919) % 1300) * 300 END,
    '<p>Post ' || i || ' talk' || CASE WHEN i % 37 = 0 THEN ' zebra' ELSE '' END || '</p>',
    'Post ' || i || ' talk' || CASE WHEN i % 37 = 0 THEN ' zebra' ELSE '' END, 0, i % 17 = 0
FROM n;
INSERT INTO post_sources (post_id, source_id, first_seen) SELECT id, source_id, 0 FROM posts;
INSERT INTO post_sources (post_id, source_id, first_seen) SELECT id, 3 - source_id, 0 FROM posts WHERE id % 5 = 0;
INSERT INTO media (post_id, position, url) SELECT id, 0, 'https://a.example/m/' || id || '.png' FROM posts WHERE id % 9 = 0;
INSERT INTO posts_fts (posts_fts) VALUES ('rebuild');"
ok "some placed" storied add $(seq 13 13 2600 | grep -v -x -E '221|442|663|884|1105|1326|1547|1768|1989|2210|2431')

start_serve

python3 - "$URL" "$STORIED_PROJECT" <<'PY'
import json, sqlite3, sys, urllib.parse, urllib.request, datetime, zoneinfo
url, db = sys.argv[1], sys.argv[2]
u = urllib.parse.urlsplit(url)
token = urllib.parse.parse_qs(u.query)["token"][0]
base = "http://" + u.netloc
cookie = "storied_%d=%s" % (u.port, token)

def get(path):
    rq = urllib.request.Request(base + path, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(rq) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)

# The reference, from the rows themselves.
con = sqlite3.connect(db)
posts = {}
for pid, pub, hidden, src, text, handle, name in con.execute(
        "SELECT id, published, hidden, source_id, content_text, author_handle, author_name FROM posts"):
    posts[pid] = dict(id=pid, pub=pub, hidden=hidden, src={src}, words=(text + " " + name + " " + handle).lower().replace("@", " ").split(),
                      who=(handle + " " + name).lower())
for pid, sid in con.execute("SELECT post_id, source_id FROM post_sources"):
    posts[pid]["src"].add(sid)
media = {r[0] for r in con.execute("SELECT post_id FROM media")}
placed = {r[0] for r in con.execute("SELECT post_id FROM story_items WHERE post_id IS NOT NULL")}
zone = zoneinfo.ZoneInfo("Europe/Brussels")

def day_range(day):
    d = datetime.date.fromisoformat(day)
    a = datetime.datetime(d.year, d.month, d.day, tzinfo=zone)
    b = a + datetime.timedelta(days=1)
    b = datetime.datetime(b.year, b.month, b.day, tzinfo=zone)
    return int(a.timestamp()), int(b.timestamp())

def reference(args):
    out = []
    for p in posts.values():
        hidden = args.get("hidden", "0")
        if hidden != "all" and p["hidden"] != int(hidden):
            continue
        q = args.get("q")
        if q:
            ok = True
            for w in q.split():
                neg = w.startswith("-")
                w = w.lstrip("-")
                has = any(x.startswith(w) for x in p["words"])
                ok = ok and has != neg
            if not ok:
                continue
        if args.get("unplaced") == "1" and p["id"] in placed:
            continue
        if "author" in args and args["author"].lower() not in p["who"]:
            continue
        if "day" in args:
            a, b = day_range(args["day"])
            if p["pub"] is None or not a <= p["pub"] < b:
                continue
        if "source" in args and int(args["source"]) not in p["src"]:
            continue
        if args.get("media") == "1" and p["id"] not in media:
            continue
        out.append(p)
    if args.get("order") == "newest":
        out.sort(key=lambda p: (p["pub"] is None, -(p["pub"] or 0), -p["id"]))
    else:
        out.sort(key=lambda p: (p["pub"] is None, p["pub"] or 0, p["id"]))
    return [p["id"] for p in out]

def walk(args, limit, offsets=False):
    ids, after, offset = [], None, 0
    for _ in range(10000):
        q = dict(args, limit=str(limit))
        if offsets:
            q["offset"] = str(offset)
        elif after:
            q["after"] = after
        status, r = get("/api/posts?" + urllib.parse.urlencode(q))
        if status != 200:
            return ["HTTP %d %s" % (status, r)]
        ids += [p["id"] for p in r["posts"]]
        if r["more"] != (r["next"] is not None) or (not r["more"] and r["next"]):
            return ["more and next disagree"]
        if not r["more"]:
            return ids
        after, offset = r["next"], offset + limit
    return ["no end"]

cases = [
    {}, {"q": "talk"}, {"q": "zebra"}, {"q": "talk -zebra"}, {"q": "post -zebra"},
    {"hidden": "1"}, {"hidden": "all"}, {"q": "talk", "hidden": "all"}, {"q": "zebra", "hidden": "1"},
    {"unplaced": "1"}, {"q": "talk", "unplaced": "1"}, {"author": "u3@"}, {"q": "talk", "author": "User 7"},
    {"day": "2026-03-15"}, {"day": "2026-03-14", "q": "talk"}, {"day": "2026-03-16", "q": "zebra"},
    {"source": "1"}, {"source": "2", "media": "1"}, {"media": "1"}, {"q": "talk", "media": "1", "unplaced": "1"},
    {"q": "talk", "source": "2", "hidden": "all"}, {"day": "2026-03-20"}, {"q": "nosuchword"},
]
n = 0
def check(name, got, want):
    global n
    n += 1
    if got == want:
        print("ok - %s" % name)
    else:
        print("not ok - %s" % name)
        print("#   got  %d: %s" % (len(got), got[:20]))
        print("#   want %d: %s" % (len(want), want[:20]))
        for i, (a, b) in enumerate(zip(got, want)):
            if a != b:
                print("#   first difference at %d: %s vs %s" % (i, a, b))
                break

for args in cases:
    for order in ("oldest", "newest"):
        a = dict(args, order=order)
        want = reference(a)
        label = " ".join("%s=%s" % kv for kv in sorted(a.items()))
        check("%s: pages of 50 with next (%d posts)" % (label, len(want)), walk(a, 50), want)
        if len(want) < 400:
            check("%s: pages of 7 with next" % label, walk(a, 7), want)
        if args in ({}, {"q": "talk"}, {"q": "zebra"}, {"hidden": "all"}):
            check("%s: pages of 200 with offset" % label, walk(a, 200, offsets=True), want)
# Some filters must be real: the reference sets are not all alike.
sizes = {len(reference(dict(c))) for c in cases}
check("the cases differ (%d sizes)" % len(sizes), len(sizes) > 15, True)
check("undated posts are listed (last)", reference({"hidden": "all"})[-1] % 53, 0)

# Refusals.
status, r = get("/api/posts?after=x12")
check("after: a cursor not from the server is refused (400)", (status, "next" in r["error"]), (400, True))
status, r = get("/api/posts?source=abc")
check("source: not an id is refused (400)", status, 400)
PY

out=$(storied posts --all --json | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))')
want=$(sql "SELECT group_concat(id, ' ') FROM (SELECT id FROM posts ORDER BY published IS NULL, published, id)")
same "storied posts: dated by time then id, undated last" "$out" "$want"
out=$(storied posts --all --reverse --search zebra --json | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))')
want=$(sql "SELECT group_concat(id, ' ') FROM (SELECT id FROM posts WHERE content_text LIKE '%zebra%' ORDER BY published IS NULL, published DESC, id DESC)")
same "storied posts --reverse --search: newest first, undated last" "$out" "$want"
out=$(storied posts --all --limit 5 --search talk --json | python3 -c 'import json,sys; print(" ".join(str(p["id"]) for p in json.load(sys.stdin)))')
want=$(sql "SELECT group_concat(id, ' ') FROM (SELECT id FROM posts ORDER BY published IS NULL, published, id LIMIT 5)")
same "storied posts --limit with a common word" "$out" "$want"
kill -TERM $SPID
wait $SPID
same "the editor stops with exit 0" "$?" 0
