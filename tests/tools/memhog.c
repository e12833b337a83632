/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memhog: a controllable memory consumer for integration tests and benchmarks.  Allocates
 * anonymous memory at a given rate, touches every page, and can hold, re-touch (thrash) or
 * ignore SIGTERM.  Always run it inside a memory cgroup with a hard limit (tests/integration/lib.sh). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t got_term;
static int signal_log_fd = -1;

/* Appends "SIGNO SECONDS.NANOSECONDS SENDER_PID\n" (CLOCK_MONOTONIC; the sender as the kernel
 * reports it, 0 if none) to --log-signal's file; only async-signal-safe calls, so it runs inside
 * the handler, before the hog starts to exit. */
static void log_signal(int sig, const siginfo_t *si)
{
	struct timespec ts;
	char buf[96], tmp[24];
	size_t len = 0;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	unsigned long long parts[3] = { (unsigned long long)sig, (unsigned long long)ts.tv_sec,
					si && si->si_pid > 0 ? (unsigned long long)si->si_pid : 0 };
	for (int k = 0; k < 3; k++) {
		int n = 0;
		do {
			tmp[n++] = (char)('0' + parts[k] % 10);
			parts[k] /= 10;
		} while (parts[k]);
		while (n)
			buf[len++] = tmp[--n];
		if (k == 1) {  /* the nanoseconds follow the seconds */
			unsigned long ns = (unsigned long)ts.tv_nsec;
			buf[len++] = '.';
			for (int d = 8; d >= 0; d--, ns /= 10)
				buf[len + (size_t)d] = (char)('0' + ns % 10);
			len += 9;
		}
		buf[len++] = k == 2 ? '\n' : ' ';
	}
	if (write(signal_log_fd, buf, len) < 0)
		return;
}

static void on_term(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (signal_log_fd >= 0)
		log_signal(sig, si);
	got_term = 1;
}

static void on_logged_ignored_term(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	log_signal(sig, si);
}

static void on_other_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	log_signal(sig, si);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signal(int sig, void (*fn)(int, siginfo_t *, void *))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: memhog [--rate MiB/s] [--total MiB] [--chunk MiB] [--hold] [--thrash]\n"
		"              [--ignore-term] [--name COMM] [--file PATH] [--prefill MiB]\n"
		"              [--log-signal PATH]\n"
		"  --rate 0 (default) fills as fast as possible; --total 0 (default) never stops;\n"
		"  --prefill allocates its first MiB at full speed, then --rate applies;\n"
		"  --log-signal appends the signal number, CLOCK_MONOTONIC time and sender pid of each caught\n"
		"  SIGTERM/SIGINT/SIGHUP/SIGUSR1/SIGUSR2 (SIGKILL cannot be caught);\n"
		"  --hold sleeps after --total is reached; --thrash re-touches all pages in a loop;\n"
		"  --ignore-term ignores SIGTERM; --file writes the pid to PATH once running.\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rate", required_argument, NULL, 'r' }, { "total", required_argument, NULL, 't' },
		{ "chunk", required_argument, NULL, 'c' }, { "hold", no_argument, NULL, 'H' },
		{ "thrash", no_argument, NULL, 'T' }, { "ignore-term", no_argument, NULL, 'i' },
		{ "name", required_argument, NULL, 'n' }, { "file", required_argument, NULL, 'f' },
		{ "prefill", required_argument, NULL, 'p' },
		{ "log-signal", required_argument, NULL, 'l' }, { 0, 0, 0, 0 },
	};
	double rate = 0, total = 0, chunk = 1, prefill = 0;
	int hold = 0, thrash = 0, ignore_term = 0, c;
	const char *name = NULL, *pidfile = NULL, *signal_log = NULL;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r': rate = atof(optarg); break;
		case 't': total = atof(optarg); break;
		case 'c': chunk = atof(optarg); break;
		case 'H': hold = 1; break;
		case 'T': thrash = 1; break;
		case 'i': ignore_term = 1; break;
		case 'n': name = optarg; break;
		case 'f': pidfile = optarg; break;
		case 'p': prefill = atof(optarg); break;
		case 'l': signal_log = optarg; break;
		default: usage();
		}
	}
	if (chunk <= 0)
		usage();
	if (name)
		prctl(PR_SET_NAME, name, 0, 0, 0);
	if (signal_log) {
		signal_log_fd = open(signal_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (signal_log_fd < 0) {
			perror(signal_log);
			return 1;
		}
		static const int others[] = { SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGQUIT };
		for (size_t k = 0; k < sizeof(others) / sizeof(others[0]); k++)
			catch_signal(others[k], on_other_signal);
	}
	/* With --ignore-term and --log-signal, SIGTERM is still logged but then ignored. */
	if (ignore_term && !signal_log)
		signal(SIGTERM, SIG_IGN);
	else
		catch_signal(SIGTERM, ignore_term ? on_logged_ignored_term : on_term);
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");
		if (!f) {
			perror(pidfile);
			return 1;
		}
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}

	size_t chunk_bytes = (size_t)(chunk * 1024 * 1024);
	size_t max_chunks = total > 0 ? (size_t)(total / chunk + 0.5) : (size_t)-1;
	char **chunks = NULL;
	size_t n = 0, cap = 0;
	long page = sysconf(_SC_PAGESIZE);
	size_t prefill_chunks = (size_t)(prefill / chunk + 0.5);
	double start = now_s();

	while (!got_term && n < max_chunks) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			char **nc = realloc(chunks, cap * sizeof(*nc));
			if (!nc)
				return 3;
			chunks = nc;
		}
		char *p = mmap(NULL, chunk_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			fprintf(stderr, "memhog: mmap: %s\n", strerror(errno));
			return 3;
		}
		for (size_t off = 0; off < chunk_bytes; off += (size_t)page)
			p[off] = (char)(off + n + 1);
		chunks[n++] = p;
		if (n == prefill_chunks)
			start = now_s();
		if (rate > 0 && n > prefill_chunks) {
			double due = start + (double)(n - prefill_chunks) * chunk / rate;
			double wait = due - now_s();
			if (wait > 0) {
				struct timespec ts = { (time_t)wait, (long)((wait - (time_t)wait) * 1e9) };
				nanosleep(&ts, NULL);
			}
		}
	}
	while (!got_term && thrash) {
		for (size_t i = 0; i < n && !got_term; i++)
			for (size_t off = 0; off < chunk_bytes; off += (size_t)page)
				chunks[i][off]++;
	}
	while (!got_term && hold)
		pause();
	return got_term ? 143 : 0;
}
