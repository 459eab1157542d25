#!/usr/bin/env python3
"""htmlcheck.py - structural checks of a rendered page or fragment, for
tests/cli/render.sh. Prints one line per problem and exits 1 when any.

usage: htmlcheck.py FILE [--fragment]

Checks: every element is closed in order (void elements aside); headings
start at h1 (h2 for a fragment) and never skip a level going down; no
script/iframe/object/embed/form/style-outside-head elements; no on*
attributes; every href/src is http(s) or mailto or a #fragment (a src may
be a base64 data: URI of an image, video or audio file); every img
has an alt attribute; the only <svg> is storied's own chart (class
"st-chart", made of rect, line, text, title and desc only); for a fragment, every CSS selector in its <style>
starts with .storied-story.
"""
import re
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}
BANNED = {"script", "iframe", "object", "embed", "form", "frame", "frameset", "svg", "math"}
CHART = {"rect", "line", "text", "title", "desc", "g"}


class Checker(HTMLParser):
    def __init__(self, fragment):
        super().__init__(convert_charrefs=True)
        self.fragment = fragment
        self.stack = []
        self.problems = []
        self.headings = []
        self.css = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        where = "line %d" % self.getpos()[0]
        in_chart = any(t == "svg" for t, _ in self.stack)
        chart = tag == "svg" and not in_chart and \
            (dict(attrs).get("class") or "").split()[:1] == ["st-chart"]
        if in_chart and tag not in CHART:
            self.problems.append("%s: <%s> in the chart" % (where, tag))
        elif tag in BANNED and not chart:
            self.problems.append("%s: <%s> element" % (where, tag))
        if self.fragment and tag in ("html", "head", "body"):
            self.problems.append("%s: <%s> in a fragment" % (where, tag))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append("%s: event handler %s" % (where, name))
            if name in ("href", "src", "action", "formaction", "xlink:href", "poster"):
                v = re.sub(r"[\x00-\x20]", "", value or "").lower()
                # An archived file: a base64 data: URI of an image, video
                # or audio type, in a src only (shown, never navigated to).
                archived = name == "src" and re.match(
                    r"data:(image|video|audio)/[a-z0-9.+-]+;base64,[a-z0-9+/]*=*$", v)
                if not (v.startswith("http:") or v.startswith("https:") or
                        v.startswith("mailto:") or v.startswith("#") or archived):
                    self.problems.append("%s: %s=%r" % (where, name, value))
        if tag == "img" and "alt" not in dict(attrs):
            self.problems.append("%s: img without alt" % where)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "style":
            self.in_style = True
        if tag not in VOID:
            self.stack.append((tag, where))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append("line %d: </%s> closes %s" % (
                self.getpos()[0], tag, self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()

    def handle_data(self, data):
        if self.in_style:
            self.css.append(data)


def split_list(head):
    """A selector list's selectors: split at its commas, not at those of
    :is(), :where() or :not() inside one."""
    out, depth, cur = [], 0, ""
    for ch in head:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    out.append(cur)
    return out


def css_selectors(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    out = []
    depth = 0
    buf = ""
    for ch in css:
        if ch == "{":
            head = buf.strip()
            buf = ""
            if head.startswith("@"):
                depth += 1  # an at-rule block: its rules are inside
                continue
            out.extend(s.strip() for s in split_list(head))
            depth += 1
            # skip the declarations
        elif ch == "}":
            depth -= 1
            buf = ""
        else:
            buf += ch
    return out


def main():
    path = sys.argv[1]
    fragment = "--fragment" in sys.argv[2:]
    c = Checker(fragment)
    c.feed(open(path, encoding="utf-8").read())
    c.close()
    for tag, where in c.stack:
        c.problems.append("%s: <%s> never closed" % (where, tag))
    top = 2 if fragment else 1
    if c.headings and c.headings[0] != top:
        c.problems.append("first heading is h%d, not h%d" % (c.headings[0], top))
    for a, b in zip(c.headings, c.headings[1:]):
        if b > a + 1:
            c.problems.append("heading h%d follows h%d" % (b, a))
    if fragment:
        for sel in css_selectors("".join(c.css)):
            if sel and not sel.startswith(".storied-story"):
                c.problems.append("CSS selector not scoped: %s" % sel)
    for p in c.problems:
        print(p)
    sys.exit(1 if c.problems else 0)


main()
