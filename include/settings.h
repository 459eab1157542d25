/*
 * settings.h - user-settable project settings (init, config): which exist,
 * how each value is checked, and setting them in the store
 * (src/store/settings_def.c). Commands only parse and print.
 */
#ifndef STORIED_SETTINGS_H
#define STORIED_SETTINGS_H

#include "storied.h"
#include "store.h"

struct setting_def {
	const char *key;
	const char *help;
	int (*check)(const char *value, struct err *e); /* NULL: checked elsewhere */
};

/* Terminated by an entry whose key is NULL. */
extern const struct setting_def setting_defs[];
const struct setting_def *setting_find(const char *key);

/* Validate and store one setting (not "tags"); "" or NULL unsets optional ones. */
int settings_set(struct store *s, const char *key, const char *value, struct err *e);
/* since < until, both readable in zone; either may be NULL. */
int settings_check_window(const char *since, const char *until, const char *zone, struct err *e);
int settings_tag_add(struct store *s, const char *word, struct err *e);
int settings_tag_remove(struct store *s, const char *word, struct err *e);

#endif
