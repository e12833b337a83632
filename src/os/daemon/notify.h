/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Desktop notifications for the daemon's actions (-n / --notify): every logged-in user with a
 * session bus (/run/user/UID/bus) gets `notify-send` run as that user (setuid/setgid in the
 * child, DBUS_SESSION_BUS_ADDRESS set) through the hook runner; with no such session, a
 * `wall` message to the terminals; else only the log line.  Never waits for the children:
 * the main loop reaps them with notify_poll. */
#ifndef OOMGUARD_NOTIFY_H
#define OOMGUARD_NOTIFY_H

#include <stddef.h>

#include "lib/policy/daemon_event.h"

#define NOTIFY_MAX_CHILDREN 16
#define NOTIFY_TIMEOUT_MS 5000

/* Where sessions and programs are found; the defaults are "/run/user", "notify-send", "wall"
 * (names looked up in the hook runner's PATH).  Tests point them at a fixture. */
struct notify_opts {
	const char *run_user_dir;
	const char *notify_send;
	const char *wall;
};
void notify_configure(const struct notify_opts *o);

/* Builds the summary and body of a notification for ev (pure; text escaped for the terminal). */
void notify_format(const struct daemon_event *ev, char *summary, size_t scap, char *body, size_t bcap);

/* Sends the notification for ev to every session found.  Returns the number of children
 * started (0: nobody to tell, the caller logs), or -errno.  `what_done` receives a short
 * description for the log ("notify-send to uid 1000, 1001", "wall", "nobody logged in"). */
int notify_send_event(const struct daemon_event *ev, char *what_done, size_t cap);

/* Reaps finished notification children and kills those past their timeout.  Returns how many
 * are still running.  Call from the main loop (cheap when none runs). */
int notify_poll(void);

/* Kills and reaps every notification child (at exit). */
void notify_shutdown(void);

#endif
