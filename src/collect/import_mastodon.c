/*
 * import_mastodon.c - Mastodon account archives: the .tar.gz a user
 * downloads from their instance (read with libarchive, never unpacked to
 * disk), or just its outbox.json.
 *
 * The outbox is an ActivityStreams collection: each Create activity
 * carries a Note (content, summary as the content warning, published, url,
 * attachments whose `name` is the alt text, Hashtag tags). Boosts
 * (Announce) name someone else's post by URL only, so they are skipped.
 * The attachments' files inside the tarball are handed to the sink with
 * their SHA-256, so the project keeps the media themselves.
 *
 * The tarball is read twice: first for outbox.json and actor.json (the
 * posts must exist before their media can be attached, and a tar has no
 * index), then for the media files the outbox names.
 */
#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "incoming_internal.h"
#include "datetime.h"
#include "import_internal.h"
#include "url.h"

#define MAX_JSON_ENTRY (512u << 20) /* outbox.json of a very busy account */
#define MAX_MEDIA_ENTRY (256u << 20)

/* What the outbox's attachments name, relative to the archive's root. */
struct paths {
	char **v;
	size_t n;
};

static void
paths_add(struct paths *p, const char *path)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i], path) == 0)
			return;
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n++] = xstrdup(path);
}

static int
paths_has(const struct paths *p, const char *path)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i], path) == 0)
			return 1;
	return 0;
}

static void
paths_release(struct paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
}

/* A string, or the first string / {"href"} of an array or Link object. */
static const char *
as_url(json_t *v)
{
	if (json_is_string(v))
		return str_empty(json_string_value(v)) ? NULL : json_string_value(v);
	if (json_is_object(v))
		return conv_str(v, "href");
	if (json_is_array(v))
		return as_url(json_array_get(v, 0));
	return NULL;
}

/* https://HOST/users/NAME → @NAME@HOST */
static char *
handle_from_actor(const char *actor)
{
	char *host = url_host(actor), *out = NULL;
	const char *u = actor ? strstr(actor, "/users/") : NULL;

	if (host && u && u[7] && strchr(u + 7, '/') == NULL)
		out = xasprintf("@%s@%s", u + 7, host);
	free(host);
	return out;
}

static const char *
medium_of(const char *mime)
{
	if (mime == NULL) /* every field of an archive is optional */
		return NULL;
	if (str_startswith(mime, "image/"))
		return "image";
	if (str_startswith(mime, "video/"))
		return "video";
	if (str_startswith(mime, "audio/"))
		return "audio";
	return NULL;
}

/*
 * The path inside the archive that an attachment's url names, or NULL when
 * it names a file elsewhere (a scheme, or "//host"). Servers write
 * "/media_attachments/files/...", or without the leading slash when they
 * have no CDN (and sometimes with the "/system/" of the server's own path
 * left on): all name the archive's "media_attachments/..." entry.
 */
static const char *
archive_path(const char *u)
{
	size_t k = strcspn(u, ":/");

	if ((k > 0 && u[k] == ':') || (u[0] == '/' && u[1] == '/'))
		return NULL;
	while (*u == '/' || (u[0] == '.' && u[1] == '/'))
		u += *u == '/' ? 1 : 2;
	if (str_startswith(u, "system/media_attachments/"))
		u += strlen("system/");
	return *u ? u : NULL;
}

static void
note_item(json_t *note, json_t *actor, const char *actor_url, const char *origin,
    struct paths *paths, struct incoming_post *it)
{
	const char *url, *lang = NULL, *k;
	json_t *v;
	size_t i;
	int64_t t;

