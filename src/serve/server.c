/*
 * server.c - the editor's HTTP server: the one file that includes
 * <microhttpd.h>. It owns the rules every request passes before any
 * handler runs (the Host, the token, the method, the Origin, the body
 * cap), the security headers on every reply, and the compiled-in page.
 *
 * libmicrohttpd runs in one internal thread, so requests are handled one
 * at a time on one connection to the project file: a change is never
 * interleaved with another, and the story a reply shows is consistent.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

#include "embedded.h"
#include "internal.h"
#include "render.h"

#define DEFAULT_CSP                                                                                \
	"default-src 'none'; script-src 'self'; style-src 'self'; "                                \
	"img-src 'self' data: https: http:; connect-src 'self'; base-uri 'none'; "                 \
	"form-action 'none'; frame-ancestors 'none'"

/* An imported file (POST /api/import) is streamed to a private temporary
 * directory under its own name, never held in memory. */
#define SERVE_MAX_UPLOAD ((int64_t)4 << 30)

struct conn_state {
	struct buf body;
	int too_big;
	int upload_fd;     /* -1 unless this is an import */
	char *upload_dir;  /* mkdtemp's directory, removed when done */
	char *upload_path; /* upload_dir/NAME */
	int64_t upload_bytes;
	int upload_failed; /* a write failed: errno kept in upload_errno */
	int upload_errno;
};

const char *
serve_arg(const struct request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

void
reply_json(struct reply *rp, int status, json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT | JSON_ENSURE_ASCII);

	json_decref(v);
	if (text == NULL)
		fatal("serve: out of memory");
	rp->status = status;
	rp->type = "application/json";
	buf_reset(&rp->body);
	buf_adds(&rp->body, text);
	free(text);
}

void
reply_message(struct reply *rp, int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	reply_json(rp, status, json_pack("{s:s}", "error", msg));
}

void
reply_error(struct reply *rp, const struct err *e)
{
	int status;

	switch (e->code) {
	case ERR_USAGE:
		status = MHD_HTTP_BAD_REQUEST;
		break;
	case ERR_NOTFOUND:
		status = MHD_HTTP_NOT_FOUND;
		break;
	case ERR_FAIL:
	case ERR_EXISTS:
	case ERR_PARTIAL:
		status = MHD_HTTP_CONFLICT;
		break;
	default:
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		break;
	}
	reply_message(rp, status, "%s", e->msg);
}

