/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rendering shared by `check` and `report`: findings as wrapped terminal text or JSON, the notes
 * on what could not be read, and the one snapshot + audit run both commands start from. */
#ifndef OOMGUARD_FINDINGS_VIEW_H
#define OOMGUARD_FINDINGS_VIEW_H

#include <stdbool.h>
#include "lib/audit/audit.h"
#include "lib/util/json.h"
#include "lib/util/strbuf.h"

#define VIEW_WIDTH 80

/* Appends text word-wrapped to width: the first line after `first` (already counted as
 * first_cols columns), the next ones indented by indent spaces.  Text is escaped for the terminal;
 * explicit \n in text starts a new indented line. */
void view_wrap(struct strbuf *out, const char *text, size_t first_cols, size_t indent, size_t width);
/* The same for text that is already escaped (e.g. oomrank_headline's). */
void view_wrap_safe(struct strbuf *out, const char *text, size_t first_cols, size_t indent,
		    size_t width);
/* Appends text escaped and cut to at most width columns ("..." marks a cut); returns the columns
 * used. */
size_t view_cut(struct strbuf *out, const char *text, size_t width);
/* "critical"/"warn"/"info" label, coloured on a terminal, padded to 8 columns. */
void view_severity(struct strbuf *out, enum severity sev);
/* The full form used by `check`: id, title, measured, why, fix. */
void view_findings_text(struct strbuf *out, const struct findings *f);
void view_findings_json(struct json *j, const struct findings *f);
/* "could not read: ..." lines (text) / array (JSON). */
void view_notes_text(struct strbuf *out, const struct audit_snapshot *s);
void view_notes_json(struct json *j, const struct audit_snapshot *s);
/* Appends s as escaped terminal text. */
void view_text(struct strbuf *out, const char *s);

#endif
