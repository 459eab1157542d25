/*
 * render_stats.h - the posts in numbers (store_stats.h) as the JSON object
 * `stats --json` prints and `render --format json` carries as "stats";
 * docs/templates.md lists its fields.
 */
#ifndef STORIED_RENDER_STATS_H
#define STORIED_RENDER_STATS_H

#include <jansson.h>

#include "store_stats.h"

/*
 * A new object: posts, people, first, last, per_day, per_hour, top_authors,
 * top_tags, top_domains, languages, by_source, most_shared. A source
 * without a name is named by its URL without credentials or secret
 * parameters (redact.h); when `published` (a rendered story), a local
 * source by its file name only.
 */
json_t *stats_json(const struct stats *st, int published);

#endif
