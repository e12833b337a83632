/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard record`: writes a memory trace (doc/trace-json.md) of the machine or one cgroup for
 * a while, without the daemon, to capture an incident or a benchmark run for `replay`.  Samples
 * come from os/daemon/recorder (the daemon's own readers); this file parses options, paces the
 * samples (coarse while memory is plentiful, fine as it tightens, finer still near the levels
 * the policies act at) and writes the lines. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/errors.h"
#include "lib/policy/trace.h"
#include "lib/util/numparse.h"
#include "lib/util/strbuf.h"
#include "os/core/sysroot.h"
#include "os/daemon/recorder.h"

#define RECORD_FINE_MS 100u          /* while memory is short or stalling */
#define RECORD_COARSE_MS 1000u       /* while it is plentiful */
#define RECORD_NEAR_MS 20u           /* near the levels the policies act at */
#define RECORD_SHORT_PCT 25.0        /* "short": the guarded figure below this share */
#define RECORD_NEAR_PCT 15           /* "near": the guarded figure or swap free below this share */
#define RECORD_NICE (-20)            /* as root: the recorder's nice value */
#define RECORD_HOLD_BYTES (2u << 20) /* lines held back near the levels (about a minute at 20 ms) */
#define RECORD_DEFAULT_S 60u

static volatile sig_atomic_t record_stop;

static void on_stop(int sig)
{
	(void)sig;
	record_stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: oomguard record [--cgroup PATH] [--pressure-cgroup PATH]...\n"
		"                       [--duration SECS] [--interval MS] [--coarse MS]\n"
		"                       [--near MS] [--near-pct PCT] [--watch-pid PID] -o FILE\n\n"
		"Writes a memory trace of the machine (or one memory cgroup) for `oomguard\n"
		"replay`: available memory, swap, pressure, paging, the kernel's OOM kills,\n"
		"the largest processes and the fastest growers.  Samples every --coarse MS\n"
		"while memory is plentiful, every --interval MS once it is below %.0f%%\n"
		"or stalling, and every --near MS once it or free swap is below --near-pct\n"
		"(processes still at most every --interval MS; lines held in memory taken\n"
		"in advance until memory is back).  As root it locks its memory and runs\n"
		"at nice %d, to keep sampling when memory runs out.\n"
		"Stops after --duration (0: on SIGINT or SIGTERM).\n\n"
		"Options:\n"
		"  -c, --cgroup PATH    one memory cgroup (path or directory), as daemon --cgroup\n"
		"  -p, --pressure-cgroup PATH\n"
		"                       also record this cgroup's memory.pressure and reclaim\n"
		"                       (what systemd-oomd watches); up to %d times\n"
		"  -d, --duration SECS  how long to record (default %u; 0 until interrupted)\n"
		"  -i, --interval MS    the fine period (default %u)\n"
		"      --coarse MS      the coarse period (default %u)\n"
		"      --near MS        the period near the levels (default %u)\n"
		"      --near-pct PCT   what \"near\" is, in %% (default %d; 0: no near period)\n"
		"      --watch-pid PID  also record that daemon's sleeps (its voluntary context\n"
		"                       switches): replay then checks its rule when it woke\n"
		"  -o, --output FILE    where the trace goes (- for standard output)\n"
		"  -h, --help           this help\n",
		RECORD_SHORT_PCT, RECORD_NICE, TRACE_PSI_CGROUPS_MAX, RECORD_DEFAULT_S, RECORD_FINE_MS,
		RECORD_COARSE_MS, RECORD_NEAR_MS, RECORD_NEAR_PCT);
}

