#!/bin/sh
# curate.sh - curation on a story of 100 items against one of 100,000:
# move, note, annotate and show --json, each timed as a whole process
# (median of N runs), printed with the ratio 100k/100 (goal for the
# single-item commands: <= 2x), then `storyboard apply` of a 100,000-item
# storyboard with one moved line (goal: < 2 s). Figures are printed, not
# asserted. usage: STORIED=/path/to/storied sh bench/curate.sh
set -eu
: "${STORIED:?}"
RUNS=${RUNS:-15}
work=$(mktemp -d "${TMPDIR:-/tmp}/storied-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

# make NAME N: a project with N posts, all placed (posts made with SQL).
make_story() {
	"$STORIED" -q -p "$1.sqlite" init --title "Bench $2"
	sqlite3 "$1.sqlite" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
	    INSERT INTO posts (id, permalink, author_handle, published, title, content_text, fetched_at)
	    SELECT i, 'https://bench.example/@u' || (i % 97) || '/' || i, '@u' || (i % 97) || '@bench.example',
	           1773478800 + i * 3, NULL, 'Post number ' || i || ' about #bench and other things',
	           1773500000 FROM n;
	    INSERT INTO post_tags (post_id, tag) SELECT id, 'bench' FROM posts;"
	"$STORIED" -q -p "$1.sqlite" add --all >/dev/null
}

now_ns() { date +%s%N; }

# median_ms CMD...: run CMD $RUNS times ({i} in words is replaced by the run number)
median_ms() {
	i=0
	: >times
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		t0=$(now_ns)
		eval "$(printf '%s' "$CMD" | sed "s/{i}/$i/g")" >/dev/null 2>&1
		t1=$(now_ns)
		echo $(((t1 - t0) / 1000)) >>times
	done
	sort -n times | awk '{ v[NR] = $1 } END { m = v[int((NR + 1) / 2)]; printf "%.1f", m / 1000 }'
}

echo "building stories of 100 and 100000 items..."
t0=$(now_ns)
make_story small 100
make_story large 100000
t1=$(now_ns)
echo "  (built in $(((t1 - t0) / 1000000)) ms, including 'add --all' of 100000 posts)"

# Items to work on: one in the middle, anchors around it.
for s in small large; do
	n=$(sqlite3 "$s.sqlite" 'SELECT count(*) FROM story_items')
	eval "mid_$s=\$(sqlite3 $s.sqlite 'SELECT id FROM story_items WHERE post_id = $((n / 2))')"
	eval "a_$s=\$(sqlite3 $s.sqlite 'SELECT id FROM story_items WHERE post_id = $((n / 4))')"
	eval "b_$s=\$(sqlite3 $s.sqlite 'SELECT id FROM story_items WHERE post_id = $((3 * n / 4))')"
done

printf '\n%-14s %12s %12s %8s\n' "median of $RUNS" "100 items" "100k items" "ratio"
for op in move note annotate show; do
	for s in small large; do
		eval "mid=\$mid_$s a=\$a_$s b=\$b_$s"
		case $op in
		move) CMD="\"\$STORIED\" -q -p $s.sqlite move $mid --after \$(( {i} % 2 ? $a : $b ))" ;;
		note) CMD="\"\$STORIED\" -q -p $s.sqlite note 'A note, run {i}' --after $a" ;;
		annotate) CMD="\"\$STORIED\" -q -p $s.sqlite annotate $mid 'Caption {i}'" ;;
		show) CMD="\"\$STORIED\" -q -p $s.sqlite show --json" ;;
		esac
		eval "ms_$s=\$(median_ms)"
	done
	ratio=$(awk -v a="$ms_small" -v b="$ms_large" 'BEGIN { printf "%.2fx", b / a }')
	goal="(goal <= 2x)"
	[ "$op" = show ] && goal="(prints every item: grows with the story)"
	label=$op
	[ "$op" = show ] && label="show --json"
	printf '%-14s %9s ms %9s ms %8s  %s\n' "$label" "$ms_small" "$ms_large" "$ratio" "$goal"
done

# storyboard apply: one line moved in a 100,000-item storyboard.
"$STORIED" -q -p large.sqlite storyboard export -o board.txt
awk '/^post / { n++ } /^post / && n == 10 { held = $0; next } { print } /^post / && n == 90000 { print held }' \
	board.txt >moved.txt
best=""
for try in 1 2 3; do
	t0=$(now_ns)
	"$STORIED" -q -p large.sqlite storyboard apply moved.txt
	t1=$(now_ns)
	ms=$(((t1 - t0) / 1000000))
	[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
	"$STORIED" -q -p large.sqlite storyboard apply board.txt
done
rows=$(sqlite3 large.sqlite "SELECT max(json_array_length(undo, '\$.changes')) FROM history
    WHERE command LIKE 'storyboard apply%'")
printf '\nstoryboard apply, 100000 items, one moved line: %d.%03d s (best of 3; goal < 2 s)\n' \
	$((best / 1000)) $((best % 1000))
echo "  (rows written by each apply, at most: $rows)"
