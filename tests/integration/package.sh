#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package, end to end on this machine: dpkg-buildpackage on a copy of the tree, lintian
# (no errors, no warnings), dpkg -i, the installed files (binary in /usr/bin, man page, bash and zsh
# completion of every command and option, the unit with its Conflicts=, a conffile that changes
# nothing), `oomguard report` from /usr/bin, then dpkg --purge leaves nothing behind.
# Safety: a policy-rc.d that answers 101 is in place while the package is installed, so no
# service starts; the previous one is restored and the package purged on every exit path.
# The service is started only in a guest (OOMGUARD_GUEST=1 with systemd as PID 1): there the
# test also checks `systemctl start oomguard` and the journal line of the start.
source "$(dirname "$0")/lib.sh"
need_root
for tool in dpkg-buildpackage dh lintian; do
	command -v "$tool" >/dev/null || skip "$tool is not installed (bootstrap.sh installs debhelper and lintian)"
done
if dpkg-query -W -f='${Status}' oomguard 2>/dev/null | grep -q 'install ok installed'; then
	skip "an oomguard package is installed on this machine; the test would replace and purge it"
fi

src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/oomguard-package.XXXXXX)
installed=0
policy=/usr/sbin/policy-rc.d
policy_saved=""
policy_replaced=0
restore_policy() {   # only undoes what this test did: a failure before the swap leaves it alone
	[ "$policy_replaced" = 1 ] || return 0
	if [ -n "$policy_saved" ]; then mv -f "$policy_saved" "$policy"; else rm -f "$policy"; fi
	policy_replaced=0
}
on_exit '[ "$installed" = 1 ] && dpkg --purge oomguard >/dev/null 2>&1'
on_exit 'restore_policy'
on_exit 'rm -rf "$work"'

# ---- build on a copy: dpkg-buildpackage writes beside the source folder ----
mkdir "$work/src"
(cd "$src" && git ls-files -z --cached --others --exclude-standard 2>/dev/null |
	xargs -0 cp --parents -t "$work/src" 2>/dev/null) || tar -C "$src" --exclude='./build*' \
	--exclude='./obj-*' --exclude=./.git -cf - . | tar -C "$work/src" -xf -
[ -f "$work/src/debian/control" ] || fail "the copy of the tree has no debian/control"
(cd "$work/src" && dpkg-buildpackage -us -uc -b) > "$work/build.log" 2>&1 ||
	{ tail -30 "$work/build.log" >&2; fail "dpkg-buildpackage -us -uc -b failed"; }
version=$(sed -n "s/^ *version : '\([^']*\)'.*/\1/p" "$src/meson.build" | head -1)
arch=$(dpkg --print-architecture)
deb="$work/oomguard_${version}_${arch}.deb"
[ -f "$deb" ] || fail "no $(basename "$deb") (version from meson.build: $version)"
grep -q "^oomguard ($version)" "$src/debian/changelog" ||
	fail "debian/changelog's version is not meson.build's $version"

lintian_out=$(lintian --fail-on none "$work/oomguard_${version}_${arch}.changes" 2>&1 | grep -v '^running with root')
if echo "$lintian_out" | grep -qE '^[EW]: '; then
	echo "$lintian_out" >&2
	fail "lintian reports errors or warnings"
fi
echo "lintian: ${lintian_out:-no tags}"

# ---- install with services held back ----
if [ -e "$policy" ]; then
	policy_saved="$work/policy-rc.d.saved"
	cp -p "$policy" "$policy_saved" || fail "cannot save $policy"
fi
policy_replaced=1
printf '#!/bin/sh\n# oomguard package test: no service starts while it runs\nexit 101\n' > "$policy.new"
chmod 755 "$policy.new" && mv -f "$policy.new" "$policy"
installed=1
dpkg -i "$deb" > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "dpkg -i failed"; }

for f in /usr/bin/oomguard /usr/share/man/man8/oomguard.8.gz /etc/oomguard/oomguard.conf \
	 /usr/share/bash-completion/completions/oomguard /usr/share/zsh/vendor-completions/_oomguard \
	 /usr/share/doc/oomguard/copyright; do
	[ -e "$f" ] || fail "the package did not install $f"
done
unit=$(dpkg -L oomguard | grep '/systemd/system/oomguard.service$') || fail "no systemd unit in the package"
grep -q '^ExecStart=/usr/bin/oomguard daemon$' "$unit" || fail "$unit does not run /usr/bin/oomguard daemon"
for other in earlyoom.service nohang.service systemd-oomd.service; do
	grep -E '^Conflicts=' "$unit" | grep -qw "$other" || fail "$unit does not declare Conflicts=$other"
