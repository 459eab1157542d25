// serve_browser.js - drives the `storied serve` editor in headless Chromium
// (playwright-core, tests/package.json) as a person would, with the mouse
// and with the keyboard alone, and checks each step against the project
// file through the command line. Prints TAP-like "ok"/"not ok" lines for
// tests/run.sh. Used by tests/cli/serve_browser.sh.
//
// usage: node serve_browser.js MODE URL STORIED PROJECT [SHOT_DIR]
//   MODE edit     the editing scenario (and screenshots into SHOT_DIR)
//   MODE hostile  the hostile corpus in both panes: no script may run
//   MODE safety   two tabs, drafts, keyboard focus, names, contrast, the menu
'use strict';
const { chromium } = require('playwright-core');
const { execFileSync } = require('child_process');

const [mode, url, storied, project, shotDir] = process.argv.slice(2);
let failures = 0;
function ok(name, cond, detail) {
  if (cond) console.log('ok - ' + name);
  else {
    failures++;
    console.log('not ok - ' + name);
    if (detail !== undefined) console.log('#   ' + String(detail).slice(0, 1500).replace(/\n/g, '\n#   '));
  }
}
function cli(...args) {
  return execFileSync(storied, ['-p', project, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}
function story() {
  return JSON.parse(cli('show', '--json'));
}
function storyKeys() {
  return story().map((i) => (i.kind === 'post' ? 'p' + i.post_id : i.kind[0] + ':' + i.text)).join(' ');
}
async function until(fn, ms) {
  const end = Date.now() + (ms || 10000);
  for (;;) {
    let v;
    try { v = await fn(); } catch (e) { v = false; }
    if (v) return v;
    if (Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

// The page must reach nothing but the editor: every other request is
// answered locally with an empty body (no network in tests).
// Images (avatars, media) get a plain placeholder, so screenshots look as
// they would with the pictures loading.
const PLACEHOLDER = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360" viewBox="0 0 640 360">' +
  '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#9fb8bd"/>' +
  '<stop offset="1" stop-color="#d9c9a8"/></linearGradient></defs><rect width="640" height="360" fill="url(#g)"/></svg>';
async function offline(context) {
  const origin = new URL(url).origin;
  await context.route('**/*', (route) => {
    const req = route.request();
    if (req.url().startsWith(origin)) return route.continue();
    if (req.resourceType() === 'image')
      return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: PLACEHOLDER });
    return route.fulfill({ status: 204, body: '' });
  });
}

async function edit() {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await offline(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  ok('the token link lands on the editor, without the token in the address', !page.url().includes('token='), page.url());

  const posts = page.getByRole('region', { name: 'Posts' });
  const storyPane = page.getByRole('region', { name: 'Story' });
  ok('a region named Posts', await posts.count() === 1);
  ok('a region named Story', await storyPane.count() === 1);
  const postItems = posts.getByRole('listitem');
  await until(async () => (await postItems.count()) > 0);
  const total = await postItems.count();
  ok('posts are listed', total >= 10, total);

  // Search.
  const search = page.getByRole('searchbox', { name: 'Search posts' });
  ok('a search box labelled "Search posts"', await search.count() === 1);
  await search.fill('keynote');
  ok('search narrows the list', await until(async () => (await postItems.count()) >= 1 && (await postItems.count()) < total),
    await postItems.count());
  const keynote = postItems.filter({ hasText: 'keynote' }).first();
  ok('search finds the keynote post', await keynote.count() === 1);
  const keynoteId = Number(await keynote.getAttribute('data-id'));

  // Drag a post into the empty story.
  await keynote.dragTo(page.locator('#story-drop'));
  ok('drag a post into the story', await until(() => storyKeys() === 'p' + keynoteId), storyKeys());
  const storyItems = storyPane.locator('#story-list > li.item');
  ok('story items are list items', await storyPane.getByRole('list').count() >= 1);
  ok('the story shows it as a list item with its text',
    await until(async () => (await storyItems.filter({ hasText: 'keynote' }).count()) === 1));

  // Drag a second post above the first, then reorder by dragging.
  await search.fill('');
  await until(async () => (await postItems.count()) === total);
  const second = postItems.filter({ hasNot: page.locator('.badge') }).nth(2);
  const secondId = Number(await second.getAttribute('data-id'));
  const first = storyItems.first();
  await second.dragTo(first, { targetPosition: { x: 40, y: 5 } });
  ok('drag a post above an item', await until(() => storyKeys() === 'p' + secondId + ' p' + keynoteId), storyKeys());
  const domOrder = () => storyItems.evaluateAll((lis) => lis.map((li) => li.dataset.id).join(' '));
  const storedOrder = () => story().map((i) => String(i.id)).join(' ');
  await until(async () => (await domOrder()) === storedOrder());
  await page.waitForTimeout(300); // let a poll's refresh settle: the nodes must stay put during a drag
  const itemBox = await until(() => storyItems.nth(1).boundingBox());
  await storyItems.nth(0).dragTo(storyItems.nth(1), { targetPosition: { x: 40, y: itemBox.height - 4 } });
  ok('drag an item below another to reorder', await until(() => storyKeys() === 'p' + keynoteId + ' p' + secondId), storyKeys());

  // Keyboard alone: Add, Move up, Remove.
  await until(async () => (await storyItems.count()) === 2);
  const third = postItems.filter({ hasNot: page.locator('.badge') }).nth(4);
  const thirdId = Number(await third.getAttribute('data-id'));
  await third.getByRole('button', { name: 'Add', exact: true }).focus();
  await page.keyboard.press('Enter');
  ok('keyboard: Add places the post at the end', await until(() => storyKeys().endsWith('p' + thirdId)), storyKeys());
  ok('keyboard: focus moves on to a next post\'s Add', await until(() => page.evaluate(() =>
    document.activeElement && document.activeElement.textContent === 'Add' && !!document.activeElement.closest('#posts-list'))));
  await until(async () => (await storyItems.count()) === 3);
  const last = storyItems.nth(2);
  await last.getByRole('button', { name: 'Move up' }).focus();
  await page.keyboard.press('Enter');
  ok('keyboard: Move up', await until(() => storyKeys() === 'p' + keynoteId + ' p' + thirdId + ' p' + secondId), storyKeys());
  ok('keyboard: the page follows', await until(async () => (await domOrder()) === storedOrder(), 15000),
    'page ' + await domOrder() + ' / stored ' + storedOrder());
  const thirdItem = String(story().find((i) => i.post_id === thirdId).id);
  ok('keyboard: focus stays on the moved item\'s Move up', await until(() => page.evaluate((id) => {
    const a = document.activeElement;
    return a && a.textContent === 'Move up' && a.closest('li').dataset.id === id;
  }, thirdItem)));
  await page.keyboard.press('Enter');
  ok('keyboard: Move up again', await until(() => storyKeys() === 'p' + thirdId + ' p' + keynoteId + ' p' + secondId), storyKeys());
  await until(async () => (await domOrder()) === storedOrder());
  await storyItems.first().getByRole('button', { name: 'Move down' }).focus();
  await page.keyboard.press('Enter');
  ok('keyboard: Move down', await until(() => storyKeys() === 'p' + keynoteId + ' p' + thirdId + ' p' + secondId), storyKeys());
  await until(async () => (await domOrder()) === storedOrder());
  await storyItems.nth(1).getByRole('button', { name: 'Remove' }).focus();
  await page.keyboard.press('Enter');
  ok('keyboard: Remove', await until(() => storyKeys() === 'p' + keynoteId + ' p' + secondId), storyKeys());

  // Edit a caption with the keyboard: Ctrl+Enter saves.
  await until(async () => (await storyItems.count()) === 2);
  await storyItems.first().getByRole('button', { name: 'Edit caption' }).click();
  const box = storyItems.first().getByRole('textbox', { name: /Caption/ });
  ok('Edit caption opens a labelled text box', await until(async () => (await box.count()) === 1));
  ok('with Save and Cancel', (await storyItems.first().getByRole('button', { name: 'Save' }).count()) === 1 &&
    (await storyItems.first().getByRole('button', { name: 'Cancel' }).count()) === 1);
  await box.fill('The room was *full*.');
  ok('the preview shows it as it will render', await until(async () =>
    (await storyItems.first().locator('.preview em').count()) === 1));
  await page.keyboard.press('Control+Enter');
  const captionOf = () => (story()[0] || {}).caption;
  ok('Ctrl+Enter saves the caption', await until(() => captionOf() === 'The room was *full*.'), captionOf());
  ok('the caption shows rendered', await until(async () =>
    (await storyItems.first().locator('.st-caption em').count()) === 1));

  // Escape cancels.
  await storyItems.first().getByRole('button', { name: 'Edit caption' }).click();
  await storyItems.first().getByRole('textbox').fill('not this');
  page.once('dialog', (d) => d.accept()); // typed text goes only when the person says so
  await page.keyboard.press('Escape');
  ok('Escape cancels', await until(async () => (await storyItems.first().locator('form.edit').count()) === 0) &&
    captionOf() === 'The room was *full*.');

  // Add heading and Add note open the same kind of box.
  await page.getByRole('button', { name: 'Add heading' }).click();
  await page.getByRole('textbox', { name: 'New heading' }).fill('Saturday');
  await page.getByRole('button', { name: 'Save' }).click();
  ok('Add heading', await until(() => storyKeys().endsWith('h:Saturday')), storyKeys());
  // Select the first item: the note goes after it.
  await storyItems.first().click({ position: { x: 8, y: 8 } });
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByRole('textbox', { name: /New note/ }).fill('What a **start**.');
  await page.keyboard.press('Control+Enter');
  ok('Add note after the selected item', await until(() => storyKeys() ===
    'p' + keynoteId + ' n:What a **start**. p' + secondId + ' h:Saturday'), storyKeys());

  // Hide a post.
  const hideTarget = postItems.filter({ hasNot: page.locator('.badge') }).nth(5);
  const hideId = Number(await hideTarget.getAttribute('data-id'));
  await hideTarget.getByRole('button', { name: 'Hide' }).click();
  ok('Hide', await until(() => !JSON.parse(cli('posts', '--json')).some((p) => p.id === hideId)));

  // Undo and Redo, from the page, in the command line's history.
  await page.getByRole('button', { name: 'Undo' }).click();
  ok('Undo reverses the hide', await until(() => JSON.parse(cli('posts', '--json')).some((p) => p.id === hideId)));
  await page.getByRole('button', { name: 'Undo' }).click();
  ok('Undo again reverses the note', await until(() => !storyKeys().includes('n:')), storyKeys());
  await page.getByRole('button', { name: 'Redo' }).click();
  ok('Redo brings the note back', await until(() => storyKeys().includes('n:What a')), storyKeys());
  ok('the page\'s changes are in `storied history`', cli('history').includes('annotate'));

  // A change from the command line shows without a reload; an open edit box survives it.
  await storyItems.last().getByRole('button', { name: 'Edit' }).click();
  const headingBox = storyItems.last().getByRole('textbox', { name: 'Heading' });
  await headingBox.fill('Saturday, typing');
  const secondItem = story().find((i) => i.post_id === secondId).id;
  cli('move', String(secondItem), '--top');
  ok('a command-line move shows in the page', await until(async () =>
    Number(await storyItems.first().getAttribute('data-id')) === secondItem, 6000));
  ok('and the open edit box keeps what was typed', (await headingBox.count()) === 1 &&
    (await headingBox.inputValue()) === 'Saturday, typing');
  await page.keyboard.press('Escape');

  // Screenshots for people (and for the README): desktop and phone, light and dark.
  cli('heading', 'Saturday morning', '--top');
  await until(async () => (await storyItems.count()) === 5);
  const expected = storyKeys();
  if (shotDir) {
    await search.fill('talk');
    await until(async () => (await postItems.count()) < total);
    await page.locator('#posts-pane').evaluate((e) => { e.scrollTop = 0; });
    await storyItems.nth(1).click({ position: { x: 8, y: 8 } });
    await page.waitForTimeout(300);
    await page.screenshot({ path: shotDir + '/desktop-light.png' });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: shotDir + '/desktop-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });
  }

  // Reload: everything persisted.
  await page.reload();
  await until(async () => (await storyItems.count()) === 5);
  const shown = await storyItems.evaluateAll((lis) => lis.map((li) => li.dataset.id).join(' '));
  const stored = story().map((i) => String(i.id)).join(' ');
  ok('after a reload the page shows the stored story', shown === stored && storyKeys() === expected, shown + ' / ' + stored);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await offline(phone);
  const p2 = await phone.newPage();
  await p2.goto(url);
  await until(async () => (await p2.locator('#story-list > li').count()) === 5);
  ok('the phone layout stacks the panes', await p2.evaluate(() => {
    const a = document.querySelector('#posts-pane').getBoundingClientRect();
    const b = document.querySelector('#story-pane').getBoundingClientRect();
    const d = document.documentElement;
    return b.top >= a.bottom - 1 && d.scrollWidth <= d.clientWidth + 1;
  }));
  // On the phone the filters fold under one line, so the first post shows
  // on the first screen; the line opens them; on the desktop they are open.
  const folded = await p2.evaluate(() => [document.querySelector('#more-filters').open,
    document.querySelector('#source').checkVisibility(), window.innerWidth]);
  ok('the phone folds the filters', folded[0] === false && folded[1] === false, JSON.stringify(folded));
  ok('the first post shows on the phone\'s first screen', await p2.evaluate(() => {
    const li = document.querySelector('#posts-list > li');
    return li !== null && li.getBoundingClientRect().top < window.innerHeight / 2;
  }));
  await p2.getByText('Filters', { exact: false }).first().tap();
  ok('a tap on "Filters" opens them', await p2.evaluate(() => document.querySelector('#more-filters').open &&
    document.querySelector('#source').checkVisibility()));
  await p2.locator('#media').check();
  await until(async () => /1 on/.test(await p2.locator('#filters-on').textContent()));
  ok('the folded line counts the filters that are on', /\(1 on\)/.test(await p2.locator('#filters-on').textContent()));
  await p2.locator('#media').uncheck();
  await p2.locator('#more-filters > summary').tap();
  ok('the desktop shows the filters open', await page.evaluate(() => document.querySelector('#more-filters').open));
  if (shotDir) {
    await p2.screenshot({ path: shotDir + '/phone-light.png' });
    await p2.emulateMedia({ colorScheme: 'dark' });
    await p2.locator('#story-pane').scrollIntoViewIfNeeded();
    await p2.screenshot({ path: shotDir + '/phone-dark.png' });
    // The project page.
    await page.getByRole('button', { name: 'Project' }).click();
    await until(async () => (await page.locator('#sources li').count()) > 0);
    await page.screenshot({ path: shotDir + '/project.png' });
  }
  // Touch, on the phone: a finger drags a post by its grip into the story,
  // an item within it, and the page scrolls under a finger held at the edge.
  await p2.emulateMedia({ colorScheme: 'light' });
  await touchScenario(p2, phone, shotDir);
  await part('messages where the organizer is', () => messagesScenario(browser, shotDir));

  // Import a file picked on the Project page (the chooser is the browser's).
  if ((await page.locator('#project').isHidden()))
    await page.getByRole('button', { name: 'Project' }).click();
  const before = JSON.parse(cli('posts', '--json')).length;
  await page.getByLabel(/Import a file/).setInputFiles(require('path').join(__dirname, '..', 'fixtures', 'import', 'mastodon-archive.tar.gz'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await until(async () => /mastodon-archive\.tar\.gz: mastodon-archive/.test(await page.locator('#status').textContent()));
  ok('a file picked on the Project page is imported', JSON.parse(cli('posts', '--json')).length > before,
    await page.locator('#status').textContent());
  ok('no script errors in the page', errors.length === 0, errors.join('\n'));
  await browser.close();
}

// A finger on the phone page (Chrome's touch events through CDP: the page
// sees pointer events of type "touch", as on a real phone).
async function touchScenario(p2, phone, shotDir) {
  const cdp = await phone.newCDPSession(p2);
  const touch = (type, x, y) => cdp.send('Input.dispatchTouchEvent',
    { type, touchPoints: type === 'touchEnd' ? [] : [{ x: Math.round(x), y: Math.round(y) }] });
  const center = async (loc) => {
    const b = await loc.boundingBox();
    return { x: b.x + b.width / 2, y: b.y + b.height / 2, top: b.y, bottom: b.y + b.height };
  };
  async function finger(from, to, opts) {
    await touch('touchStart', from.x, from.y);
    const steps = 12;
    for (let i = 1; i <= steps; i++) {
      await touch('touchMove', from.x + (to.x - from.x) * i / steps, from.y + (to.y - from.y) * i / steps);
      await p2.waitForTimeout(30);
    }
    if (opts && opts.before) await opts.before();
    await touch('touchEnd');
  }
  const items = p2.locator('#story-list > li.item');
  const ids = () => items.evaluateAll((lis) => lis.map((li) => li.dataset.id).join(' '));
  const stored = () => story().map((i) => String(i.id)).join(' ');
  await until(async () => (await ids()) === stored());
  ok('touch: story items and unplaced posts have a grip to drag by',
    (await items.locator('.grip').count()) === (await items.count()) &&
    (await p2.locator('#posts-list > li:not(.placed) > .grip').count()) > 0);
  ok('touch: the grips are big enough for a finger', await p2.evaluate(() => {
    const g = document.querySelector('#posts-list > li:not(.placed) > .grip').getBoundingClientRect();
    return g.width >= 40 && g.height >= 40;
  }));

  // A post into the story after its first item: bring both into view.
  const post = p2.locator('#posts-list > li:not(.placed)').nth(1);
  const postId = Number(await post.getAttribute('data-id'));
  await post.evaluate((li) => { li.scrollIntoView({ block: 'end' }); window.scrollBy(0, 420); });
  await p2.waitForTimeout(200);
  let from = await center(post.locator('.grip'));
  let to = await center(items.nth(0));
  ok('touch: the post and the story are both in view for the drag', from.top >= 0 && to.bottom <= 844,
    JSON.stringify([from, to]));
  const before = story();
  await finger(from, { x: to.x, y: to.bottom - 6 }, { before: async () => {
    if (shotDir) await p2.screenshot({ path: shotDir + '/phone-touch-drag.png' });
    ok('touch: the drop mark shows where it lands', await p2.locator('#story-list > li.drop-after').count() === 1);
    ok('touch: a label follows the finger', await p2.locator('.drag-ghost').count() === 1);
  } });
  ok('touch: a finger drags a post into the story after the first item', await until(() => {
    const s = story();
    return s.length === before.length + 1 && s[1].post_id === postId && s[0].id === before[0].id;
  }), storyKeys());
  ok('touch: the label is gone after the drop', await p2.locator('.drag-ghost').count() === 0);

  // An item within the story: the third above the first (clear of the
  // top edge, where the page would scroll).
  await until(async () => (await ids()) === stored());
  const s1 = story();
  await items.nth(0).evaluate((li) => { li.scrollIntoView({ block: 'start' }); window.scrollBy(0, -150); });
  await p2.waitForTimeout(200);
  from = await center(items.nth(2).locator('.grip'));
  to = await center(items.nth(0));
  ok('touch: both items are in view for the drag', to.top > 60 && from.y < 780, JSON.stringify([from, to]));
  await finger(from, { x: from.x, y: to.top + 8 });
  ok('touch: a finger drags an item above another', await until(() => {
    const s = story();
    return s[0].id === s1[2].id && s[1].id === s1[0].id && s.length === s1.length;
  }), storyKeys());

  // Lifted outside the story: nothing changes.
  await until(async () => (await ids()) === stored());
  const s2 = storyKeys();
  // The page and the posts (scrolled within by the first drag) back at their tops.
  await p2.evaluate(() => { window.scrollTo(0, 0); document.querySelector('#posts-pane').scrollTop = 0; });
  await p2.waitForTimeout(200);
  const other = p2.locator('#posts-list > li:not(.placed)').first();
  from = await center(other.locator('.grip'));
  await finger(from, { x: from.x - 150, y: from.y + 120 });
  await p2.waitForTimeout(500);
  ok('touch: a post lifted outside the story is put back', storyKeys() === s2 &&
    (await p2.locator('.drag-ghost, .dragging').count()) === 0, storyKeys());

  // Held at the bottom edge, the page scrolls down to the story; lifted there, the post lands.
  const far = p2.locator('#posts-list > li:not(.placed)').first();
  const farId = Number(await far.getAttribute('data-id'));
  from = await center(far.locator('.grip'));
  const y0 = await p2.evaluate(() => window.scrollY);
  // The story must come up well above where it starts, not merely be in
  // reach of the finger at the edge (the page may start close to it).
  const goal = Math.min(760, await p2.evaluate(() => document.querySelector('#story-pane').getBoundingClientRect().top) - 100);
  await touch('touchStart', from.x, from.y);
  await touch('touchMove', from.x, from.y + 20);
  await touch('touchMove', from.x, 838);
  const reached = await until(async () => {
    await touch('touchMove', from.x, 838);
    return p2.evaluate((goal) => document.querySelector('#story-pane').getBoundingClientRect().top < goal, goal);
  }, 15000);
  const y1 = await p2.evaluate(() => window.scrollY);
  await touch('touchEnd');
  ok('touch: a finger held at the bottom edge scrolls the page to the story', reached && y1 > y0, y0 + ' -> ' + y1);
  ok('touch: and the post is dropped there', await until(() => story().some((i) => i.post_id === farId)), storyKeys());
  await until(async () => (await ids()) === stored());
}

// Wider than the screen: the layout viewport (documentElement.clientWidth)
// stays the device's width, while window.innerWidth grows with the page in
// mobile emulation, so only the first catches a page that scrolls sideways.
const fitsWidth = (p) => p.evaluate(() => {
  const d = document.documentElement;
  return d.scrollWidth <= d.clientWidth + 1 ? true : d.scrollWidth + ' > ' + d.clientWidth;
});

// Where a message is: its text, whether the whole of it shows inside the
// window, and whether a tap where it shows still reaches the page under it.
const messageAt = (p, sel) => p.evaluate((sel) => {
  const m = document.querySelector(sel);
  const r = m.getBoundingClientRect();
  const seen = m.checkVisibility() && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight &&
    r.left >= 0 && r.right <= document.documentElement.clientWidth;
  const hit = seen && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return { text: m.textContent, seen, through: !!hit && !m.contains(hit), top: Math.round(r.top),
    scrolled: Math.round(window.scrollY), focus: !!document.activeElement.closest('#status, #alert') };
}, sel);

// After Remove, Move or Hide on what is far down the page, and after Undo,
// the message saying what happened (or what failed) shows where the
// organizer is: on a phone, whose bar scrolls away, and on a desktop; it
// takes no focus, lets taps through, and goes after a while.
async function messagesScenario(browser, shotDir) {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await offline(phone);
  const p = await phone.newPage();
  await p.goto(url);
  const items = p.locator('#story-list > li.item');
  await until(async () => (await items.count()) === story().length);
  ok('messages: the phone page is no wider than the screen', (await fitsWidth(p)) === true, await fitsWidth(p));
  ok('messages: the status line is a polite live region', await p.evaluate(() => {
    const s = document.querySelector('#status');
    return s.getAttribute('role') === 'status' && s.getAttribute('aria-live') === 'polite';
  }));

  // Remove the last item of the story, far down the phone's page.
  const n = story().length;
  const last = items.last();
  await last.evaluate((li) => li.scrollIntoView({ block: 'end' }));
  await p.waitForTimeout(200);
  await last.getByRole('button', { name: 'Remove' }).tap();
  await until(() => story().length === n - 1);
  let m = await until(async () => { const x = await messageAt(p, '#status'); return /Removed/.test(x.text) ? x : null; }, 3000);
  ok('messages, phone: after Remove far down, the message shows on the screen', m && m.seen && m.scrolled > 844, JSON.stringify(m));
  ok('messages, phone: it takes no focus and lets a tap through', m && !m.focus && m.through, JSON.stringify(m));
  ok('messages, phone: the page is still no wider than the screen', (await fitsWidth(p)) === true, await fitsWidth(p));
  if (shotDir) await p.screenshot({ path: shotDir + '/phone-message-light.png' });
  cli('undo');
  await until(async () => (await items.count()) === n);

  // A change that fails: the alert shows there too.
  await p.route('**/api/move', (route) => route.fulfill({ status: 500, contentType: 'application/json',
    body: JSON.stringify({ error: 'the test refused this move' }) }));
  await items.last().evaluate((li) => li.scrollIntoView({ block: 'end' }));
  await p.waitForTimeout(200);
  await items.last().getByRole('button', { name: 'Move up' }).tap();
  m = await until(async () => { const x = await messageAt(p, '#alert'); return /refused/.test(x.text) && x.seen ? x : null; }, 3000) ||
    await messageAt(p, '#alert');
  ok('messages, phone: a change that failed says so on the screen', m.seen && /refused/.test(m.text) && m.scrolled > 844, JSON.stringify(m));
  ok('messages, phone: the alert takes no focus', !m.focus, JSON.stringify(m));
  if (shotDir) {
    await p.emulateMedia({ colorScheme: 'dark' });
    await p.screenshot({ path: shotDir + '/phone-message-dark.png' });
    await p.emulateMedia({ colorScheme: 'light' });
  }
  await p.unroute('**/api/move');

  // Hide on the last post, the posts scrolled up to the top of the screen.
  const post = p.locator('#posts-list > li:not(.placed)').last();
  const hid = Number(await post.getAttribute('data-id'));
  await p.evaluate((id) => {
    document.querySelector('#posts-pane').scrollIntoView({ block: 'start' });
    document.querySelector('#posts-list > li[data-id="' + id + '"]').scrollIntoView({ block: 'nearest' });
  }, hid);
  await p.waitForTimeout(200);
  await post.getByRole('button', { name: 'Hide' }).tap();
  m = await until(async () => { const x = await messageAt(p, '#status'); return /^Hidden/.test(x.text) ? x : null; }, 3000);
  ok('messages, phone: after Hide on a post, the message shows on the screen', m && m.seen && m.scrolled > 200, JSON.stringify(m));
  cli('undo');
  await until(() => JSON.parse(cli('posts', '--json')).some((x) => x.id === hid));

  // It goes after a while, and leaves the live region in place for the next one.
  ok('messages, phone: the message goes after a while', await until(async () =>
    !(await messageAt(p, '#status')).seen, 15000), JSON.stringify(await messageAt(p, '#status')));
  ok('messages, phone: the live region stays in the page', await p.evaluate(() =>
    document.querySelector('#status').checkVisibility() || document.querySelector('#status').textContent === ''));
  await phone.close();

  // The desktop, with the keyboard alone: Remove on the last item, then Ctrl+Z.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await offline(desk);
  const d = await desk.newPage();
  await d.goto(url);
  const ditems = d.locator('#story-list > li.item');
  await until(async () => (await ditems.count()) === story().length);
  await ditems.last().getByRole('button', { name: 'Remove' }).focus();
  await d.keyboard.press('Enter');
  await until(() => story().length === n - 1);
  m = await until(async () => { const x = await messageAt(d, '#status'); return /Removed/.test(x.text) ? x : null; }, 3000);
  ok('messages, desktop: after Remove far down, the message shows in the window', m && m.seen && m.scrolled > 300, JSON.stringify(m));
  // (Focus moves to the next item once the story is reloaded, just after the message.)
  ok('messages, desktop: focus stays in the story, not on the message', await until(() => d.evaluate(() =>
    !!document.activeElement.closest('#story-list')), 3000), await d.evaluate(() => document.activeElement.outerHTML.slice(0, 80)));
  if (shotDir) await d.screenshot({ path: shotDir + '/desktop-message-light.png' });
  await d.keyboard.press('Control+z');
  await until(() => story().length === n);
  m = await until(async () => { const x = await messageAt(d, '#status'); return /^Undid/.test(x.text) ? x : null; }, 3000);
  ok('messages, desktop: after Ctrl+Z far down, "Undid" shows in the window', m && m.seen && m.scrolled > 300, JSON.stringify(m));
  if (shotDir) {
    await d.emulateMedia({ colorScheme: 'dark' });
    await d.screenshot({ path: shotDir + '/desktop-message-dark.png' });
  }
  await desk.close();
}

// What an event organizer met (fix-editor): two tabs, drafts, focus, a
// hidden post left in the story, names, contrast, the Download menu and
// the page's own words. Each step checks the project file through the
// command line too.
// One part of a scenario: a step that throws is one failure, and the
// parts after it still run (each checks its own fix).
async function part(name, fn) {
  try {
    await fn();
  } catch (e) {
    ok(name + ': ran to the end', false, e.stack || e);
  }
}

async function safety() {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await offline(context);
  context.setDefaultTimeout(8000);
  let A = await context.newPage();
  const errors = [];
  A.on('pageerror', (e) => errors.push(e.message));
  await A.goto(url);
  const B = await context.newPage();
  B.on('pageerror', (e) => errors.push(e.message));
  await B.goto(new URL(url).origin + '/');
  const itemOf = (p, id) => p.locator('#story-list > li.item[data-id="' + id + '"]');
  const noteId = (text) => (story().find((i) => i.kind === 'note' && i.text === text) || {}).id;
  let shared = 0;
  const alertOf = async (p) => ((await p.locator('#alert').isVisible()) ? p.locator('#alert').innerText() : '');

  // 1. Two tabs edit one note: the second save is refused and says so; both texts stay.
  await part('two tabs', async () => {
  cli('note', 'Shared note');
  shared = noteId('Shared note');
  for (const p of [A, B]) await until(async () => (await itemOf(p, shared).count()) === 1);
  await itemOf(A, shared).getByRole('button', { name: 'Edit' }).click();
  await itemOf(B, shared).getByRole('button', { name: 'Edit' }).click();
  await itemOf(A, shared).locator('textarea').fill('Version from tab A');
  await itemOf(B, shared).locator('textarea').fill('Version from tab B');
  await itemOf(A, shared).getByRole('button', { name: 'Save' }).click();
  const textOf = (id) => (story().find((i) => i.id === id) || {}).text;
  await until(() => textOf(shared) === 'Version from tab A');
  await itemOf(B, shared).getByRole('button', { name: 'Save' }).click();
  const notice = itemOf(B, shared).locator('.edit-notice');
  ok('two tabs: the second save is refused, saying so in the box', await until(async () =>
    (await notice.isVisible()) && /changed elsewhere/.test(await notice.innerText())), await alertOf(B));
  ok('two tabs: the first tab\'s text is kept in the project', textOf(shared) === 'Version from tab A', textOf(shared));
  ok('two tabs: the second tab keeps its own text in the box',
    (await itemOf(B, shared).locator('textarea').inputValue()) === 'Version from tab B');
  ok('two tabs: and shows the text it has now', /Version from tab A/.test(await notice.innerText()));
  await itemOf(B, shared).getByRole('button', { name: 'Save' }).click();
  ok('two tabs: Save again, knowing, replaces it', await until(() => textOf(shared) === 'Version from tab B'), textOf(shared));

  });

  // 2a. An edit box with typed text survives its item's removal elsewhere.
  await part('a removed item\'s draft', async () => {
  cli('note', 'Soon removed');
  shared = noteId('Soon removed');
  await until(async () => (await itemOf(A, shared).count()) === 1, 6000);
  await itemOf(A, shared).getByRole('button', { name: 'Edit' }).click();
  await itemOf(A, shared).locator('textarea').fill('A long paragraph I spent ten minutes writing.');
  cli('rm', String(shared));
  const detached = A.locator('#story-list > li.detached');
  ok('a draft whose item was removed elsewhere stays on screen', await until(async () =>
    (await detached.count()) === 1, 6000));
  ok('with what was typed', (await detached.locator('textarea').count()) === 1 &&
    (await detached.locator('textarea').inputValue()) === 'A long paragraph I spent ten minutes writing.');
  ok('saying the item was removed', /removed/.test(await detached.locator('.edit-notice').innerText()));
  await detached.getByRole('button', { name: 'Save as a new note' }).click();
  ok('and it can be saved as a new note', await until(() =>
    story().some((i) => i.kind === 'note' && i.text === 'A long paragraph I spent ten minutes writing.')), storyKeys());
  ok('the detached box is gone once saved', await until(async () => (await detached.count()) === 0));

  });

  // 2c. Escape with typed text asks first; with nothing typed it just closes.
  await part('Escape and leaving the page', async () => {
  const dialogs = [];
  let answer = false;
  A.on('dialog', async (d) => { dialogs.push(d.type()); if (answer) await d.accept(); else await d.dismiss(); });
  await A.getByRole('button', { name: 'Add note' }).click();
  const draft = { // A may be a new page by the end of this part
    fill: (t) => A.locator('#story-list > li.new-item textarea').fill(t),
    count: () => A.locator('#story-list > li.new-item textarea').count(),
    inputValue: () => A.locator('#story-list > li.new-item textarea').inputValue(),
    focus: () => A.locator('#story-list > li.new-item textarea').focus(),
  };
  await draft.fill('Three paragraphs of careful prose');
  await A.keyboard.press('Escape');
  await A.waitForTimeout(200);
  ok('Escape in a box with typed text asks first', dialogs.includes('confirm'), dialogs.join(' '));
  ok('and, told no, keeps the text', (await draft.count()) === 1 &&
    (await draft.inputValue()) === 'Three paragraphs of careful prose');

  // 2b. Leaving the page with unsaved text asks; with none it does not.
  dialogs.length = 0;
  await A.close({ runBeforeUnload: true });
  ok('closing the tab with unsaved text asks first', await until(() => dialogs.includes('beforeunload'), 3000), dialogs.join(' '));
  ok('and the tab stays when told to', !A.isClosed());
  if (A.isClosed()) { // without the prompt the tab went: a new one for the parts after
    A = await context.newPage();
    A.on('dialog', async (d) => { dialogs.push(d.type()); if (answer) await d.accept(); else await d.dismiss(); });
    await A.goto(new URL(url).origin + '/');
    await A.getByRole('button', { name: 'Add note' }).click();
    await A.locator('#story-list > li.new-item textarea').fill('Three paragraphs of careful prose');
  }
  answer = true;
  dialogs.length = 0;
  await draft.focus();
  await A.keyboard.press('Escape');
  ok('Escape, told yes, discards it', await until(async () => (await draft.count()) === 0));
  dialogs.length = 0;
  await itemOf(A, story()[0].id).getByRole('button', { name: /^Edit/ }).click();
  await until(() => A.evaluate(() => !!document.activeElement.closest('form.edit')));
  await A.keyboard.press('Escape');
  await A.waitForTimeout(200);
  ok('Escape with nothing typed closes at once', dialogs.length === 0 &&
    (await A.locator('#story-list form.edit').count()) === 0, dialogs.join(' '));
  const C = await context.newPage();
  C.on('dialog', async (d) => { dialogs.push('C ' + d.type()); await d.accept(); });
  await C.goto(new URL(url).origin + '/');
  await until(async () => (await C.locator('#story-list > li.item').count()) > 0);
  await C.locator('#search').fill('x');
  await C.close({ runBeforeUnload: true });
  await A.waitForTimeout(300);
  ok('closing a tab with nothing unsaved does not ask', dialogs.length === 0 && C.isClosed(), dialogs.join(' '));

  });

  // 3. Keyboard: after Hide, focus goes to the next post, not to <body>.
  await part('keyboard focus', async () => {
  await A.locator('#search').fill('');
  await until(async () => (await A.locator('#posts-list > li').count()) > 5);
  const visible = A.locator('#posts-list > li:not(.placed)');
  const hideId = await visible.nth(1).getAttribute('data-id');
  const nextId = await visible.nth(1).evaluate((li) => li.nextElementSibling.dataset.id);
  await visible.nth(1).getByRole('button', { name: 'Hide' }).focus();
  await A.keyboard.press('Enter');
  const focusIs = (p) => p.evaluate(() => {
    const a = document.activeElement;
    const li = a && a.closest('li[data-id]');
    return { tag: a ? a.tagName : null, text: a && a.tagName === 'BUTTON' ? a.textContent : null,
      id: li ? li.dataset.id : null, list: li ? li.parentElement.id : null, item: a && a.matches('li.item') };
  });
  ok('keyboard: Hide hides the post', await until(() => JSON.parse(cli('posts', '--hidden', '--json')).some((p) => String(p.id) === hideId)));
  let f = await until(async () => { const x = await focusIs(A); return x.id === nextId ? x : null; }, 4000) || await focusIs(A);
  ok('keyboard: after Hide, focus is on the next post', f.id === nextId && f.list === 'posts-list', JSON.stringify(f));
  ok('keyboard: and not on its Hide', f.text !== 'Hide', JSON.stringify(f));
  await A.locator('#hidden').selectOption('1');
  await until(async () => (await A.locator('#posts-list > li[data-id="' + hideId + '"]').count()) === 1);
  await A.locator('#posts-list > li[data-id="' + hideId + '"]').getByRole('button', { name: 'Unhide' }).focus();
  await A.keyboard.press('Enter');
  ok('keyboard: Unhide in Hidden posts', await until(() => !JSON.parse(cli('posts', '--hidden', '--json')).some((p) => String(p.id) === hideId)));
  await until(async () => (await A.locator('#posts-list > li[data-id="' + hideId + '"]').count()) === 0);
  await A.waitForTimeout(300);
  f = await focusIs(A);
  ok('keyboard: after Unhide focus stays in the list, not on <body>', f.tag !== 'BODY' && (f.list === 'posts-list' || f.tag === 'UL'), JSON.stringify(f));
  await A.locator('#hidden').selectOption('0');

  // 3. After Remove, focus is on the next item itself, not on its Remove.
  cli('note', 'First to go');
  cli('note', 'Second to stay');
  const go = noteId('First to go');
  const stay = noteId('Second to stay');
  await until(async () => (await itemOf(A, stay).count()) === 1);
  await itemOf(A, go).getByRole('button', { name: 'Remove' }).focus();
  await A.keyboard.press('Enter');
  ok('keyboard: Remove', await until(() => !story().some((i) => i.id === go)));
  f = await until(async () => { const x = await focusIs(A); return x.id === String(stay) ? x : null; }, 4000) || await focusIs(A);
  ok('keyboard: after Remove, focus is on the next item itself', f.id === String(stay) && f.item, JSON.stringify(f));
  await A.keyboard.press('Enter');
  await A.waitForTimeout(800);
  ok('keyboard: a second Enter removes nothing more', story().some((i) => i.id === stay), storyKeys());

  });

  // 3b. Hiding a post that is in the story leaves it there (and on the page):
  // the Story pane marks it in words, the message says so and offers to
  // remove it, with the mouse and with the keyboard alone; Undo undoes it.
  const placedPost = async (skip) => {
    await until(async () => (await A.locator('#posts-list > li.placed').count()) > skip);
    const id = Number(await A.locator('#posts-list > li.placed').nth(skip).getAttribute('data-id'));
    // Pinned by its id: a locator by position is looked up again at each
    // use, and a refresh of the list in between made it another post.
    const li = A.locator('#posts-list > li[data-id="' + id + '"]');
    return { li, id, item: story().find((i) => i.post_id === id).id };
  };
  const inStory = (id) => story().some((i) => i.post_id === id);
  const isHidden = (id) => JSON.parse(cli('posts', '--hidden', '--json')).some((p) => p.id === id);
  const notice = A.locator('#notice');
  const described = (loc) => loc.evaluate((e) => (e.getAttribute('aria-describedby') || '').split(/\s+/)
    .filter(Boolean).map((id) => (document.getElementById(id) || {}).textContent || '').join(' '));
  const hiddenHere = [];
  await part('hidden in the story, with the mouse', async () => {
  await A.locator('#search').fill('');
  await A.locator('#hidden').selectOption('0');
  const m = await placedPost(0);
  hiddenHere.push(m.id);
  await m.li.getByRole('button', { name: 'Hide' }).click();
  ok('hidden in the story: Hide hides it', await until(() => isHidden(m.id)));
  ok('hidden in the story: and it stays in the story', inStory(m.id), storyKeys());
  const mark = itemOf(A, m.item);
  ok('hidden in the story: the Story pane marks it in words', await until(async () =>
    /Hidden/.test(await mark.innerText())), await mark.innerText());
  ok('hidden in the story: the mark is more than colour (a class for its border, the word)',
    await mark.evaluate((li) => li.classList.contains('is-hidden')));
  ok('hidden in the story: the item is described as hidden and still in the story',
    /hidden/i.test(await described(mark)) && /in the story/.test(await described(mark)), await described(mark));
  ok('hidden in the story: its buttons say it is hidden too',
    /[Hh]idden/.test(await described(mark.getByRole('button', { name: 'Remove', exact: true }))));
  ok('hidden in the story: the message says it is still in the story', await until(async () =>
    (await notice.isVisible()) && /still in the story/.test(await notice.innerText())),
    (await notice.count()) ? await notice.innerText() : '(no message)');
  const rmButton = notice.getByRole('button', { name: 'Remove from the story' });
  ok('hidden in the story: the message offers to remove it', (await rmButton.count()) === 1);
  await rmButton.click();
  ok('hidden in the story: its Remove takes it out of the story', await until(() => !inStory(m.id)), storyKeys());
  ok('hidden in the story: the post stays hidden, in the project', isHidden(m.id));
  ok('hidden in the story: the message goes', await until(async () => !(await notice.isVisible())));
  await A.getByRole('button', { name: 'Undo' }).click();
  ok('hidden in the story: Undo puts it back', await until(() => inStory(m.id)), storyKeys());
  ok('hidden in the story: still marked after Undo', await until(async () => {
    const li = A.locator('#story-list > li.item.is-hidden');
    return (await li.count()) === 1 && /Hidden/.test(await li.innerText());
  }));

  });

  // The keyboard alone: Enter on Hide, Tab to the message's Remove, Enter.
  await part('hidden in the story, with the keyboard', async () => {
  const k = await placedPost(0);
  hiddenHere.push(k.id);
  await k.li.getByRole('button', { name: 'Hide' }).focus();
  await A.keyboard.press('Enter');
  ok('keyboard, hidden in the story: Hide hides it', await until(() => isHidden(k.id)));
  ok('keyboard, hidden in the story: focus goes to the message', await until(() =>
    A.evaluate(() => !!document.activeElement.closest('#notice'))),
  await A.evaluate(() => document.activeElement.outerHTML.slice(0, 120)));
  ok('keyboard, hidden in the story: not on a button a second Enter would press',
    await A.evaluate(() => document.activeElement.tagName !== 'BUTTON'));
  await A.keyboard.press('Tab');
  const onRemove = await A.evaluate(() => {
    const a = document.activeElement;
    return a.textContent === 'Remove from the story' && a.matches(':focus-visible') &&
      getComputedStyle(a).outlineStyle !== 'none';
  });
  ok('keyboard, hidden in the story: Tab reaches Remove from the story, focus visible', onRemove,
    await A.evaluate(() => document.activeElement.outerHTML.slice(0, 120)));
  await A.keyboard.press('Enter');
  ok('keyboard, hidden in the story: Enter removes it from the story', await until(() => !inStory(k.id)), storyKeys());
  const after = await until(async () => {
    const x = await A.evaluate(() => {
      const a = document.activeElement;
      return { tag: a.tagName, list: (a.closest('ul,ol') || {}).id || null, notice: !!a.closest('#notice') };
    });
    return x.list === 'posts-list' ? x : null;
  }, 4000) || await A.evaluate(() => document.activeElement.outerHTML.slice(0, 120));
  ok('keyboard, hidden in the story: then focus is back in the posts, not on <body>', after.list === 'posts-list', JSON.stringify(after));

  });

  // Space on "Keep it in the story": the message goes, the post stays placed.
  await part('hidden in the story, kept', async () => {
  const s2 = await placedPost(0);
  hiddenHere.push(s2.id);
  await s2.li.getByRole('button', { name: 'Hide' }).focus();
  await A.keyboard.press('Space');
  ok('keyboard, hidden in the story: Space on Hide brings the message, focused', await until(() =>
    A.evaluate(() => !!document.activeElement.closest('#notice'))),
  await A.evaluate(() => document.activeElement.outerHTML.slice(0, 120)));
  await A.keyboard.press('Tab');
  await A.keyboard.press('Tab');
  ok('keyboard, hidden in the story: Tab again reaches Keep it in the story',
    await A.evaluate(() => document.activeElement.textContent === 'Keep it in the story'),
    await A.evaluate(() => document.activeElement.outerHTML.slice(0, 120)));
  await A.keyboard.press('Space');
  ok('keyboard, hidden in the story: Space on it closes the message', await until(async () => !(await notice.isVisible())));
  ok('keyboard, hidden in the story: and keeps it in the story, hidden', inStory(s2.id) && isHidden(s2.id));
  ok('keyboard, hidden in the story: focus back in the posts', await until(() =>
    A.evaluate(() => !!document.activeElement.closest('#posts-list'))));
  // Escape closes it too.
  cli('unhide', String(s2.id));
  await until(async () => (await A.locator('#posts-list > li[data-id="' + s2.id + '"]').count()) === 1, 6000);
  await A.locator('#posts-list > li[data-id="' + s2.id + '"]').getByRole('button', { name: 'Hide' }).focus();
  await A.keyboard.press('Enter');
  await until(() => A.evaluate(() => !!document.activeElement.closest('#notice')));
  await A.keyboard.press('Escape');
  ok('keyboard, hidden in the story: Escape closes the message', await until(async () => !(await notice.isVisible())));
  ok('keyboard, hidden in the story: focus back in the posts after Escape', await until(() =>
    A.evaluate(() => !!document.activeElement.closest('#posts-list'))));
  // Hiding a post that is not in the story says nothing of the story.
  await A.locator('#unplaced').check();
  const free = A.locator('#posts-list > li:not(.placed)').first();
  await until(async () => (await free.count()) === 1);
  await free.getByRole('button', { name: 'Hide' }).click();
  await A.waitForTimeout(500);
  ok('hiding a post not in the story brings no message', !(await notice.isVisible()));
  await A.locator('#unplaced').uncheck();
  });
  for (const id of hiddenHere) cli('unhide', String(id));

  // 4. Every Add, Hide, Move up, Move down, Edit and Remove says which post or item it acts on.
  await part('names', async () => {
  const names = await A.evaluate(() => {
    const desc = (b) => (b.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean)
      .map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    return Array.from(document.querySelectorAll('#posts-list .actions button, #story-list > li.item .actions button'))
      .map((b) => ({ name: b.textContent, desc: desc(b), li: b.closest('li').dataset.id, list: b.closest('ul,ol').id,
        author: (b.closest('li').querySelector('.author') || {}).textContent || '' }));
  });
  ok('names: every post and item button is described', names.length > 10 && names.every((n) => n.desc.length > 3),
    JSON.stringify(names.filter((n) => n.desc.length <= 3).slice(0, 3)));
  ok('names: a post\'s Add is described by its byline', names.filter((n) => n.list === 'posts-list' && n.name === 'Add')
    .every((n) => n.desc.includes(n.author)), JSON.stringify(names.slice(0, 2)));
  const addDescs = names.filter((n) => n.list === 'posts-list' && n.name === 'Add').map((n) => n.desc);
  ok('names: posts\' Add buttons tell posts apart', new Set(addDescs).size > addDescs.length * 0.9, addDescs.slice(0, 5).join(' | '));
  const rmDescs = names.filter((n) => n.list === 'story-list' && n.name === 'Remove').map((n) => n.desc);
  ok('names: story items\' Remove buttons tell items apart', rmDescs.length > 2 && new Set(rmDescs).size === rmDescs.length,
    rmDescs.join(' | '));
  ok('names: the buttons keep their names', (await A.getByRole('button', { name: 'Add', exact: true }).count()) > 0 &&
    (await A.getByRole('button', { name: 'Remove', exact: true }).count()) > 0);

  });

  // 5. A placed post's text keeps 4.5:1 in light and dark.
  await part('contrast', async () => {
  for (const scheme of ['light', 'dark']) {
    await A.emulateMedia({ colorScheme: scheme });
    await A.locator('#unplaced').uncheck();
    await until(async () => (await A.locator('#posts-list > li.placed').count()) > 0);
    const ratios = await A.evaluate(() => {
      const parse = (x) => { const m = x.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
      const L = (c) => { const f = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]; };
      const out = [];
      for (const e of document.querySelectorAll('#posts-list > li.placed :is(time, a, .badge, .author, p)')) {
        let op = 1, bg = null, n = e;
        while (n && n.nodeType === 1) { const cs = getComputedStyle(n); op *= Number(cs.opacity); if (!bg) { const b = parse(cs.backgroundColor); if (b && b[3] > 0.9) bg = b; } n = n.parentElement; }
        if (!bg) bg = [255, 255, 255, 1];
        const fg = parse(getComputedStyle(e).color); const a = fg[3] * op;
        const mix = fg.slice(0, 3).map((v, i) => v * a + bg[i] * (1 - a));
        const l1 = L(mix), l2 = L(bg.slice(0, 3));
        out.push({ sel: e.tagName + '.' + e.className, ratio: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05) });
      }
      return out;
    });
    const low = ratios.filter((r) => r.ratio < 4.5);
    ok('contrast (' + scheme + '): a placed post\'s text is at least 4.5:1', ratios.length > 3 && low.length === 0,
      JSON.stringify(low.slice(0, 4)));
    if (shotDir) await A.screenshot({ path: shotDir + '/placed-' + scheme + '.png' });
  }
  await A.emulateMedia({ colorScheme: 'light' });

  });

  // 6. The Download menu closes: Escape (focus back on it), a click outside, a choice.
  await part('the Download menu', async () => {
  const menu = A.locator('#download');
  const isOpen = () => menu.evaluate((d) => d.open);
  await A.locator('#download summary').click();
  ok('menu: opens', await isOpen());
  await A.keyboard.press('Escape');
  ok('menu: Escape closes it', !(await isOpen()));
  ok('menu: and focus is back on Download', await A.evaluate(() => document.activeElement === document.querySelector('#download summary')));
  await menu.evaluate((d) => { d.open = false; });
  await A.locator('#download summary').click();
  ok('menu: open again', await isOpen());
  await A.mouse.click(640, 700);
  ok('menu: a click outside closes it', !(await isOpen()));
  await menu.evaluate((d) => { d.open = false; });
  await A.locator('#download summary').click();
  const [dl] = await Promise.all([A.waitForEvent('download'), A.locator('#download a[href*=md]').click()]);
  ok('menu: a choice downloads and closes it', dl.suggestedFilename() === 'story.md' && await until(async () => !(await isOpen()), 2000));

  });

  // 7. The page's messages speak the editor's terms.
  await part('messages', async () => {
  await B.route('**/api/version', async (route) => { await new Promise((r) => setTimeout(r, 4000)); route.continue().catch(() => {}); });
  await B.waitForTimeout(1600); // B's poll is now held: B still shows the post as not placed
  const free = B.locator('#posts-list > li:not(.placed)').first();
  const freeId = await free.getAttribute('data-id');
  cli('add', freeId);
  await free.getByRole('button', { name: 'Add', exact: true }).click();
  const said = await until(async () => { const t = await alertOf(B); return t ? t : null; }, 3000) || '';
  ok('messages: adding a post placed elsewhere says so in the editor\'s terms', /already in the story/.test(said) && !/storied /.test(said), said);
  await B.unroute('**/api/version');
  await B.route('**/api/**', (route) => route.abort());
  await B.getByRole('button', { name: 'Collect now' }).click();
  const lost = await until(async () => { const t = await alertOf(B); return /reach its server/.test(t) ? t : null; }, 3000) || await alertOf(B);
  ok('messages: no "Failed to fetch": a plain sentence', /reach its server/.test(lost) && !/Failed to fetch/.test(lost), lost);
  await B.unroute('**/api/**');

  });

  ok('no script errors in the pages', errors.length === 0, errors.join('\n'));
  await browser.close();
}

async function hostile() {
  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await offline(context);
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(url);
  await until(async () => (await page.locator('#story-list > li').count()) > 0, 10000);
  // Every post in the Posts pane too, and every caption and note in edit boxes.
  // (Scrolling to the end loads more by itself: the button may go while clicked.)
  for (let i = 0; i < 10; i++) {
    const n = await page.locator('#posts-list > li').count();
    const more = await page.evaluate(() => {
      const b = document.querySelector('#more');
      if (b.hidden) return false;
      b.click();
      return true;
    });
    if (!more) break;
    await until(async () => (await page.locator('#posts-list > li').count()) > n, 5000);
  }
  const nposts = await page.locator('#posts-list > li').count();
  const nitems = await page.locator('#story-list > li').count();
  console.log('# hostile: ' + nposts + ' posts and ' + nitems + ' story items shown');
  // Open edit boxes (hostile captions, notes and headings in text boxes and previews).
  await page.evaluate(() => Array.from(document.querySelectorAll('#story-list button'))
    .filter((b) => b.textContent.startsWith('Edit')).slice(0, 20).forEach((b) => b.click()));
  await page.waitForTimeout(1500);
  const marks = await page.evaluate(() => Array.from(document.documentElement.attributes).map((a) => a.name).filter((n) => n.startsWith('data-pwned')));
  ok('hostile corpus: both panes are shown', nposts > 20 && nitems > 20, nposts + ' ' + nitems);
  ok('hostile corpus: no payload ran in the editor', marks.length === 0, marks.join(' '));
  ok('hostile corpus: no dialog opened', dialogs.length === 0, dialogs.join(' '));
  ok('hostile corpus: no script element came from a post', await page.evaluate(() =>
    Array.from(document.scripts).every((s) => s.src.endsWith('/editor.js'))));
  ok('hostile corpus: no event handler attributes', await page.evaluate(() =>
    Array.from(document.querySelectorAll('#posts-list *, #story-list *')).every((e) =>
      Array.from(e.attributes).every((a) => !a.name.startsWith('on')))));
  await browser.close();
}

(mode === 'hostile' ? hostile() : mode === 'safety' ? safety() : edit()).then(() => process.exit(failures ? 1 : 0), (e) => {
  console.log('not ok - the browser scenario ran to the end');
  console.log('#   ' + String(e.stack || e).replace(/\n/g, '\n#   '));
  process.exit(1);
});
