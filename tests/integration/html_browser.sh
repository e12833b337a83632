# SPDX-License-Identifier: GPL-2.0-or-later
# `explain --html` and `report --html` rendered in headless Chromium: for one report of each
# kernel era and kind in the fixtures, a hostile-name fixture, a real daemon kill (in a cgroup this
# test creates) and the report of this machine after a real memcg kill: no console message, no
# request made by the page, a screenshot that is not blank, and the DOM text holds the victim,
# its sizes and the verdict as --json gives them; the hostile page has no script or img element.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/daemon_lib.sh"
need_root
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || skip "chromium is not installed (bootstrap.sh installs it)"
command -v python3 >/dev/null || fail "python3 is needed to read the JSON"
HERE=$(cd "$(dirname "$0")" && pwd)
FIX="$HERE/../fixtures/oom-reports"
W=$(mktemp -d)
on_exit "rm -rf '$W'"

# browse NAME PAGE: the DOM (with a net log and the console) and a screenshot of file://PAGE
browse() {
	local name=$1 page=$2 ud
	for mode in dom shot; do
		ud=$(mktemp -d "$W/profile.XXXXXX")
		local extra=(--dump-dom)
		[ "$mode" = shot ] && extra=(--screenshot="$W/$name.png" --window-size=1000,1400)
		timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
			--disable-background-networking --disable-component-update --disable-sync \
			--user-data-dir="$ud" --enable-logging=stderr --v=0 --log-net-log="$W/$name.$mode.net" \
			"${extra[@]}" "file://$page" > "$W/$name.$mode.out" 2> "$W/$name.$mode.err" ||
			{ tail -5 "$W/$name.$mode.err" >&2; fail "$name: chromium failed ($mode)"; }
		rm -rf "$ud"
	done
	cat "$W/$name.shot.err" >> "$W/$name.dom.err"
}

# check NAME ARGS...: html_check.py on what browse NAME left
check() {
	local name=$1; shift
	python3 "$HERE/html_check.py" "$W/$name.dom.out" "$W/$name.dom.net" "$W/$name.dom.err" "$W/$name.png" "$@" ||
		fail "$name: the page does not pass (see above)"
}

# The facts --json gives, as the page must show them: victim name (escaped as text views escape
# it: the fixtures here hold no control bytes), its anon resident kB, the verdict, and for a
# group kill every process killed with its anon resident kB.
facts() {
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
e, g = d["event"], d["diagnosis"]
out = ["--text", g["verdict"], "--text", d["analysis"]["watermarks"]["text"]]
v = e.get("victim")
if v:
    out += ["--text", v["comm"]]
    if v.get("anon_rss_kb") is not None:
        out += ["--text", "%d kB" % v["anon_rss_kb"]]
for k in (e.get("killed") or [])[1:]:          # a group kill: every other process it took
    out += ["--text", "%d" % k["pid"]]
    if k.get("anon_rss_kb") is not None:
        out += ["--text", "%d kB" % k["anon_rss_kb"]]
print("\0".join(out), end="")
PY
}

n=0
for f in v2.6.18-rhel5-global.txt real-v3.10-rhel7-mysqld.txt v4.19-memcg-kubepods.txt \
	 v4.19-no-killable.txt v5.0-alloc-failure-order4.txt real-v5.13-ubuntu-sysrq.txt \
	 real-v5.15-proxmox-memcg-v2.txt real-v6.1-arch-doxygen.txt v6.1-oom-group.txt \
	 v6.2-panic-on-oom.txt v6.6-hugetlb.txt; do
	name=${f%.txt}
	"$OG" explain --json "$FIX/$f" > "$W/$name.json" || fail "$f: explain --json failed"
	"$OG" explain --html -o "$W/$name.html" "$FIX/$f" || fail "$f: explain --html failed"
	browse "$name" "$W/$name.html"
	mapfile -d '' args < <(facts "$W/$name.json")
	check "$name" "${args[@]}" --no-element script
	n=$((n + 1))
done
echo "$n fixture pages rendered and checked"

