/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The causes an OOM report can have (internal to lib/oomreport): one row per cause, with how
 * strongly the facts point at it and the story it tells (verdict, evidence, next steps). */
#ifndef OOMGUARD_DIAGNOSE_CAUSES_H
#define OOMGUARD_DIAGNOSE_CAUSES_H

#include "lib/oomreport/diagnose_facts.h"

/* The cause that fits best (-1 when none scores), with its score (0-100). */
int diag_pick_cause(const struct facts *f, int *score);
enum oom_cause diag_cause_kind(int cause);
/* The confidence a score stands for. */
enum oom_confidence diag_confidence(int score);
/* Writes the verdict, evidence and next steps of the cause into f->d. */
void diag_cause_story(struct facts *f, int cause);

#endif
