/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The daemon's resident set (see resident.h): page release through munlock + MADV_DONTNEED +
 * mlock2(MLOCK_ONFAULT), and the stack and code ranges found in /proc/self/maps. */
#include "os/daemon/resident.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/procfs/procmaps.h"
#include "os/core/sysroot.h"

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 1
#endif

/* Defined by src/daemon-resting.ld; absent (null) in builds without it. */
extern const char __og_rest_start[] __attribute__((weak));
extern const char __og_rest_end[] __attribute__((weak));
extern const char __og_rules_end[] __attribute__((weak));
extern const char __og_rest_rodata_start[] __attribute__((weak));
extern const char __og_rest_rodata_end[] __attribute__((weak));
extern const char __og_rodata_end[] __attribute__((weak));

static uintptr_t page_bytes(void)
{
	long v = sysconf(_SC_PAGESIZE);
	return v > 0 ? (uintptr_t)v : 4096u;
}

int resident_release(const void *addr, size_t len)
{
	uintptr_t ps = page_bytes();
	uintptr_t a = ((uintptr_t)addr + ps - 1) & ~(ps - 1);
	uintptr_t b = ((uintptr_t)addr + len) & ~(ps - 1);
	if (!addr || b <= a)
		return 0;
	(void)munlock((void *)a, b - a);          /* locked pages cannot be dropped */
	if (madvise((void *)a, b - a, MADV_DONTNEED) < 0)
		return -errno;
	/* as mlockall(MCL_FUTURE | MCL_ONFAULT) did: a page touched again is locked again (fails
	 * harmlessly where the daemon could not lock at all) */
	(void)syscall(SYS_mlock2, (void *)a, b - a, MLOCK_ONFAULT);
	return 0;
}

void resident_touch(void *addr, size_t len)
{
	uintptr_t ps = page_bytes();
	char *p = addr;
	/* adding 0 in place: a write fault, so a private page of our own, its byte unchanged */
	for (size_t off = 0; off < len; off += ps)
		__atomic_fetch_add(p + off, 0, __ATOMIC_RELAXED);
	if (len)
		__atomic_fetch_add(p + len - 1, 0, __ATOMIC_RELAXED);
}

/* The executable's code: the union of its executable mappings (locking may have split them). */
static void release_code(const char *maps, size_t len, bool keep_rules)
{
	uintptr_t here = (uintptr_t)&resident_rest;
	struct procmaps_range r;
	const char *p = maps;
	uint64_t inode = 0;
	while (procmaps_next(&p, maps + len, &r))
		if (here >= r.start && here < r.end)
			inode = r.inode;
	if (!inode)
		return;
	uint64_t lo = UINT64_MAX, hi = 0;
	p = maps;
	while (procmaps_next(&p, maps + len, &r)) {
		if (r.inode != inode)
			continue;
		if (r.perms[2] == 'x') {
			lo = r.start < lo ? r.start : lo;
			hi = r.end > hi ? r.end : hi;
		} else if (r.offset_bytes == 0 && r.perms[1] != 'w') {
			/* ELF headers and relocations: read once, at start-up */
			resident_release((const void *)(uintptr_t)r.start, (size_t)(r.end - r.start));
		}
	}
	uintptr_t keep_lo = (uintptr_t)__og_rest_start;
	uintptr_t keep_hi = keep_rules && __og_rules_end ? (uintptr_t)__og_rules_end : (uintptr_t)__og_rest_end;
	if (lo >= hi || keep_lo < lo || keep_hi > hi || keep_hi <= keep_lo)
		return;
	resident_release((const void *)(uintptr_t)lo, keep_lo - (uintptr_t)lo);
	resident_release((const void *)keep_hi, (uintptr_t)hi - keep_hi);
	(void)mlock((const void *)keep_lo, keep_hi - keep_lo);   /* all of it in, and locked */
	/* the constants: the resting ones kept, the others (help texts, tables of the option and
	 * configuration parsers, libc's locale and time-zone tables) given back */
	uintptr_t ro_lo = (uintptr_t)__og_rest_rodata_start, ro_keep = (uintptr_t)__og_rest_rodata_end;
	uintptr_t ro_hi = (uintptr_t)__og_rodata_end;
	if (ro_lo && ro_keep >= ro_lo && ro_hi >= ro_keep) {
		resident_release((const void *)ro_keep, ro_hi - ro_keep);
		(void)mlock((const void *)ro_lo, ro_keep - ro_lo);
	}
}

/* Called with the stack mapping's lowest address: gives back everything below this frame, less
 * a margin for the calls that do it.  Its own frame lies below every caller's locals. */
static void __attribute__((noinline)) release_stack_below_here(uintptr_t stack_lo)
{
	volatile char here = 0;
	uintptr_t top = (uintptr_t)&here;
	if (top > stack_lo + RESIDENT_STACK_MARGIN_BYTES)
		resident_release((const void *)stack_lo, top - RESIDENT_STACK_MARGIN_BYTES - stack_lo);
}

void resident_rest(bool keep_rules)
{
	char maps[8192];
	if (!sysroot_is_live())
		return;
	ssize_t n = sysroot_read("/proc/self/maps", maps, sizeof(maps));
	if (n <= 0)
		return;
	uintptr_t here = (uintptr_t)&maps, stack_lo = 0;
	struct procmaps_range r;
	const char *p = maps;
	while (procmaps_next(&p, maps + n, &r))
		if (here >= r.start && here < r.end)
			stack_lo = (uintptr_t)r.start;
	if (__og_rest_start && __og_rest_end)
		release_code(maps, (size_t)n, keep_rules);
	if (stack_lo)
		release_stack_below_here(stack_lo);
}
