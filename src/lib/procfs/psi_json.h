/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Memory pressure (struct psi) as JSON, in the one shape report --json and the daemon's kill
 * snapshots share: {"some": {"avg10", "avg60", "avg300", "total_us"}, "full": {...}}. */
#ifndef OOMGUARD_PSI_JSON_H
#define OOMGUARD_PSI_JSON_H

#include "lib/procfs/psi.h"
#include "lib/util/json.h"

/* Writes key and the object; null for the whole when p is NULL or not present, and for a line
 * the kernel did not print. */
void psi_json(struct json *j, const char *key, const struct psi *p);

#endif