/* Compare without stopping at the first difference: the token is a secret. */
static int
token_eq(const char *given, const char *token)
{
	size_t n = strlen(token);
	unsigned char d = 0;

	if (given == NULL || strlen(given) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		d |= (unsigned char)(given[i] ^ token[i]);
	return d == 0;
}

/* An IP literal ("192.0.2.1:8420", "[2001:db8::1]:8420") with our port. */
static int
host_is_literal(const struct serve *sv, const char *host)
{
	char addr[64], port[16];
	const char *colon;
	unsigned char tmp[16];
	size_t n;

	if (host[0] == '[') {
		const char *end = strchr(host, ']');
		if (end == NULL || end[1] != ':' || (size_t)(end - host - 1) >= sizeof addr)
			return 0;
		n = (size_t)(end - host - 1);
		memcpy(addr, host + 1, n);
		addr[n] = '\0';
		colon = end + 1;
		if (inet_pton(AF_INET6, addr, tmp) != 1)
			return 0;
	} else {
		if ((colon = strrchr(host, ':')) == NULL || (size_t)(colon - host) >= sizeof addr)
			return 0;
		n = (size_t)(colon - host);
		memcpy(addr, host, n);
		addr[n] = '\0';
		if (inet_pton(AF_INET, addr, tmp) != 1)
			return 0;
	}
	snprintf(port, sizeof port, "%d", sv->port);
	return strcmp(colon + 1, port) == 0;
}

/*
 * The Host header must name this server: a DNS name pointed at 127.0.0.1
 * by an attacker (DNS rebinding) is refused. Listening on every address,
 * any IP literal with our port passes, never a name but localhost.
 */
static int
host_ok(const struct serve *sv, const char *host)
{
	if (host == NULL)
		return 0;
	for (size_t i = 0; i < sv->nhosts; i++)
		if (strcmp(host, sv->hosts[i]) == 0)
			return 1;
	return !sv->loopback && host_is_literal(sv, host);
}

static void
add_security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", DEFAULT_CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result
send_reply(struct MHD_Connection *c, struct reply *rp, const char *cookie, const char *location)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(rp->body.len, rp->body.data, MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	add_security_headers(r);
	MHD_add_response_header(
	    r, "Content-Type", rp->type ? rp->type : "text/plain; charset=utf-8");
	if (rp->disposition)
		MHD_add_response_header(r, "Content-Disposition", rp->disposition);
	if (cookie)
		MHD_add_response_header(r, "Set-Cookie", cookie);
	if (location)
		MHD_add_response_header(r, "Location", location);
	ret = MHD_queue_response(c, (unsigned)rp->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
send_text(struct MHD_Connection *c, int status, const char *text)
{
	struct reply rp;
	enum MHD_Result ret;

	memset(&rp, 0, sizeof rp);
	buf_init(&rp.body, BUF_NOLIMIT);
	rp.status = status;
	buf_adds(&rp.body, text);
	ret = send_reply(c, &rp, NULL, NULL);
	buf_release(&rp.body);
	return ret;
}

/* The page and its files, compiled in from editor/: nothing else is served. */
static int
static_file(const char *path, struct reply *rp)
{
	static const struct {
		const char *path, *file, *type;
	} files[] = {
	    {"/", "editor.html", "text/html; charset=utf-8"},
	    {"/editor.js", "editor.js", "text/javascript; charset=utf-8"},
	    {"/editor.css", "editor.css", "text/css; charset=utf-8"},
	    {"/icon.svg", "icon.svg", "image/svg+xml"},
	};
	const struct embedded_file *f;

	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		if (strcmp(path, files[i].path) != 0 || (f = embedded_find(files[i].file)) == NULL)
			continue;
		rp->status = MHD_HTTP_OK;
		rp->type = files[i].type;
		buf_add(&rp->body, f->data, f->len);
		return 0;
	}
	if (strcmp(path, "/story.css") == 0) {
		struct err e;
		rp->status = MHD_HTTP_OK;
		rp->type = "text/css; charset=utf-8";
		if (render_stylesheet(&rp->body, &e) == -1)
			reply_error(rp, &e);
		return 0;
	}
	return -1;
}

static int
is_write_method(const char *m)
{
	return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 || strcmp(m, "DELETE") == 0;
}

/*
 * The rules every request passes before anything else: the Host it names,
 * the session's token (given or in the cookie), the method, and for a
 * change the page's own Origin. NULL when it passes; else the reply's
 * text, with *status.
 */
static const char *
refusal(struct serve *sv, struct MHD_Connection *c, const char *method, int *status)
{
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	const char *given = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
	const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, sv->cookie);

	*status = MHD_HTTP_FORBIDDEN;
	if (!host_ok(sv, host)) {
		*status = MHD_HTTP_MISDIRECTED_REQUEST;
		return "storied serve: unknown Host (open the address it printed)\n";
	}
	if (!token_eq(given, sv->token) && !token_eq(cookie, sv->token))
		return "storied serve: open the address that 'storied serve' printed: it "
		       "carries this session's ?token=\n";
	if (is_write_method(method)) {
		const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
		if (origin == NULL || strncmp(origin, "http://", 7) != 0 ||
		    strcmp(origin + 7, host) != 0)
			return "storied serve: a change must come from the editor's own page\n";
	} else if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		*status = MHD_HTTP_METHOD_NOT_ALLOWED;
		return "storied serve: method not allowed\n";
	}
	return NULL;
}

static enum MHD_Result
respond(struct serve *sv, struct MHD_Connection *c, const char *url, const char *method,
    struct conn_state *cs)
{
	const char *given = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token");
	struct request rq = {method, url, c, NULL};
	struct reply rp;
	enum MHD_Result ret;
	char *set_cookie = NULL;
	const char *why;
	int status;

