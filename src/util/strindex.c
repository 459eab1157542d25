/*
 * strindex.c - strings numbered 0, 1, 2... in the order they first came
 * (util.h): the map the stats' counting, the render's template names and
 * the story cursor's avatars share.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* FNV-1a. */
static uint32_t
str_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot key is in, or the free one it would take. */
static struct str_slot *
str_index_slot(const struct str_index *m, const char *key, uint32_t h)
{
	size_t i = h & (m->cap - 1);

	while (
	    m->slots[i].key != NULL && (m->slots[i].hash != h || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

struct str_slot *
str_index_get(struct str_index *m, const char *key, int *added)
{
	uint32_t h = str_hash(key);
	struct str_slot *slot;

	if (m->n * 2 >= m->cap) {
		struct str_index bigger = {NULL, m->cap ? m->cap * 2 : 64, m->n};

		bigger.slots = xcalloc(bigger.cap, sizeof *bigger.slots);
		for (size_t k = 0; k < m->cap; k++)
			if (m->slots[k].key != NULL)
				*str_index_slot(&bigger, m->slots[k].key, m->slots[k].hash) =
				    m->slots[k];
		free(m->slots);
		*m = bigger;
	}
	slot = str_index_slot(m, key, h);
	*added = slot->key == NULL;
	if (*added) {
		slot->key = xstrdup(key);
		slot->hash = h;
		slot->index = m->n++;
	}
	return slot;
}

const struct str_slot *
str_index_find(const struct str_index *m, const char *key)
{
	const struct str_slot *slot;

	if (m->cap == 0)
		return NULL;
	slot = str_index_slot(m, key, str_hash(key));
	return slot->key != NULL ? slot : NULL;
}

void
str_index_free(struct str_index *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof *m);
}