	conv_set(&it->guid, conv_str(note, "id"));
	url = as_url(json_object_get(note, "url"));
	conv_set(&it->permalink, url ? url : conv_str(note, "id"));
	if (actor) {
		const char *user = conv_str(actor, "preferredUsername");
		char *host = url_host(conv_str(actor, "id"));
		conv_set(
		    &it->author_name, conv_str(actor, "name") ? conv_str(actor, "name") : user);
		if (user && host)
			conv_take(&it->author_handle, xasprintf("@%s@%s", user, host));
		conv_set(&it->author_url, as_url(json_object_get(actor, "url")));
		/* The icon is a file inside the archive unless its URL is absolute. */
		url =
		    as_url(conv_obj(actor, "icon") ? json_object_get(conv_obj(actor, "icon"), "url")
		                                   : NULL);
		if (str_casestartswith(url, "https://") || str_casestartswith(url, "http://"))
			conv_set(&it->author_avatar, url);
		free(host);
	}
	if (it->author_handle == NULL)
		conv_take(&it->author_handle, handle_from_actor(actor_url));
	conv_published(it, conv_str(note, "published"));
	if (conv_str(note, "updated") && date_parse_iso8601(conv_str(note, "updated"), &t) == 0) {
		it->has_updated = 1;
		it->updated = t;
	}
	conv_set(&it->content_html, conv_str(note, "content"));
	if (it->content_html)
		conv_take(&it->content_text, html_to_text(it->content_html));
	json_object_foreach(conv_obj(note, "contentMap"), k, v)
	{
		lang = k;
		break;
	}
	conv_set(&it->language, lang);
	conv_set(&it->content_warning, conv_str(note, "summary"));
	it->sensitive = conv_true(note, "sensitive");
	json_array_foreach(conv_arr(note, "tag"), i, v) if (str_eq(conv_str(v, "type"), "Hashtag"))
	    incoming_add_category(it, conv_str(v, "name"));
	json_array_foreach(conv_arr(note, "attachment"), i, v)
	{
		const char *u = as_url(json_object_get(v, "url")), *in;
		struct incoming_media *m;
		char *abs = NULL;

		if (u == NULL)
			continue;
		/* Archives name their own media files by path (archive_path). */
		if ((in = archive_path(u)) != NULL) {
			if (paths)
				paths_add(paths, in);
			if (origin)
				u = abs = xasprintf("%s/%s", origin, in);
		}
		m = incoming_add_media(it, u);
		free(abs);
		if (m == NULL)
			continue;
		conv_set(&m->type, conv_str(v, "mediaType"));
		conv_set(&m->medium, medium_of(conv_str(v, "mediaType")));
		conv_set(&m->alt, conv_str(v, "name"));
		m->width = (int)conv_int(v, "width", 0);
		m->height = (int)conv_int(v, "height", 0);
	}
	conv_raw(it, note);
}

/*
 * Hand each Create/Note of outbox to the sink. *origin gets the account's
 * "https://HOST" (the base of the media paths), when known.
 */
static int
outbox_read(json_t *outbox, json_t *actor, const struct import_sink *sink, struct import_info *info,
    struct paths *paths, char **origin, struct err *e)
{
	json_t *items = conv_arr(outbox, "orderedItems"), *act;
	size_t i;

	if (items == NULL)
		return err_set(e, ERR_FAIL, "not a Mastodon outbox (no \"orderedItems\" list)");
	*origin = url_origin(conv_str(actor, "id"));
	json_array_foreach(items, i, act)
	{
		json_t *note = conv_obj(act, "object");
		const char *actor_url = conv_str(act, "actor");
		struct incoming_post it = {0};
		int r;

		if (!json_is_object(act))
			return err_set(e, ERR_FAIL, "outbox item %zu: not an object", i + 1);
		if (!str_eq(conv_str(act, "type"), "Create") || note == NULL)
			continue; /* Announce: a boost of another's post, by URL only */
		if (!str_eq(conv_str(note, "type"), "Note") &&
		    !str_eq(conv_str(note, "type"), "Question") &&
		    !str_eq(conv_str(note, "type"), "Article"))
			continue;
		if (*origin == NULL)
			*origin = url_origin(actor_url);
		note_item(note, actor, actor_url, *origin, paths, &it);
		r = sink->item(sink->arg, &it, e);
		incoming_post_release(&it);
		if (r == -1)
			return err_prefix(e, "outbox item %zu: ", i + 1);
		info->items++;
	}
	return 0;
}

static int
archive_fail(struct archive *a, const char *entry, struct err *e)
{
	const char *msg = archive_error_string(a);

	if (entry)
		return err_set(
		    e, ERR_FAIL, "archive entry %s: %s", entry, msg ? msg : "unreadable");
	return err_set(e, ERR_FAIL, "archive: %s", msg ? msg : "unreadable");
}

static struct archive *
archive_open(const char *path, struct err *e)
{
	struct archive *a = archive_read_new();

	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 64 * 1024) != ARCHIVE_OK) {
		archive_fail(a, NULL, e);
		archive_read_free(a);
		return NULL;
	}
	return a;
}

/* The entry's path without a leading "./" or "/" (or "system/", archive_path). */
static const char *
entry_name(struct archive_entry *ent)
{
	const char *n = archive_entry_pathname(ent);

	if (n == NULL)
		return "";
	while (*n == '/' || (n[0] == '.' && n[1] == '/'))
		n += *n == '/' ? 1 : 2;
	if (str_startswith(n, "system/media_attachments/"))
		n += strlen("system/");
	return n;
}

