/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memsample: the daemon benchmark's high-frequency observer (bench/daemon-bench.sh).  Samples
 * MemAvailable, the free pages on the per-CPU lists (/proc/zoneinfo) and the memory PSI totals every --interval-us while one hog process runs, notes
 * the hog's exit through a pidfd, and prints one line of key=value results; it locks itself in
 * memory and sets its own oom_score_adj to -1000 so the low memory it watches cannot stall or
 * kill it, and runs SCHED_FIFO (it sleeps between samples, ~20 us each) so a busy machine does not
 * delay its samples.  Times are CLOCK_MONOTONIC seconds, the clock memhog --log-signal writes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

struct sample {
	double t;
	long long avail_kib;
	long long pcp_kib;       /* free pages on the per-CPU lists (not in MemAvailable), -1 unknown */
	long long psi_some_us, psi_full_us;
};

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* pread of a whole small /proc file into buf (NUL-terminated); -1 on error. */
static ssize_t read_at0(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static long long meminfo_field(const char *text, const char *key)
{
	const char *p = strstr(text, key);
	return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

/* "some avg10=... total=N\nfull avg10=... total=N" -> totals in microseconds. */
static void psi_totals(const char *text, long long *some, long long *full)
{
	const char *s = strstr(text, "some ");
	const char *f = strstr(text, "full ");
	const char *t;
	*some = *full = -1;
	if (s && (t = strstr(s, "total=")))
		*some = strtoll(t + 6, NULL, 10);
	if (f && (t = strstr(f, "total=")))
		*full = strtoll(t + 6, NULL, 10);
}

/* Sum of the per-CPU list counts ("count:" lines of /proc/zoneinfo), in pages. */
static long long pcp_pages(const char *text)
{
	long long sum = 0;
	for (const char *p = text; (p = strstr(p, "count:")); p += 6)
		sum += strtoll(p + 6, NULL, 10);
	return sum;
}

/* The first line of memhog's --log-signal file: "SIGNO SECONDS.NANOS SENDER_PID". */
static int first_signal(const char *path, int *signo, double *t, long *sender)
{
	FILE *f = path ? fopen(path, "r") : NULL;
	int ok = f && fscanf(f, "%d %lf %ld", signo, t, sender) >= 2;
	if (f)
		fclose(f);
	return ok ? 0 : -1;
}

static const struct sample *sample_at(const struct sample *s, size_t n, double t)
{
	const struct sample *best = NULL;
	for (size_t i = 0; i < n && s[i].t <= t; i++)
		best = &s[i];
	return best ? best : (n ? &s[0] : NULL);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: memsample --pid PID --level-kib N [--interval-us 1000] [--psi-file PATH]\n"
		"                 [--signal-log PATH] [--after-exit-ms 10000] [--trace PATH]\n"
		"                 [--max-seconds 300]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pid", required_argument, NULL, 'p' }, { "level-kib", required_argument, NULL, 'l' },
		{ "interval-us", required_argument, NULL, 'i' }, { "psi-file", required_argument, NULL, 'P' },
		{ "signal-log", required_argument, NULL, 's' }, { "after-exit-ms", required_argument, NULL, 'a' },
		{ "trace", required_argument, NULL, 't' }, { "max-seconds", required_argument, NULL, 'm' },
		{ 0, 0, 0, 0 },
	};
	long pid = 0, interval_us = 1000, after_exit_ms = 10000, max_seconds = 300;
	long long level = 0;
	const char *psi_path = "/proc/pressure/memory", *signal_log = NULL, *trace_path = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': pid = strtol(optarg, NULL, 10); break;
		case 'l': level = strtoll(optarg, NULL, 10); break;
		case 'i': interval_us = strtol(optarg, NULL, 10); break;
		case 'P': psi_path = optarg; break;
		case 's': signal_log = optarg; break;
		case 'a': after_exit_ms = strtol(optarg, NULL, 10); break;
		case 't': trace_path = optarg; break;
		case 'm': max_seconds = strtol(optarg, NULL, 10); break;
		default: usage();
		}
	}
	if (pid <= 0 || level <= 0 || interval_us <= 0 || max_seconds <= 0)
		usage();

	/* Stay resident and out of every OOM killer's reach while memory runs out. */
	int adj = open("/proc/self/oom_score_adj", O_WRONLY);
	if (adj < 0 || write(adj, "-1000", 5) != 5)
		fprintf(stderr, "memsample: oom_score_adj -1000: %s (mlock and the hog's +1000 still hold)\n", strerror(errno));
	if (adj >= 0)
		close(adj);
	struct sched_param sp = { .sched_priority = 10 };
	if (sched_setscheduler(0, SCHED_FIFO, &sp) != 0)
		fprintf(stderr, "memsample: SCHED_FIFO: %s (samples may be late on a busy machine)\n", strerror(errno));
	size_t cap = (size_t)max_seconds * 1000000 / (size_t)interval_us + 16;
	struct sample *samples = calloc(cap, sizeof(*samples));
	if (!samples) {
		fprintf(stderr, "memsample: out of memory for %zu samples\n", cap);
		return 1;
	}
	if (mlockall(MCL_CURRENT | MCL_FUTURE) != 0)
		fprintf(stderr, "memsample: mlockall: %s\n", strerror(errno));

	int meminfo = open("/proc/meminfo", O_RDONLY | O_CLOEXEC);
	int zoneinfo = open("/proc/zoneinfo", O_RDONLY | O_CLOEXEC);
	long page_kib = sysconf(_SC_PAGESIZE) / 1024;
	static char zbuf[1 << 20];
	int psi = open(psi_path, O_RDONLY | O_CLOEXEC);
	int pidfd = (int)syscall(SYS_pidfd_open, (pid_t)pid, 0);
	if (meminfo < 0 || pidfd < 0) {
		fprintf(stderr, "memsample: %s: %s\n", meminfo < 0 ? "/proc/meminfo" : "pidfd_open",
			strerror(errno));
		return 1;
	}
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);

	char buf[8192];
	size_t n = 0;
	double start = now_s(), t_exit = -1, t_cross = -1, t_recover = -1, t_min = -1;
	double max_gap = 0;
	long long max_step = 0;  /* the largest sudden fall of MemAvailable, KiB (see below) */
	long long min_avail = -1;
	long long min_with_pcp = -1;   /* MemAvailable + per-CPU free, lowest after the crossing */
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);

	while (!stop_requested && n < cap) {
		struct sample *s = &samples[n];
		s->t = now_s();
		s->avail_kib = read_at0(meminfo, buf, sizeof(buf)) > 0 ? meminfo_field(buf, "MemAvailable:") : -1;
		s->pcp_kib = zoneinfo >= 0 && read_at0(zoneinfo, zbuf, sizeof(zbuf)) > 0 ?
			pcp_pages(zbuf) * page_kib : -1;
		s->psi_some_us = s->psi_full_us = -1;
		if (psi >= 0 && read_at0(psi, buf, sizeof(buf)) > 0)
			psi_totals(buf, &s->psi_some_us, &s->psi_full_us);
		if (n > 0 && s->t - samples[n - 1].t > max_gap)
			max_gap = s->t - samples[n - 1].t;
		/* A fall faster than any hog can fill (16 MiB/ms): another program or the
		 * hypervisor took memory at once.  Keep the largest such fall. */
		if (n > 0 && t_exit < 0 && s->avail_kib >= 0) {
			long long fall = samples[n - 1].avail_kib - s->avail_kib;
			double dt_ms = (s->t - samples[n - 1].t) * 1000;
			if (fall > max_step && (double)fall > 16384.0 * (dt_ms > 1 ? dt_ms : 1))
				max_step = fall;
		}
		if (s->avail_kib >= 0) {
			if (t_cross < 0 && s->avail_kib < level)
				t_cross = s->t;
			if (t_cross >= 0 && (min_avail < 0 || s->avail_kib < min_avail)) {
				min_avail = s->avail_kib;
				t_min = s->t;
			}
			if (t_cross >= 0 && t_recover < 0 && s->avail_kib >= level)
				t_recover = s->t;
			long long with_pcp = s->avail_kib + (s->pcp_kib > 0 ? s->pcp_kib : 0);
			if (t_cross >= 0 && (min_with_pcp < 0 || with_pcp < min_with_pcp))
				min_with_pcp = with_pcp;
		}
		n++;
		if (t_exit >= 0 && (t_cross < 0 || t_recover >= 0))
			break;  /* the hog is gone and memory is back above the level */
		if (t_exit >= 0 && s->t - t_exit > (double)after_exit_ms / 1000)
			break;
		if (s->t - start > (double)max_seconds)
			break;

		next.tv_nsec += interval_us * 1000;
		while (next.tv_nsec >= 1000000000) {
			next.tv_nsec -= 1000000000;
			next.tv_sec++;
		}
		if (t_exit < 0) {
			/* Sleep until the next sample, waking at once if the hog exits. */
			struct timespec cur, left;
			clock_gettime(CLOCK_MONOTONIC, &cur);
			long long ns = (long long)(next.tv_sec - cur.tv_sec) * 1000000000LL + (next.tv_nsec - cur.tv_nsec);
			if (ns < 0)
				ns = 0;
			left.tv_sec = (time_t)(ns / 1000000000LL);
			left.tv_nsec = (long)(ns % 1000000000LL);
			struct pollfd pfd = { .fd = pidfd, .events = POLLIN };
			if (ppoll(&pfd, 1, &left, NULL) > 0 && (pfd.revents & (POLLIN | POLLHUP)))
				t_exit = now_s();
		} else {
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
		}
	}

	int signo = 0;
	long sender = 0;
	double t_signal = -1;
	const char *action_src = "none";
	double t_action = -1;
	if (first_signal(signal_log, &signo, &t_signal, &sender) == 0) {
		action_src = "signal";
		t_action = t_signal;
	} else if (t_exit >= 0) {
		action_src = "exit";
		t_action = t_exit;
	}
	/* Fill rate over the second before the level was crossed (or before the end). */
	double t_ref = t_cross >= 0 ? t_cross : (t_action >= 0 ? t_action : samples[n ? n - 1 : 0].t);
	const struct sample *a = sample_at(samples, n, t_ref - 1.0), *b = sample_at(samples, n, t_ref);
	double rate = (a && b && b->t > a->t) ? (double)(a->avail_kib - b->avail_kib) / 1024 / (b->t - a->t) : 0;
	const struct sample *first = n ? &samples[0] : NULL;
	const struct sample *at_action = t_action >= 0 ? sample_at(samples, n, t_action) : NULL;
	const struct sample *last = n ? &samples[n - 1] : NULL;

	printf("samples=%zu start=%.6f cross=%.6f min_avail_kib=%lld min_t=%.6f signal=%d signal_t=%.6f "
	       "exit_t=%.6f action_src=%s action_t=%.6f recover_t=%.6f fill_mib_s=%.0f max_gap_ms=%.3f "
	       "psi_full_start_us=%lld psi_full_action_us=%lld psi_full_end_us=%lld "
	       "psi_some_start_us=%lld psi_some_action_us=%lld action_avail_kib=%lld signal_pid=%ld max_step_kib=%lld "
	       "min_with_pcp_kib=%lld action_pcp_kib=%lld\n",
	       n, start, t_cross, min_avail, t_min, signo, t_signal, t_exit, action_src, t_action,
	       t_recover, rate, max_gap * 1000, first ? first->psi_full_us : -1,
	       at_action ? at_action->psi_full_us : -1, last ? last->psi_full_us : -1,
	       first ? first->psi_some_us : -1, at_action ? at_action->psi_some_us : -1,
	       at_action ? at_action->avail_kib : -1, sender, max_step, min_with_pcp,
	       at_action ? at_action->pcp_kib : -1);
	fflush(stdout);

	if (trace_path) {
		FILE *f = fopen(trace_path, "w");
		if (!f) {
			fprintf(stderr, "memsample: %s: %s\n", trace_path, strerror(errno));
			return 1;
		}
		fprintf(f, "t_s mem_available_kib psi_some_total_us psi_full_total_us pcp_free_kib\n");
		for (size_t i = 0; i < n; i++)
			fprintf(f, "%.6f %lld %lld %lld %lld\n", samples[i].t, samples[i].avail_kib,
				samples[i].psi_some_us, samples[i].psi_full_us, samples[i].pcp_kib);
		fclose(f);
	}
	return 0;
}
