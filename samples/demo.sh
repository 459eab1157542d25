#!/bin/sh
# demo.sh - the main job on the bundled samples: make a project for a
# fictional conference, collect its five feeds, show it. Each stage of
# storied extends this.
# usage: sh samples/demo.sh /path/to/storied   (make demo does this)
#
# The samples: two Mastodon hashtag feeds of different servers that share
# two posts (social.example #nosd26, fedi.example #nosd2026), Ingrid's Atom
# blog (an edited entry, one off-topic, one before the event), Bergen Tech
# Radio's JSON Feed 1.1, and Planet Nordic FOSS as RSS 1.0/RDF (one #nosd26x
# post that is not #nosd26, one with an unreadable date). 26 items; 16 carry
# a project tag inside the window.
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
"$storied" collect
"$storied" source list
"$storied" info
# Render: the page, the fragment and Markdown for a static site.
"$storied" -q render -o "$out/story.html"
"$storied" -q render --format embed -o "$out/embed.html"
"$storied" -q render --format md --front-matter -o "$out/story.md"
echo "rendered: $out/story.html"
