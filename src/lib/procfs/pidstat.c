/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parsers for /proc/PID/stat and /proc/PID/status (Documentation/filesystems/proc.rst, table 1-2
 * and 1-4).  No I/O: the OS layer reads, these interpret. */
#include "lib/procfs/pidstat.h"

#include <errno.h>
#include <string.h>
#include "lib/util/numparse.h"

/* Reads the next space-separated field; returns its start and sets *len, or NULL at the end. */
static const char *next_field(const char **p, const char *end, size_t *len)
{
	const char *s = *p;
	while (s < end && *s == ' ')
		s++;
	if (s >= end || *s == '\n')
		return NULL;
	const char *e = s;
	while (e < end && *e != ' ' && *e != '\n')
		e++;
	*len = (size_t)(e - s);
	*p = e;
	return s;
}

static int field_i64(const char *s, size_t n, int64_t *v)
{
	char tmp[32];
	if (n == 0 || n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return numparse_i64(tmp, v);
}

int pid_stat_parse(const char *text, size_t len, struct pid_stat *out)
{
	const char *end = text + len;
	const char *open = memchr(text, '(', len);
	const char *close = NULL;

	memset(out, 0, sizeof(*out));
	if (!open)
		return -EINVAL;
	for (const char *q = end; q > open; q--)
		if (q[-1] == ')') {
			close = q - 1;
			break;
		}
	if (!close)
		return -EINVAL;

	int64_t pid;
	if (field_i64(text, (size_t)(open - text - (open > text && open[-1] == ' ' ? 1 : 0)), &pid) < 0)
		return -EINVAL;
	out->pid = (pid_t)pid;
	size_t clen = (size_t)(close - open - 1);
	if (clen >= COMM_MAX)
		clen = COMM_MAX - 1;
	memcpy(out->comm, open + 1, clen);
	out->comm[clen] = '\0';

	/* Fields after the comm, numbered as in proc(5): 3 = state. */
	const char *p = close + 1;
	size_t n;
	const char *f;
	for (int idx = 3; (f = next_field(&p, end, &n)) != NULL; idx++) {
		int64_t v = 0;
		if (idx == 3) {
			out->state = f[0];
			continue;
		}
		if (field_i64(f, n, &v) < 0)
			return -EINVAL;
		switch (idx) {
		case 4: out->ppid = (pid_t)v; break;
		case 5: out->pgrp = (pid_t)v; break;
		case 6: out->session = (pid_t)v; break;
		case 9: out->flags = (unsigned int)v; break;
		case 20: out->num_threads = (int)v; break;
		case 22: out->starttime = (uint64_t)v; break;
		case 23: out->vsize_bytes = (uint64_t)v; break;
		case 24: out->rss_pages = (uint64_t)(v < 0 ? 0 : v); return 0;
		default: break;
		}
	}
	return -EINVAL;  /* truncated before rss */
}

bool pid_stat_is_kthread(const struct pid_stat *st)
{
	return (st->flags & PF_KTHREAD_FLAG) != 0;
}

static bool key_is(const char *p, size_t klen, const char *name)
{
	return strlen(name) == klen && memcmp(p, name, klen) == 0;
}

int pid_status_parse(const char *text, size_t len, struct pid_status *out)
{
	const char *p = text, *end = text + len;
	bool saw_uid = false;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (colon) {
			size_t klen = (size_t)(colon - p);
			const char *v = colon + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			uint64_t val = 0;
			bool num = numparse_scan_u64(v, eol, &val, NULL) == 0;
			/* "Name:" is skipped on purpose: it is escaped by the kernel and may hold ':' */
			if (num && key_is(p, klen, "Uid")) {
				out->uid = (uid_t)val;
				saw_uid = true;
			} else if (num && key_is(p, klen, "Threads")) {
				out->threads = (int)val;
			} else if (num && key_is(p, klen, "VmRSS")) {
				out->vm_rss_kib = val;
				out->has_vm_rss = true;
			} else if (num && key_is(p, klen, "RssAnon")) {
				out->rss_anon_kib = val;
				out->has_rss_split = true;
			} else if (num && key_is(p, klen, "RssFile")) {
				out->rss_file_kib = val;
			} else if (num && key_is(p, klen, "RssShmem")) {
				out->rss_shmem_kib = val;
			} else if (num && key_is(p, klen, "VmSwap")) {
				out->vm_swap_kib = val;
			} else if (num && key_is(p, klen, "VmPTE")) {
				out->vm_pte_kib = val;
			} else if (num && key_is(p, klen, "VmLck")) {
				out->vm_lck_kib = val;
			} else if (num && key_is(p, klen, "voluntary_ctxt_switches")) {
				out->voluntary_ctxt_switches = val;
				out->has_ctxt_switches = true;
			} else if (num && key_is(p, klen, "Kthread")) {
				out->kthread = val != 0;
				out->has_kthread_field = true;
			}
		}
		p = nl ? nl + 1 : end;
	}
	return saw_uid ? 0 : -EINVAL;
}
