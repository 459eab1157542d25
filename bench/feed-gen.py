#!/usr/bin/env python3
"""feed-gen.py - deterministic Mastodon-style feeds for benchmarks.

usage: feed-gen.py rss|atom N > FILE
Every 10th post carries #bench; every 5th has an image with alt text.
"""
import sys


def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    out = sys.stdout
    w = out.write
    if kind == "rss":
        w('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
          'xmlns:media="http://search.yahoo.com/mrss/"><channel><title>#bench</title>'
          '<link>https://m.example/tags/bench</link>\n')
        for i in range(n):
            tag = "bench" if i % 10 == 0 else "other"
            w('<item><link>https://m.example/@user%d/%d</link>'
              '<pubDate>Sun, 01 Feb 2026 %02d:%02d:00 +0000</pubDate>'
              '<description>&lt;p&gt;Post number %d with some text about things and stuff, '
              'a bit longer to be realistic. &lt;a href="https://m.example/tags/%s" '
              'class="mention hashtag" rel="tag"&gt;#&lt;span&gt;%s&lt;/span&gt;&lt;/a&gt;'
              '&lt;/p&gt;</description>' % (i % 500, 10**17 + i, i % 24, i % 60, i, tag, tag))
            if i % 5 == 0:
                w('<media:content url="https://files.m.example/%d.jpg" type="image/jpeg" '
                  'fileSize="1234" medium="image"><media:rating scheme="urn:simple">nonadult'
                  '</media:rating><media:description type="plain">Alt text %d'
                  '</media:description></media:content>' % (i, i))
            w('<category>%s</category></item>\n' % tag)
        w('</channel></rss>\n')
    else:
        w('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
          '<title>bench</title><id>urn:bench</id><updated>2026-02-01T00:00:00Z</updated>\n')
        for i in range(n):
            tag = "bench" if i % 10 == 0 else "other"
            u, s = i % 500, 10**17 + i
            w('<entry><id>https://m.example/users/user%d/statuses/%d</id><title>Post %d</title>'
              '<link rel="alternate" type="text/html" href="https://m.example/@user%d/%d"/>'
              '<published>2026-02-01T%02d:%02d:00Z</published>'
              '<updated>2026-02-01T%02d:%02d:00Z</updated>'
              '<author><name>user%d</name><uri>https://m.example/@user%d</uri></author>'
              '<content type="html">&lt;p&gt;Post number %d with some text about things and '
              'stuff, a bit longer to be realistic. #%s&lt;/p&gt;</content>'
              '<category term="%s"/></entry>\n'
              % (u, s, i, u, s, i % 24, i % 60, i % 24, i % 60, u, u, i, tag, tag))
        w('</feed>\n')


if __name__ == "__main__":
    main()
