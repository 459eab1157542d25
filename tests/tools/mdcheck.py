#!/usr/bin/env python3
"""mdcheck.py - what a CommonMark reader makes of a rendered md file, for
tests/cli/render.sh: it is parsed with Debian's cmark (--to xml) and every
raw HTML node, and every link or image whose URL is not http, https or
mailto, is printed. Exits 1 when there is any.

usage: mdcheck.py FILE
"""
import subprocess
import sys
import xml.etree.ElementTree as ET

xml = subprocess.run(["cmark", "--to", "xml", sys.argv[1]], check=True,
                     capture_output=True).stdout
root = ET.fromstring(xml)
problems = []
for node in root.iter():
    tag = node.tag.split("}")[-1]
    if tag in ("html_block", "html_inline"):
        problems.append("raw HTML: %r" % (node.text or ""))
    if tag in ("link", "image"):
        url = node.get("destination", "")
        if not url.lower().startswith(("http:", "https:", "mailto:")):
            problems.append("%s to %r" % (tag, url))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
