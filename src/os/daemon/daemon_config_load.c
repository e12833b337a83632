/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loads the daemon's configuration: the main config file (default under OOMGUARD_SYSCONFDIR,
 * or --config FILE), its drop-ins FILE.d/ *.conf in byte order of their names (later files win),
 * then the command-line flags, which win over files.  The text is parsed by lib/policy; this
 * file only reads files and argv.  Also serves SIGHUP reload: load into a new struct, keep the
 * old one on error. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/policy/daemon_config.h"
#include "lib/util/strbuf.h"

#define CONFIG_MAX_BYTES (1 << 20)
#define OPT_LONG_BASE 1000
#define OPT_NO_BASE 2000
#define OPT_DRYRUN_ALIAS 3000

/* Reads a whole config file.  -ENOENT passes through so a missing default file can be fine. */
static int read_file(const char *path, char **out, size_t *len, char *err, size_t errlen)
{
	struct strbuf sb;
	char buf[8192];
	ssize_t n;
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		int e = errno;
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		return -e;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		snprintf(err, errlen, "%s: is a directory", path);
		return -EISDIR;
	}
	strbuf_init(&sb);
	strbuf_add(&sb, "", 0);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			strbuf_free(&sb);
			snprintf(err, errlen, "%s: %s", path, strerror(e));
			return -e;
		}
		strbuf_add(&sb, buf, (size_t)n);
		if (sb.len > CONFIG_MAX_BYTES) {
			close(fd);
			strbuf_free(&sb);
			snprintf(err, errlen, "%s: larger than %d bytes", path, CONFIG_MAX_BYTES);
			return -EFBIG;
		}
	}
	close(fd);
	if (sb.failed) {
		strbuf_free(&sb);
		return -ENOMEM;
	}
	*out = sb.buf;
	*len = sb.len;
	return 0;
}

static int note_file(struct daemon_config *cfg, const char *path)
{
	size_t n = 0;
	while (cfg->config_files && cfg->config_files[n])
		n++;
	char **nv = realloc(cfg->config_files, (n + 2) * sizeof(char *));
	if (!nv)
		return -ENOMEM;
	cfg->config_files = nv;
	nv[n] = strdup(path);
	nv[n + 1] = NULL;
	return nv[n] ? 0 : -ENOMEM;
}

static int load_file(struct daemon_config *cfg, const char *path, bool must_exist, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	int r = read_file(path, &text, &len, err, errlen);

	if (r == -ENOENT && !must_exist)
		return 0;
	if (r < 0)
		return r;
	r = daemon_config_parse_text(cfg, text, len, path, err, errlen);
	free(text);
	return r < 0 ? r : note_file(cfg, path);
}

static int conf_name(const struct dirent *d)
{
	size_t n = strlen(d->d_name);
	return d->d_name[0] != '.' && n > 5 && strcmp(d->d_name + n - 5, ".conf") == 0;
}

