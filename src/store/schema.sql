-- storied project schema, version 9.
--
-- One SQLite file holds a whole project: its settings, where posts come
-- from, the posts themselves with their original items, and the story
-- made of them. Times are INTEGER seconds since the epoch, UTC. Text is
-- UTF-8. Migrations from earlier versions are in src/store/open.c (migrations[]).

-- Project settings, one row a key: format (always 'storied', how a file is
-- recognised), created, title, description, language, timezone, since,
-- until (WHEN text as the user gave it, resolved in the current time zone).
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- The hashtags that make a post belong to the project: `tag` is normalised
-- (NFKC, case folded, no '#'), `display` keeps the spelling first given.
CREATE TABLE project_tags (
	tag      TEXT PRIMARY KEY,
	display  TEXT NOT NULL,
	position INTEGER NOT NULL
) WITHOUT ROWID;

-- Where posts come from. kind: 'feed' (URL or local path, any feed format),
-- 'mastodon' (API hashtag timeline), 'bluesky' (search API).
CREATE TABLE sources (
	id            INTEGER PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	name          TEXT,
	title         TEXT,              -- the feed's own title, from its last read
	kind          TEXT NOT NULL DEFAULT 'feed',
	options       TEXT,              -- JSON object of per-kind options
	added_at      INTEGER NOT NULL,
	-- HTTP validators and API paging state for the next collect
	etag          TEXT,
	last_modified TEXT,
	cursor        TEXT,
	-- what the last fetch did
	last_fetch_at INTEGER,
	last_status   INTEGER,           -- HTTP status, or NULL for a local file
	last_error    TEXT,              -- NULL when it worked
	last_format   TEXT,              -- rss, rdf, atom, jsonfeed, ...
	last_seen     INTEGER,
	last_new      INTEGER,
	last_updated  INTEGER
);

-- One row a post, stored once however many sources reach it.
CREATE TABLE posts (
	id              INTEGER PRIMARY KEY,
	source_id       INTEGER REFERENCES sources(id) ON DELETE SET NULL,
	guid            TEXT,            -- the item's own id (guid, atom:id, ...)
	permalink       TEXT,            -- absolute URL of the post
	author_name     TEXT,
	author_handle   TEXT,            -- @user@server, @handle.bsky.social
	author_url      TEXT,
	author_avatar   TEXT,
	published       INTEGER,         -- NULL when the item had no readable date
	updated         INTEGER,
	title           TEXT,
	content_html    TEXT,            -- as the source sent it: untrusted
	content_text    TEXT,            -- plain text: tags stripped, entities decoded
	language        TEXT,
	content_warning TEXT,
	sensitive       INTEGER NOT NULL DEFAULT 0,
	raw             TEXT,            -- the original item, XML or JSON
	raw_format      TEXT,            -- rss, rdf, atom, jsonfeed, mastodon, ...
	fetched_at      INTEGER NOT NULL,
	changed_at      INTEGER,         -- last time an edit was stored
	hidden          INTEGER NOT NULL DEFAULT 0,
	-- engagement as the source last counted it; NULL when it gives none
	-- (feeds): boosts/reposts/retweets, favourites/likes, replies
	shares          INTEGER,
	likes           INTEGER,
	replies         INTEGER,
	-- content_html made safe to publish, by the sanitizer the program
	-- registers (store_set_html_sanitizer), written with content_html;
	-- NULL when not made (readers then sanitize content_html themselves)
	safe_html       TEXT
);
-- A write that changes a post's content or permalink (its links' base)
-- without a new safe_html leaves none rather than a stale one.
CREATE TRIGGER posts_safe_html_stale AFTER UPDATE OF content_html, permalink ON posts
	WHEN NEW.safe_html IS OLD.safe_html AND NEW.safe_html IS NOT NULL
	AND (NEW.content_html IS NOT OLD.content_html OR NEW.permalink IS NOT OLD.permalink)
BEGIN
	UPDATE posts SET safe_html = NULL WHERE id = NEW.id;
END;
CREATE UNIQUE INDEX posts_guid ON posts(guid) WHERE guid IS NOT NULL;
CREATE UNIQUE INDEX posts_permalink ON posts(permalink) WHERE permalink IS NOT NULL;
CREATE INDEX posts_published ON posts(published);
-- A source's posts: `source rm` sets their source_id to NULL through it.
CREATE INDEX posts_source ON posts(source_id);

