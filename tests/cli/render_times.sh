# render_times.sh - the local forms of a post's time (published_local,
# _date, _time, _zone) are the zone's own on both sides of a change of
# offset: render keeps the zone's offset for a quarter hour at a time
# (model.c set_time), so times just before and after a change, in zones
# that change by an hour and by half an hour, and one in a half-hour zone,
# are each checked against date(1).
. "$TOP/tests/lib.sh"

# 2026-03-29 01:00 UTC: Europe/Oslo to summer time; 2026-10-25 01:00 UTC:
# back; 2026-04-04 15:00 UTC: Australia/Lord_Howe back by half an hour.
times="1774745999 1774746000 1774746899 1774746900 1792889999 1792890000 1792890600
1775314799 1775314800 1775315699 1775316600 1767225599 1767225600"
for zone in Europe/Oslo Australia/Lord_Howe Asia/Kolkata; do
	p="$WORK/$(echo "$zone" | tr / _).sqlite"
	"$STORIED" -q -p "$p" init --title Times --timezone "$zone" >/dev/null
	i=0
	for t in $times; do
		i=$((i + 1))
		PROJECT=$p sql "INSERT INTO posts (id, permalink, published, content_text, fetched_at)
			VALUES ($i, 'https://social.example/@a/$i', $t, 'Post $i', 0)"
	done
	"$STORIED" -q -p "$p" add --all >/dev/null
	ok "$zone: render --format json" "$STORIED" -p "$p" render --format json -o times.json
	got=$(python3 -c 'import json, sys
for it in json.load(open(sys.argv[1]))["items"]:
    p = it["post"]
    print(p["published_local"], p["published_date"], p["published_time"], p["published_zone"])' times.json)
	want=$(for t in $(printf "%s\n" $times | sort -n); do
		TZ=$zone date -d "@$t" "+%Y-%m-%d %H:%M %Y-%m-%d %H:%M %Z"
	done)
	same "$zone: every local form is date(1)'s" "$got" "$want"
done
