# stats_browser.sh - the "In numbers" chart as headless Chromium draws it:
# every bar's height, read back from the rendered SVG, matches its hour's
# count from `storied stats --json`; the page fits a phone's width; in dark
# mode the bars take the dark palette. The page under test is the rendered
# one with its CSP meta removed and a measuring script added at the end.
. "$TOP/tests/lib.sh"

need_chromium

ok "init" storied init --title "In numbers" --tag evt --timezone Asia/Kolkata
ok "sources" storied source add "$FIXTURES/stats/social.rss" "$FIXTURES/stats/fedi.rss"
ok "collect" storied collect
ok "place two posts" storied add 1 8
ok "render" storied render -o page.html
ok "stats --json" storied stats --json
printf '%s\n' "$out" >stats.json

MEASURE='<script>
(function () {
  var out = {bars: [], svgs: [], placed: [], baselines: 0};
  document.querySelectorAll("svg.st-chart rect.st-chart-bar").forEach(function (r) {
    out.bars.push({start: r.getAttribute("data-start"), h: r.getBoundingClientRect().height,
                   bottom: r.getBoundingClientRect().bottom});
  });
  document.querySelectorAll("svg.st-chart rect.st-chart-placed").forEach(function (r) {
    out.placed.push(r.getBoundingClientRect().height);
  });
  document.querySelectorAll("svg.st-chart").forEach(function (s) {
    var b = s.getBoundingClientRect(), bottoms = {};
    s.querySelectorAll("rect.st-chart-bar").forEach(function (r) {
      bottoms[Math.round(r.getBoundingClientRect().bottom * 10)] = 1;
    });
    if (Object.keys(bottoms).length > 1) out.baselines++;
    out.svgs.push({left: b.left, right: b.right, w: b.width,
                   title: !!s.querySelector("title"), desc: !!s.querySelector("desc")});
  });
  var bar = document.querySelector("rect.st-chart-bar"), page = getComputedStyle(document.body);
  out.vw = window.innerWidth;
  out.scroll = document.documentElement.scrollWidth;
  out.dark = matchMedia("(prefers-color-scheme: dark)").matches;
  out.fill = bar ? getComputedStyle(bar).fill : "";
  out.bg = page.backgroundColor;
  out.text = document.querySelector("svg.st-chart text") ?
      getComputedStyle(document.querySelector("svg.st-chart text")).fill : "";
  document.documentElement.setAttribute("data-measure", JSON.stringify(out));
})();
</script>'
grep -v 'http-equiv="Content-Security-Policy"' page.html >measure.html
printf '%s\n' "$MEASURE" >>measure.html

# shot NAME WIDTH,HEIGHT [FLAGS...]: the DOM after the script, as NAME.dom
shot() {
	name=$1 size=$2
	shift 2
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --no-first-run --disable-extensions --user-data-dir="$WORK/profile-$name" \
	    --window-size="$size" --virtual-time-budget=5000 "$@" \
	    --dump-dom "file://$WORK/measure.html" >"$WORK/$name.dom" 2>"$WORK/$name.log"
}
measure() {
	python3 -c '
import html, json, re, sys
dom = open(sys.argv[1]).read()
m = re.search(r"data-measure=\"([^\"]*)\"", dom)
print(html.unescape(m.group(1)) if m else "{}")' "$WORK/$1.dom"
}

ok "phone-sized page loads" shot phone 390,844
measure phone >phone.json
got=$(python3 - phone.json stats.json <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); st = json.load(open(sys.argv[2]))
posts = {h["start"]: h["posts"] for h in st["per_hour"]}
peak = max(posts.values())
hmax = max(b["h"] for b in m["bars"])
bad = [b for b in m["bars"] if abs(b["h"] / hmax - posts.get(b["start"], -1) / peak) > 0.01]
busy = sorted(s for s, n in posts.items() if n)
print(len(m["bars"]), len(bad), sorted(b["start"] for b in m["bars"]) == busy, m["baselines"])
PY
)
same "every busy hour has a bar whose height matches its count, on one baseline a day" "$got" "4 0 True 0"
got=$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
print(len(m["svgs"]), all(s["title"] and s["desc"] for s in m["svgs"]),
      m["scroll"] <= m["vw"], all(s["left"] >= 0 and s["right"] <= m["vw"] for s in m["svgs"]),
      min(s["w"] for s in m["svgs"]) > 250, len(m["placed"]))' phone.json)
same "phone: four days of charts with title and desc, inside 390px, none tiny; two placed posts" \
	"$got" "4 True True True True 2"
light_fill=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(m["dark"], m["fill"])' phone.json)
same "light: the bars take the page's accent" "$light_fill" "False rgb(31, 111, 120)"

ok "dark page loads" shot dark 1280,900 --force-dark-mode --blink-settings=preferredColorScheme=0
measure dark >dark.json
got=$(python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))
print(m["dark"], m["fill"], m["bg"], m["text"])' dark.json)
same "dark: the chart follows the dark palette" "$got" \
	"True rgb(108, 196, 201) rgb(19, 21, 24) rgb(228, 230, 233)"

# Print: the section begins on the first page, under the header (it is not
# pushed whole to the next page), and the chart is not cut by a page break:
# every day's chart and the key below them are on one page.
if command -v pdftotext >/dev/null; then
	ok "print to PDF" timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --disable-background-networking --disable-component-update --disable-sync \
	    --no-first-run --disable-extensions --user-data-dir="$WORK/profile-print" \
	    --no-pdf-header-footer --print-to-pdf="$WORK/page.pdf" "file://$WORK/page.html"
	pdftotext -f 1 -l 1 page.pdf page1.txt
	contains "print: In numbers on the first page" "$(cat page1.txt)" "In numbers"
	got=$(python3 - page.pdf <<'PY'
import subprocess, sys
pages = subprocess.run(["pdftotext", sys.argv[1], "-"], capture_output=True, text=True).stdout.split("\f")
want = ["Friday 1 May", "Saturday 2 May", "Sunday 3 May", "Monday 4 May", "Posts per hour (Asia/Kolkata)"]
print(sorted({next((i for i, p in enumerate(pages) if w in p), -1) for w in want}))
PY
)
	same "print: the four charts and their key on one page" "$got" "[0]"
else
	echo "# skipped: the print check needs pdftotext (poppler-utils)"
fi
