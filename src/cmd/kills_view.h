/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How `events` and `explain` show who killed (the kernel, a userspace killer, or both), every
 * process a kill took, and the container or unit the victim ran in. */
#ifndef OOMGUARD_KILLS_VIEW_H
#define OOMGUARD_KILLS_VIEW_H

#include <stddef.h>

#include "lib/oomreport/oom_event.h"
#include "lib/util/strbuf.h"

/* "kernel", "earlyoom", "kernel+earlyoom". */
void kills_by_text(char *buf, size_t cap, const struct oom_event *ev);
/* "k8s pod 95387fa4 burstable 6895a3e13439", "docker b27201334a41", "lxc 703", "openvz 1234",
 * "foo.service", or "" when nothing is known. */
void kills_container_text(char *buf, size_t cap, const struct oom_event *ev);
/* The victim for a table cell: "comm[pid]", "+N" when the kill took N more processes, the killed
 * unit when a killer killed a cgroup, "(kind)" when nothing was killed. */
void kills_victim_text(char *buf, size_t cap, const struct oom_event *ev);
/* The victim's resident size in kB as the kill line or the killer printed it, or OOM_UNSET. */
int64_t kills_victim_rss_kib(const struct oom_event *ev);
/* explain: the processes killed, the task selected when a child died instead, the userspace
 * killer's record and the container. */
void kills_explain(struct strbuf *sb, const struct oom_event *ev);

#endif
