/* SPDX-License-Identifier: GPL-2.0-or-later */
/* struct metrics_state in the Prometheus text format (see metrics_text.h).  Counters end in
 * _total, sizes are bytes, times are seconds; every label takes values from a fixed list, so
 * the number of series is bounded whatever the machine does. */
#include "lib/policy/metrics_text.h"

#include "lib/util/strbuf.h"

static const char *const scope_names[MX_N_SCOPES] = { "global", "memcg" };
static const char *const constraint_names[MX_N_CONSTRAINTS] = {
	"none", "cpuset", "memory_policy", "memcg", "unknown" };
static const char *const action_names[MX_N_ACTIONS] = { "sigterm", "sigkill", "command", "dry_run" };
static const char *const severity_names[MX_N_SEVERITIES] = { "info", "warn", "critical" };

const char *metrics_action_name(enum metrics_action a)
{
	return (unsigned)a < MX_N_ACTIONS ? action_names[a] : "unknown";
}

const char *metrics_constraint_name(enum metrics_constraint c)
{
	return (unsigned)c < MX_N_CONSTRAINTS ? constraint_names[c] : "unknown";
}

static void family(struct strbuf *out, const char *name, const char *type, const char *help)
{
	strbuf_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void sample_u(struct strbuf *out, const char *name, uint64_t v)
{
	strbuf_addf(out, "%s %llu\n", name, (unsigned long long)v);
}

/* %.17g keeps every bit of a double; Prometheus reads it back exactly. */
static void sample_d(struct strbuf *out, const char *name, double v)
{
	strbuf_addf(out, "%s %.17g\n", name, v);
}

static void memory(const struct metrics_state *m, struct strbuf *out)
{
	if (m->have_memory) {
		family(out, "oomguard_memory_total_bytes", "gauge", "MemTotal of the machine.");
		sample_u(out, "oomguard_memory_total_bytes", m->mem_total_bytes);
		family(out, "oomguard_memory_available_bytes", "gauge",
		       "MemAvailable of the machine (the kernel's estimate, ZFS ARC not added).");
		sample_u(out, "oomguard_memory_available_bytes", m->mem_available_bytes);
		family(out, "oomguard_swap_total_bytes", "gauge", "SwapTotal of the machine.");
		sample_u(out, "oomguard_swap_total_bytes", m->swap_total_bytes);
		family(out, "oomguard_swap_free_bytes", "gauge", "SwapFree: swap still available.");
		sample_u(out, "oomguard_swap_free_bytes", m->swap_free_bytes);
	}
	if (m->have_psi) {
		family(out, "oomguard_memory_pressure_stall_seconds_total", "counter",
		       "Time tasks stalled on memory (PSI): kind=some, at least one task; kind=full, all non-idle tasks.");
		strbuf_addf(out, "oomguard_memory_pressure_stall_seconds_total{kind=\"some\"} %.6f\n",
			    m->psi_some_seconds);
		strbuf_addf(out, "oomguard_memory_pressure_stall_seconds_total{kind=\"full\"} %.6f\n",
			    m->psi_full_seconds);
	}
}

static void kernel_kills(const struct metrics_state *m, struct strbuf *out)
{
	if (!m->have_kernel_kills)
		return;
	family(out, "oomguard_kernel_oom_kills_total", "counter",
	       "OOM kills by the kernel found in /dev/kmsg since boot, by scope and constraint.");
	for (int s = 0; s < MX_N_SCOPES; s++)
		for (int c = 0; c < MX_N_CONSTRAINTS; c++)
			strbuf_addf(out, "oomguard_kernel_oom_kills_total{scope=\"%s\",constraint=\"%s\"} %llu\n",
				    scope_names[s], constraint_names[c],
				    (unsigned long long)m->kernel_kills[s][c]);
	family(out, "oomguard_kernel_oom_last_kill_timestamp_seconds", "gauge",
	       "Wall-clock time of the newest kernel OOM kill found (0: none since boot).");
	sample_d(out, "oomguard_kernel_oom_last_kill_timestamp_seconds", m->kernel_last_kill_s);
	family(out, "oomguard_kmsg_lost_records_total", "counter",
	       "Kernel log records overwritten in the ring buffer before oomguard read them.");
	sample_u(out, "oomguard_kmsg_lost_records_total", m->kmsg_lost);
}

static void other_killers(const struct metrics_state *m, struct strbuf *out)
{
	if (!m->have_other_killers)
		return;
	family(out, "oomguard_other_killer_kills_total", "counter",
	       "Kills by other userspace OOM killers found in the journal since boot, by killer.");
	for (int k = 0; k < US_KILLER_COUNT; k++)
		strbuf_addf(out, "oomguard_other_killer_kills_total{killer=\"%s\"} %llu\n",
			    us_killer_name((enum us_killer)k), (unsigned long long)m->other_kills[k]);
}

static void findings(const struct metrics_state *m, struct strbuf *out)
{
	if (!m->have_findings)
		return;
	family(out, "oomguard_check_findings", "gauge",
	       "Findings of `oomguard check` (without the log search), by severity.");
	for (int s = 0; s < MX_N_SEVERITIES; s++)
		strbuf_addf(out, "oomguard_check_findings{severity=\"%s\"} %u\n", severity_names[s],
			    m->findings[s]);
}

static void daemon(const struct metrics_state *m, struct strbuf *out)
{
	if (!m->have_daemon)
		return;
	family(out, "oomguard_daemon_up", "gauge", "1 while the oomguard daemon runs.");
	sample_u(out, "oomguard_daemon_up", m->daemon_stopped ? 0 : 1);
	family(out, "oomguard_daemon_info", "gauge",
	       "The daemon's mode: dry_run (no signals) and scope (machine or cgroup).");
	strbuf_addf(out, "oomguard_daemon_info{dry_run=\"%s\",scope=\"%s\"} 1\n",
		    m->daemon_dry_run ? "yes" : "no", m->daemon_cgroup_scope ? "cgroup" : "machine");
	family(out, "oomguard_daemon_start_time_seconds", "gauge", "Wall-clock time the daemon started.");
	sample_d(out, "oomguard_daemon_start_time_seconds", m->daemon_start_s);
	family(out, "oomguard_daemon_actions_total", "counter",
	       "Actions the daemon took, by action and by the reason its trigger gave.");
	for (int a = 0; a < MX_N_ACTIONS; a++)
		for (int r = CAUSE_MEMORY; r < MX_N_REASONS; r++)
			strbuf_addf(out, "oomguard_daemon_actions_total{action=\"%s\",reason=\"%s\"} %llu\n",
				    action_names[a], trigger_cause_name((enum trigger_cause)r),
				    (unsigned long long)m->actions[a][r]);
	family(out, "oomguard_daemon_last_kill_timestamp_seconds", "gauge",
	       "Wall-clock time of the daemon's newest kill (0: none since it started).");
	sample_d(out, "oomguard_daemon_last_kill_timestamp_seconds", m->daemon_last_kill_s);
	family(out, "oomguard_daemon_config_reloads_total", "counter",
	       "Configuration reloads (SIGHUP), by result.");
	strbuf_addf(out, "oomguard_daemon_config_reloads_total{result=\"success\"} %llu\n",
		    (unsigned long long)m->reloads_ok);
	strbuf_addf(out, "oomguard_daemon_config_reloads_total{result=\"failure\"} %llu\n",
		    (unsigned long long)m->reloads_failed);
	family(out, "oomguard_daemon_errors_total", "counter",
	       "Actions that could not be done: no victim, signal refused, command failed.");
	sample_u(out, "oomguard_daemon_errors_total", m->errors);
	family(out, "oomguard_daemon_wakeups_total", "counter", "Times the daemon's main loop woke up.");
	sample_u(out, "oomguard_daemon_wakeups_total", m->wakeups);
	family(out, "oomguard_daemon_metrics_write_errors_total", "counter",
	       "Failed writes of the metrics textfile.");
	sample_u(out, "oomguard_daemon_metrics_write_errors_total", m->metrics_write_errors);
}

void metrics_text_write(const struct metrics_state *m, struct strbuf *out)
{
	daemon(m, out);
	memory(m, out);
	kernel_kills(m, out);
	other_killers(m, out);
	findings(m, out);
}
