/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Desktop notifications (see notify.h): finds users with a session bus under /run/user, runs
 * notify-send as each of them through the hook runner, else `wall`, and reaps the children from
 * the main loop.  Directory scanning uses getdents64 into a fixed buffer: no allocation. */
#include "os/daemon/notify.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "os/daemon/hooks.h"

static struct hook_child children[NOTIFY_MAX_CHILDREN];
/* The settings, and children_live: bit i set while children[i] runs.  The slots are large (argv
 * and environment inside) and the main loop polls at every wake-up: reading this word instead
 * of each slot's pid keeps the slots' pages untouched, so not resident, while nobody is being
 * notified; and the word sits in initialised data with the settings, not on a page of its own. */
static struct {
	struct notify_opts opts;
	unsigned children_live;
} st = { { "/run/user", "notify-send", "wall" }, 0 };
_Static_assert(NOTIFY_MAX_CHILDREN <= 32, "children_live has a bit per slot");


void notify_configure(const struct notify_opts *o)
{
	st.opts = *o;
}

void notify_format(const struct daemon_event *ev, char *summary, size_t scap, char *body, size_t bcap)
{
	char comm[80];

	text_escape_fixed(comm, sizeof(comm), ev->victim.comm);
	if (ev->kind == EVENT_ACTION)
		snprintf(summary, scap, "Low memory: %s %s", ev->dry_run ? "would act on" : "acted on", comm);
	else if (ev->has_victim)
		snprintf(summary, scap, "Low memory: %s %s (%d)", ev->dry_run ? "would stop" : "stopped", comm,
			 (int)ev->victim.pid);
	else
		snprintf(summary, scap, "Low memory");
	daemon_event_summary(ev, body, bcap);
}

static int free_slot(void)
{
	notify_poll();
	for (int i = 0; i < NOTIFY_MAX_CHILDREN; i++)
		if (!(st.children_live & (1u << i)))
			return i;
	return -1;
}

/* hook_start into slot, marking it live when the child started. */
static int start_child(int slot, char *const argv[], const struct daemon_event *ev,
		       const char *const *extra, const struct hook_creds *creds)
{
	int r = hook_start(&children[slot], argv, ev, "notify", extra, creds, NOTIFY_TIMEOUT_MS);
	if (r == 0)
		st.children_live |= 1u << slot;
	return r;
}

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int send_to_bus(const struct daemon_event *ev, unsigned long uid, const char *summary,
		       const char *body)
{
	char dir[256], bus[272], addr[320], xdg[288];
	struct stat st_dir, st_bus;

	snprintf(dir, sizeof(dir), "%s/%lu", st.opts.run_user_dir, uid);
	snprintf(bus, sizeof(bus), "%s/bus", dir);
	if (stat(dir, &st_dir) < 0 || stat(bus, &st_bus) < 0 || !S_ISSOCK(st_bus.st_mode))
		return 0;
	if (st_dir.st_uid != uid)        /* the runtime dir belongs to its user; anything else is odd */
		return 0;
	int slot = free_slot();
	if (slot < 0)
		return -EAGAIN;
	snprintf(addr, sizeof(addr), "DBUS_SESSION_BUS_ADDRESS=unix:path=%s", bus);
	snprintf(xdg, sizeof(xdg), "XDG_RUNTIME_DIR=%s", dir);
	const char *extra[] = { addr, xdg, NULL };
	char *const argv[] = { (char *)st.opts.notify_send, "--app-name=oomguard", "--urgency=critical",
			       "--icon=dialog-warning", (char *)summary, (char *)body, NULL };
	struct hook_creds creds = { (long)st_dir.st_uid, (long)st_dir.st_gid };
	int r = start_child(slot, argv, ev, extra, &creds);
	if (r == 0)
		snprintf(children[slot].what, sizeof(children[slot].what), "notify-send to uid %lu", uid);
	return r < 0 ? r : 1;
}

int notify_send_event(const struct daemon_event *ev, char *what_done, size_t cap)
{
	char summary[160], body[1024], dbuf[4096];
	size_t used = 0;
	int started = 0, last_err = 0;

	notify_format(ev, summary, sizeof(summary), body, sizeof(body));
	what_done[0] = '\0';
	int fd = open(st.opts.run_user_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		long n;
		while ((n = syscall(SYS_getdents64, fd, dbuf, sizeof(dbuf))) > 0) {
			for (long off = 0; off < n;) {
				struct linux_dirent64 *d = (struct linux_dirent64 *)(dbuf + off);
				off += d->d_reclen;
				char *end;
				unsigned long uid = strtoul(d->d_name, &end, 10);
				if (!d->d_name[0] || *end || (d->d_name[0] == '0' && d->d_name[1]))
					continue;
				int r = send_to_bus(ev, uid, summary, body);
				if (r > 0) {
					int w = snprintf(what_done + used, cap - used, "%s%lu",
							 started ? ", " : "notify-send to uid ", uid);
					if (w > 0 && used + (size_t)w < cap)
						used += (size_t)w;
					started++;
				} else if (r < 0) {
					last_err = r;
				}
			}
		}
		close(fd);
	}
	if (started)
		return started;
	/* nobody with a session bus: a message on the terminals */
	int slot = free_slot();
	if (slot >= 0) {
		char line[1200];
		snprintf(line, sizeof(line), "oomguard: %s: %s", summary, body);
		char *const argv[] = { (char *)st.opts.wall, line, NULL };
		if (start_child(slot, argv, ev, NULL, NULL) == 0) {
			snprintf(what_done, cap, "no session bus found; wall");
			return 1;
		}
	}
	snprintf(what_done, cap, "nobody to notify (no session bus, no wall)");
	return last_err < 0 && last_err != -ENOENT ? last_err : 0;
}

int notify_poll(void)
{
	int running = 0;
	for (int i = 0; st.children_live >> i; i++) {
		if (!(st.children_live & (1u << i)))
			continue;
		if (children[i].pid > 0 && hook_poll(&children[i]) == -EAGAIN)
			running++;
		else
			st.children_live &= ~(1u << i);
	}
	return running;
}

void notify_shutdown(void)
{
	for (int i = 0; st.children_live >> i; i++) {
		if ((st.children_live & (1u << i)) && children[i].pid > 0) {
			children[i].deadline_ms = 0;
			hook_wait(&children[i]);
		}
	}
	st.children_live = 0;
}
