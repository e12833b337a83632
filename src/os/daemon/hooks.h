/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs hook commands for the daemon: pre-kill and post-kill scripts, rule commands, desktop
 * notifications.  execve with an argv (no shell), the event in OOMGUARD_* environment variables
 * (and EARLYOOM_PID/UID/NAME so earlyoom -N scripts keep working), each child in its own process
 * group, optionally as another user, under a timeout: on expiry the whole group gets SIGKILL.
 * Nothing here allocates after hooks_init: argv/env are built in the hook_child's fixed storage
 * and the child is started with vfork, so hooks work while memory is short. */
#ifndef OOMGUARD_HOOKS_H
#define OOMGUARD_HOOKS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/policy/daemon_event.h"

#define HOOK_MAX_ARGS 32
#define HOOK_MAX_ENV 40
#define HOOK_STRINGS 8192          /* bytes for all argv + env strings of one child */

/* One started (or finished) hook.  Owned by the caller; may live in a static array. */
struct hook_child {
	pid_t pid;                     /* 0 = slot free; also the process group id */
	int pidfd;                     /* -1 when pidfd_open is unavailable */
	uint64_t deadline_ms;          /* CLOCK_MONOTONIC ms after which the group is killed */
	char what[64];                 /* "pre-kill hook", "notify uid 1000", ... for logs */
	char strings[HOOK_STRINGS];
	char *argv[HOOK_MAX_ARGS + 1];
	char *envp[HOOK_MAX_ENV + 1];
};

/* Who the child runs as: uid/gid < 0 keeps the daemon's. */
struct hook_creds {
	long uid, gid;
};

/* Starts argv (argv[0] is a path, or a name looked up in PATH) with the event's environment
 * (ev may be NULL: then only PATH and `extra_env`), as creds, in a new process group, stdin
 * from /dev/null, stdout/stderr inherited.  `phase` goes into OOMGUARD_EVENT ("pre-kill",
 * "post-kill", "action", "notify").  extra_env: NULL-terminated "K=V" strings or NULL.
 * Returns 0 with c filled, or -errno (-ENOENT: no such program; -E2BIG: too many or too long
 * arguments).  Never blocks beyond fork/exec. */
int hook_start(struct hook_child *c, char *const argv[], const struct daemon_event *ev,
	       const char *phase, const char *const *extra_env, const struct hook_creds *creds,
	       unsigned timeout_ms);

/* Waits for c up to its deadline; past it kills the process group with SIGKILL and reaps.
 * Returns the exit status as waitpid gives it (>= 0), or -ETIMEDOUT (killed), -errno. */
int hook_wait(struct hook_child *c);

/* Non-blocking: if c finished, reaps it and returns its status (>= 0); if its deadline passed,
 * kills its group, reaps, returns -ETIMEDOUT; else -EAGAIN.  For hooks the daemon does not wait
 * for (notifications); call it from the main loop. */
int hook_poll(struct hook_child *c);

/* start + wait.  The daemon blocks at most timeout_ms (plus reaping). */
int hook_run(char *const argv[], const struct daemon_event *ev, const char *phase,
	     unsigned timeout_ms);

/* Fills env with the event's OOMGUARD_* variables (for tests and for hook_start).  Strings go
 * into buf.  Returns the count, or -E2BIG. */
int hook_event_env(const struct daemon_event *ev, const char *phase, char *buf, size_t cap,
		   char **env, size_t max_env);

#endif
