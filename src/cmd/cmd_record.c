/* SPDX-License-Identifier: GPL-2.0-or-later */
/* `oomguard record`: writes a memory trace (doc/trace-json.md) of the machine or one cgroup for
 * a while, without the daemon, to capture an incident or a benchmark run for `replay`.  Samples
 * come from os/daemon/recorder (the daemon's own readers); this file parses options, paces the
 * samples (coarse while memory is plentiful, fine as it tightens) and writes the lines. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#define RECORD_SHORT_PCT 25.0        /* "short": the guarded figure below this share */
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
		"Usage: oomguard record [--cgroup PATH] [--duration SECS] [--interval MS]\n"
		"                       [--coarse MS] -o FILE\n\n"
		"Writes a memory trace of the machine (or one memory cgroup) for `oomguard\n"
		"replay`: available memory, swap, pressure, paging, the kernel's OOM kills,\n"
		"the largest processes and the fastest growers.  Samples every --coarse MS\n"
		"while memory is plentiful and every --interval MS once it is below %.0f%%\n"
		"or stalling.  Stops after --duration (0: on SIGINT or SIGTERM).\n\n"
		"Options:\n"
		"  -c, --cgroup PATH    one memory cgroup (path or directory), as daemon --cgroup\n"
		"  -d, --duration SECS  how long to record (default %u; 0 until interrupted)\n"
		"  -i, --interval MS    the fine period (default %u)\n"
		"      --coarse MS      the coarse period (default %u)\n"
		"  -o, --output FILE    where the trace goes (- for standard output)\n"
		"  -h, --help           this help\n",
		RECORD_SHORT_PCT, RECORD_DEFAULT_S, RECORD_FINE_MS, RECORD_COARSE_MS);
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
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *cgroup = NULL, *output = NULL;
	unsigned duration_s = RECORD_DEFAULT_S, fine_ms = RECORD_FINE_MS, coarse_ms = RECORD_COARSE_MS;
	int c;
	while ((c = getopt_long(argc, argv, "c:d:i:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': cgroup = optarg; break;
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

	struct recorder *rec = calloc(1, sizeof(*rec));
	if (!rec)
		return og_error_errno("record", -ENOMEM);
	int r = recorder_open(rec, cgroup);
	if (r < 0) {
		free(rec);
		return r == -ENOENT && cgroup ? og_error(cgroup, "not a memory cgroup")
					      : og_error_errno(cgroup ? cgroup : "/proc/meminfo", r);
	}
	int fd = strcmp(output, "-") == 0 ? STDOUT_FILENO
					  : open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		recorder_close(rec);
		free(rec);
		return og_error_errno(output, -errno);
	}

	struct sigaction sa = { .sa_handler = on_stop };
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	uint64_t t0 = now_ms(CLOCK_MONOTONIC);
	struct trace_header h = { .version = TRACE_VERSION, .interval_ms = fine_ms,
				  .start_epoch_ms = now_ms(CLOCK_REALTIME), .start_monotonic_ms = t0 };
	snprintf(h.scope, sizeof(h.scope), "%s", recorder_scope(rec));
	if (gethostname(h.host, sizeof(h.host) - 1) < 0)
		h.host[0] = '\0';
	struct strbuf sb;
	strbuf_init(&sb);
	trace_write_header(&sb, &h);
	r = sysroot_write_all(fd, sb.buf, sb.len);

	struct trace_sample *pair = calloc(2, sizeof(*pair)), *cur = pair, *prev = NULL;
	unsigned samples = 0;
	if (!pair)
		r = -ENOMEM;
	while (r == 0 && !record_stop) {
		uint64_t t = now_ms(CLOCK_MONOTONIC) - t0;
		if (duration_s && t > (uint64_t)duration_s * 1000u)
			break;
		int sr = recorder_sample(rec, cur);
		if (sr < 0) {
			r = sr;
			break;
		}
		cur->t_ms = t;
		strbuf_reset(&sb);
		if (prev && cur->oom_kill > prev->oom_kill) {
			struct trace_event e = { .t_ms = t, .kind = "kernel_oom_kill", .actor = "kernel" };
			snprintf(e.detail, sizeof(e.detail), "%llu more kernel OOM kill(s) in %.64s",
				 (unsigned long long)(cur->oom_kill - prev->oom_kill), h.scope);
			trace_write_event(&sb, &e);
		}
		trace_write_sample(&sb, cur);
		if ((r = sysroot_write_all(fd, sb.buf, sb.len)) < 0)
			break;
		samples++;
		unsigned period = short_now(cur, prev) ? fine_ms : coarse_ms;
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
	strbuf_free(&sb);
	free(pair);
	recorder_close(rec);
	free(rec);
	if (fd != STDOUT_FILENO && close(fd) < 0 && r == 0)
		r = -errno;
	if (r < 0)
		return og_error_errno(output, r);
	fprintf(stderr, "oomguard: record: %u samples written to %s\n", samples,
		strcmp(output, "-") ? output : "standard output");
	return 0;
}
