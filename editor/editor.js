// editor.js - the storied editor's page: two panes (Posts, Story) over the
// JSON API of `storied serve` (docs/api.md). Plain JavaScript, no build step,
// no framework. Post HTML comes from the server already sanitized (the
// renderer's sanitizer) and the page's Content-Security-Policy runs no
// inline script, so showing it cannot run anything.
'use strict';

(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  const state = {
    version: null,
    project: true,
    posts: [],
    more: false,
    next: null,          // where the next page of posts starts (the API's "next")
    story: [],
    selected: null,      // story item id new items go after
    drag: null,          // {type: 'post'|'item', id}
    touch: null,         // a finger's drag in progress (touchDrag)
    polling: false,
    collectRunning: false,
    postsSeq: 0,
    storySeq: 0,
  };

  // ---- helpers -----------------------------------------------------------

  function el(tag, attrs, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'class') n.className = v;
      else if (k === 'text') n.textContent = v;
      else n.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) n.append(c);
    return n;
  }

  function button(name, onClick, attrs) {
    const b = el('button', Object.assign({ type: 'button' }, attrs || {}), name);
    b.addEventListener('click', onClick);
    return b;
  }

  async function api(method, path, body) {
    const opts = { method, headers: {}, credentials: 'same-origin' };
    if (body !== undefined) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    let r;
    try {
      r = await fetch(path, opts);
    } catch (e) {
      throw new Error(LOST);
    }
    const type = r.headers.get('Content-Type') || '';
    const data = type.startsWith('application/json') ? await r.json() : { error: (await r.text()).trim() };
    if (!r.ok) {
      const err = new Error(plain((data && data.error) || 'the server answered ' + r.status));
      err.status = r.status;
      err.data = data;
      throw err;
    }
    return data;
  }

  const LOST = 'The editor cannot reach its server: is storied serve still running? Nothing was changed.';

  // The server's messages are the commands' own; the page says the same in
  // its own terms (what to press or drag here, not what to type).
  function plain(msg) {
    return String(msg)
      .replace(/ \(move it with 'storied move [^)]*'\)/, ': drag it within the story, or use Move up and Move down, to move it')
      .replace(/item (\d+) does not exist \(see 'storied show'\)/, 'that item is no longer in the story (it was removed, perhaps in another tab, by the command line or by Undo)')
      .replace(/post (\d+) does not exist \(see 'storied posts[^']*'\)/, 'that post is no longer in the project')
      .replace(/ \(change a (\w+)'s text with 'storied edit'\)/, ' (use Edit on the $1)')
      .replace(/ \(place it with 'storied add [^)]*'\)/, ' (press Add on it first)')
      .replace(/ \(item ids: 'storied show'\)/, '')
      .replace(/'storied storyboard export -o F' then 'storied storyboard apply F' repairs them/,
        'ask for help: the command line\'s storyboard export and apply repair them');
  }

  // ---- unsaved text: a "leave page?" prompt only while there is some --------

  function unsaved() {
    for (const form of $$('form.edit')) {
      const field = $('input, textarea', form);
      if (field && field.value !== (form.dataset.original || '')) return true;
    }
    const pf = $('#project-form');
    if (!$('#project').hidden && pf.dataset.loaded) {
      const was = JSON.parse(pf.dataset.loaded);
      for (const k of Object.keys(was)) if (pf.elements[k].value !== was[k]) return true;
    }
    return false;
  }
  function onBeforeUnload(e) {
    e.preventDefault();
    e.returnValue = '';
    return '';
  }
  let guarded = false;
  function guardUnsaved() {
    const need = unsaved();
    if (need && !guarded) window.addEventListener('beforeunload', onBeforeUnload);
    if (!need && guarded) window.removeEventListener('beforeunload', onBeforeUnload);
    guarded = need;
  }

  // What a change did, or why it failed, shows at the foot of the screen
  // (fixed there: the bar and the page's top scroll away on a phone), over
  // the page a while and then goes; taps go through it, and it never takes
  // focus. The status line stays in the page, empty, so that screen readers
  // keep hearing it as a live region. heardOnly: the words are on the
  // screen already (the message about a hidden post), only say them aloud.
  let statusTimer = null;
  let alertTimer = null;
  function say(msg, heardOnly) {
    const s = $('#status');
    s.textContent = msg;
    s.classList.toggle('visually-hidden', !!heardOnly);
    clearTimeout(statusTimer);
    if (msg) statusTimer = setTimeout(() => { s.textContent = ''; }, 8000);
  }
  function fail(msg) {
    const a = $('#alert');
    a.textContent = msg;
    a.hidden = false;
    clearTimeout(alertTimer);
    alertTimer = setTimeout(() => { a.hidden = true; }, 10000);
  }

  // Links in posts open in a new tab (never replacing the editor); images
  // inside a draggable card must not start a drag of their own.
  function tame(root) {
    for (const a of $$('a[href]', root)) {
      a.target = '_blank';
      a.rel = 'noopener noreferrer nofollow';
      a.draggable = false;
    }
    for (const img of $$('img', root)) {
      img.draggable = false;
      img.referrerPolicy = 'no-referrer';
    }
  }

  function shortText(s, n) {
    s = (s || '').replace(/\s+/g, ' ').trim();
    return s.length > n ? s.slice(0, n - 1) + '…' : s;
  }

  // ---- actions ------------------------------------------------------------

  async function change(path, body, done) {
    closeNotice(false);
    try {
      const r = await api('POST', path, body);
      if (done) say(done(r));
      await refresh(true);
      return r;
    } catch (e) {
      fail(e.message);
      await refresh(true);
      return null;
    }
  }

  function anchorAfterSelected() {
    if (state.selected && state.story.some((it) => it.id === state.selected))
      return { after: state.selected };
    return {};
  }

  async function addPosts(ids, where) {
    const body = Object.assign({ posts: ids }, where || anchorAfterSelected());
    const r = await change('/api/add', body, () =>
      ids.length === 1 ? 'Added post ' + ids[0] + ' to the story.' : 'Added ' + ids.length + ' posts.');
    if (r && r.items && r.items.length && body.after)
      select(r.items[r.items.length - 1], false);
    return r;
  }

  function moveItem(id, where, message) {
    return change('/api/move', Object.assign({ item: id }, where), () => message || 'Moved.');
  }

  function removeItem(id) {
    if (state.selected === id) state.selected = null;
    return change('/api/remove', { items: [id] }, () => 'Removed from the story (the post stays in Posts). Undo brings it back.');
  }

  function hidePost(p, hidden) {
    return change('/api/hide', { posts: [p.id], hidden }, (r) =>
      !hidden ? 'Shown again.'
        : r.in_story && r.in_story.length ? '' // the message below the page says it, with Remove
          : 'Hidden: it stays in the project; choose "Hidden posts" to see it.');
  }

  // ---- a hidden post still in the story ---------------------------------------
  // Hiding keeps a post out of the lists and of "add all", not out of the
  // story, nor off the page it renders: an organizer who hides spam that
  // was placed must not believe it gone. The message says so and offers
  // Remove, one more change, undoable like the rest. Keyboard focus goes to
  // the message itself, not to its Remove (a second Enter must not remove
  // anything), and once the message is done with, back where Hide had left
  // it in the posts.

  const notice = { item: null, back: null };

  function showNotice(placed, author, back, focus) {
    notice.item = placed.item;
    notice.back = back;
    const text = 'Hidden, but still in the story: the post by ' + (author || '-') +
      ' stays there, and on the page, until you remove it from the story.';
    $('#notice-text').textContent = text;
    $('#notice').hidden = false;
    if (focus) $('#notice').focus({ preventScroll: true });
    else say(text, true); // nobody's focus is on it: the status line reads it out
  }

  // refocus: put focus back where Hide left it (only when it is in the message).
  function closeNotice(refocus) {
    const box = $('#notice');
    if (box.hidden) return;
    const had = box.contains(document.activeElement);
    box.hidden = true;
    notice.item = null;
    if (had || refocus) focusPost(notice.back);
  }

  async function noticeRemove() {
    const item = notice.item;
    const back = notice.back;
    if (!item) return;
    closeNotice(false);
    if (state.selected === item) state.selected = null;
    await change('/api/remove', { items: [item] }, () =>
      'Removed from the story; the post stays in the project, hidden. Undo brings it back.');
    focusPost(back);
  }

  // Where focus goes in the posts: {id, name} (a post and its button), else the list.
  function focusPost(where) {
    const list = $('#posts-list');
    const li = where && $$(':scope > li[data-id]', list).find((x) => x.dataset.id === where.id);
    if (!li) { list.focus(); return; }
    const b = where.name && $$('.actions button', li).find((x) => !x.disabled && x.textContent === where.name);
    if (b) { b.focus(); return; }
    li.tabIndex = -1;
    li.focus();
  }

  async function undo(redo) {
    closeNotice(false);
    try {
      const r = await api('POST', redo ? '/api/redo' : '/api/undo', {});
      say((redo ? 'Redid: ' : 'Undid: ') + (redo ? r.redid : r.undid));
    } catch (e) {
      fail(e.message);
    }
    await refresh(true);
  }

  // ---- posts pane ----------------------------------------------------------

  function postQuery(after, limit) {
    const q = new URLSearchParams();
    const search = $('#search').value.trim();
    if (search) q.set('q', search);
    q.set('order', $('#order').value);
    q.set('hidden', $('#hidden').value);
    if ($('#unplaced').checked) q.set('unplaced', '1');
    const author = $('#author').value.trim();
    if (author) q.set('author', author);
    if ($('#day').value) q.set('day', $('#day').value);
    if ($('#source').value) q.set('source', $('#source').value);
    if ($('#media').checked) q.set('media', '1');
    if (after) q.set('after', after);
    q.set('limit', String(limit));
    return '/api/posts?' + q.toString();
  }

  async function loadPosts(append) {
    const seq = ++state.postsSeq;
    if (append && !state.next) return;
    const after = append ? state.next : null;
    const limit = append ? 50 : Math.min(200, Math.max(50, state.posts.length));
    let r;
    try {
      r = await api('GET', postQuery(after, limit));
    } catch (e) {
      if (seq === state.postsSeq) fail(e.message);
      return;
    }
    if (seq !== state.postsSeq) return; // a newer search is on its way
    state.posts = append ? state.posts.concat(r.posts) : r.posts;
    state.more = r.more;
    state.next = r.next;
    renderPosts(append ? r.posts : null);
  }

  function postNode(p) {
    const li = el('li', {
      class: 'post' + (p.placed ? ' placed' : '') + (p.hidden ? ' is-hidden' : ''),
      draggable: p.placed ? 'false' : 'true',
      'data-id': p.id,
    });
    // The byline says which post a button acts on: "Add", described by it.
    const by = 'post-' + p.id + '-by';
    const meta = el('div', { class: 'post-meta' },
      el('span', { id: by, class: 'byline' },
        el('span', { class: 'author' }, p.author || '-'), ' ',
        el('time', { datetime: p.published || '' }, p.published_local || '')));
    if (p.placed) meta.append(' ', el('span', { class: 'badge' }, 'In the story'));
    if (p.hidden) meta.append(' ', el('span', { class: 'badge warn' }, 'Hidden'));
    const body = el('div', { class: 'post-body' });
    if (p.title) body.append(el('p', { class: 'post-title' }, p.title));
    const content = el('div', { class: 'post-content' });
    content.innerHTML = p.html; // sanitized by the server
    tame(content);
    body.append(content);
    const add = button('Add', () => addFromList(p.id), { 'aria-describedby': by });
    add.title = 'Add to the story (after the selected item, else at the end)';
    if (p.placed) add.disabled = true;
    const hide = button(p.hidden ? 'Unhide' : 'Hide', () => hideAndFocus(p), { 'aria-describedby': by });
    const actions = el('div', { class: 'actions' }, add, hide);
    li.append(meta, body, actions);
    if (!p.placed) {
      const grip = el('span', { class: 'grip', 'aria-hidden': 'true', title: 'Drag into the story' }, '⠿');
      li.prepend(grip);
      touchDrag(grip, li, () => ({ type: 'post', id: p.id }), shortText(p.text || p.title, 60));
    }
    li.addEventListener('dragstart', (e) => {
      if (p.placed || state.touch) { e.preventDefault(); return; }
      state.drag = { type: 'post', id: p.id };
      e.dataTransfer.effectAllowed = 'copyMove';
      e.dataTransfer.setData('text/plain', 'post:' + p.id);
      li.classList.add('dragging');
      document.body.classList.add('is-dragging');
    });
    li.addEventListener('dragend', endDrag);
    return li;
  }

  // After Hide (or Unhide in "Hidden posts") the post leaves the list: focus
  // goes to the next post (else the previous, else the list), on its first
  // button that is not Hide, so a second Enter does not hide it too.
  // A post that stays in the story brings the message (focus on it), which
  // sends focus there once done with.
  async function hideAndFocus(p) {
    const had = document.activeElement && document.activeElement.closest('#posts-list');
    const idx = state.posts.findIndex((x) => x.id === p.id);
    const r = await hidePost(p, !p.hidden);
    const items = $$('#posts-list > li');
    const same = items.find((li) => li.dataset.id === String(p.id));
    let back;
    if (same) { // still listed ("All posts"): its button, now the other way
      back = { id: same.dataset.id, name: p.hidden ? 'Hide' : 'Unhide' };
    } else {
      const target = items[Math.min(Math.max(0, idx), items.length - 1)];
      back = target ? { id: target.dataset.id, name: 'Add' } : null;
    }
    if (r && r.in_story && r.in_story.length) {
      showNotice(r.in_story[0], p.author, back, !!had);
      return;
    }
    if (had) focusPost(back);
  }

  // After Add, keyboard focus goes to the next post's Add button, so a
  // person can add post after post with the keyboard alone.
  async function addFromList(id) {
    const idx = state.posts.findIndex((p) => p.id === id);
    await addPosts([id]);
    const items = $$('#posts-list > li');
    for (let i = Math.max(0, idx); i < items.length; i++) {
      const b = $$('button', items[i]).find((x) => x.textContent === 'Add' && !x.disabled);
      if (b) { b.focus(); return; }
    }
  }

  function renderPosts(appended) {
    const list = $('#posts-list');
    const focus = rememberFocus(list, 'post');
    if (appended) {
      for (const p of appended) list.append(postNode(p));
    } else {
      list.replaceChildren(...state.posts.map(postNode));
      restoreFocus(list, focus);
    }
    $('#posts-empty').hidden = state.posts.length > 0;
    $('#more').hidden = !state.more;
    $('#posts-count').textContent = state.posts.length ? '(' + state.posts.length + (state.more ? '+' : '') + ')' : '';
  }

  // ---- story pane ------------------------------------------------------------

  // Answers can arrive out of order (a poll's and an action's): only the
  // newest request's answer is shown, never an older story over a newer.
  async function loadStory() {
    const seq = ++state.storySeq;
    let r;
    try {
      r = await api('GET', '/api/story');
    } catch (e) {
      if (seq === state.storySeq) fail(e.message);
      return;
    }
    if (seq !== state.storySeq) return;
    state.story = r.items;
    $('#project-title').textContent = r.title || 'Untitled story';
    document.title = (r.title || 'Story') + ' – storied editor';
    renderStory();
  }

  function itemLabel(it) {
    if (it.kind === 'heading') return 'Heading: ' + shortText(it.text, 60);
    if (it.kind === 'note') return 'Note: ' + shortText(it.text, 60);
    return (it.hidden ? 'Hidden post by ' : 'Post by ') + (it.author || '-') + ': ' + shortText(it.text, 60);
  }

  function itemNode(it, index, count) {
    // A hidden post stays in the story (and on the page): said in words,
    // and read out as the item's description.
    const mark = it.hidden
      ? el('p', { class: 'item-mark', id: 'item-' + it.id + '-hidden' },
        el('span', { class: 'badge warn' }, 'Hidden'),
        ' Still in the story, and on the page, until you remove it.')
      : null;
    const li = el('li', {
      class: 'item kind-' + it.kind + (it.hidden ? ' is-hidden' : '') + (state.selected === it.id ? ' selected' : ''),
      draggable: 'true',
      tabindex: '0',
      'data-id': it.id,
      'aria-current': state.selected === it.id ? 'true' : false,
      'aria-describedby': mark ? mark.id : false,
    });
    const grip = el('span', { class: 'grip', 'aria-hidden': 'true', title: 'Drag to move' }, '⠿');
    // Which item its buttons act on, for a screen reader: "Move up",
    // described by "Post by Ingrid: …".
    const which = el('span', { id: 'item-' + it.id + '-is', class: 'visually-hidden' }, itemLabel(it));
    const described = { 'aria-describedby': which.id };
    const view = el('div', { class: 'item-view' });
    view.innerHTML = it.html; // rendered by the server as the HTML output has it
    tame(view);
    // Neighbours are looked up when pressed: the story may have changed since.
    const at = () => state.story.findIndex((x) => x.id === it.id);
    const up = button('Move up', () => {
      const i = at();
      if (i > 0) moveItem(it.id, { before: state.story[i - 1].id }, 'Moved up.');
    }, described);
    const down = button('Move down', () => {
      const i = at();
      if (i >= 0 && i < state.story.length - 1) moveItem(it.id, { after: state.story[i + 1].id }, 'Moved down.');
    }, described);
    if (index === 0) up.disabled = true;
    if (index === count - 1) down.disabled = true;
    const edit = button(it.kind === 'post' ? 'Edit caption' : 'Edit', () => editItem(li, it), described);
    const rm = button('Remove', () => removeAndFocus(it.id, Math.max(0, at())), described);
    const actions = el('div', { class: 'actions' }, up, down, edit, rm);
    li.append(grip, which, ...(mark ? [mark] : []), view, actions);
    touchDrag(grip, li, () => (li.classList.contains('editing') ? null : { type: 'item', id: it.id }), itemLabel(it));
    li.addEventListener('click', (e) => {
      if (e.target.closest('button, a, input, textarea, select, form')) return;
      select(it.id, true);
    });
    li.addEventListener('keydown', (e) => {
      if (e.target !== li) return;
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(it.id, true); }
    });
    li.addEventListener('dragstart', (e) => {
      if (li.classList.contains('editing') || state.touch) { e.preventDefault(); return; }
      state.drag = { type: 'item', id: it.id };
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData('text/plain', 'item:' + it.id);
      li.classList.add('dragging');
      document.body.classList.add('is-dragging');
    });
    li.addEventListener('dragend', endDrag);
    return li;
  }

  async function removeAndFocus(id, index) {
    await removeItem(id);
    const items = $$('#story-list > li.item');
    // The next item itself, not its Remove: a second Enter must not remove it too.
    const target = items[Math.min(index, items.length - 1)];
    if (target) target.focus();
    else $('#story-list').focus();
  }

  function select(id, toggle) {
    state.selected = toggle && state.selected === id ? null : id;
    for (const li of $$('#story-list > li.item')) {
      const on = Number(li.dataset.id) === state.selected;
      li.classList.toggle('selected', on);
      if (on) li.setAttribute('aria-current', 'true'); else li.removeAttribute('aria-current');
    }
    showInsertPoint();
  }

  function showInsertPoint() {
    const box = $('#insert-point');
    box.replaceChildren();
    const it = state.story.find((x) => x.id === state.selected);
    if (!it) {
      box.append('New items go at the end. Select an item to add after it.');
      return;
    }
    box.append('New items go after: ' + itemLabel(it) + ' ',
      button('Clear selection', () => select(null, false), { class: 'link' }));
  }

  function renderStory() {
    const list = $('#story-list');
    const focus = rememberFocus(list, 'item');
    // An open edit box survives a refresh: its item keeps its node.
    const keep = new Map();
    const ids = new Set(state.story.map((it) => String(it.id)));
    let lostBox = false;
    for (const li of $$(':scope > li.editing:not(.detached)', list)) {
      if (ids.has(li.dataset.id)) { keep.set(li.dataset.id, li); continue; }
      // Its item went: the box stays, where it was, when something was typed.
      const form = $('form.edit', li);
      if (form && form.field.value !== form.dataset.original) {
        detach(li);
      } else {
        lostBox = true;
        li.remove();
      }
    }
    if (lostBox) say('The item you were editing was removed elsewhere; nothing had been typed.');
    const fresh = $$(':scope > li.new-item, :scope > li.detached', list);
    // A kept box's item shows as it is now (the box is what changes on Save).
    for (const it of state.story) {
      const view = keep.has(String(it.id)) && $(':scope > .item-view', keep.get(String(it.id)));
      if (view && view.shown !== it.html) { view.innerHTML = it.html; view.shown = it.html; tame(view); }
    }
    const nodes = state.story.map((it, i) => keep.get(String(it.id)) || itemNode(it, i, state.story.length));
    list.replaceChildren(...nodes);
    for (const li of fresh) placeNewItem(li, li.dataset.after ? Number(li.dataset.after) : null);
    restoreFocus(list, focus);
    if (state.selected && !state.story.some((it) => it.id === state.selected)) state.selected = null;
    if (notice.item && !state.story.some((it) => it.id === notice.item && it.hidden)) closeNotice(false);
    showInsertPoint();
    $('#story-empty').hidden = state.story.length > 0;
    $('#story-count').textContent = state.story.length ? '(' + state.story.length + ')' : '';
  }

  // Focus survives re-rendering: the same button of the same post or item.
  function rememberFocus(list, kind) {
    const a = document.activeElement;
    if (!a || !list.contains(a)) return null;
    const li = a.closest('li[data-id]');
    if (!li) return null;
    // Someone typing in an edit box keeps typing there, caret and all.
    if (a.matches('form.edit input, form.edit textarea'))
      return { id: li.dataset.id, field: a, start: a.selectionStart, end: a.selectionEnd, kind };
    return { id: li.dataset.id, name: a.tagName === 'BUTTON' ? a.textContent : null, kind };
  }

  function restoreFocus(list, f) {
    if (!f || list.contains(document.activeElement)) return;
    if (f.field) {
      if (f.field.isConnected) {
        f.field.focus();
        try { f.field.setSelectionRange(f.start, f.end); } catch (e) { /* not a text field */ }
      }
      return;
    }
    const li = $$(':scope > li[data-id]', list).find((x) => x.dataset.id === f.id);
    if (!li) return;
    let target = li;
    if (f.name) {
      const buttons = $$('.actions button', li);
      target = buttons.find((b) => b.textContent === f.name && !b.disabled) ||
        buttons.find((b) => !b.disabled) || li;
    }
    if (target === li && !li.hasAttribute('tabindex')) li.tabIndex = -1;
    target.focus();
  }

  // ---- edit boxes -------------------------------------------------------------

  let editSeq = 0;

  function editBox(opts) {
    const id = 'edit-' + (++editSeq);
    const form = el('form', { class: 'edit', 'aria-label': opts.label });
    form.dataset.original = opts.text || '';
    const field = opts.kind === 'heading'
      ? el('input', { id, type: 'text', autocomplete: 'off' })
      : el('textarea', { id, rows: opts.kind === 'note' ? '5' : '3' });
    field.value = opts.text || '';
    const label = el('label', { for: id }, opts.label);
    const help = el('p', { class: 'help' }, opts.kind === 'heading'
      ? 'One line. Ctrl+Enter saves, Escape cancels.'
      : 'Markdown: *emphasis*, **bold**, [link](https://…). Ctrl+Enter saves, Escape cancels.');
    let level = null;
    if (opts.kind === 'heading') {
      level = el('select', { 'aria-label': 'Heading level' });
      for (let n = 2; n <= 4; n++) level.append(el('option', { value: n }, n === 2 ? 'Section' : n === 3 ? 'Subsection' : 'Minor'));
      level.value = String(opts.level || 2);
    }
    const preview = el('div', { class: 'preview', 'aria-label': 'Preview' });
    const save = el('button', { type: 'submit', class: 'primary' }, 'Save');
    const cancel = button('Cancel', () => { opts.onCancel(); guardUnsaved(); });
    form.append(label, field);
    if (level) form.append(level);
    // Shown when the item changed elsewhere while this box was open (409),
    // or was removed: what it says now, beside what was typed here.
    const notice = el('div', { class: 'edit-notice', role: 'alert', hidden: true });
    form.append(notice, help, el('div', { class: 'buttons' }, save, cancel), preview);
    form.field = field;
    form.notice = notice;
    form.saveButton = save;
    form.showConflict = (current, level) => {
      const theirs = el('pre', { class: 'theirs', tabindex: '0', 'aria-label': 'Its text now' }, current || '(empty)');
      const use = button('Use its text now', () => {
        field.value = current;
        if (level && form.level) form.level.value = String(level);
        notice.hidden = true;
        field.dispatchEvent(new Event('input', { bubbles: true }));
        field.focus();
      });
      notice.replaceChildren(
        el('p', {}, 'This was changed elsewhere (in another tab or window, or from the command line) while you were editing it, so nothing was saved. ' +
          'Your text is still in the box. Press Save again to replace it with yours, or take its text now:'),
        theirs, el('div', { class: 'buttons' }, use));
      notice.hidden = false;
    };
    form.level = level;

    let timer = null;
    const showPreview = async () => {
      const text = field.value;
      if (!text.trim()) { preview.replaceChildren(); return; }
      try {
        const r = await api('POST', '/api/preview', { text, kind: opts.kind });
        preview.innerHTML = r.html; // safe Markdown, rendered by the server
        tame(preview);
      } catch (e) { /* the preview is only a help */ }
    };
    field.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(showPreview, 250); guardUnsaved(); });
    showPreview();
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        // Typed text goes only when the person says so.
        if (field.value !== form.dataset.original && !window.confirm('Discard what you typed in this box?')) return;
        opts.onCancel();
        guardUnsaved();
      }
      else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      save.disabled = true;
      const ok = await opts.onSave(field.value, level ? Number(level.value) : undefined);
      save.disabled = false;
      if (!ok && form.isConnected) field.focus();
      guardUnsaved();
    });
    setTimeout(() => field.focus(), 0);
    return form;
  }

  function editItem(li, it) {
    if (li.classList.contains('editing')) { $('input, textarea', li).focus(); return; }
    li.classList.add('editing');
    li.draggable = false;
    const close = (focusName) => {
      const form = $('form.edit', li);
      if (form) form.remove();
      li.classList.remove('editing');
      li.draggable = true;
      renderStory();
      guardUnsaved();
      const again = $$('#story-list > li.item').find((x) => x.dataset.id === String(it.id));
      if (again) ($$('button', again).find((b) => b.textContent === focusName) || again).focus();
    };
    const name = it.kind === 'post' ? 'Edit caption' : 'Edit';
    // What the box was opened on: the server refuses a save when the item
    // no longer has it (changed in another tab or from the command line).
    const seen = { text: it.kind === 'post' ? (it.caption || '') : it.text, level: it.level };
    const form = editBox({
      kind: it.kind === 'post' ? 'caption' : it.kind,
      label: it.kind === 'post' ? 'Caption (Markdown, shown under the post)' : it.kind === 'heading' ? 'Heading' : 'Note (Markdown)',
      text: seen.text,
      level: it.level,
      onCancel: () => (li.classList.contains('detached') ? dropDetached(li) : close(name)),
      onSave: async (text, level) => {
        if (li.classList.contains('detached')) return saveDetached(li, text, level);
        const body = { item: it.id, text, was: seen.text };
        if (level) { body.level = level; body.was_level = seen.level; }
        try {
          await api('POST', '/api/edit', body);
          say(it.kind === 'post' ? (text.trim() ? 'Caption saved.' : 'Caption removed.') : 'Saved.');
        } catch (e) {
          if (e.status === 409 && e.data && e.data.conflict) {
            // Both texts stay on screen; a second Save is a deliberate choice.
            seen.text = e.data.current;
            seen.level = e.data.level || seen.level;
            form.showConflict(e.data.current, e.data.level);
            fail('Not saved: it was changed elsewhere while you were editing. Your text is kept in the box.');
            return false;
          }
          if (e.status === 404) {
            detach(li);
            renderStory();
            form.field.focus();
            return false;
          }
          fail(e.message);
          return false;
        }
        li.classList.remove('editing');
        $('form.edit', li).remove();
        await refresh(true);
        close(name);
        return true;
      },
    });
    li.append(form);
  }

  // An edit box whose item went (removed in another tab, from the command
  // line, or by Undo) stays where it was, with what was typed in it, until
  // the person saves it as a new note (or heading) or discards it.
  function detach(li) {
    if (li.classList.contains('detached')) return;
    const form = $('form.edit', li);
    if (li.dataset.after === undefined) {
      let prev = li.previousElementSibling;
      while (prev && !state.story.some((x) => String(x.id) === prev.dataset.id)) prev = prev.previousElementSibling;
      li.dataset.after = prev ? prev.dataset.id : '';
    }
    const heading = li.classList.contains('kind-heading');
    li.classList.add('detached');
    li.removeAttribute('tabindex');
    li.removeAttribute('draggable');
    for (const n of $$(':scope > .grip, :scope > .actions', li)) n.remove();
    const view = $(':scope > .item-view', li);
    if (view) view.remove();
    li.dataset.kind = heading ? 'heading' : 'note';
    form.notice.replaceChildren(el('p', {}, 'This item was removed from the story (in another tab or window, from the command line, or by Undo). ' +
      'What you typed is kept here: save it as a new ' + (heading ? 'heading' : 'note') + ', or discard it.'));
    form.notice.hidden = false;
    form.saveButton.textContent = heading ? 'Save as a new heading' : 'Save as a new note';
    const cancel = $$('.buttons button', form).find((b) => b.textContent === 'Cancel');
    if (cancel) cancel.textContent = 'Discard';
  }

  async function saveDetached(li, text, level) {
    const heading = li.dataset.kind === 'heading';
    const after = li.dataset.after ? Number(li.dataset.after) : null;
    const body = { text };
    if (after && state.story.some((x) => x.id === after)) body.after = after;
    if (heading && level) body.level = level;
    let r;
    try {
      r = await api('POST', heading ? '/api/heading' : '/api/note', body);
    } catch (e) {
      fail(e.message);
      return false;
    }
    li.remove();
    say(heading ? 'Saved as a new heading.' : 'Saved as a new note.');
    await refresh(true);
    const node = $$('#story-list > li.item').find((x) => x.dataset.id === String(r.item));
    if (node) { node.scrollIntoView({ block: 'nearest' }); node.focus(); }
    return true;
  }

  function dropDetached(li) {
    const next = li.nextElementSibling || li.previousElementSibling;
    li.remove();
    say('Discarded.');
    if (next && next.matches('li.item')) next.focus(); else $('#story-list').focus();
  }

  function placeNewItem(li, after) {
    const list = $('#story-list');
    const anchor = after ? $$(':scope > li.item', list).find((x) => x.dataset.id === String(after)) : null;
    if (anchor) anchor.after(li); else list.append(li);
  }

  function addText(kind) {
    const existing = $('#story-list > li.new-item');
    if (existing) existing.remove();
    const where = anchorAfterSelected();
    const li = el('li', { class: 'item new-item kind-' + kind, 'data-after': where.after || '' });
    const opener = kind === 'heading' ? '#add-heading' : '#add-note';
    const form = editBox({
      kind,
      label: kind === 'heading' ? 'New heading' : 'New note (Markdown)',
      text: '',
      onCancel: () => { li.remove(); $(opener).focus(); },
      onSave: async (text, level) => {
        const body = Object.assign({ text }, where);
        if (level) body.level = level;
        let r;
        try {
          r = await api('POST', kind === 'heading' ? '/api/heading' : '/api/note', body);
        } catch (e) {
          fail(e.message);
          return false;
        }
        li.remove();
        say(kind === 'heading' ? 'Heading added.' : 'Note added.');
        await refresh(true);
        const node = $$('#story-list > li.item').find((x) => x.dataset.id === String(r.item));
        if (node) { node.scrollIntoView({ block: 'nearest' }); node.focus(); }
        return true;
      },
    });
    li.append(form);
    placeNewItem(li, where.after);
    li.scrollIntoView({ block: 'nearest' });
  }

  // ---- drag and drop ------------------------------------------------------------

  function clearDropMarks() {
    for (const n of $$('.drop-before, .drop-after, .drop-end')) n.classList.remove('drop-before', 'drop-after', 'drop-end');
  }

  function endDrag() {
    state.drag = null;
    clearDropMarks();
    for (const n of $$('.dragging')) n.classList.remove('dragging');
    document.body.classList.remove('is-dragging');
  }

  // Where a drop at clientY lands: before or after the item under it, else the end.
  function dropTarget(e) {
    const items = $$('#story-list > li.item:not(.new-item):not(.detached)');
    for (const li of items) {
      const r = li.getBoundingClientRect();
      if (e.clientY < r.top + r.height / 2) return { li, where: 'before' };
      if (e.clientY <= r.bottom) return { li, where: 'after' };
    }
    return items.length ? { li: items[items.length - 1], where: 'after', end: true } : { li: null, where: 'end' };
  }

  function onDragOver(e) {
    if (!state.drag) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = state.drag.type === 'post' ? 'copy' : 'move';
    clearDropMarks();
    const t = dropTarget(e);
    if (t.li) t.li.classList.add(t.where === 'before' ? 'drop-before' : 'drop-after');
    else $('#story-drop').classList.add('drop-end');
  }

  async function onDrop(e) {
    if (!state.drag) return;
    e.preventDefault();
    const drag = state.drag;
    const t = dropTarget(e);
    endDrag();
    await dropAt(drag, t);
  }

  async function dropAt(drag, t) {
    const where = t.li ? { [t.where]: Number(t.li.dataset.id) } : { bottom: true };
    if (drag.type === 'post') {
      await addPosts([drag.id], where);
    } else {
      if (t.li && Number(t.li.dataset.id) === drag.id) return;
      await moveItem(drag.id, where, 'Moved.');
    }
  }

  // ---- touch: dragging by the grip with a finger or a pen --------------------
  // HTML5 drag and drop serves the mouse; phones and tablets send pointer
  // events instead. A finger on a grip (⠿; touch-action: none, so the page
  // does not scroll under it) picks the post or item up, a label follows
  // the finger, the drop mark shows where it lands, the page scrolls when
  // the finger nears the top or bottom edge, and lifting it over the story
  // drops it exactly as a mouse drop would. Anywhere else it is put back.

  function overStory(x, y) {
    const r = $('#story-pane').getBoundingClientRect();
    return x >= r.left && x <= r.right && y >= r.top && y <= r.bottom;
  }

  function touchMark() {
    const t = state.touch;
    clearDropMarks();
    t.target = null;
    if (!overStory(t.x, t.y)) return;
    t.target = dropTarget({ clientY: t.y });
    if (t.target.li) t.target.li.classList.add(t.target.where === 'before' ? 'drop-before' : 'drop-after');
    else $('#story-drop').classList.add('drop-end');
  }

  // Near the top or bottom edge the page scrolls, faster nearer the edge.
  function touchScroll() {
    const t = state.touch;
    if (!t) return;
    const edge = 56;
    let dy = 0;
    if (t.y < edge) dy = -Math.ceil((edge - t.y) / 4);
    else if (t.y > window.innerHeight - edge) dy = Math.ceil((t.y - (window.innerHeight - edge)) / 4);
    if (dy && t.moved) {
      const before = window.scrollY;
      window.scrollBy(0, dy);
      if (window.scrollY !== before) touchMark();
    }
    t.raf = requestAnimationFrame(touchScroll);
  }

  // The label rides above the finger, inside the screen's width.
  function placeGhost(t) {
    const w = t.ghost.offsetWidth;
    const x = Math.max(8, Math.min(t.x - 16, window.innerWidth - w - 8));
    t.ghost.style.transform = 'translate(' + x + 'px,' + (t.y - 52) + 'px)';
  }

  function touchEnd(drop) {
    const t = state.touch;
    if (!t) return;
    state.touch = null;
    cancelAnimationFrame(t.raf);
    t.ghost.remove();
    const target = t.target;
    const drag = state.drag;
    endDrag();
    if (drop && t.moved && target && drag) dropAt(drag, target);
  }

  function touchDrag(grip, li, what, label) {
    grip.addEventListener('pointerdown', (e) => {
      if (e.pointerType === 'mouse' || state.touch || state.drag) return;
      const drag = what();
      if (!drag) return;
      e.preventDefault();
      try { grip.setPointerCapture(e.pointerId); } catch (err) { /* synthetic events */ }
      const ghost = el('div', { class: 'drag-ghost', 'aria-hidden': 'true' }, label);
      document.body.append(ghost);
      state.drag = drag;
      state.touch = { pointer: e.pointerId, x: e.clientX, y: e.clientY,
        x0: e.clientX, y0: e.clientY, moved: false, target: null, ghost, raf: 0 };
      placeGhost(state.touch);
      li.classList.add('dragging');
      document.body.classList.add('is-dragging');
      state.touch.raf = requestAnimationFrame(touchScroll);
    });
    grip.addEventListener('pointermove', (e) => {
      const t = state.touch;
      if (!t || e.pointerId !== t.pointer) return;
      e.preventDefault();
      t.x = e.clientX;
      t.y = e.clientY;
      if (Math.abs(t.x - t.x0) + Math.abs(t.y - t.y0) > 8) t.moved = true;
      placeGhost(t);
      touchMark();
    });
    grip.addEventListener('pointerup', (e) => {
      if (state.touch && e.pointerId === state.touch.pointer) touchEnd(true);
    });
    for (const type of ['pointercancel', 'lostpointercapture']) {
      grip.addEventListener(type, (e) => {
        if (state.touch && e.pointerId === state.touch.pointer) touchEnd(false);
      });
    }
  }

  // ---- refresh, toolbar, collect ------------------------------------------------

  async function refresh(force) {
    let v;
    try {
      v = await api('GET', '/api/version');
    } catch (e) {
      say(LOST);
      return;
    }
    $('#undo').disabled = !v.can_undo;
    $('#redo').disabled = !v.can_redo;
    showCollect(v.collect);
    if (!v.project) {
      if (state.project) { state.project = false; openProject(); }
      return;
    }
    if (!state.project) {
      state.project = true;
      force = true;
    }
    if (!force && v.version === state.version) return;
    // Never re-render under a drag in progress: the next poll will.
    if (!force && state.drag) return;
    state.version = v.version;
    await Promise.all([loadStory(), loadPosts(false)]);
  }

  async function poll() {
    if (!state.polling && !document.hidden) {
      state.polling = true;
      try { await refresh(false); } finally { state.polling = false; }
    }
    setTimeout(poll, state.collectRunning ? 700 : 1500);
  }

  function showCollect(c) {
    const bar = $('#collect-bar');
    const btn = $('#collect');
    if (!c) return;
    const last = c.lines && c.lines.length ? c.lines[c.lines.length - 1] : '';
    if (c.running) {
      bar.hidden = false;
      btn.disabled = true;
      btn.textContent = 'Collecting…';
      $('#collect-line').textContent = 'Collecting: ' + (last || 'starting…');
    } else {
      btn.disabled = false;
      btn.textContent = 'Collect now';
      if (state.collectRunning) {
        bar.hidden = false;
        $('#collect-line').textContent = (c.status === 0 ? 'Collect finished. ' : c.status === 3 ? 'Collect finished; some sources failed. ' : 'Collect failed. ') + last;
        setTimeout(() => { if (!state.collectRunning) bar.hidden = true; }, 12000);
      }
    }
    state.collectRunning = !!c.running;
  }

  async function startCollect() {
    try {
      const c = await api('POST', '/api/collect', {});
      showCollect(c);
    } catch (e) {
      fail(e.message);
    }
  }

  // ---- project page ---------------------------------------------------------------

  async function openProject() {
    $('#editor').hidden = true;
    $('#project').hidden = false;
    $('#show-project').setAttribute('aria-pressed', 'true');
    await loadProject();
    $('#project-form [name=title]').focus();
  }

  function closeProject() {
    if (!state.project) return;
    $('#project').hidden = true;
    $('#editor').hidden = false;
    $('#show-project').setAttribute('aria-pressed', 'false');
    $('#show-project').focus();
    guardUnsaved();
  }

  const PROJECT_FIELDS = ['title', 'description', 'since', 'until', 'timezone', 'tags'];
  function formValues(f) {
    const v = {};
    for (const k of PROJECT_FIELDS) v[k] = f.elements[k].value;
    return v;
  }

  async function loadProject() {
    let p;
    try {
      p = await api('GET', '/api/project');
    } catch (e) {
      fail(e.message);
      return;
    }
    const f = $('#project-form');
    if (!p.exists) {
      $('#project-note').textContent = 'There is no project at ' + p.path + ' yet. Fill in what you know and press Save: that creates it.';
      $('#sources-block').hidden = true;
      $('#project-close').hidden = true;
      f.dataset.loaded = JSON.stringify(formValues(f));
      return;
    }
    $('#project-note').textContent = 'Project file: ' + p.path + ' · ' + p.posts + ' posts collected, ' + p.items + ' items in the story.';
    $('#sources-block').hidden = false;
    $('#project-close').hidden = false;
    for (const k of ['title', 'description', 'since', 'until', 'timezone']) f.elements[k].value = p[k] || '';
    f.elements.tags.value = (p.tags || []).join(' ');
    f.dataset.loaded = JSON.stringify(formValues(f));
    guardUnsaved();
    const list = $('#sources');
    list.replaceChildren(...p.sources.map((s) => {
      const info = s.last_fetch
        ? (s.last_error ? 'Last fetch ' + s.last_fetch.replace('T', ' ').replace('Z', ' UTC') + ' failed: ' + s.last_error
          : 'Last fetched ' + s.last_fetch.replace('T', ' ').replace('Z', ' UTC') + (s.last_new !== undefined ? ', ' + s.last_new + ' new' : ''))
        : 'Not fetched yet: press Collect now.';
      return el('li', { class: s.last_error ? 'source failed' : 'source' },
        el('span', { class: 'source-name' }, s.name || s.url),
        s.name ? el('span', { class: 'source-url' }, ' ' + s.url) : null,
        el('span', { class: 'source-info' }, info),
        button('Remove source', async () => {
          try { await api('POST', '/api/sources/remove', { id: s.id }); say('Source removed; its posts stay.'); }
          catch (e) { fail(e.message); }
          loadProject();
        }));
    }));
    if (!p.sources.length) list.append(el('li', { class: 'empty' }, 'No sources yet.'));
    fillSources(p.sources);
  }

  // The Source filter lists the project's sources; a removed one falls back to all.
  function fillSources(sources) {
    const sel = $('#source');
    const was = sel.value;
    sel.replaceChildren(el('option', { value: '' }, 'All sources'),
      ...sources.map((s) => el('option', { value: s.id }, s.name || s.url)));
    sel.value = sources.some((s) => String(s.id) === was) ? was : '';
    if (sel.value !== was) { state.posts = []; loadPosts(false); }
  }

  async function loadSources() {
    try {
      const p = await api('GET', '/api/project');
      if (p.exists) fillSources(p.sources);
    } catch (e) {
      // the filter keeps "All sources"; the page works without it
    }
  }

  async function saveProject(e) {
    e.preventDefault();
    const f = e.target;
    const body = {};
    for (const k of ['title', 'description', 'since', 'until', 'timezone', 'tags']) body[k] = f.elements[k].value.trim();
    try {
      const r = await api('POST', '/api/project', body);
      say(r.message || 'Saved.');
    } catch (err) {
      fail(err.message);
      return;
    }
    state.project = true;
    await loadProject();
    await refresh(true);
  }

  async function addSource(e) {
    e.preventDefault();
    const f = e.target;
    try {
      const r = await api('POST', '/api/sources/add', { url: f.elements.url.value.trim(), name: f.elements.name.value.trim() });
      say(r.message || 'Source added.');
      f.reset();
    } catch (err) {
      fail(err.message);
    }
    loadProject();
  }

  // The file goes up as it is (no JSON, no form encoding) and the server
  // runs `storied import` on it; the answer is import's own summary line.
  async function importFile(e) {
    e.preventDefault();
    const f = e.target;
    const file = f.elements.file.files[0];
    if (!file) {
      fail('Choose a file to import first.');
      f.elements.file.focus();
      return;
    }
    say('Importing ' + file.name + '…');
    try {
      const r = await fetch('/api/import?name=' + encodeURIComponent(file.name), {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/octet-stream' }, body: file });
      const type = r.headers.get('Content-Type') || '';
      const data = type.startsWith('application/json') ? await r.json() : { error: (await r.text()).trim() };
      if (!r.ok) throw new Error(data.error || 'the server answered ' + r.status);
      say(data.message || 'Imported.');
      f.reset();
    } catch (err) {
      fail(file.name + ': ' + err.message);
    }
    loadProject();
    refresh(true);
  }

  // ---- start ----------------------------------------------------------------------

  function debounce(fn, ms) {
    let t = null;
    return () => { clearTimeout(t); t = setTimeout(fn, ms); };
  }

  // How many filters differ from their defaults, shown on the folded line.
  function filtersOn() {
    const n = ($('#order').value !== 'oldest') + ($('#hidden').value !== '0') + $('#unplaced').checked +
      ($('#author').value.trim() !== '') + ($('#day').value !== '') + ($('#source').value !== '') + $('#media').checked;
    $('#filters-on').textContent = n ? '(' + n + ' on)' : '';
  }

  // The Download menu (<details>) closes as menus do: on Escape (focus back
  // on its summary), on a click outside it, and once a format is chosen.
  function menuBehaviour(menu) {
    const summary = $('summary', menu);
    menu.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && menu.open) {
        e.preventDefault();
        e.stopPropagation();
        menu.open = false;
        summary.focus();
      }
    });
    document.addEventListener('click', (e) => {
      if (menu.open && !menu.contains(e.target)) menu.open = false;
    });
    for (const a of $$('a', menu)) {
      // After the download starts: closing first would not cancel it, but be kind to old engines.
      a.addEventListener('click', () => setTimeout(() => { menu.open = false; summary.focus(); }, 0));
    }
  }

  function start() {
    menuBehaviour($('#download'));
    $('#undo').addEventListener('click', () => undo(false));
    $('#redo').addEventListener('click', () => undo(true));
    $('#collect').addEventListener('click', startCollect);
    $('#notice-remove').addEventListener('click', noticeRemove);
    $('#notice-keep').addEventListener('click', () => closeNotice(true));
    $('#notice').addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeNotice(true); }
    });
    $('#add-heading').addEventListener('click', () => addText('heading'));
    $('#add-note').addEventListener('click', () => addText('note'));
    $('#show-project').addEventListener('click', () => ($('#project').hidden ? openProject() : closeProject()));
    $('#project-close').addEventListener('click', closeProject);
    $('#project-form').addEventListener('submit', saveProject);
    $('#project-form').addEventListener('input', guardUnsaved);
    $('#source-form').addEventListener('submit', addSource);
    $('#import-form').addEventListener('submit', importFile);
    $('#more').addEventListener('click', () => loadPosts(true));
    $('#filters').addEventListener('submit', (e) => e.preventDefault());
    const reload = debounce(() => loadPosts(false), 200);
    $('#search').addEventListener('input', () => { state.posts = []; reload(); });
    for (const id of ['#order', '#hidden', '#unplaced', '#day', '#source', '#media'])
      $(id).addEventListener('change', () => { state.posts = []; filtersOn(); loadPosts(false); });
    $('#author').addEventListener('input', () => { state.posts = []; filtersOn(); reload(); });
    // On a phone the filters fold under one line, so the posts come first.
    if (window.matchMedia('(max-width: 820px)').matches) $('#more-filters').open = false;
    filtersOn();
    for (const zone of [$('#story-list'), $('#story-drop')]) {
      zone.addEventListener('dragover', onDragOver);
      zone.addEventListener('drop', onDrop);
    }
    $('#story-pane').addEventListener('dragleave', (e) => {
      if (!$('#story-pane').contains(e.relatedTarget)) clearDropMarks();
    });
    // Scrolling to the end of the posts loads the next page.
    if ('IntersectionObserver' in window) {
      new IntersectionObserver((entries) => {
        if (entries.some((x) => x.isIntersecting) && state.more) loadPosts(true);
      }).observe($('#more'));
    }
    document.addEventListener('keydown', (e) => {
      const t = e.target;
      if (t.closest && t.closest('input, textarea, select')) return;
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        undo(e.shiftKey);
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'y') {
        e.preventDefault();
        undo(true);
      }
    });
    document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(false); });
    showInsertPoint();
    loadSources();
    poll();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