	if ((why = refusal(sv, c, method, &status)) != NULL)
		return send_text(c, status, why);
	if (is_write_method(method)) {
		const char *type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		if (cs->upload_fd == -1 &&
		    (type == NULL || !str_casestartswith(type, "application/json")))
			return send_text(c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
			    "storied serve: send JSON (Content-Type: application/json)\n");
		if (cs->too_big)
			return send_text(c, MHD_HTTP_CONTENT_TOO_LARGE,
			    "storied serve: request body too large\n");
	}

	memset(&rp, 0, sizeof rp);
	buf_init(&rp.body, BUF_NOLIMIT);
	rp.status = MHD_HTTP_NOT_FOUND;
	if (cs->upload_fd != -1) {
		close(cs->upload_fd);
		cs->upload_fd = -2; /* closed; on_completed removes the file */
		if (cs->upload_failed)
			reply_message(&rp, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "could not keep the uploaded file: %s", strerror(cs->upload_errno));
		else
			api_import(sv, cs->upload_path, &rp);
	} else if (strncmp(url, "/api/", 5) == 0) {
		json_error_t jerr;
		if (is_write_method(method)) {
			rq.body = cs->body.len
			    ? json_loadb(cs->body.data, cs->body.len, JSON_REJECT_DUPLICATES, &jerr)
			    : json_object();
			if (!json_is_object(rq.body)) {
				reply_message(
				    &rp, MHD_HTTP_BAD_REQUEST, "the body is not a JSON object");
				goto send;
			}
		}
		if (api_handle(sv, &rq, &rp) == -1)
			reply_message(&rp, MHD_HTTP_NOT_FOUND, "no such API: %s", url);
	} else if (is_write_method(method)) {
		reply_message(&rp, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed");
	} else if (strcmp(url, "/") == 0 && given != NULL) {
		/* Keep the token in a cookie and out of the address bar and history. */
		set_cookie =
		    xasprintf("%s=%s; Path=/; HttpOnly; SameSite=Strict", sv->cookie, sv->token);
		rp.status = MHD_HTTP_SEE_OTHER;
		ret = send_reply(c, &rp, set_cookie, "/");
		free(set_cookie);
		buf_release(&rp.body);
		return ret;
	} else if (static_file(url, &rp) == -1) {
		buf_adds(&rp.body, "storied serve: not found\n");
	}
send:
	json_decref(rq.body);
	ret = send_reply(c, &rp, NULL, NULL);
	free(rp.disposition);
	buf_release(&rp.body);
	return ret;
}

/*
 * An uploaded file's name as the import will show it: its last path
 * component, with anything but letters, digits, '.', '-' and '_' made
 * '_', never empty, never starting with '.'.
 */
static char *
upload_name(const char *given)
{
	const char *base = given ? strrchr(given, '/') : NULL;
	struct buf b;

	base = base ? base + 1 : given ? given : "";
	buf_init(&b, BUF_NOLIMIT);
	for (const char *p = base; *p && b.len < 100; p++) {
		unsigned char ch = (unsigned char)*p;
		int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || (ch == '.' && b.len > 0);
		buf_addc(&b, ok ? (char)ch : '_');
	}
	if (b.len == 0)
		buf_adds(&b, "upload");
	return buf_detach(&b);
}

static int
upload_open(struct conn_state *cs, const char *given, struct err *e)
{
	const char *tmp = getenv("TMPDIR");
	char *name = upload_name(given);

	cs->upload_dir = xasprintf("%s/storied-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(cs->upload_dir) == NULL) {
		err_set(e, ERR_FAIL,
		    "storied serve: cannot make a temporary directory for the file: %s\n",
		    strerror(errno));
		free(cs->upload_dir);
		cs->upload_dir = NULL;
		free(name);
		return -1;
	}
	cs->upload_path = xasprintf("%s/%s", cs->upload_dir, name);
	free(name);
	cs->upload_fd = open(cs->upload_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (cs->upload_fd == -1)
		return err_set(e, ERR_FAIL, "storied serve: cannot keep the uploaded file: %s\n",
		    strerror(errno));
	return 0;
}

static void
upload_write(struct conn_state *cs, const char *data, size_t n)
{
	cs->upload_bytes += (int64_t)n;
	if (cs->upload_bytes > SERVE_MAX_UPLOAD)
		cs->too_big = 1;
	while (n > 0 && !cs->upload_failed && !cs->too_big) {
		ssize_t w = write(cs->upload_fd, data, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1) {
			cs->upload_failed = 1;
			cs->upload_errno = errno;
			break;
		}
		data += w;
		n -= (size_t)w;
	}
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
    const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
	struct serve *sv = cls;
	struct conn_state *cs = *con_cls;

	(void)version;
	if (cs == NULL) {
		const char *len = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		int import = strcmp(url, "/api/import") == 0 && strcmp(method, "POST") == 0;
		int64_t n, max = import ? SERVE_MAX_UPLOAD : SERVE_MAX_BODY;

		cs = xcalloc(1, sizeof *cs);
		buf_init(&cs->body, SERVE_MAX_BODY);
		cs->upload_fd = -1;
		*con_cls = cs;
		/* Refused before reading a byte of it. */
		if (len && (str_to_int64(len, 0, INT64_MAX, &n) == -1 || n > max))
			return send_text(c, MHD_HTTP_CONTENT_TOO_LARGE,
			    "storied serve: request body too large\n");
		if (import) {
			const char *why;
			int status;
			struct err e;

			/* Nothing of a file is written before the request passes. */
			if ((why = refusal(sv, c, method, &status)) != NULL)
				return send_text(c, status, why);
			if (upload_open(cs,
			        MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "name"),
			        &e) == -1)
				return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, e.msg);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (cs->upload_fd >= 0)
			upload_write(cs, upload_data, *upload_data_size);
		else if (!cs->too_big && buf_add(&cs->body, upload_data, *upload_data_size) == -1)
			cs->too_big = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return respond(sv, c, url, method, cs);
}

static void
on_completed(
    void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn_state *cs = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (cs) {
		buf_release(&cs->body);
		if (cs->upload_fd >= 0)
			close(cs->upload_fd);
		if (cs->upload_path)
			unlink(cs->upload_path);
		if (cs->upload_dir)
			rmdir(cs->upload_dir);
		free(cs->upload_path);
		free(cs->upload_dir);
		free(cs);
		*con_cls = NULL;
	}
}

/* Parse addr ("127.0.0.1", "::1", "[::1]", "0.0.0.0") into ss. */
static int
parse_addr(const char *addr, int port, struct sockaddr_storage *ss, int *v6, struct err *e)
{
	char buf[64];
	size_t n = strlen(addr);

	memset(ss, 0, sizeof *ss);
	if (n >= 2 && addr[0] == '[' && addr[n - 1] == ']') {
		addr++;
		n -= 2;
	}
	if (n >= sizeof buf)
		return err_set(e, ERR_USAGE, "--listen: '%s' is not an IP address", addr);
	memcpy(buf, addr, n);
	buf[n] = '\0';
	if (strcmp(buf, "localhost") == 0)
		memcpy(buf, "127.0.0.1", 10);
	if (inet_pton(AF_INET, buf, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		((struct sockaddr_in *)ss)->sin_family = AF_INET;
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
		*v6 = 0;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
		*v6 = 1;
		return 0;
	}
	return err_set(e, ERR_USAGE, "--listen: '%s' is not an IP address (try 127.0.0.1)", addr);
}

static int
is_loopback(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
	return memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr, &in6addr_loopback,
	           sizeof in6addr_loopback) == 0;
}

static int
is_wildcard(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET)
		return ((const struct sockaddr_in *)ss)->sin_addr.s_addr == htonl(INADDR_ANY);
	return memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr, &in6addr_any,
	           sizeof in6addr_any) == 0;
}

