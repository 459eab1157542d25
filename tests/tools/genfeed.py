#!/usr/bin/env python3
"""genfeed.py - write a large, deterministic Mastodon-style feed.

usage: genfeed.py rss|atom ITEMS OUT [--tagged-every K | --tagged-percent P]
                  [--server HOST] [--id-base N]

Every K-th item (default 10) carries #nosd26; the others carry #other.
--tagged-percent P tags P of every 100 items instead, spread evenly.
Same arguments, same bytes: no clock, no randomness beyond a fixed seed.
Written in a stream, so a million items need no memory.
"""
import argparse
import random

WORDS = ("open source days bergen keynote talk slides coffee rust sqlite debian "
         "build reproducible accessible components volunteer fjord rain waffle "
         "hallway track stage demo release party community federation server").split()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("format", choices=("rss", "atom"))
    ap.add_argument("items", type=int)
    ap.add_argument("out")
    ap.add_argument("--tagged-every", type=int, default=10)
    ap.add_argument("--tagged-percent", type=int, default=None)
    ap.add_argument("--server", default="social.example")
    ap.add_argument("--id-base", type=int, default=116000000000000000)
    a = ap.parse_args()
    rnd = random.Random(26)
    base = 1773446400  # 2026-03-14T00:00:00Z
    srv = a.server
    with open(a.out, "w", encoding="utf-8", buffering=1 << 20) as f:
        if a.format == "rss":
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                    'xmlns:media="http://search.yahoo.com/mrss/"><channel>'
                    '<title>#nosd26</title><link>https://%s/tags/nosd26</link>'
                    '<description>Public posts tagged #nosd26</description>\n' % srv)
        else:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                    '<title>#nosd26</title><id>https://%s/tags/nosd26</id>'
                    '<updated>2026-03-16T00:00:00Z</updated>\n' % srv)
        for i in range(a.items):
            user = "user%d" % (i % 997)
            pid = a.id_base + i
            url = "https://%s/@%s/%d" % (srv, user, pid)
            if a.tagged_percent is not None:
                tagged = (i * a.tagged_percent) // 100 != ((i + 1) * a.tagged_percent) // 100
            else:
                tagged = i % a.tagged_every == 0
            tag = "nosd26" if tagged else "other"
            words = " ".join(rnd.choice(WORDS) for _ in range(12 + i % 20))
            t = base + (i * 17) % 172800
            html = ('&lt;p&gt;%s &lt;a href="https://%s/tags/%s" class="mention hashtag" '
                    'rel="tag"&gt;#&lt;span&gt;%s&lt;/span&gt;&lt;/a&gt;&lt;/p&gt;' % (words, srv, tag, tag))
            media = ""
            if i % 7 == 0:
                media = ('<media:content url="https://%s/media/%d.jpg" type="image/jpeg" medium="image">'
                         '<media:description type="plain">photo %d of the %s</media:description>'
                         '</media:content>' % (srv, pid, i, rnd.choice(WORDS)))
            if a.format == "rss":
                day = ("Sat", "Sun", "Mon")[(t - base) // 86400]
                d = 14 + (t - base) // 86400
                s = (t - base) % 86400
                f.write('<item><guid isPermaLink="true">%s</guid><link>%s</link>'
                        '<pubDate>%s, %02d Mar 2026 %02d:%02d:%02d +0000</pubDate>'
                        '<description>%s</description>%s<category>%s</category></item>\n'
                        % (url, url, day, d, s // 3600, s % 3600 // 60, s % 60, html, media, tag))
            else:
                d = 14 + (t - base) // 86400
                s = (t - base) % 86400
                stamp = "2026-03-%02dT%02d:%02d:%02dZ" % (d, s // 3600, s % 3600 // 60, s % 60)
                f.write('<entry><id>%s</id><link rel="alternate" type="text/html" href="%s"/>'
                        '<published>%s</published><updated>%s</updated>'
                        '<author><name>%s</name><uri>https://%s/@%s</uri></author>'
                        '<content type="html">%s</content><category term="%s"/></entry>\n'
                        % (url, url, stamp, stamp, user, srv, user, html, tag))
        f.write("</channel></rss>\n" if a.format == "rss" else "</feed>\n")


if __name__ == "__main__":
    main()