static int byte_order(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int load_dropins(struct daemon_config *cfg, const char *main_path, char *err, size_t errlen)
{
	char dir[4096];
	struct dirent **names = NULL;
	int n, r = 0;

	if ((size_t)snprintf(dir, sizeof(dir), "%s.d", main_path) >= sizeof(dir)) {
		snprintf(err, errlen, "%s.d: path too long", main_path);
		return -ENAMETOOLONG;
	}
	n = scandir(dir, &names, conf_name, byte_order);
	if (n < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		int e = errno;
		snprintf(err, errlen, "%s: %s", dir, strerror(e));
		return -e;
	}
	for (int i = 0; i < n; i++) {
		char path[4096 + 256];
		if (r == 0) {
			snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
			r = load_file(cfg, path, true, err, errlen);
		}
		free(names[i]);
	}
	free(names);
	return r;
}

/* getopt's table from daemon_options: --key, --no-key for switches, --dryrun. */
static struct option *build_longopts(char *shortopts, size_t cap)
{
	struct option *lo = calloc(2 * daemon_n_options + 2, sizeof(*lo));
	size_t k = 0, s = 0;

	if (!lo)
		return NULL;
	shortopts[s++] = ':';          /* report a missing argument as ':' */
	for (unsigned i = 0; i < daemon_n_options; i++) {
		const struct daemon_option *o = &daemon_options[i];
		lo[k++] = (struct option){ o->key, o->arg ? required_argument : no_argument, NULL, OPT_LONG_BASE + (int)i };
		if (o->type == DOPT_BOOL)
			lo[k++] = (struct option){ NULL, no_argument, NULL, OPT_NO_BASE + (int)i };
		if (o->short_opt && s + 3 < cap) {
			shortopts[s++] = o->short_opt;
			if (o->arg)
				shortopts[s++] = ':';
		}
	}
	lo[k++] = (struct option){ "dryrun", no_argument, NULL, OPT_DRYRUN_ALIAS };
	shortopts[s] = '\0';
	return lo;
}

/* Names for --no-KEY live here, as getopt keeps pointers. */
static char no_names[64][40];

static void fill_no_names(struct option *lo)
{
	unsigned slot = 0;
	for (struct option *o = lo; o->name || o->val; o++) {
		if (o->val >= OPT_NO_BASE && o->val < OPT_DRYRUN_ALIAS && slot < 64) {
			snprintf(no_names[slot], sizeof(no_names[slot]), "no-%s",
				 daemon_options[o->val - OPT_NO_BASE].key);
			o->name = no_names[slot++];
		}
	}
}

static int option_index(int c)
{
	if (c >= OPT_LONG_BASE && c < OPT_LONG_BASE + (int)daemon_n_options)
		return c - OPT_LONG_BASE;
	for (unsigned i = 0; i < daemon_n_options; i++)
		if (daemon_options[i].short_opt && daemon_options[i].short_opt == c)
			return (int)i;
	return -1;
}

/* Walks argv once.  apply=false: only --config/--check-config/--help; apply=true: the rest. */
static int walk_flags(int argc, char **argv, struct daemon_config *cfg, bool apply,
		      struct option *lo, const char *shortopts, char *err, size_t errlen)
{
	char problem[256];
	int c;

	optind = 0;                    /* glibc: full re-initialisation */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, lo, NULL)) != -1) {
		const char *arg = argv[optind - 1];
		if (c == '?') {
			if (optopt)
				snprintf(err, errlen, "-%c: unknown option (see oomguard daemon --help)", optopt);
			else
				snprintf(err, errlen, "%s: unknown option (see oomguard daemon --help)", arg);
			return -EINVAL;
		}
		if (c == ':') {
			if (optopt && optopt < OPT_LONG_BASE)
				snprintf(err, errlen, "-%c: needs an argument", optopt);
			else
				snprintf(err, errlen, "%s: needs an argument", arg);
			return -EINVAL;
		}
		if (c == OPT_DRYRUN_ALIAS) {
			if (apply)
				cfg->dry_run = true;
			continue;
		}
		if (c >= OPT_NO_BASE) {
			if (apply)
				daemon_config_set(cfg, daemon_options[c - OPT_NO_BASE].key, "no", problem, sizeof(problem));
			continue;
		}
		int i = option_index(c);
		if (i < 0)
			continue;
		const struct daemon_option *o = &daemon_options[i];
		if (o->type == DOPT_FLAG) {   /* -i and -p have no action: accepted, no effect */
			if (o->parse && (o->flags & (apply ? DOPT_LATE : DOPT_EARLY))) {
				int r = o->parse(cfg, o, optarg, err, errlen);
				if (r < 0)
					return r;
			}
			continue;
		}
		if (!apply)
			continue;
		int r = daemon_config_set(cfg, o->key, o->type == DOPT_BOOL ? "yes" : optarg, problem, sizeof(problem));
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			if (o->short_opt)
				snprintf(err, errlen, "-%c/--%s: %s", o->short_opt, o->key, problem);
			else
				snprintf(err, errlen, "--%s: %s", o->key, problem);
			return -EINVAL;
		}
	}
	if (optind < argc) {
		snprintf(err, errlen, "%s: unexpected argument (options only)", argv[optind]);
		return -EINVAL;
	}
	return 0;
}

int daemon_config_load(int argc, char **argv, struct daemon_config *cfg, char *err, size_t errlen)
{
	char shortopts[64];
	struct option *lo;
	bool explicit_file;
	int r;

	daemon_config_defaults(cfg);
	if (!cfg->event_log || !cfg->snapshot_dir) {
		daemon_config_free(cfg);
		return -ENOMEM;
	}
	lo = build_longopts(shortopts, sizeof(shortopts));
	if (!lo) {
		daemon_config_free(cfg);
		return -ENOMEM;
	}
	fill_no_names(lo);
	r = walk_flags(argc, argv, cfg, false, lo, shortopts, err, errlen);
	if (r < 0 || cfg->show_help)
		goto out;
	explicit_file = cfg->config_file != NULL;
	if (!explicit_file && !(cfg->config_file = strdup(daemon_config_default_path()))) {
		r = -ENOMEM;
		goto out;
	}
	r = load_file(cfg, cfg->config_file, explicit_file, err, errlen);
	if (r == 0)
		r = load_dropins(cfg, cfg->config_file, err, errlen);
	if (r == 0)
		r = walk_flags(argc, argv, cfg, true, lo, shortopts, err, errlen);
	if (r == 0)
		r = daemon_config_finish(cfg, err, errlen);
	if (r == 0 && geteuid() != 0) {
		/* the root defaults are not writable for others: keep only what was asked for */
		if (daemon_config_is_default_event_log(cfg->event_log)) {
			free(cfg->event_log);
			cfg->event_log = NULL;
		}
		if (daemon_config_is_default_snapshot_dir(cfg->snapshot_dir)) {
			free(cfg->snapshot_dir);
			cfg->snapshot_dir = NULL;
		}
	}
out:
	free(lo);
	optind = 0;
	if (r == -ENOMEM)
		snprintf(err, errlen, "configuration: out of memory");
	if (r < 0)
		daemon_config_free(cfg);
	return r;
}