static int
make_token(char *out, size_t n)
{
	unsigned char raw[32];
	static const char hex[] = "0123456789abcdef";

	if (n < 2 * sizeof raw + 1 || getrandom(raw, sizeof raw, 0) != (ssize_t)sizeof raw)
		return -1;
	for (size_t i = 0; i < sizeof raw; i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[2 * sizeof raw] = '\0';
	return 0;
}

/*
 * A listening socket on ss, and the port it got (*port: o's, or the one
 * the system chose for 0). Bound here, not by libmicrohttpd, so that the
 * port, the Host names and the cookie are set before its thread can
 * answer a request; -1 with errno set.
 */
static int
listen_on(const struct sockaddr_storage *ss, int v6, int *port)
{
	struct sockaddr_storage got;
	socklen_t len = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1, saved;

	if (fd == -1)
		return -1;
	/* As libmicrohttpd sets them on a socket of its own. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1 ||
	    (v6 && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) == -1) ||
	    bind(fd, (const struct sockaddr *)ss, len) == -1 || listen(fd, 64) == -1 ||
	    getsockname(fd, (struct sockaddr *)&got, &len) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	*port = ntohs(
	    v6 ? ((struct sockaddr_in6 *)&got)->sin6_port : ((struct sockaddr_in *)&got)->sin_port);
	return fd;
}

int
serve_start(const struct serve_options *o, struct serve **out, struct err *e)
{
	const char *listen = o->listen ? o->listen : "127.0.0.1";
	struct sockaddr_storage ss;
	struct serve *sv;
	char addr[INET6_ADDRSTRLEN];
	int v6 = 0, fd;

	*out = NULL;
	if (parse_addr(listen, o->port, &ss, &v6, e) == -1)
		return -1;
	sv = xcalloc(1, sizeof *sv);
	sv->project_path = xstrdup(o->project_path);
	sv->self_exe = xstrdup(o->self_exe ? o->self_exe : "/proc/self/exe");
	sv->loopback = is_loopback(&ss);
	sv->collect.fd = -1;
	sv->collect.status = -1;
	buf_init(&sv->collect.partial, 4096);
	if (make_token(sv->token, sizeof sv->token) == -1) {
		serve_stop(sv);
		return err_set(e, ERR_FAIL, "cannot make a token: %s", strerror(errno));
	}
	if (access(o->project_path, F_OK) == 0 &&
	    store_open(o->project_path, &sv->store, e) == -1) {
		serve_stop(sv);
		return -1;
	}
	if ((fd = listen_on(&ss, v6, &sv->port)) == -1) {
		serve_stop(sv);
		return err_set(e, ERR_FAIL,
		    "cannot listen on %s port %d (in use, or not an address of "
		    "this machine)",
		    listen, o->port);
	}
	snprintf(sv->cookie, sizeof sv->cookie, "storied_%d", sv->port);
	if (v6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, addr, sizeof addr);
	else
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, addr, sizeof addr);
	if (sv->loopback) {
		sv->hosts[sv->nhosts++] = xasprintf(v6 ? "[%s]:%d" : "%s:%d", addr, sv->port);
		sv->hosts[sv->nhosts++] = xasprintf("localhost:%d", sv->port);
	} else if (!is_wildcard(&ss)) {
		sv->hosts[sv->nhosts++] = xasprintf(v6 ? "[%s]:%d" : "%s:%d", addr, sv->port);
	}
	if (is_wildcard(&ss))
		sv->url = xasprintf("http://127.0.0.1:%d/?token=%s", sv->port, sv->token);
	else
		sv->url = xasprintf(v6 ? "http://[%s]:%d/?token=%s" : "http://%s:%d/?token=%s",
		    addr, sv->port, sv->token);
	/* Everything a request reads is set: now the thread may answer. */
	sv->daemon = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD | (v6 ? MHD_USE_IPv6 : 0),
	    (uint16_t)sv->port, NULL, NULL, on_request, sv, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, sv, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)64, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120, MHD_OPTION_END);
	if (sv->daemon == NULL) {
		close(fd);
		serve_stop(sv);
		return err_set(e, ERR_FAIL, "cannot serve on %s port %d", listen, o->port);
	}
	*out = sv;
	return 0;
}

const char *
serve_url(const struct serve *sv)
{
	return sv->url;
}

int
serve_is_loopback(const struct serve *sv)
{
	return sv->loopback;
}

void
serve_stop(struct serve *sv)
{
	if (sv == NULL)
		return;
	if (sv->daemon)
		MHD_stop_daemon(sv->daemon);
	serve_collect_stop(sv);
	store_close(sv->store);
	for (size_t i = 0; i < sv->nhosts; i++)
		free(sv->hosts[i]);
	buf_release(&sv->collect.partial);
	for (size_t i = 0; i < sv->collect.nlines; i++)
		free(sv->collect.lines[i]);
	free(sv->url);
	free(sv->project_path);
	free(sv->self_exe);
	free(sv);
}
