// embed_host.js - the embed pasted into host pages, as headless Chromium
// lays it out (playwright-core, tests/package.json). Used by
// tests/cli/embed_host.sh, which writes the pages:
//   HOST.html        a host page with the story pasted in its post
//   HOST-alone.html  the same host page without it (the control)
// For each HOST it checks that
//   - the story keeps its own look whatever the host's element rules say:
//     bylines (each a <header>) neither coloured nor sticky, lists with
//     their bullets, pictures inside the post at their size with no
//     theme's border or float, headings, quotes, captions, content
//     warnings and times as the story draws them;
//   - links look like links: another colour than the text around them
//     (the host's link colour) and underlined;
//   - nothing of the story styles the host: every element of the host
//     computes the same styles with the story pasted in as without it, and
//     every selector of the story's stylesheet is scoped to the story;
//   - nothing of the story sticks out of it, and on a phone's width it makes
//     the page no wider than the screen (or than the host alone is).
// Prints TAP-like "ok"/"not ok" lines for tests/run.sh.
//
// usage: node embed_host.js DIR PICTURE HOST...
//   DIR      where the pages are (an absolute path)
//   PICTURE  an image file served for every http(s) request (the posts'
//            media and avatars are remote; the network is cut off)
//   HOST     a page name: "hostile" expects its rules (below) beaten,
//            any other name is a bare host with no style of its own
// SHOTS=DIR also writes screenshots of each host: phone (390 px) and
// desktop (1280 px), light and dark, and the print media, as PNGs.
'use strict';
const { chromium } = require('playwright-core');
const { pathToFileURL } = require('url');
const fs = require('fs');
const path = require('path');

const [dir, picture, ...hosts] = process.argv.slice(2);
const pictureBytes = fs.readFileSync(picture);
let failures = 0;
function ok(what, cond, detail) {
  if (cond) console.log('ok - ' + what);
  else {
    failures++;
    console.log('not ok - ' + what);
    if (detail !== undefined) console.log('#   ' + String(detail).slice(0, 3000).replace(/\n/g, '\n#   '));
  }
}

// What a host element computes, compared with and without the story.
const HOST_PROPS = ['color', 'background-color', 'font-family', 'font-size', 'font-weight',
  'font-style', 'line-height', 'letter-spacing', 'text-transform', 'text-indent', 'text-align',
  'text-decoration-line', 'display', 'position', 'float', 'box-sizing', 'margin-top',
  'margin-right', 'margin-bottom', 'margin-left', 'padding-top', 'padding-right',
  'padding-bottom', 'padding-left', 'border-top-width', 'border-top-style', 'border-top-color',
  'border-left-width', 'border-radius', 'box-shadow', 'list-style-type', 'opacity',
  'vertical-align', 'max-width', 'color-scheme', 'accent-color', 'content'];

function hostStyles(props) {
  const out = {};
  for (const el of [document.documentElement, document.body, ...document.querySelectorAll('[id^="h-"]')]) {
    const key = el.id || el.localName;
    for (const pseudo of [null, '::before', '::after', '::marker']) {
      const cs = getComputedStyle(el, pseudo);
      const o = {};
      for (const p of props) o[p] = cs.getPropertyValue(p);
      out[key + (pseudo || '')] = o;
    }
  }
  return out;
}

