/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The helpers every audit rule shares: fixed-field formatting, sizes and percentages, sysctl
 * values and where they come from, the sysctl fix that respects that origin, and the names of
 * services worth protecting.  Below both the runner (audit.c) and the rules (rules_*.c). */
#include "lib/audit/audit_helpers.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/util/units.h"

void audit_fset(char *dst, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dst, cap, fmt, ap);
	va_end(ap);
}

double audit_pct(uint64_t value, uint64_t total)
{
	return total ? 100.0 * (double)value / (double)total : 0.0;
}

const char *audit_kib_human(char *buf, size_t cap, uint64_t kb)
{
	return units_size_kib(buf, cap, units_from_u64(kb), SIZE_ROUNDED);
}

bool audit_sc_has(const struct audit_snapshot *s, enum sysctl_id id)
{
	return s->sc[id].present;
}

int64_t audit_sc_val(const struct audit_snapshot *s, enum sysctl_id id)
{
	return s->sc[id].value;
}

const char *audit_sc_origin_text(char *buf, size_t cap, const struct audit_snapshot *s, enum sysctl_id id)
{
	const struct sysctl_value *v = &s->sc[id];
	switch (v->origin) {
	case ORIGIN_FILE:
		audit_fset(buf, cap, "set in %s line %u", v->file, v->line);
		break;
	case ORIGIN_TUNED:
		audit_fset(buf, cap, "set by the active tuned profile %s", s->tuned_profile);
		break;
	case ORIGIN_RUNTIME:
		if (v->file[0])
			audit_fset(buf, cap, "set at run time; %s line %u says %s", v->file, v->line,
				 v->file_value);
		else
			audit_fset(buf, cap, "set at run time, no sysctl file sets it");
		break;
	default:
		audit_fset(buf, cap, "no sysctl file sets it");
		break;
	}
	return buf;
}

/* Appends a line to f->fix. */
static void fix_line(struct finding *f, const char *line)
{
	size_t n = strlen(f->fix);
	audit_fset(f->fix + n, sizeof(f->fix) - n, "%s%s", n ? "\n" : "", line);
}

void audit_fix_sysctl(struct finding *f, const struct audit_snapshot *s, enum sysctl_id id, const char *value)
{
	const struct sysctl_value *v = &s->sc[id];
	const char *key = sysctl_name(id);
	char line[400];

	audit_fset(f->sysctl_key, sizeof(f->sysctl_key), "%s", key);
	audit_fset(f->sysctl_value, sizeof(f->sysctl_value), "%s", value);

	if (v->origin == ORIGIN_TUNED && s->tuned_profile[0]) {
		/* tuned re-applies its profile: a sysctl.d file would lose; change the profile */
		audit_fset(f->write_path, sizeof(f->write_path), "/etc/tuned/%s-oomguard/tuned.conf",
			 s->tuned_profile);
		audit_fset(f->write_content, sizeof(f->write_content),
			 "[main]\ninclude=%s\n\n[sysctl]\n%s=%s\n", s->tuned_profile, key, value);
		audit_fset(f->after_cmd, sizeof(f->after_cmd), "tuned-adm profile %s-oomguard",
			 s->tuned_profile);
		audit_fset(line, sizeof(line), "the active tuned profile '%s' sets %s=%s; derive a profile:",
			 s->tuned_profile, key, v->tuned_value);
		fix_line(f, line);
		audit_fset(line, sizeof(line), "  %s with", f->write_path);
		fix_line(f, line);
		audit_fset(line, sizeof(line), "  [main] include=%s and [sysctl] %s=%s", s->tuned_profile, key, value);
		fix_line(f, line);
		audit_fset(line, sizeof(line), "  then: %s", f->after_cmd);
		fix_line(f, line);
		audit_fset(f->step, sizeof(f->step), "oomguard check --fix-script");  /* writes the profile */
		f->sysctl_key[0] = '\0';
		return;
	}

	audit_fset(line, sizeof(line), "sysctl -w %s=%s", key, value);
	fix_line(f, line);
	audit_fset(f->step, sizeof(f->step), "%s", line);
	bool etc_d = v->file[0] && v->file_is_etc && strcmp(v->file, "/etc/sysctl.conf") != 0;
	if (v->file[0] && strcmp(v->file, "/etc/sysctl.conf") == 0) {
		audit_fset(f->sysctl_file, sizeof(f->sysctl_file), "%s", OOMGUARD_SYSCTL_FILE);
		audit_fset(f->stale_file, sizeof(f->stale_file), "/etc/sysctl.conf");
		audit_fset(line, sizeof(line), "persist: '%s = %s' in %s, and remove line %u of "
			 "/etc/sysctl.conf (%s = %s): it is read last and would win", key, value,
			 OOMGUARD_SYSCTL_FILE, v->line, key, v->file_value);
	} else if (etc_d) {
		audit_fset(f->sysctl_file, sizeof(f->sysctl_file), "%s", v->file);
		audit_fset(line, sizeof(line), "persist: edit %s line %u to '%s = %s' (that file sets it now)",
			 v->file, v->line, key, value);
	} else if (v->file[0]) {
		const char *base = strrchr(v->file, '/');
		base = base ? base + 1 : v->file;
		if (strcmp(base, "90-oomguard.conf") > 0) {
			/* a vendor file that sorts after ours: only a same-named /etc file overrides it */
			audit_fset(f->sysctl_file, sizeof(f->sysctl_file), "/etc/sysctl.d/%s", base);
			audit_fset(line, sizeof(line), "persist: copy %s to /etc/sysctl.d/%s and set '%s = %s' "
				 "there (a same-named file in /etc replaces the vendor's)", v->file, base,
				 key, value);
		} else {
			audit_fset(f->sysctl_file, sizeof(f->sysctl_file), "%s", OOMGUARD_SYSCTL_FILE);
			audit_fset(line, sizeof(line), "persist: '%s = %s' in %s (overrides the vendor's %s)",
				 key, value, OOMGUARD_SYSCTL_FILE, v->file);
		}
	} else {
		audit_fset(f->sysctl_file, sizeof(f->sysctl_file), "%s", OOMGUARD_SYSCTL_FILE);
		audit_fset(line, sizeof(line), "persist: '%s = %s' in %s", key, value, OOMGUARD_SYSCTL_FILE);
	}
	fix_line(f, line);
	fix_line(f, "apply all files: sysctl --system");
}

static const char *const critical_services[] = {
	"mysqld", "mariadbd", "postgres", "postmaster", "redis-server", "valkey-server", "mongod",
	"mongos", "memcached", "nginx", "httpd", "apache2", "java", "elasticsearch", "clickhouse-serv",
	"etcd", "kafka", "rabbitmq-server", "beam.smp", "haproxy", "php-fpm", "influxd", "cassandra",
	"slapd",
};

bool audit_is_critical_service(const char *comm)
{
	for (size_t i = 0; i < sizeof(critical_services) / sizeof(critical_services[0]); i++) {
		size_t n = strlen(critical_services[i]);
		/* php-fpm shows as "php-fpm8.2"; postgres workers as "postgres" */
		if (strncmp(comm, critical_services[i], n) == 0 &&
		    (comm[n] == '\0' || (comm[n] >= '0' && comm[n] <= '9') || comm[n] == ':'))
			return true;
	}
	return false;
}
