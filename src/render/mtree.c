/* mtree.c - the light value tree (mtree.h) the per-item render model is built in. */
#include <stdlib.h>
#include <string.h>

#include "mtree.h"

void
mt_init(struct mt_tree *t)
{
	memset(t, 0, sizeof *t);
	buf_init(&t->s, BUF_NOLIMIT);
	mt_reset(t);
}

void
mt_reset(struct mt_tree *t)
{
	for (size_t i = 1; i < t->n; i++)
		if (t->v[i].type == MT_JSON)
			json_decref(t->v[i].json);
	t->n = 0;
	buf_reset(&t->s);
	(void)mt_null(t); /* node 0: "none" */
}

void
mt_release(struct mt_tree *t)
{
	mt_reset(t);
	free(t->v);
	buf_release(&t->s);
	memset(t, 0, sizeof *t);
}

static uint32_t
mt_new(struct mt_tree *t, enum mt_type type)
{
	struct mt_node *n;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		if (t->cap > UINT32_MAX)
			fatal("render model too large");
		t->v = xreallocarray(t->v, t->cap, sizeof *t->v);
	}
	n = &t->v[t->n];
	memset(n, 0, sizeof *n);
	n->type = type;
	return (uint32_t)t->n++;
}

uint32_t
mt_obj(struct mt_tree *t)
{
	return mt_new(t, MT_OBJ);
}

uint32_t
mt_arr(struct mt_tree *t)
{
	return mt_new(t, MT_ARR);
}

uint32_t
mt_null(struct mt_tree *t)
{
	return mt_new(t, MT_NULL);
}

uint32_t
mt_bool(struct mt_tree *t, int b)
{
	return mt_new(t, b ? MT_TRUE : MT_FALSE);
}

uint32_t
mt_int(struct mt_tree *t, int64_t i)
{
	uint32_t n = mt_new(t, MT_INT);

	t->v[n].i = i;
	return n;
}

uint32_t
mt_strn(struct mt_tree *t, const char *s, size_t len)
{
	uint32_t n;
	size_t off = t->s.len;

	if (s == NULL)
		return mt_null(t);
	if (buf_add(&t->s, s, len) == -1 || buf_addc(&t->s, '\0') == -1)
		fatal("render model too large");
	n = mt_new(t, MT_STR);
	t->v[n].off = off;
	t->v[n].len = len;
	return n;
}

uint32_t
mt_json(struct mt_tree *t, json_t *v)
{
	uint32_t n;

	if (v == NULL)
		return mt_null(t);
	n = mt_new(t, MT_JSON);
	t->v[n].json = v;
	return n;
}

static void
mt_append(struct mt_tree *t, uint32_t parent, uint32_t child)
{
	struct mt_node *p = &t->v[parent];

	t->v[child].parent = parent;
	if (p->first == 0)
		p->first = child;
	else
		t->v[p->last].next = child;
	p->last = child;
	p->count++;
}

void
mt_set_hashed(struct mt_tree *t, uint32_t obj, const char *key, uint32_t h, uint32_t child)
{
	t->v[child].key = key;
	t->v[child].hash = h;
	t->v[obj].keys[(h >> 6) & 1] |= (uint64_t)1 << (h & 63);
	mt_append(t, obj, child);
}

void
mt_push(struct mt_tree *t, uint32_t arr, uint32_t child)
{
	mt_append(t, arr, child);
}

uint32_t
mt_get(const struct mt_tree *t, uint32_t obj, const char *key, uint32_t hash)
{
	if ((t->v[obj].keys[(hash >> 6) & 1] & ((uint64_t)1 << (hash & 63))) == 0)
		return 0;
	for (uint32_t k = t->v[obj].first; k != 0; k = t->v[k].next)
		if (t->v[k].hash == hash && strcmp(t->v[k].key, key) == 0)
			return k;
	return 0;
}

uint32_t
mt_get_hinted(
    const struct mt_tree *t, uint32_t obj, const char *key, uint32_t hash, struct mt_hint *hint)
{
	uint32_t k = hint->k;

	if (k < t->n && hint->key != NULL && t->v[k].key == hint->key && t->v[k].parent == obj)
		return k;
	if ((k = mt_get(t, obj, key, hash)) != 0) {
		hint->key = t->v[k].key;
		hint->k = k;
	}
	return k;
}

json_t *
mt_to_json(const struct mt_tree *t, uint32_t node)
{
	const struct mt_node *n = &t->v[node];
	json_t *v;

	switch (n->type) {
	case MT_FALSE:
		return json_false();
	case MT_TRUE:
		return json_true();
	case MT_INT:
		return json_integer(n->i);
	case MT_STR:
		return json_stringn_nocheck(t->s.data + n->off, n->len);
	case MT_JSON:
		return json_incref(n->json);
	case MT_OBJ:
		v = json_object();
		for (uint32_t k = n->first; k != 0; k = t->v[k].next)
			json_object_set_new_nocheck(v, t->v[k].key, mt_to_json(t, k));
		return v;
	case MT_ARR:
		v = json_array();
		for (uint32_t k = n->first; k != 0; k = t->v[k].next)
			json_array_append_new(v, mt_to_json(t, k));
		return v;
	case MT_NULL:
	default:
		return json_null();
	}
}
