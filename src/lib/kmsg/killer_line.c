/* Log lines of other OOM killers (see killer_line.h).  earlyoom writes one line per signal sent
 * (an escalation from SIGTERM to SIGKILL is two); systemd-oomd one per cgroup it kills, in the
 * wordings of its swap and pressure rules ("Killed /x.slice due to memory pressure for ...",
 * "Killed /x.slice due to swap used ..."). */
#include "lib/kmsg/killer_line.h"

#include <stdbool.h>
#include <string.h>

const char *const other_killer_idents[KILLER_COUNT] = { "earlyoom", "systemd-oomd" };

const char *other_killer_name(enum other_killer k)
{
	return (unsigned)k < KILLER_COUNT ? other_killer_idents[k] : "unknown";
}

static bool has(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	if (n > len)
		return false;
	for (size_t i = 0; i + n <= len; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, n) == 0)
			return true;
	return false;
}

static bool ident_is(const char *ident, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(ident, want, len) == 0;
}

int other_killer_classify(const char *ident, size_t ident_len, const char *msg, size_t msg_len)
{
	if (!ident || !msg)
		return -1;
	if (ident_is(ident, ident_len, "earlyoom")) {
		if (has(msg, msg_len, "sending SIGTERM to process ") ||
		    has(msg, msg_len, "sending SIGKILL to process "))
			return KILLER_EARLYOOM;
		return -1;
	}
	if (ident_is(ident, ident_len, "systemd-oomd")) {
		if (msg_len > 7 && memcmp(msg, "Killed ", 7) == 0 && has(msg, msg_len, " due to "))
			return KILLER_SYSTEMD_OOMD;
		return -1;
	}
	return -1;
}
