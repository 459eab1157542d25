// offline_browser.js - opens a rendered story in headless Chromium with the
// network cut off (playwright-core, tests/package.json) and checks that the
// page stands on its own: it asks for nothing outside its own file (every
// other request is aborted and counted, and a request the page's CSP
// refused counts too), and every picture it shows has decoded (complete,
// naturalWidth > 0): media, avatars, card images. Prints TAP-like
// "ok"/"not ok" lines for tests/run.sh. Used by tests/cli/archive_browser.sh.
//
// usage: node offline_browser.js FILE NAME [MIN_IMAGES | control]
//   FILE        the page (an absolute path)
//   NAME        a label for the lines
//   MIN_IMAGES  at least this many <img> must be on the page (default 1)
//   control     the page links remote files: the blocker must see its
//               requests and its pictures must be broken (or the checks
//               above could not fail)
'use strict';
const { chromium } = require('playwright-core');
const { pathToFileURL } = require('url');
const path = require('path');

const [file, name, minImages] = process.argv.slice(2);
let failures = 0;
function ok(what, cond, detail) {
  if (cond) console.log('ok - ' + name + ': ' + what);
  else {
    failures++;
    console.log('not ok - ' + name + ': ' + what);
    if (detail !== undefined) console.log('#   ' + String(detail).slice(0, 1500).replace(/\n/g, '\n#   '));
  }
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ offline: true, serviceWorkers: 'block' });
  const pageUrl = pathToFileURL(path.resolve(file)).href;
  const dir = pageUrl.slice(0, pageUrl.lastIndexOf('/') + 1);
  const outside = [];
  // data: never reaches the router; file: stays inside the page's folder
  // (--media-dir writes the files beside it); anything else is aborted.
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(dir)) return route.continue();
    outside.push(u);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const violations = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to load/i.test(m.text())) violations.push(m.text());
  });
  page.on('requestfailed', (r) => {
    if (!r.url().startsWith('data:') && !outside.includes(r.url())) outside.push(r.url() + ' (' + r.failure().errorText + ')');
  });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
    });
  });
  await page.goto(pageUrl, { waitUntil: 'load' });
  // Lazy images load when scrolled to: bring each into view, then wait.
  await page.evaluate(async () => {
    for (const img of document.images) {
      img.loading = 'eager';
      img.scrollIntoView();
    }
    window.scrollTo(0, 0);
    await Promise.all(Array.from(document.images).map((img) => (img.complete ? null :
      new Promise((res) => { img.addEventListener('load', res); img.addEventListener('error', res); }))));
  });
  const imgs = await page.evaluate(() => Array.from(document.images).map((img) => ({
    src: img.currentSrc || img.src,
    alt: img.alt,
    cls: img.className,
    complete: img.complete,
    w: img.naturalWidth,
  })));
  const csp = violations.concat(await page.evaluate(() => window.__violations));
  if (minImages === 'control') {
    ok('the blocker sees the page ask for remote files', outside.length + csp.length > 0);
    ok('and its pictures do not decode', imgs.length > 0 && imgs.every((i) => i.w === 0),
      JSON.stringify(imgs.map((i) => i.w)));
    await browser.close();
    return;
  }
  const min = Number(minImages || 1);
  ok('at least ' + min + ' pictures on the page', imgs.length >= min, imgs.length);
  const broken = imgs.filter((i) => !i.complete || i.w === 0);
  ok('every picture decoded (naturalWidth > 0): ' + imgs.length, broken.length === 0,
    broken.map((i) => (i.cls ? '.' + i.cls + ' ' : '') + i.src.slice(0, 100) + ' alt=' + JSON.stringify(i.alt)).join('\n'));
  const kinds = {};
  for (const i of imgs) kinds[i.cls || '(none)'] = (kinds[i.cls || '(none)'] || 0) + 1;
  console.log('# pictures by class: ' + JSON.stringify(kinds));
  ok('no request outside the file', outside.length === 0, outside.join('\n'));
  ok('nothing refused by the page\'s CSP either', csp.length === 0, csp.join('\n'));
  await browser.close();
}

main().then(() => process.exit(failures ? 1 : 0), (e) => {
  console.log('not ok - ' + name + ': the browser ran');
  console.log('#   ' + String(e && e.stack || e).replace(/\n/g, '\n#   '));
  process.exit(1);
});
