/* SPDX-License-Identifier: GPL-2.0-or-later */
/* struct oom_event as JSON (one object), shared by `events --json` and `explain --json` so both
 * describe an event the same way.  Unset numbers and strings the report did not print are null.
 * Schema: doc/explain-json.md. */
#ifndef OOMGUARD_OOM_EVENT_JSON_H
#define OOMGUARD_OOM_EVENT_JSON_H

#include <stdbool.h>
#include "lib/oomreport/oom_event.h"
#include "lib/util/json.h"

/* Writes the event object.  details adds Mem-Info zones/nodes, memcg stats, slab caches and the
 * kept task rows and groups; without it, the summary fields only. */
void oom_event_json(struct json *j, const struct oom_event *ev, bool details);

#endif