# hostile names: text, never markup
"$OG" explain --html -o "$W/hostile.html" "$FIX/hostile-html-names.txt" || fail "hostile: explain --html failed"
browse hostile "$W/hostile.html"
check hostile --text '<script>alert(1)</script>' --text '<img src=x onerror=alert(2)>' \
	--text '"><svg onload=alert(3)>' --text "a\"b'c&d</td>" --text 'bad\xff\xfeutf8' \
	--no-element script --no-element img
grep -q '<script' "$W/hostile.html" && fail "hostile: the page source holds a <script tag"

# -o replaces a file whole; a bad path is one clear error and leaves nothing behind
"$OG" explain --html -o "$W/nodir/x.html" "$FIX/real-v6.1-arch-doxygen.txt" 2> "$W/err" && fail "-o into a missing folder succeeded"
grep -q "nodir/x.html" "$W/err" || fail "the error does not name the output: $(cat "$W/err")"

# a real daemon kill inside this test's cgroup, with its snapshot
cg_create htmld $((256 * 1024 * 1024))
mkdir -p "$DTMP/snap"
daemon_start --cgroup "$CG_DIR" --snapshot-dir "$DTMP/snap"
cg_run "$CG_DIR" "${MEMHOG[@]}" --rate 200 --name 'htmlhog'
hog=$CG_PID
wait_exit "$hog" 60
daemon_stop
id=$("$OG" events --event-log "$DTMP/events.jsonl" --json 2>/dev/null | python3 -c '
import json, sys
for l in sys.stdin:
    e = json.loads(l)
    if e.get("victim") and e["victim"]["pid"] == int(sys.argv[1]) and e["id"].startswith("og"):
        print(e["id"]); break' "$hog")
[ -n "$id" ] || { cat "$DTMP/daemon.log" >&2; fail "no daemon kill of pid $hog in the event log"; }
"$OG" explain --json --event-log "$DTMP/events.jsonl" "$id" > "$W/daemon.json" || fail "explain --json $id failed"
"$OG" explain --html -o "$W/daemon.html" --event-log "$DTMP/events.jsonl" "$id" || fail "explain --html $id failed"
browse daemon "$W/daemon.html"
mapfile -d '' dargs < <(python3 - "$W/daemon.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["daemon_event"]
v = ev["victim"]
out = ["--text", v["comm"], "--text", "pid %d" % v["pid"]]
t = (ev.get("daemon") or {}).get("trigger") or {}
if t.get("mem_available_kb") is not None:
    out += ["--text", "%d kB" % t["mem_available_kb"]]
print("\0".join(out), end="")
PY
)
check daemon "${dargs[@]}" --text "Lead-up and levels" --no-element script
echo "daemon kill $id rendered and checked"

# report --html after a real memcg kill: the kill is on the timeline and explained in the page
since=$(date -d '-2 sec' '+%Y-%m-%d %H:%M:%S')
cg_oom_kill htmlr $((64 * 1024 * 1024)) 'reporthog'
kid=$("$OG" events --since "$since" --json | python3 -c '
import json, sys
for l in sys.stdin:
    e = json.loads(l)
    if e.get("victim") and e["victim"]["pid"] == int(sys.argv[1]):
        print(e["id"])' "$KILLED_PID")
[ -n "$kid" ] || fail "the memcg kill of pid $KILLED_PID is not in events --json"
"$OG" explain --json "$kid" > "$W/kill.json" || fail "explain --json $kid failed"
"$OG" report --html -o "$W/report.html" || fail "report --html failed"
browse report "$W/report.html"
mapfile -d '' kargs < <(facts "$W/kill.json")
check report --text "$kid" --text "The kills explained" --text "Findings and their fixes" "${kargs[@]}" --no-element script
grep -q "href=\"#ev-$kid\"" "$W/report.html" || fail "the timeline does not link kill $kid to its explanation"
grep -q "id=\"ev-$kid\"" "$W/report.html" || fail "kill $kid is not explained in the page"
pass "$((n + 3)) pages"
