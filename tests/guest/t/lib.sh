# Shared by the guest's test scripts (bash, root inside the guest, systemd as PID 1): the
# integration tests' helpers (cgroups, cleanup, the daemon) plus systemd units of the test's own.
export OOMGUARD_BIN=$OG_BUILD/oomguard MEMHOG_BIN=$OG_BUILD/tests/memhog
source "$OG_SRC/tests/integration/lib.sh"
source "$OG_SRC/tests/integration/daemon_lib.sh"
TEST_NAME=$(basename "$0" .sh)
OUT=${OG_OUT_DIR:-/tmp}

# unit_write NAME TEXT: a runtime unit (or drop-in, NAME with a "/") of this test, removed on exit.
unit_write() {
	mkdir -p "$(dirname "/run/systemd/system/$1")"
	printf '%s\n' "$2" > "/run/systemd/system/$1"
	on_exit "rm -f '/run/systemd/system/$1'; systemctl daemon-reload"
}
# The kernel's global OOM-kill count.
global_oom_kills() { awk '$1 == "oom_kill" {print $2}' /proc/vmstat; }
