# xss_browser.sh - no script from a feed runs in a real browser.
#
# tests/tools/sanitize_page writes every sanitizer fixture into a page; each
# payload's alert(1) becomes a marker (data-pwnedN on <html>) and alert,
# confirm and prompt are hooked to leave data-pwned-alert. Headless
# Chromium loads the page from file:// (no network) and dumps the DOM:
#   raw   the control: the inputs unsanitized, without CSP. Markers appear,
#         so the test can see a script run.
#   clean the sanitized outputs, without CSP: the page's own script runs,
#         no payload does. This is the sanitizer alone.
#   csp   the same with the rendered page's Content-Security-Policy meta:
#         not even the page's own script runs (the second wall).
. "$TOP/tests/lib.sh"

need_browser sanitize_page

# dump MODE: writes MODE.html and the DOM Chromium made of it to MODE.dom.
dump() {
	"$tool" "$1" "$TOP/tests/fixtures/sanitize" >"$WORK/$1.html" || return 1
	browser_dump "$1"
}
cases=$(grep -c '^### ' "$TOP"/tests/fixtures/sanitize/*.txt | awk -F: '{ n += $2 } END { print n }')

ok "control page: raw payloads load" dump raw
raw_root=$(root_tag raw)
fired=$(printf '%s\n' "$raw_root" | grep -o 'data-pwned[0-9]*' | sort -u | wc -l)
echo "# chromium: $fired of $cases fixtures ran script when not sanitized"
if [ "$fired" -ge 20 ]; then
	pass "control: unsanitized payloads run in this browser ($fired)"
else
	fail "control: unsanitized payloads run in this browser" "only $fired fired" "$raw_root"
fi
contains "control: a hooked alert is seen" "$raw_root" "data-pwned-alert"

ok "sanitized page loads" dump clean
clean_root=$(root_tag clean)
contains "sanitized page: its own script runs" "$clean_root" 'data-page-scripts="ran"'
lacks "sanitized page: no payload runs" "$clean_root" "data-pwned"
articles=$(grep -o '<article id="case[0-9]*"' "$WORK/clean.dom" | wc -l)
same "sanitized page: every fixture is in the DOM, none swallowed the rest" "$articles" "$cases"
lacks "sanitized page: no script element came in" \
    "$(sed 's/<script>alert=confirm=prompt[^<]*<\/script>//; s/<script>document.documentElement.setAttribute[^<]*<\/script>//' "$WORK/clean.dom")" "<script"

ok "page with CSP loads" dump csp
csp_root=$(root_tag csp)
lacks "page with CSP: no payload runs" "$csp_root" "data-pwned"
lacks "page with CSP: not even the page's script runs" "$csp_root" "data-page-scripts"
articles=$(grep -o '<article id="case[0-9]*"' "$WORK/csp.dom" | wc -l)
same "page with CSP: every fixture is in the DOM" "$articles" "$cases"