-- Every source that reached a post (a post may come from several), with
-- the item it sent (schema version 5). The post's own columns are the
-- union of these items (src/store/merge.c has the rule). item is NULL
-- while the post has only the source that stored it first
-- (posts.source_id): then the post's columns and posts.raw are that
-- source's item, and they are copied here when a second source comes.
-- A NULL item on another row is a source that reached the post before
-- version 5 kept every item; its item is stored the next time it comes.
CREATE TABLE post_sources (
	post_id    INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	first_seen INTEGER NOT NULL,
	item       TEXT,                 -- the item's fields as JSON (merge.c)
	raw        TEXT,                 -- the original item, XML or JSON
	raw_format TEXT,
	fetch_id   INTEGER,              -- the fetches row it came from
	PRIMARY KEY (post_id, source_id)
) WITHOUT ROWID;
CREATE INDEX post_sources_source ON post_sources(source_id);

-- A post's hashtags and categories, normalised like project_tags.tag.
CREATE TABLE post_tags (
	post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	tag     TEXT NOT NULL,
	PRIMARY KEY (post_id, tag)
) WITHOUT ROWID;
CREATE INDEX post_tags_tag ON post_tags(tag);

-- Attachments and enclosures. The bytes are archived into blobs by
-- collect (or an import that carries them): sha256 names the blob of the
-- original; when the original could not be kept (over --media-max-size)
-- preview_sha256 names the archived preview. status: NULL until a collect
-- tries, 'archived', or 'failed' (error says why; retried on later collects
-- while attempts < 3).
CREATE TABLE media (
	id             INTEGER PRIMARY KEY,
	post_id        INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
	position       INTEGER NOT NULL,
	url            TEXT NOT NULL,
	type           TEXT,             -- MIME type the source said
	medium         TEXT,             -- image, video, audio, document
	alt            TEXT,
	preview_url    TEXT,
	width          INTEGER,
	height         INTEGER,
	sha256         TEXT,             -- blobs.sha256 of the original
	archived_at    INTEGER,
	status         TEXT,
	error          TEXT,
	attempts       INTEGER NOT NULL DEFAULT 0,
	preview_sha256 TEXT,             -- blobs.sha256 of the preview, when kept
	UNIQUE (post_id, position)
);
CREATE INDEX media_todo ON media(status) WHERE sha256 IS NULL;

-- Every archived file, stored once however many rows use it, keyed by the
-- SHA-256 of its bytes (lower-case hex). type is read from the bytes
-- (magic numbers), never taken from a header; url and fetched_at say where
-- and when it was first fetched.
CREATE TABLE blobs (
	sha256     TEXT PRIMARY KEY,
	data       BLOB NOT NULL,
	size       INTEGER NOT NULL,
	type       TEXT NOT NULL,
	url        TEXT,
	fetched_at INTEGER NOT NULL
);

-- Images known by URL rather than as an attachment: authors' avatars and
-- link cards' images. status and attempts as for media.
CREATE TABLE images (
	url         TEXT PRIMARY KEY,
	sha256      TEXT,                -- blobs.sha256 when archived
	status      TEXT,
	error       TEXT,
	attempts    INTEGER NOT NULL DEFAULT 0,
	archived_at INTEGER
) WITHOUT ROWID;

