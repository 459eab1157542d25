#!/bin/sh
# demo.sh - the main job on the bundled samples: make a project for a
# fictional conference, collect its six feeds, show it. Each stage of
# storied extends this.
# usage: sh samples/demo.sh /path/to/storied   (make demo does this)
#
# The samples: two Mastodon hashtag feeds of different servers that share
# two posts (social.example #nosd26, fedi.example #nosd2026), Ingrid's Atom
# blog (an edited entry, one off-topic, one before the event), Bergen Tech
# Radio's JSON Feed 1.1, and Planet Nordic FOSS as RSS 1.0/RDF (one #nosd26x
# post that is not #nosd26, one with an unreadable date), and the volunteers'
# photo desk, a JSON Feed beside its pictures (media/): collect archives
# them into the project, and the rendered page shows them with no network.
# 27 items; 17 carry a project tag inside the window.
set -eu
storied=${1:-./storied}
here=$(cd "$(dirname "$0")" && pwd)
out=${DEMO_DIR:-$(pwd)/demo}
rm -rf "$out"
mkdir -p "$out"
export STORIED_PROJECT="$out/story.sqlite"
"$storied" init --title "Nordic Open Source Days 2026" --tag nosd26 --tag nosd2026 \
	--since 2026-03-14 --until 2026-03-16 --timezone Europe/Oslo \
	--description "What people said about two days of talks in Bergen."
"$storied" source add "$here/social.example-nosd26.rss" --name "social.example #nosd26"
"$storied" source add "$here/fedi.example-nosd2026.rss" --name "fedi.example #nosd2026"
"$storied" source add "$here/blog.example.atom" "$here/radio.example.json" \
	"$here/planet.example.rdf"
"$storied" source add "$here/photos.example.json" --name "Photo desk"
"$storied" collect
"$storied" source list
# Curate: place every post, oldest first, then shape the story through the
# storyboard — an intro note, a heading a day, a caption — as a person
# would in $EDITOR with `storied edit`.
"$storied" -q add --all >/dev/null
"$storied" storyboard export -o "$out/storyboard.txt"
awk '
/^post / && !day1 {
	print "note Two days, five feeds, a few hundred people in a harbour city: the"
	print "    stream as it happened, trimmed to what mattered, with a few notes from"
	print "    the organisers."
	print ""
	print "## Saturday, 14 March"
	print ""
	day1 = 1
}
/^post / && / 2026-03-15 / && !day2 {
	print "## Sunday, 15 March"
	print ""
	day2 = 1
}
{ print }
/^post .*Doors are open/ {
	print "    By nine the queue reached the harbour; *thank you* to the volunteers"
	print "    who handed out coffee outside."
}
' "$out/storyboard.txt" >"$out/storyboard.edited.txt"
"$storied" storyboard apply "$out/storyboard.edited.txt"
"$storied" info
# The event in numbers: the two days at a glance (the page opens with them).
"$storied" stats
# Render: the page, the fragment and Markdown for a static site.
"$storied" -q render -o "$out/story.html"
"$storied" -q render --format embed -o "$out/embed.html"
"$storied" -q render --format md --front-matter -o "$out/story.md"
echo "rendered: $out/story.html"
