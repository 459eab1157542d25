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

# time_ms CMD: one run of the shell command CMD, in microseconds.
time_us() {
	t0=$(now_ns)
	eval "$1" >/dev/null 2>&1
	t1=$(now_ns)
	echo $(((t1 - t0) / 1000))
}

median() { sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'; }

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
# Runs on the two stories alternate, so a busy machine slows both alike.
for op in move note annotate show; do
	: >small.times
	: >large.times
	i=0
	while [ $i -lt "$RUNS" ]; do
		i=$((i + 1))
		for s in small large; do
			eval "mid=\$mid_$s a=\$a_$s b=\$b_$s"
			case $op in
			move) [ $((i % 2)) = 1 ] && to=$a || to=$b
				cmd="\"\$STORIED\" -q -p $s.sqlite move $mid --after $to" ;;
			note) cmd="\"\$STORIED\" -q -p $s.sqlite note 'A note, run $i' --after $a" ;;
			annotate) cmd="\"\$STORIED\" -q -p $s.sqlite annotate $mid 'Caption $i'" ;;
			show) cmd="\"\$STORIED\" -q -p $s.sqlite show --json" ;;
			esac
			time_us "$cmd" >>"$s.times"
		done
	done
	ms_small=$(median small.times)
	ms_large=$(median large.times)
	ratio=$(awk -v a="$ms_small" -v b="$ms_large" 'BEGIN { printf "%.2fx", b / a }')
	goal="(goal <= 2x)"
	label=$op
	if [ "$op" = show ]; then
		goal="(prints every item: grows with the story)"
		label="show --json"
	fi
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