// Every selector of the story's own stylesheet, split at top-level commas.
function storySelectors() {
  const style = document.querySelector('.storied-embed style');
  const bad = [], kinds = new Set();
  let n = 0;
  const split = (s) => {
    const parts = [];
    let depth = 0, cur = '';
    for (const ch of s) {
      if (ch === '(' || ch === '[') depth++;
      if (ch === ')' || ch === ']') depth--;
      if (ch === ',' && depth === 0) { parts.push(cur.trim()); cur = ''; } else cur += ch;
    }
    parts.push(cur.trim());
    return parts;
  };
  const walk = (rules) => {
    for (const r of rules) {
      kinds.add(r.constructor.name);
      if (r instanceof CSSStyleRule) {
        for (const sel of split(r.selectorText)) {
          n++;
          if (!/^\.storied-story(\.storied-embed)?([\s.:>[]|$)/.test(sel)) bad.push(sel);
        }
        if (r.cssRules && r.cssRules.length) walk(r.cssRules); // nesting
      } else if (r instanceof CSSMediaRule || r instanceof CSSSupportsRule) {
        walk(r.cssRules);
      }
    }
  };
  walk(style.sheet.cssRules);
  return { n, bad, kinds: [...kinds] };
}

// The story's parts as laid out.
function storyParts() {
  const root = document.querySelector('.storied-embed');
  const q = (s) => root.querySelector(s);
  const cs = (el, pseudo) => getComputedStyle(el, pseudo || null);
  const box = (el) => el.getBoundingClientRect();
  const byline = q('.st-post .st-byline'), post = byline.closest('.st-post');
  const bcs = cs(byline);
  // A link in running text, the text around it, and every such link.
  const textLinks = [...root.querySelectorAll('.st-content a, .st-note a, .st-caption a, .st-colophon a, .st-description a')];
  const links = textLinks.map((a) => {
    const c = cs(a), around = cs(a.parentElement);
    return { text: a.textContent.trim().slice(0, 30), color: c.color, around: around.color,
      underline: c.textDecorationLine, border: c.borderBottomWidth, bg: c.backgroundColor,
      pad: c.paddingLeft, display: c.display };
  });
  const mediaImg = q('.st-media img'), contentImg = q('.st-content img');
  const li = q('.st-content ul li'), ol = q('.st-content ol'), bq = q('.st-content blockquote');
  const heading = q('.st-heading'), title = q('.st-title'), fig = mediaImg.closest('figure');
  const figcap = q('.st-media figcaption'), time = q('.st-when time'), cw = q('.st-cw');
  const p = q('.st-content p'), credits = q('.st-credits'), header = q('.st-header');
  const card = q('.st-card'), avatar = q('.st-avatar img');
  const pb = box(post);
  return {
    rootFont: cs(root).fontFamily,
    byline: { bg: bcs.backgroundColor, position: bcs.position, display: bcs.display,
      pad: bcs.paddingTop, transform: bcs.textTransform, color: bcs.color, postColor: cs(post).color,
      shadow: bcs.boxShadow, textAlign: bcs.textAlign },
    header: { bg: cs(header).backgroundColor, position: cs(header).position, pad: cs(header).paddingTop },
    credits: { bg: cs(credits).backgroundColor, pad: cs(credits).paddingLeft, textAlign: cs(credits).textAlign },
    post: { float: cs(post).float, maxWidth: cs(post).maxWidth, borderTop: cs(post).borderTopWidth,
      shadow: cs(post).boxShadow, width: pb.width, rootWidth: box(root).width },
    links,
    mediaImg: { width: box(mediaImg).width, figWidth: box(fig).width, border: cs(mediaImg).borderTopWidth,
      pad: cs(mediaImg).paddingTop, float: cs(mediaImg).float, radius: cs(mediaImg).borderTopLeftRadius,
      shadow: cs(mediaImg).boxShadow, left: box(mediaImg).left - pb.left, right: pb.right - box(mediaImg).right,
      complete: mediaImg.complete && mediaImg.naturalWidth > 0 },
    contentImg: { width: box(contentImg).width, float: cs(contentImg).float, pad: cs(contentImg).paddingTop,
      border: cs(contentImg).borderTopWidth, within: box(contentImg).right <= pb.right + 0.5 },
    avatar: { width: box(avatar).width, height: box(avatar).height, border: cs(avatar).borderTopWidth,
      pad: cs(avatar).paddingTop, radius: cs(avatar.parentElement).borderTopLeftRadius },
    list: { display: cs(li).display, style: cs(li).listStyleType, before: cs(li, '::before').content,
      marker: cs(li, '::marker').content, pad: cs(li).paddingLeft, border: cs(li).borderBottomWidth,
      ulPad: cs(li.parentElement).paddingLeft, olStyle: cs(ol.firstElementChild).listStyleType,
      olStart: ol.getAttribute('start') },
    quote: { fontStyle: cs(bq).fontStyle, bg: cs(bq).backgroundColor, border: cs(bq).borderLeftWidth,
      marginLeft: cs(bq).marginLeft, before: cs(bq, '::before').content, fontSize: cs(bq).fontSize,
      postFontSize: cs(post).fontSize },
    heading: { transform: cs(heading).textTransform, font: cs(heading).fontFamily, before: cs(heading, '::before').content,
      spacing: cs(heading).letterSpacing, color: cs(heading).color, rootColor: cs(root).color },
    title: { transform: cs(title).textTransform, font: cs(title).fontFamily, border: cs(title).borderBottomWidth },
    figure: { margin: cs(fig).marginLeft, border: cs(fig).borderTopWidth, pad: cs(fig).paddingTop, bg: cs(fig).backgroundColor },
    figcaption: { transform: cs(figcap).textTransform, bg: cs(figcap).backgroundColor, align: cs(figcap).textAlign },
    time: { display: cs(time).display, weight: cs(time).fontWeight, color: cs(time).color, whenColor: cs(time.parentElement).color },
    cw: { border: cs(cw).borderTopWidth, bg: cs(cw).backgroundColor, pad: cs(cw).paddingTop,
      summaryDisplay: cs(cw.querySelector('summary')).display },
    p: { indent: cs(p).textIndent, align: cs(p).textAlign, marginBottom: cs(p).marginBottom },
    caption: { bar: cs(q('.st-caption')).borderLeftWidth, style: cs(q('.st-caption')).borderLeftStyle },
    card: { display: cs(card).display, pad: cs(card).paddingLeft, decoration: cs(card).textDecorationLine,
      bg: cs(card).backgroundColor, border: cs(card).borderBottomWidth },
    scroll: document.documentElement.scrollWidth, vw: window.innerWidth,
    rootScroll: root.scrollWidth, rootClient: root.clientWidth,
  };
}

const transparent = 'rgba(0, 0, 0, 0)';

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const open = async (file, opts) => {
    const context = await browser.newContext(Object.assign({ serviceWorkers: 'block' }, opts || {}));
    await context.route(/^https?:/, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: pictureBytes }));
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(dir, file)).href, { waitUntil: 'load' });
    await page.evaluate(async () => {
      for (const img of document.images) img.loading = 'eager';
      await Promise.all(Array.from(document.images).map((img) => (img.complete ? null :
        new Promise((res) => { img.addEventListener('load', res); img.addEventListener('error', res); }))));
    });
    return { context, page };
  };

  for (const host of hosts) {
    const hostile = host === 'hostile';
    const t = (what) => host + ': ' + what;
    for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
      const { context, page } = await open(host + '.html', { viewport });
      const s = await page.evaluate(storyParts);
      const w = (what) => t(label + ': ' + what);
      const bare = await open(host + '-alone.html', { viewport });
      const hostScroll = await bare.page.evaluate(() => document.documentElement.scrollWidth);
      await bare.context.close();
      ok(w('nothing of the story sticks out of it'), s.rootScroll <= s.rootClient, s.rootScroll + ' > ' + s.rootClient);
      ok(w('the story makes the page no wider than the screen (or the host alone)'),
        s.scroll <= Math.max(s.vw, hostScroll), s.scroll + ' > ' + Math.max(s.vw, hostScroll));
      ok(w('a post is as wide as the story'), Math.abs(s.post.width - s.post.rootWidth) < 1, JSON.stringify(s.post));
      ok(w('a picture fills its post\'s width, inside it'), s.mediaImg.complete &&
        Math.abs(s.mediaImg.width - s.mediaImg.figWidth) < 1 && s.mediaImg.left >= 0 && s.mediaImg.right >= 0,
        JSON.stringify(s.mediaImg));
      ok(w('a picture in the text stays inside its post'), s.contentImg.within && s.contentImg.float === 'none',
        JSON.stringify(s.contentImg));
      if (label === 'phone') { await context.close(); continue; }

      ok(t('a byline is neither coloured nor sticky'), s.byline.bg === transparent && s.byline.position === 'static' &&
        s.byline.display === 'flex' && s.byline.pad === '0px' && s.byline.transform === 'none' &&
        s.byline.shadow === 'none' && s.byline.color === s.byline.postColor, JSON.stringify(s.byline));
      ok(t('the story\'s header and credits: no background, not sticky'), s.header.bg === transparent &&
        s.header.position === 'static' && s.credits.bg === transparent && s.credits.pad === '0px',
        JSON.stringify([s.header, s.credits]));
      ok(t('a post keeps its card: not floated, no width cap, a 1px border'), s.post.float === 'none' &&
        s.post.maxWidth === 'none' && s.post.borderTop === '1px', JSON.stringify(s.post));
      const bad = s.links.filter((l) => l.color === l.around || !/underline/.test(l.underline) ||
        l.border !== '0px' || l.bg !== transparent || l.pad !== '0px' || l.display !== 'inline');
      ok(t('every link in text looks like a link: its own colour, underlined (' + s.links.length + ')'),
        s.links.length >= 5 && bad.length === 0, JSON.stringify(bad.length ? bad : s.links));
      if (hostile) {
        const other = s.links.filter((l) => l.color !== 'rgb(179, 38, 30)');
        ok(t('links take the theme\'s link colour, in the story\'s header and credits too'),
          other.length === 0, JSON.stringify(other));
      }
      ok(t('a picture: the story\'s border and corners, no theme\'s frame'), s.mediaImg.border === '1px' &&
        s.mediaImg.pad === '0px' && s.mediaImg.float === 'none' && s.mediaImg.radius === '10px' &&
        s.mediaImg.shadow === 'none', JSON.stringify(s.mediaImg));
      ok(t('a picture in the text: no theme\'s frame'), s.contentImg.pad === '0px' && s.contentImg.border === '0px',
        JSON.stringify(s.contentImg));
      ok(t('an avatar is a round picture of its size'), Math.abs(s.avatar.width - s.avatar.height) < 1 &&
        s.avatar.width > 30 && s.avatar.width < 60 && s.avatar.border === '0px' && s.avatar.pad === '0px' &&
        s.avatar.radius === '50%', JSON.stringify(s.avatar));
      ok(t('lists keep their bullets and numbers'), s.list.display === 'list-item' && s.list.style === 'disc' &&
        s.list.olStyle === 'decimal' && s.list.before === 'none' && s.list.marker !== 'none' &&
        s.list.pad === '0px' && s.list.border === '0px' && parseFloat(s.list.ulPad) > 10, JSON.stringify(s.list));
      ok(t('a quote is the story\'s: no theme\'s size, italics or quote mark'), s.quote.fontStyle === 'normal' &&
        s.quote.bg === transparent && s.quote.border === '3px' && s.quote.before === 'none' &&
        s.quote.fontSize === s.quote.postFontSize, JSON.stringify(s.quote));
      ok(t('headings take the story\'s font, case and colour'), s.heading.transform === 'none' &&
        s.heading.font === s.rootFont && s.heading.before === 'none' && s.heading.color === s.heading.rootColor &&
        s.title.transform === 'none' && s.title.font === s.rootFont && s.title.border === '0px',
        JSON.stringify([s.heading, s.title, s.rootFont]));
      ok(t('a figure and its caption: no theme\'s frame or case'), s.figure.margin === '0px' &&
        s.figure.border === '0px' && s.figure.pad === '0px' && s.figure.bg === transparent &&
        s.figcaption.transform === 'none' && s.figcaption.bg === transparent, JSON.stringify([s.figure, s.figcaption]));
      ok(t('a time is inline text of its line'), s.time.display === 'inline' && s.time.color === s.time.whenColor,
        JSON.stringify(s.time));
      ok(t('a content warning: no theme\'s box'), s.cw.border === '0px' && s.cw.bg === transparent &&
        s.cw.pad === '0px' && s.cw.summaryDisplay === 'list-item', JSON.stringify(s.cw));
      ok(t('a paragraph: no indent, no justification'), s.p.indent === '0px' && s.p.align === 'start',
        JSON.stringify(s.p));
      ok(t('a curator\'s caption keeps its bar'), s.caption.bar === '3px' && s.caption.style === 'solid',
        JSON.stringify(s.caption));
      ok(t('a link card is a card'), s.card.display === 'flex' && s.card.pad === '0px' &&
        s.card.decoration === 'none' && s.card.border === '1px', JSON.stringify(s.card));

      // In the dark, links still stand out (the host's dark link colour).
      const dark = await open(host + '.html', { viewport, colorScheme: 'dark' });
      const dl = (await dark.page.evaluate(storyParts)).links;
      await dark.context.close();
      const want = hostile ? (l) => l.color === 'rgb(138, 180, 248)' : (l) => l.color !== l.around;
      ok(t('in the dark, every link in text has the host\'s dark link colour'), dl.every(want), JSON.stringify(dl));

      // Nothing leaks out: the host computes the same with and without.
      const withStory = await page.evaluate(hostStyles, HOST_PROPS);
      const sel = await page.evaluate(storySelectors);
      ok(t('every selector of the story\'s stylesheet is scoped to it (' + sel.n + ')'),
        sel.n > 100 && sel.bad.length === 0, sel.bad.join('\n'));
      ok(t('the story\'s stylesheet holds style and @media rules only'),
        sel.kinds.every((k) => ['CSSStyleRule', 'CSSMediaRule', 'CSSSupportsRule'].includes(k)), sel.kinds.join(' '));
      await context.close();
      const alone = await open(host + '-alone.html', { viewport });
      const without = await alone.page.evaluate(hostStyles, HOST_PROPS);
      await alone.context.close();
      const diffs = [];
      for (const k of Object.keys(without)) {
        if (!withStory[k]) { diffs.push(k + ' missing'); continue; }
        for (const p of HOST_PROPS) {
          if (withStory[k][p] !== without[k][p]) diffs.push(k + ' ' + p + ': ' + without[k][p] + ' -> ' + withStory[k][p]);
        }
      }
      ok(t('the host\'s own elements compute the same with the story pasted in (' + Object.keys(without).length + ')'),
        Object.keys(without).length > 20 && diffs.length === 0, diffs.join('\n'));
      if (hostile) {
        ok(t('control: the host\'s rules do style its own byline-like header'),
          without['h-post-header']['background-color'] !== transparent && without['h-post-header'].position === 'sticky',
          JSON.stringify(without['h-post-header']));
      }
    }

    if (process.env.SHOTS) {
      for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
        for (const scheme of ['light', 'dark']) {
          const { context, page } = await open(host + '.html', { viewport, colorScheme: scheme });
          const name = path.join(process.env.SHOTS, `${host}-${label}-${scheme}`);
          await page.screenshot({ path: name + '.png', fullPage: true });
          // The story in slices a screen high, to look at closely.
          const r = await page.evaluate(() => {
            const b = document.querySelector('.storied-embed').getBoundingClientRect();
            return { top: b.top + window.scrollY, bottom: b.bottom + window.scrollY };
          });
          for (let y = Math.max(0, r.top - 40), i = 1; y < r.bottom; y += viewport.height, i++) {
            await page.screenshot({ path: `${name}-${i}.png`, fullPage: true,
              clip: { x: 0, y, width: viewport.width, height: Math.min(viewport.height, r.bottom + 40 - y) } });
          }
          if (label === 'desktop' && scheme === 'light') {
            await page.emulateMedia({ media: 'print' });
            await page.screenshot({ path: path.join(process.env.SHOTS, `${host}-print.png`), fullPage: true });
            await page.pdf({ path: path.join(process.env.SHOTS, `${host}.pdf`), format: 'A4' });
          }
          await context.close();
        }
      }
    }
  }
  await browser.close();
}

main().then(() => process.exit(failures ? 1 : 0), (e) => {
  console.log('not ok - the browser ran');
  console.log('#   ' + String(e && e.stack || e).replace(/\n/g, '\n#   '));
  process.exit(1);
});
