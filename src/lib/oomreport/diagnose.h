/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Diagnosis of one OOM event: which cause rule fits (single process, many processes, kernel
 * memory, shmem, hugetlb, memcg limit, fragmentation, watermarks, 32-bit lowmem), with evidence,
 * a confidence and concrete next steps.  Pure: reads a struct oom_event, fills plain text. */
#ifndef OOMGUARD_OOM_DIAGNOSE_H
#define OOMGUARD_OOM_DIAGNOSE_H

#include "lib/oomreport/diagnosis.h"
#include "lib/oomreport/oom_event.h"

void oom_diagnose(const struct oom_event *ev, struct oom_diagnosis *out);
/* A constant one-line verdict ("one process grew too large"), for event lists. */
const char *oom_verdict_short(const struct oom_event *ev);
const char *oom_cause_name(enum oom_cause c);          /* "single-process", "memcg-limit", ... */
const char *oom_confidence_name(enum oom_confidence c); /* "low", "medium", "high" */

#endif
