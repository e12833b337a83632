/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Memory pressure as JSON (see psi_json.h). */
#include "lib/procfs/psi_json.h"

static void psi_line_json(struct json *j, const char *key, const struct psi_line *l)
{
	json_key(j, key);
	if (!l->present) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	json_kv_double(j, "avg10", l->avg10);
	json_kv_double(j, "avg60", l->avg60);
	json_kv_double(j, "avg300", l->avg300);
	json_kv_uint(j, "total_us", l->total_us);
	json_obj_end(j);
}

void psi_json(struct json *j, const char *key, const struct psi *p)
{
	json_key(j, key);
	if (!p || !p->present) {
		json_null(j);
		return;
	}
	json_obj_begin(j);
	psi_line_json(j, "some", &p->some);
	psi_line_json(j, "full", &p->full);
	json_obj_end(j);
}
