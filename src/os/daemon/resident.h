/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What oomguard-daemon keeps in memory while it waits.  selfprotect_apply() locks every page the
 * daemon touches; start-up (options, the configuration, the first scan), a reload and an action
 * touch many more pages than waiting does.  resident_rest() gives those back, so the daemon at
 * rest holds only what its loop and its kill path need (ARCHITECTURE.md, "The lean daemon"). */
#ifndef OOMGUARD_RESIDENT_H
#define OOMGUARD_RESIDENT_H

#include <stdbool.h>
#include <stddef.h>

/* Stack kept below resident_rest()'s frames, for the calls that release the rest.  What the
 * loop needs below its own frame is faulted in again at its next wake-up, and locked. */
#define RESIDENT_STACK_MARGIN_BYTES (4 * 1024)

/* Drops the whole pages inside [addr, addr + len): their contents are lost (anonymous pages read
 * back as zeros; file pages are read again from the page cache).  They are unlocked first and
 * set to be locked again when next touched.  0 or -errno. */
int resident_release(const void *addr, size_t len);

/* Makes the pages of [addr, addr + len) resident (and so locked, under mlockall's MCL_FUTURE or
 * a release's MLOCK_ONFAULT) by reading a byte of each and writing it back unchanged. */
void resident_touch(void *addr, size_t len);

/* The stack below the resting depth; and, in the static build linked with src/daemon-resting.ld,
 * the code outside its resting section (kept and locked: the loop, the trigger, the scan and
 * the kill; with keep_rules also the regular-expression matcher) and the ELF headers.  Only for
 * the live process (not under --root). */
void resident_rest(bool keep_rules);

#endif