static int
entry_read(struct archive *a, const char *name, size_t max, struct buf *b, struct err *e)
{
	char chunk[64 * 1024];
	la_ssize_t n;

	buf_init(b, max);
	while ((n = archive_read_data(a, chunk, sizeof chunk)) > 0)
		if (buf_add(b, chunk, (size_t)n) == -1) {
			buf_release(b);
			return err_set(
			    e, ERR_FAIL, "archive entry %s: larger than %zu MiB", name, max >> 20);
		}
	if (n < 0) {
		buf_release(b);
		return archive_fail(a, name, e);
	}
	return 0;
}

static int
json_entry(struct archive *a, const char *name, json_t **out, struct err *e)
{
	json_error_t je;
	struct buf b;

	if (entry_read(a, name, MAX_JSON_ENTRY, &b, e) == -1)
		return -1;
	*out = json_loadb(b.data, b.len, 0, &je);
	buf_release(&b);
	if (*out == NULL) {
		conv_json_error(e, &je);
		return err_prefix(e, "%s: ", name);
	}
	return 0;
}

static void
sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (EVP_Digest(data, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32)
		fatal("SHA-256 failed");
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = "0123456789abcdef"[md[i] >> 4];
		out[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	out[64] = '\0';
}

/* Second pass: the media files the outbox named. */
static int
archive_media(const char *path, const struct paths *paths, const char *origin,
    const struct import_sink *sink, struct import_info *info, struct err *e)
{
	struct archive *a = archive_open(path, e);
	struct archive_entry *ent;
	int r, status = 0;

	if (a == NULL)
		return -1;
	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
		const char *name = entry_name(ent);
		char hex[65], *url;
		struct buf b;

		if (archive_entry_filetype(ent) != AE_IFREG || !paths_has(paths, name))
			continue;
		if (entry_read(a, name, MAX_MEDIA_ENTRY, &b, e) == -1) {
			status = -1;
			break;
		}
		sha256_hex(b.data, b.len, hex);
		url = xasprintf("%s/%s", origin, name);
		status = sink->media(sink->arg, url, b.data, b.len, hex, e);
		free(url);
		buf_release(&b);
		if (status == -1) {
			err_prefix(e, "archive entry %s: ", name);
			break;
		}
		info->media++;
	}
	if (status == 0 && r != ARCHIVE_EOF)
		status = archive_fail(a, NULL, e);
	archive_read_free(a);
	return status;
}

static int
import_tarball(
    const char *path, const struct import_sink *sink, struct import_info *info, struct err *e)
{
	struct archive *a = archive_open(path, e);
	struct archive_entry *ent;
	json_t *outbox = NULL, *actor = NULL;
	struct paths paths = {0};
	char *origin = NULL, *last = NULL;
	int r, status = -1;

	if (a == NULL)
		return -1;
	while ((r = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
		const char *name = entry_name(ent);
		json_t **slot = strcmp(name, "outbox.json") == 0 ? &outbox
		    : strcmp(name, "actor.json") == 0            ? &actor
		                                                 : NULL;

		conv_set(&last, name);
		if (slot == NULL || *slot != NULL)
			continue;
		if (json_entry(a, name, slot, e) == -1)
			goto out;
	}
	if (r != ARCHIVE_EOF) {
		archive_fail(a, NULL, e);
		if (last)
			err_prefix(e, "after entry %s: ", last);
		goto out;
	}
	if (outbox == NULL) {
		err_set(e, ERR_FAIL, "not a Mastodon archive (no outbox.json inside)");
		goto out;
	}
	if (outbox_read(outbox, actor, sink, info, &paths, &origin, e) == -1)
		goto out;
	if (sink->media && paths.n > 0 && origin &&
	    archive_media(path, &paths, origin, sink, info, e) == -1)
		goto out;
	status = 0;
out:
	archive_read_free(a);
	json_decref(outbox);
	json_decref(actor);
	paths_release(&paths);
	free(origin);
	free(last);
	return status;
}

/* 1 when the file starts like a compressed or plain tar (or a zip). */
static int
looks_archived(const char *path)
{
	unsigned char h[512];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (f == NULL)
		return 0;
	n = fread(h, 1, sizeof h, f);
	fclose(f);
	if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		return 1;
	if (n >= 4 && memcmp(h, "PK\3\4", 4) == 0)
		return 1;
	return n >= 262 && memcmp(h + 257, "ustar", 5) == 0;
}

int
import_mastodon_archive(
    const char *path, const struct import_sink *sink, struct import_info *info, struct err *e)
{
	json_error_t je;
	json_t *outbox;
	char *origin = NULL;
	int r;

	if (looks_archived(path))
		return import_tarball(path, sink, info, e);
	outbox = json_load_file(path, 0, &je);
	if (outbox == NULL)
		return conv_json_error(e, &je);
	r = outbox_read(outbox, NULL, sink, info, NULL, &origin, e);
	free(origin);
	json_decref(outbox);
	return r;
}
