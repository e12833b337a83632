/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a process ran, read from its cgroup path: the systemd unit, the Kubernetes pod UID and QoS
 * class (kubelet's cgroupfs driver "/kubepods/burstable/pod<uid>/<id>" and systemd driver
 * "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<u_i_d>.slice/<scope>"), the
 * container id of containerd ("cri-containerd-<id>.scope"), CRI-O ("crio-<id>.scope"), Docker
 * ("/docker/<id>", "docker-<id>.scope"), Podman ("libpod-<id>.scope"), and LXC / Proxmox container
 * names ("/lxc/<name>", "/lxc.payload.<name>").  Pure. */
#include <string.h>

#include "lib/oomreport/container_id.h"
#include "lib/oomreport/oom_parse.h"

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

static bool is_hex_id(const char *s, size_t len)
{
	if (len < 12)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
			return false;
	}
	return true;
}

static bool is_unit(const char *s, size_t len)
{
	static const char *const suffixes[] = { ".service", ".scope", ".socket", ".mount", ".swap" };
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (ends_with(s, len, suffixes[i]))
			return true;
	return false;
}

/* "pod<uid>" (cgroupfs, dashes) or "...-pod<u_i_d>.slice" (systemd, underscores). */
static bool pod_uid(const char *s, size_t len, struct oom_container *c)
{
	const char *p = NULL;
	size_t n = 0;

	if (len > 3 && memcmp(s, "pod", 3) == 0) {
		p = s + 3;
		n = len - 3;
	} else if (ends_with(s, len, ".slice")) {
		const char *q = memmem(s, len, "-pod", 4);
		if (!q)
			return false;
		p = q + 4;
		n = (size_t)(s + len - 6 - p);
	}
	if (!p || n < 32 || n >= sizeof(c->pod_uid))
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = p[i];
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || ch == '-' || ch == '_'))
			return false;
		c->pod_uid[i] = ch == '_' ? '-' : ch;
	}
	c->pod_uid[n] = '\0';
	return true;
}

static void qos_of(const char *s, size_t len, struct oom_container *c)
{
	static const char *const classes[] = { "burstable", "besteffort" };
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(classes[i]);
		if ((len == n && memcmp(s, classes[i], n) == 0) ||
		    (len > 9 + n && memcmp(s, "kubepods-", 9) == 0 && memcmp(s + 9, classes[i], n) == 0))
			oomtext_copy(c->qos, sizeof(c->qos), classes[i], n);
	}
}

/* "<prefix><id>.scope" for the runtimes that name scopes so */
static bool runtime_scope(const char *s, size_t len, struct oom_container *c)
{
	static const struct { const char *prefix, *runtime; } rt[] = {
		{ "cri-containerd-", "containerd" }, { "crio-conmon-", "cri-o" }, { "crio-", "cri-o" },
		{ "docker-", "docker" }, { "libpod-conmon-", "podman" }, { "libpod-", "podman" },
	};
	if (!ends_with(s, len, ".scope"))
		return false;
	for (size_t i = 0; i < sizeof(rt) / sizeof(rt[0]); i++) {
		size_t pl = strlen(rt[i].prefix);
		if (len > pl + 6 && memcmp(s, rt[i].prefix, pl) == 0 &&
		    is_hex_id(s + pl, len - pl - 6)) {
			oomtext_copy(c->runtime, sizeof(c->runtime), rt[i].runtime, strlen(rt[i].runtime));
			oomtext_copy(c->id, sizeof(c->id), s + pl, len - pl - 6);
			return true;
		}
	}
	return false;
}

bool container_from_cgroup(const char *path, struct oom_container *c)
{
	const char *p = path;
	bool kube = false, lxc_next = false, docker_next = false;

	memset(c, 0, sizeof(*c));
	if (!path || !*path)
		return false;
	while (*p) {
		while (*p == '/')
			p++;
		const char *s = p;
		while (*p && *p != '/')
			p++;
		size_t len = (size_t)(p - s);
		if (!len)
			break;
		if (len >= 8 && memcmp(s, "kubepods", 8) == 0) {
			kube = true;
			qos_of(s, len, c);
		} else if (kube && !c->qos[0]) {
			qos_of(s, len, c);
		}
		if (kube && !c->pod_uid[0] && pod_uid(s, len, c)) {
			if (!c->qos[0])
				oomtext_copy(c->qos, sizeof(c->qos), "guaranteed", 10);
			continue;
		}
		if (runtime_scope(s, len, c)) {
			oomtext_copy(c->unit, sizeof(c->unit), s, len);
			continue;
		}
		if (kube && c->pod_uid[0] && !c->id[0] && is_hex_id(s, len)) {  /* cgroupfs driver */
			oomtext_copy(c->id, sizeof(c->id), s, len);
			continue;
		}
		if (docker_next && is_hex_id(s, len)) {
			oomtext_copy(c->runtime, sizeof(c->runtime), "docker", 6);
			oomtext_copy(c->id, sizeof(c->id), s, len);
		}
		if (lxc_next && !c->id[0]) {
			oomtext_copy(c->runtime, sizeof(c->runtime), "lxc", 3);
			oomtext_copy(c->id, sizeof(c->id), s, len);
		}
		docker_next = len == 6 && memcmp(s, "docker", 6) == 0;
		lxc_next = len == 3 && memcmp(s, "lxc", 3) == 0;
		if (len > 12 && memcmp(s, "lxc.payload.", 12) == 0 && !c->id[0]) {
			oomtext_copy(c->runtime, sizeof(c->runtime), "lxc", 3);
			oomtext_copy(c->id, sizeof(c->id), s + 12, len - 12);
		}
		if (is_unit(s, len))
			oomtext_copy(c->unit, sizeof(c->unit), s, len);
	}
	if (kube && c->pod_uid[0] && !c->runtime[0] && c->id[0])
		oomtext_copy(c->runtime, sizeof(c->runtime), "kubernetes", 10);
	if (!kube)
		c->qos[0] = '\0';
	return c->unit[0] || c->runtime[0] || c->id[0] || c->pod_uid[0];
}
