/* SPDX-License-Identifier: GPL-2.0-or-later */
/* uid -> user name with a small cache (see usernames.h). */
#include "os/proc/usernames.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lib/util/passwd.h"
#include "os/core/sysroot.h"

#define NAME_MAX_LEN 64

struct user_cache_entry {
	uid_t uid;
	char name[NAME_MAX_LEN];
};

static struct user_cache_entry *cache;
static size_t cache_n, cache_cap;
static char *root_passwd;          /* <root>/etc/passwd text, read once */
static ssize_t root_passwd_len = -1;

static void lookup(uid_t uid, char *name, size_t cap)
{
	if (sysroot_is_live()) {
		struct passwd pw, *res = NULL;
		char buf[4096];
		if (getpwuid_r(uid, &pw, buf, sizeof(buf), &res) == 0 && res &&
		    strlen(res->pw_name) < cap) {
			strcpy(name, res->pw_name);
			return;
		}
	} else {
		if (root_passwd_len < 0)
			root_passwd_len = sysroot_read_alloc("/etc/passwd", &root_passwd);
		if (root_passwd_len > 0 &&
		    passwd_name_of_uid(root_passwd, (size_t)root_passwd_len, uid, name, cap) == 0)
			return;
	}
	snprintf(name, cap, "%u", (unsigned)uid);
}

const char *username_of(uid_t uid)
{
	for (size_t i = 0; i < cache_n; i++)
		if (cache[i].uid == uid)
			return cache[i].name;
	if (cache_n == cache_cap) {
		size_t cap = cache_cap ? cache_cap * 2 : 16;
		struct user_cache_entry *nc = realloc(cache, cap * sizeof(*nc));
		if (!nc) {
			static char num[16];
			snprintf(num, sizeof(num), "%u", (unsigned)uid);
			return num;
		}
		cache = nc;
		cache_cap = cap;
	}
	struct user_cache_entry *e = &cache[cache_n++];
	e->uid = uid;
	lookup(uid, e->name, sizeof(e->name));
	return e->name;
}

void usernames_free(void)
{
	free(cache);
	free(root_passwd);
	cache = NULL;
	root_passwd = NULL;
	cache_n = cache_cap = 0;
	root_passwd_len = -1;
}
