/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Benchmark helper: forks N children that sleep until the parent ends them, so a benchmark has a
 * large, stable process table.  Prints "ready N" on stdout once all children exist; on SIGTERM,
 * SIGINT or end of stdin it kills and reaps every child.  Children die with it (PR_SET_PDEATHSIG). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	pid_t *kids = calloc((size_t)(n > 0 ? n : 1), sizeof(*kids));
	long made = 0;

	if (n <= 0 || !kids) {
		fprintf(stderr, "usage: sleepers N  (N > 0)\n");
		return 2;
	}
	/* no SA_RESTART: a signal must interrupt the read() below */
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	pid_t parent = getpid();
	for (; made < n && !stop; made++) {
		pid_t p = fork();
		if (p < 0) {
			perror("fork");
			break;
		}
		if (p == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(0);
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			for (;;)
				pause();
		}
		kids[made] = p;
	}
	if (made == n && !stop) {
		printf("ready %ld\n", made);
		fflush(stdout);
		char c;
		while (!stop && read(STDIN_FILENO, &c, 1) > 0)
			;
	}
	for (long i = 0; i < made; i++)
		kill(kids[i], SIGKILL);
	for (long i = 0; i < made; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
	free(kids);
	return made == n ? 0 : 1;
}
