/*
 * mtree.h - a light value tree for the Mustache engine: the per-item model
 * of a render, built without a malloc a value.
 *
 * A tree holds the same kinds of value as jansson (objects, arrays,
 * strings, integers, booleans, null) in one array of nodes, and its
 * strings in one buffer, so building an item and throwing it away costs a
 * few appends, and reusing the tree for the next item allocates nothing.
 * Objects keep their keys in the order they were set, as jansson's
 * JSON_PRESERVE_ORDER writes them; a key is set once (nothing replaces a
 * value). Keys are not copied: they must outlive the tree (literals).
 * Node 0 is never a value: 0 means "none".
 */
#ifndef STORIED_MTREE_H
#define STORIED_MTREE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "storied.h"

enum mt_type { MT_NULL, MT_FALSE, MT_TRUE, MT_INT, MT_STR, MT_OBJ, MT_ARR, MT_JSON };

struct mt_node {
	enum mt_type type;
	uint32_t hash;   /* of key */
	const char *key; /* in an object; NULL in an array */
	uint32_t next;   /* the next sibling, 0: none */
	uint32_t parent; /* the object or array holding it, 0: none */
	/* By type (a node is cleared whole when made, so the smaller it
	 * is the cheaper an item's hundred of them are). */
	union {
		struct {
			uint64_t keys[2]; /* MT_OBJ: a bit for each key's hash (mt_get) */
			uint32_t first, last, count; /* MT_OBJ, MT_ARR: the children */
		};
		int64_t i; /* MT_INT */
		struct {
			size_t off, len; /* MT_STR: bytes of the tree's strings (NUL after) */
		};
		json_t *json; /* MT_JSON: a reference the tree holds */
	};
};

struct mt_tree {
	struct mt_node *v;
	size_t n, cap;
	struct buf s;
};

void mt_init(struct mt_tree *t);
/* Forget every node (release the jansson values held), keep the memory. */
void mt_reset(struct mt_tree *t);
void mt_release(struct mt_tree *t);

/* FNV-1a; inline, so a literal key's hash is folded at compile time. */
static inline uint32_t
mt_hash(const char *key)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

uint32_t mt_obj(struct mt_tree *t);
uint32_t mt_arr(struct mt_tree *t);
uint32_t mt_null(struct mt_tree *t);
uint32_t mt_bool(struct mt_tree *t, int b);
uint32_t mt_int(struct mt_tree *t, int64_t i);
/* A copy of s[0..n) (valid UTF-8 without NUL: the caller checks), or null for NULL. */
uint32_t mt_strn(struct mt_tree *t, const char *s, size_t n);
/* A jansson value, its reference taken; null for NULL. */
uint32_t mt_json(struct mt_tree *t, json_t *v);

/* Add child to obj under key (a literal) whose mt_hash is hash, or to the end of arr. */
void mt_set_hashed(struct mt_tree *t, uint32_t obj, const char *key, uint32_t hash, uint32_t child);
void mt_push(struct mt_tree *t, uint32_t arr, uint32_t child);

static inline void
mt_set(struct mt_tree *t, uint32_t obj, const char *key, uint32_t child)
{
	mt_set_hashed(t, obj, key, mt_hash(key), child);
}

/* obj's child under key (hash: mt_hash(key)), or 0. */
uint32_t mt_get(const struct mt_tree *t, uint32_t obj, const char *key, uint32_t hash);

/*
 * Where a name was found last (struct mt_hint, zeroed at first): a tree
 * rebuilt in the same shape for every item has the name at the same node,
 * so mt_get_hinted checks that node first: a child of obj whose key is the
 * very string found then (keys are literals) is the one.
 */
struct mt_hint {
	const char *key;
	uint32_t k;
};
uint32_t mt_get_hinted(
    const struct mt_tree *t, uint32_t obj, const char *key, uint32_t hash, struct mt_hint *hint);

static inline const char *
mt_str(const struct mt_tree *t, uint32_t node)
{
	return t->s.data + t->v[node].off;
}

/* The node as a jansson value (a new reference). */
json_t *mt_to_json(const struct mt_tree *t, uint32_t node);

#endif
