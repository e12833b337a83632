/* The daemon's clock and its sampling: read the guarded memory once, evaluate the trigger.
 * Below both the main loop and the action, so neither calls into the other for it. */
#include "os/daemon/daemon_sample.h"

#include <time.h>

uint64_t daemon_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int daemon_sample(struct daemon *d, struct mem_sample *s, struct trigger_decision *dec)
{
	int r = memsource_read(&d->ms, s);
	if (r < 0)
		return r;
	trigger_evaluate(&d->cfg, &d->trig, s, daemon_now_ms(), dec);
	return 0;
}
