#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# oomguard's metrics with a real Prometheus server: the daemon (scoped with --cgroup to an empty
# cgroup of this test, dry run) serves /metrics and writes its textfile; `promtool check metrics`
# passes on both; Prometheus (Debian's package, started here on a loopback port with a throwaway
# data dir and the shipped alert rules) scrapes it; a real memcg OOM kill caused by this test
# raises oomguard_kernel_oom_kills_total in the query API within two scrape intervals, and the
# shipped OomKill rule fires.  Then bad input: a silent client, a garbage client, a port in use,
# a textfile folder that is missing or not writable: one log line each, the daemon guards on.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root
for tool in prometheus promtool curl python3; do
	command -v "$tool" >/dev/null || skip "$tool is not installed (bootstrap.sh installs prometheus)"
done
src=$(cd "$(dirname "$0")/../.." && pwd)
rules="$src/contrib/prometheus/oomguard-rules.yml"
SCRAPE_S=2

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# query EXPR: the first value of an instant query, or "" when the result is empty
query() {
	curl -sf --get "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1" |
		python3 -c 'import json, sys
r = json.load(sys.stdin)
assert r["status"] == "success", r
v = r["data"]["result"]
print(v[0]["value"][1] if v else "")'
}

cg_create scope 256M
mnt=$(cg_memory_mount | cut -d' ' -f2)
scope_rel=${CG_DIR#"$mnt"}
METRICS_PORT=$(free_port)
mkdir "$DTMP/textfiles"
daemon_start --cgroup "$scope_rel" --dry-run --metrics-listen "127.0.0.1:$METRICS_PORT" \
	--metrics-textfile "$DTMP/textfiles/oomguard.prom" --metrics-interval 1
grep -q "serving http://127.0.0.1:$METRICS_PORT/metrics" "$DTMP/daemon.log" ||
	{ cat "$DTMP/daemon.log" >&2; fail "the daemon does not serve metrics"; }

# ---- the exposition passes promtool, both ways ----
curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" > "$DTMP/scrape.txt" || fail "GET /metrics failed"
promtool check metrics < "$DTMP/scrape.txt" || fail "promtool check metrics finds problems in /metrics"
for i in $(seq 50); do [ -s "$DTMP/textfiles/oomguard.prom" ] && break; sleep 0.1; done
promtool check metrics < "$DTMP/textfiles/oomguard.prom" || fail "promtool check metrics finds problems in the textfile"
ls "$DTMP/textfiles" | grep -v '^oomguard.prom$' && fail "temporary files are left in the textfile folder"
for m in oomguard_daemon_up oomguard_kernel_oom_kills_total oomguard_memory_available_bytes \
	 oomguard_memory_pressure_stall_seconds_total oomguard_check_findings oomguard_daemon_actions_total; do
	grep -q "^$m" "$DTMP/scrape.txt" || fail "/metrics has no $m"
done
grep -E '^[a-z_]+\{[^}]*pid=' "$DTMP/scrape.txt" && fail "a metric has a pid label"
promtool check rules "$rules" >/dev/null || fail "promtool check rules fails on the shipped rules"
(cd "$src/contrib/prometheus" && promtool test rules oomguard-rules.test.yml) >/dev/null ||
	fail "promtool test rules fails on the shipped rules"

# ---- Prometheus on loopback, throwaway data ----
PROM_PORT=$(free_port)
mkdir "$DTMP/prom-data"
cat > "$DTMP/prometheus.yml" <<CONF
global:
  scrape_interval: ${SCRAPE_S}s
  evaluation_interval: 1s
rule_files:
  - $rules
scrape_configs:
  - job_name: oomguard
    static_configs:
      - targets: ['127.0.0.1:$METRICS_PORT']
CONF
prometheus --config.file="$DTMP/prometheus.yml" --storage.tsdb.path="$DTMP/prom-data" \
	--web.listen-address="127.0.0.1:$PROM_PORT" --log.level=warn > "$DTMP/prometheus.log" 2>&1 &
PROM_PID=$!
_cleanup_pids+=("$PROM_PID")
for i in $(seq 150); do
	curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null 2>&1 && break
	kill -0 "$PROM_PID" 2>/dev/null || { cat "$DTMP/prometheus.log" >&2; fail "prometheus exited"; }
	sleep 0.2
done
for i in $(seq 100); do
	[ "$(query 'up{job="oomguard"}')" = 1 ] && [ -n "$(query 'oomguard_kernel_oom_kills_total')" ] && break
	sleep 0.2
done
[ "$(query 'up{job="oomguard"}')" = 1 ] || { cat "$DTMP/prometheus.log" >&2; fail "Prometheus does not scrape the daemon"; }
kills_expr='sum(oomguard_kernel_oom_kills_total{scope="memcg"})'
before=$(query "$kills_expr")
[ -n "$before" ] || fail "Prometheus has no oomguard_kernel_oom_kills_total"

# the dashboard's queries all run (\$instance and \$__rate_interval as Grafana would fill them)
python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for p in d["panels"]:
    for t in p["targets"]:
        print(t["expr"].replace("$instance", ".*").replace("$__rate_interval", "1m"))' \
	"$src/contrib/prometheus/oomguard-dashboard.json" > "$DTMP/dashboard.exprs"
while read -r e; do
	query "$e" > /dev/null || fail "the dashboard's query fails in Prometheus: $e"
done < "$DTMP/dashboard.exprs"

# ---- a real memcg OOM kill ----
cg_oom_kill victim $((64 * 1024 * 1024)) oomguard-prom-hog
t_kill=$(date +%s%N)
after=$before
while [ "$(( ($(date +%s%N) - t_kill) / 1000000 ))" -lt $((SCRAPE_S * 1000 * 3)) ]; do
	after=$(query "$kills_expr")
	[ "$after" -gt "$before" ] && break
	sleep 0.1
done
took_ms=$(( ($(date +%s%N) - t_kill) / 1000000 ))
[ "$after" -gt "$before" ] || { cat "$DTMP/daemon.log" >&2; fail "the kill counter did not rise in Prometheus ($before -> $after)"; }
[ "$took_ms" -le $((SCRAPE_S * 2 * 1000)) ] || fail "the kill reached Prometheus after $took_ms ms, more than two scrape intervals (${SCRAPE_S}s)"
echo "memcg OOM kill: counter $before -> $after in Prometheus after $took_ms ms (scrape every ${SCRAPE_S}s)"

firing=""
for i in $(seq 50); do
	firing=$(curl -sf "http://127.0.0.1:$PROM_PORT/api/v1/alerts" | python3 -c 'import json, sys
for a in json.load(sys.stdin)["data"]["alerts"]:
    if a["labels"]["alertname"] == "OomKill" and a["state"] == "firing" and a["labels"].get("scope") == "memcg":
        print(a["labels"]["constraint"])')
	[ -n "$firing" ] && break
	sleep 0.2
done
[ -n "$firing" ] || fail "the shipped OomKill rule does not fire after the kill"
echo "OomKill is firing (constraint $firing)"

# ---- bad clients: one log line each, and the daemon keeps going ----
wake0=$(curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" | awk '$1 == "oomguard_daemon_wakeups_total" {print $2}')
exec 7<>"/dev/tcp/127.0.0.1/$METRICS_PORT"
printf 'GARBAGE \001\002 NOT HTTP\r\n\r\n' >&7
exec 8<>"/dev/tcp/127.0.0.1/$METRICS_PORT"      # connects and says nothing
sleep 1
exec 7>&-
for i in $(seq 150); do      # the silent one is dropped after the 10 s timeout
	[ "$(grep -c 'sent no valid HTTP request' "$DTMP/daemon.log")" -ge 2 ] && break
	sleep 0.1
done
exec 8>&-
[ "$(grep -c 'sent no valid HTTP request' "$DTMP/daemon.log")" -eq 2 ] ||
	{ cat "$DTMP/daemon.log" >&2; fail "not one log line for each of the garbage and the silent client"; }
kill -0 "$DAEMON_PID" || fail "the daemon died from bad clients"
curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" > "$DTMP/scrape2.txt" || fail "/metrics no longer answers after bad clients"
wake1=$(awk '$1 == "oomguard_daemon_wakeups_total" {print $2}' "$DTMP/scrape2.txt")
[ "$wake1" -gt "$wake0" ] || fail "the daemon's loop did not wake during the bad clients ($wake0 -> $wake1)"

# ---- a port in use, a missing folder, a folder it may not write: it starts and guards anyway ----
second() {   # second LOG [RUNAS...] -- ARGS...: another dry-run daemon on the same empty cgroup
	local log=$1 pre=()
	shift
	while [ "$1" != -- ]; do pre+=("$1"); shift; done
	shift
	"${pre[@]}" "$OG" daemon --config "$DTMP/oomguard.conf" --log stderr --event-log none \
		--snapshot-dir none --cgroup "$scope_rel" --dry-run "$@" > "$log" 2>&1 &
	SECOND_PID=$!
	_cleanup_pids+=("$SECOND_PID")
}
expect_line() {   # expect_line LOG PATTERN WHAT
	local i
	for i in $(seq 50); do grep -q "$2" "$1" && break; sleep 0.1; done
	[ "$(grep -c "$2" "$1")" -eq 1 ] || { cat "$1" >&2; fail "$3: not one clear log line"; }
	grep -q 'guarding cgroup' "$1" || { cat "$1" >&2; fail "$3: the daemon does not guard"; }
	kill -0 "$SECOND_PID" 2>/dev/null || fail "$3: the daemon exited"
	kill -TERM "$SECOND_PID"; wait "$SECOND_PID" || fail "$3: exit status $? after SIGTERM"
}
second "$DTMP/busy.log" -- --metrics-listen "127.0.0.1:$METRICS_PORT"
expect_line "$DTMP/busy.log" "metrics-listen 127.0.0.1:$METRICS_PORT: Address already in use" "port in use"
second "$DTMP/missing.log" -- --metrics-textfile "$DTMP/no-such-folder/oomguard.prom"
expect_line "$DTMP/missing.log" "metrics-textfile $DTMP/no-such-folder/oomguard.prom: No such file or directory" "missing folder"
mkdir "$DTMP/root-only" && chmod 755 "$DTMP/root-only" && chmod 755 "$DTMP"
second "$DTMP/denied.log" setpriv --reuid=65534 --regid=65534 --clear-groups -- \
	--metrics-textfile "$DTMP/root-only/oomguard.prom"
expect_line "$DTMP/denied.log" "metrics-textfile $DTMP/root-only/oomguard.prom: Permission denied" "folder not writable"

# ---- stopping: the textfile says the daemon is down ----
daemon_stop
grep -qx 'oomguard_daemon_up 0' "$DTMP/textfiles/oomguard.prom" || fail "the last textfile does not say oomguard_daemon_up 0"
pass "promtool clean; kill counted in Prometheus after ${took_ms} ms; OomKill fired; bad input logged"