done
dpkg-query -W -f='${Conffiles}\n' oomguard | grep -q '^ /etc/oomguard/oomguard.conf ' ||
	fail "/etc/oomguard/oomguard.conf is not a conffile"
[ -e /usr/share/doc/oomguard/metrics.md ] || [ -e /usr/share/doc/oomguard/metrics.md.gz ] ||
	fail "doc/metrics.md is not in /usr/share/doc/oomguard"
[ -e /usr/share/doc/oomguard/examples/oomguard-rules.yml ] ||
	fail "the Prometheus rules are not in /usr/share/doc/oomguard/examples"

# the example configuration changes nothing until edited (the binary reads /etc/oomguard by default)
/usr/bin/oomguard daemon --check-config > "$work/with.conf" || fail "check-config with the shipped file failed"
grep -q '^# read: /etc/oomguard/oomguard.conf$' "$work/with.conf" ||
	fail "the installed binary does not read /etc/oomguard/oomguard.conf"
: > "$work/empty.conf"
/usr/bin/oomguard daemon --config "$work/empty.conf" --check-config > "$work/without.conf"
diff <(grep -v '^# read' "$work/with.conf") <(grep -v '^# read' "$work/without.conf") >&2 ||
	fail "the shipped /etc/oomguard/oomguard.conf changes the configuration"

rc=0
/usr/bin/oomguard report > "$work/report.txt" 2>&1 || rc=$?
[ "$rc" -le 2 ] || { cat "$work/report.txt" >&2; fail "/usr/bin/oomguard report exited $rc"; }
grep -q . "$work/report.txt" || fail "/usr/bin/oomguard report printed nothing"

# ---- completion: every command, every option of every command's --help ----
comp_words() {    # comp_words WORD... : what the installed bash completion offers for the last word
	bash -c 'source /usr/share/bash-completion/completions/oomguard
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _oomguard; printf "%s\n" "${COMPREPLY[@]}"' _ "$@"
}
commands=$(/usr/bin/oomguard --help | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}')
[ "$(echo "$commands" | wc -l)" -ge 7 ] || fail "oomguard --help lists fewer than 7 commands"
offered=$(comp_words oomguard '')
for c in $commands; do
	echo "$offered" | grep -qx "$c" || fail "bash completion does not offer the command $c"
	want=$(/usr/bin/oomguard "$c" --help 2>&1 | grep -oE '(^|[[ ,|(`])--[a-z][a-z0-9-]*[a-z0-9]([^-A-Za-z0-9]|$)' |
		sed -E 's/^[^-]//; s/[^a-z0-9]$//' | sort -u)
	[ -n "$want" ] || fail "oomguard $c --help names no option"
	got=$(comp_words oomguard "$c" --)
	for o in $want; do
		echo "$got" | grep -qx -- "$o" || fail "bash completion of 'oomguard $c' lacks $o"
	done
done
# the --no-NAME forms it offers for the daemon are accepted by the daemon
for o in $(comp_words oomguard daemon --no-); do
	/usr/bin/oomguard daemon "$o" --check-config > /dev/null 2>&1 || fail "completion offers $o, which the daemon refuses"
done
if command -v zsh >/dev/null; then
	zsh -n /usr/share/zsh/vendor-completions/_oomguard || fail "the zsh completion does not parse"
fi

# ---- the service, only where systemd runs in a guest built for it (tests/guest/) ----
if [ "${OOMGUARD_GUEST:-0}" = 1 ] && [ -d /run/systemd/system ]; then
	restore_policy
	systemctl start oomguard.service || fail "systemctl start oomguard.service failed"
	systemctl is-active --quiet oomguard.service || fail "oomguard.service is not active"
	systemctl stop oomguard.service
else
	echo "package: service start not tried here (no systemd as PID 1 or not a guest; set OOMGUARD_GUEST=1 in the guest)"
fi

# ---- purge leaves nothing ----
dpkg --purge oomguard > "$work/purge.log" 2>&1 || { cat "$work/purge.log" >&2; fail "dpkg --purge failed"; }
installed=0
for f in /usr/bin/oomguard /etc/oomguard "$unit" /usr/share/doc/oomguard /var/lib/oomguard; do
	[ -e "$f" ] && fail "$f is left after dpkg --purge"
done
dpkg-query -W -f='${Status}' oomguard 2>/dev/null | grep -q 'installed' && fail "dpkg still lists oomguard"
pass "built $(basename "$deb"), lintian clean, installed, report ran, purged"
