/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The systemd unit, Kubernetes pod and container a cgroup path belongs to (container_id.c). */
#ifndef OOMGUARD_CONTAINER_ID_H
#define OOMGUARD_CONTAINER_ID_H

#include <stdbool.h>
#include "lib/oomreport/oom_event.h"

/* Fills c from a cgroup path (v1 or v2, as the kernel or a killer printed it); true when
 * anything was found.  c is cleared first. */
bool container_from_cgroup(const char *path, struct oom_container *c);

#endif