-- Link cards: what a linked page says of itself (Open Graph, Twitter card,
-- <title>), read once a URL. origin: 'page' (fetched and read) or
-- 'mastodon' (the API's own card). status and attempts as for media.
CREATE TABLE cards (
	url         TEXT PRIMARY KEY,
	title       TEXT,
	description TEXT,
	site_name   TEXT,
	image_url   TEXT,                -- archived through images
	origin      TEXT,
	status      TEXT,
	error       TEXT,
	attempts    INTEGER NOT NULL DEFAULT 0,
	fetched_at  INTEGER
) WITHOUT ROWID;

-- The card a post shows: the first page its text links to. A row with a
-- NULL url records that the post was looked at and links to no page.
CREATE TABLE post_cards (
	post_id INTEGER PRIMARY KEY REFERENCES posts(id) ON DELETE CASCADE,
	url     TEXT
);
CREATE INDEX post_cards_url ON post_cards(url);

-- Full-text search over posts (external content: posts is the store;
-- the collector keeps the index in step with inserts and edits). Search
-- never ranks by bm25, so no column sizes are kept (columnsize = 0), and
-- the index's leaves are 60,000 bytes, one to a 64 KB page, rather than
-- FTS5's 4,050 (schema version 9): storing a post costs an eighth less.
CREATE VIRTUAL TABLE posts_fts USING fts5(
	title, author_name, author_handle, content_text,
	content = 'posts', content_rowid = 'id',
	tokenize = 'unicode61 remove_diacritics 2', columnsize = 0
);
INSERT INTO posts_fts (posts_fts, rank) VALUES ('pgsz', 60000);

-- The story: posts, notes and headings in order. `position` is an order
-- key compared as text (fractional indexing): a key can always be made
-- between two others, so inserting or moving an item touches that item only.
CREATE TABLE story_items (
	id         INTEGER PRIMARY KEY,
	kind       TEXT NOT NULL CHECK (kind IN ('post', 'note', 'heading')),
	post_id    INTEGER UNIQUE REFERENCES posts(id) ON DELETE CASCADE,
	body       TEXT,                 -- heading/note Markdown, or a post's caption
	level      INTEGER,              -- heading level, 2..6 (the title is 1)
	position   TEXT NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	CHECK ((kind = 'post') = (post_id IS NOT NULL)),
	CHECK (kind = 'post' OR body IS NOT NULL)
);

-- One row a fetch of a source, for `source list` and the archive's record.
CREATE TABLE fetches (
	id            INTEGER PRIMARY KEY,
	source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
	url           TEXT NOT NULL,
	started_at    INTEGER NOT NULL,
	finished_at   INTEGER,
	http_status   INTEGER,
	bytes         INTEGER,
	format        TEXT,
	items_seen    INTEGER NOT NULL DEFAULT 0,
	items_new     INTEGER NOT NULL DEFAULT 0,
	items_updated INTEGER NOT NULL DEFAULT 0,
	error         TEXT
);
CREATE INDEX fetches_source ON fetches(source_id, started_at);

-- Curation commands, newest last. `undo` is a JSON document the curator
-- replays to reverse the command; `undone` marks one already reversed.
CREATE TABLE history (
	id      INTEGER PRIMARY KEY,
	at      INTEGER NOT NULL,
	command TEXT NOT NULL,           -- the command line, for `history`
	undo    TEXT NOT NULL,
	undone  INTEGER NOT NULL DEFAULT 0
);

-- Every HTTP exchange of collect (issue 11), for the archive and `export
-- warc`, secrets already replaced by REDACTED (src/collect/http.c). Each
-- redirect hop, retry and 304 is a row. Times are milliseconds since the
-- epoch, UTC (captures only). An exchange that broke off (a timeout, a
-- body over --max-size, a corrupt gzip) is kept with complete = 0 and the
-- reason: what did come back is evidence too, and the export marks it
-- WARC-Truncated.
CREATE TABLE captures (
	id            INTEGER PRIMARY KEY,
	source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
	started_at    INTEGER NOT NULL,   -- ms
	url           TEXT NOT NULL,
	method        TEXT NOT NULL,
	request_head  TEXT NOT NULL,      -- request line and headers as sent
	request_body  TEXT REFERENCES capture_bodies(sha1),
	remote_ip     TEXT,
	status        INTEGER,            -- NULL: no response came
	response_head TEXT,               -- status line and headers as received
	response_body TEXT REFERENCES capture_bodies(sha1),
	complete      INTEGER NOT NULL DEFAULT 1,
	error         TEXT
);
CREATE INDEX captures_started ON captures(started_at);
CREATE INDEX captures_source ON captures(source_id);

-- The bodies of captures, once per content: an unchanged feed fetched a
-- thousand times is one row. sha1 is base32 (the WARC payload digest) of
-- the body as the server sent it (Content-Encoding kept); data is that
-- body compressed with zstd (codec 'zstd') or as is ('none', when
-- compressing did not pay, e.g. a gzip-encoded body).
CREATE TABLE capture_bodies (
	id    INTEGER PRIMARY KEY,
	sha1  TEXT NOT NULL UNIQUE,
	size  INTEGER NOT NULL,
	codec TEXT NOT NULL CHECK (codec IN ('zstd', 'none')),
	data  BLOB NOT NULL
);
