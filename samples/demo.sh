#!/bin/sh
# demo.sh - the main job on the bundled samples: make a project for a
# fictional conference, show it. Each stage of storied extends this.
# usage: sh samples/demo.sh /path/to/storied   (make demo does this)
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
"$storied" info
echo "$STORIED_PROJECT"
# Render: the page, the fragment and Markdown for a static site.
"$storied" -q render -o "$out/story.html"
"$storied" -q render --format embed -o "$out/embed.html"
"$storied" -q render --format md --front-matter -o "$out/story.md"
echo "rendered: $out/story.html"