static uint64_t now_ms(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static bool short_now(const struct trace_sample *s, const struct trace_sample *prev)
{
	if (trace_pct(s->avail_kib, s->total_kib) < RECORD_SHORT_PCT)
		return true;
	return prev && s->psi_full_total_us > prev->psi_full_total_us;
}

/* Near the levels the policies act at: the guarded figure, or swap when there is some, below
 * near_pct of its total. */
static bool near_now(const struct trace_sample *s, double near_pct)
{
	if (trace_pct(s->avail_kib, s->total_kib) < near_pct)
		return true;
	return s->swap_total_kib && trace_pct(s->swap_free_kib, s->swap_total_kib) < near_pct;
}

/* As root: lock the recorder's memory (its pages never wait for reclaim or a read from disk)
 * and raise its priority, so it keeps its pace while a leak takes the memory and the CPU. */
static void record_boost(void)
{
	if (geteuid() != 0)
		return;
	bool locked = mlockall(MCL_CURRENT | MCL_FUTURE) == 0;
	int e_lock = errno;
	bool nice_set = setpriority(PRIO_PROCESS, 0, RECORD_NICE) == 0;
	int e_nice = errno;
	fprintf(stderr, "oomguard: record: memory %s, nice %s\n",
		locked ? "locked" : strerror(e_lock), nice_set ? "-20" : strerror(e_nice));
}

static int parse_ms(const char *opt, const char *v, unsigned lo, unsigned hi, unsigned *out)
{
	int x;
	if (numparse_int_range(v, (int)lo, (int)hi, &x) < 0) {
		og_error(opt, "'%s' is not a whole number from %u to %u", v, lo, hi);
		return -1;
	}
	*out = (unsigned)x;
	return 0;
}

int cmd_record(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cgroup", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ "interval", required_argument, NULL, 'i' },
		{ "coarse", required_argument, NULL, 'C' },
		{ "near", required_argument, NULL, 'N' },
		{ "near-pct", required_argument, NULL, 'P' },
		{ "pressure-cgroup", required_argument, NULL, 'p' },
		{ "watch-pid", required_argument, NULL, 'W' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *cgroup = NULL, *output = NULL, *psi_cgroups[TRACE_PSI_CGROUPS_MAX];
	size_t n_psi = 0;
	unsigned duration_s = RECORD_DEFAULT_S, fine_ms = RECORD_FINE_MS, coarse_ms = RECORD_COARSE_MS;
	unsigned near_ms = RECORD_NEAR_MS, near_pct = RECORD_NEAR_PCT;
	bool near_given = false;
	unsigned watch_pid = 0;
	int c;
	while ((c = getopt_long(argc, argv, "c:d:i:o:p:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': cgroup = optarg; break;
		case 'p':
			if (n_psi == TRACE_PSI_CGROUPS_MAX) {
				og_error("--pressure-cgroup", "more than %d cgroups", TRACE_PSI_CGROUPS_MAX);
				return 2;
			}
			psi_cgroups[n_psi++] = optarg;
			break;
		case 'N':
			if (parse_ms("--near", optarg, 5, 60000, &near_ms) < 0)
				return 2;
			near_given = true;
			break;
		case 'P':
			if (parse_ms("--near-pct", optarg, 0, 100, &near_pct) < 0)
				return 2;
			break;
		case 'W':
			if (parse_ms("--watch-pid", optarg, 1, INT32_MAX, &watch_pid) < 0)
				return 2;
			break;
		case 'o': output = optarg; break;
		case 'd':
			if (parse_ms("--duration", optarg, 0, 86400 * 7, &duration_s) < 0)
				return 2;
			break;
		case 'i':
			if (parse_ms("--interval", optarg, 10, 60000, &fine_ms) < 0)
				return 2;
			break;
		case 'C':
			if (parse_ms("--coarse", optarg, 10, 600000, &coarse_ms) < 0)
				return 2;
			break;
		case 'h':
		default:
			return cli_usage_exit(usage, c == 'h');
		}
	}
	if (!output)
		return og_error("record", "no output file: give -o FILE (or -o - for standard output)") + 1;
	if (optind < argc)
		return og_error(argv[optind], "unexpected argument (see oomguard record --help)") + 1;
	if (coarse_ms < fine_ms)
		return og_error("--coarse", "%u ms is shorter than --interval %u ms", coarse_ms, fine_ms) + 1;
	if (near_ms > fine_ms && near_given)
		return og_error("--near", "%u ms is longer than --interval %u ms", near_ms, fine_ms) + 1;
	if (near_ms > fine_ms)
		near_ms = fine_ms;   /* the default near period, with an --interval finer still */

	struct recorder *rec = calloc(1, sizeof(*rec));
	if (!rec)
		return og_error_errno("record", -ENOMEM);
	int r = recorder_open(rec, cgroup);
	if (r < 0) {
		free(rec);
		return r == -ENOENT && cgroup ? og_error(cgroup, "not a memory cgroup")
					      : og_error_errno(cgroup ? cgroup : "/proc/meminfo", r);
	}
	for (size_t i = 0; i < n_psi; i++) {
		if ((r = recorder_add_psi_cgroup(rec, psi_cgroups[i])) < 0) {
			recorder_close(rec);
			free(rec);
			return r == -ENOENT ? og_error(psi_cgroups[i], "not a memory cgroup")
			     : r == -EOPNOTSUPP ? og_error(psi_cgroups[i], "no memory.pressure (cgroup v2 with PSI needed)")
			     : og_error_errno(psi_cgroups[i], r);
		}
	}
	uint64_t sleeps;
	if (watch_pid && (r = recorder_watch_sleeps((pid_t)watch_pid, &sleeps)) < 0) {
		recorder_close(rec);
		free(rec);
		char what[40];
		snprintf(what, sizeof(what), "--watch-pid %u", watch_pid);
		return r == -ENOENT ? og_error(what, "no such process") : og_error_errno(what, r);
	}
	int fd = strcmp(output, "-") == 0 ? STDOUT_FILENO
					  : open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		recorder_close(rec);
		free(rec);
		return og_error_errno(output, -errno);
	}

	record_boost();
	struct sigaction sa = { .sa_handler = on_stop };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	uint64_t t0 = now_ms(CLOCK_MONOTONIC);
	struct trace_header h = { .version = TRACE_VERSION, .interval_ms = fine_ms,
				  .start_epoch_ms = now_ms(CLOCK_REALTIME), .start_monotonic_ms = t0 };
	h.near_ms = near_pct ? near_ms : 0;
	h.near_pct = near_pct;
	h.watch_pid = (int32_t)watch_pid;
	if (watch_pid) {
		char path[40];
		snprintf(path, sizeof(path), "/proc/%u/comm", watch_pid);
		if (sysroot_read_line(path, h.watch_comm, sizeof(h.watch_comm)) < 0)
			h.watch_comm[0] = '\0';
	}
	h.n_psi_cgroups = n_psi;
	for (size_t i = 0; i < n_psi; i++)
		snprintf(h.psi_cgroups[i], sizeof(h.psi_cgroups[i]), "%s", recorder_psi_cgroup(rec, i));
	snprintf(h.scope, sizeof(h.scope), "%s", recorder_scope(rec));
	if (gethostname(h.host, sizeof(h.host) - 1) < 0)
		h.host[0] = '\0';
	struct strbuf sb;
	strbuf_init(&sb);
	trace_write_header(&sb, &h);
	r = sysroot_write_all(fd, sb.buf, sb.len);
	/* Near the levels a write would need new page-cache (or tmpfs) pages, and taking them then
	 * means waiting in reclaim: the lines are held in memory taken now (locked as root) and
	 * written once memory is back above the levels, when the buffer fills, or at the end.  The
	 * line buffer gets its full size now too. */
	char *hold = malloc(RECORD_HOLD_BYTES);
	size_t held = 0;
	if (hold)
		memset(hold, 0, RECORD_HOLD_BYTES);
	static const char room[TRACE_LINE_MAX * 2];
	strbuf_add(&sb, room, sizeof(room));
	strbuf_reset(&sb);

	struct trace_sample *pair = calloc(2, sizeof(*pair)), *cur = pair, *prev = NULL;
	unsigned samples = 0;
	uint64_t last_scan = 0, last_t = 0, max_gap = 0;
	bool near = false;
	if (!pair)
		r = -ENOMEM;
	while (r == 0 && !record_stop) {
		uint64_t t = now_ms(CLOCK_MONOTONIC) - t0;
		if (duration_s && t > (uint64_t)duration_s * 1000u)
			break;
		/* near the levels, samples come every near_ms; processes are scanned at most every fine_ms */
		bool scan = !samples || !near || t - last_scan >= fine_ms;
		int sr = recorder_sample(rec, cur, scan);
		if (sr < 0) {
			r = sr;
			break;
		}
		cur->t_ms = t;
		cur->watch_sleeps = 0;   /* the watched daemon gone: no more of its sleeps */
		if (watch_pid)
			(void)recorder_watch_sleeps((pid_t)watch_pid, &cur->watch_sleeps);
		if (scan)
			last_scan = t;
		if (samples && t - last_t > max_gap)
			max_gap = t - last_t;
		last_t = t;
		strbuf_reset(&sb);
		if (prev && cur->oom_kill > prev->oom_kill) {
			struct trace_event e = { .t_ms = t, .kind = "kernel_oom_kill", .actor = "kernel" };
			snprintf(e.detail, sizeof(e.detail), "%llu more kernel OOM kill(s) in %.64s",
				 (unsigned long long)(cur->oom_kill - prev->oom_kill), h.scope);
			trace_write_event(&sb, &e);
		}
		trace_write_sample(&sb, cur);
		samples++;
		near = near_pct && near_now(cur, near_pct);
		if (held && (!near || held + sb.len > RECORD_HOLD_BYTES)) {
			if ((r = sysroot_write_all(fd, hold, held)) < 0)
				break;
			held = 0;
		}
		if (near && hold && sb.len <= RECORD_HOLD_BYTES) {
			memcpy(hold + held, sb.buf, sb.len);
			held += sb.len;
		} else if ((r = sysroot_write_all(fd, sb.buf, sb.len)) < 0)
			break;
		unsigned period = near ? near_ms : short_now(cur, prev) ? fine_ms : coarse_ms;
		struct trace_sample *t_swap = prev ? prev : cur + 1;
		prev = cur;
		cur = t_swap;
		uint64_t wake = t + period, left;
		while (!record_stop && (left = now_ms(CLOCK_MONOTONIC) - t0) < wake) {
			struct timespec ts = { .tv_sec = 0, .tv_nsec = (long)((wake - left) * 1000000u) };
			if (wake - left >= 1000) {
				ts.tv_sec = (time_t)((wake - left) / 1000);
				ts.tv_nsec = (long)((wake - left) % 1000 * 1000000u);
			}
			nanosleep(&ts, NULL);
		}
	}
	if (held && r == 0)
		r = sysroot_write_all(fd, hold, held);
	free(hold);
	strbuf_free(&sb);
	free(pair);
	recorder_close(rec);
	free(rec);
	if (fd != STDOUT_FILENO && close(fd) < 0 && r == 0)
		r = -errno;
	if (r < 0)
		return og_error_errno(output, r);
	fprintf(stderr, "oomguard: record: %u samples written to %s; the longest gap between two was %llu ms\n",
		samples, strcmp(output, "-") ? output : "standard output", (unsigned long long)max_gap);
	return 0;
}
