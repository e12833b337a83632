#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the check fixture trees from tests/fixtures/check/: every case folder there is an overlay
# holding only the files that differ from its parent (check/base, or the case named in its .parent
# file); a .deleted file lists paths of the parent to leave out.  Writes OUT/check-NAME for each.
#   tests/tools/check_trees.sh OUT [STAMP]      STAMP is touched when done (for meson)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUT [STAMP]" >&2; exit 2; }
src=$(cd "$(dirname "$0")/../fixtures/check" && pwd)
out=$1
mkdir -p "$out"
out=$(cd "$out" && pwd)

# materialise NAME DEST: the parent's tree, then this overlay's files, then its deletions
materialise() {
	local name=$1 dest=$2 parent=base
	local dir=$src/$name
	[ -d "$dir" ] || { echo "$0: $dir: no such fixture overlay" >&2; return 1; }
	if [ "$name" = base ]; then
		cp -a "$dir/." "$dest/"
	else
		[ -f "$dir/.parent" ] && parent=$(<"$dir/.parent")
		[ "$parent" != "$name" ] || { echo "$0: $dir/.parent: names the case itself" >&2; return 1; }
		materialise "$parent" "$dest"
		cp -a "$dir/." "$dest/"
	fi
	rm -f "$dest/README.md" "$dest/.parent" "$dest/.deleted"
	if [ "$name" != base ] && [ -f "$dir/.deleted" ]; then
		local p
		while IFS= read -r p; do
			[ -n "$p" ] || continue
			[ -e "$dest/$p" ] || { echo "$0: $dir/.deleted: $p is not in the parent tree" >&2; return 1; }
			rm -rf "${dest:?}/$p"
		done <"$dir/.deleted"
	fi
}

for dir in "$src"/check-*/; do
	name=$(basename "$dir")
	tmp=$out/.$name.tmp
	rm -rf "$tmp"; mkdir "$tmp"
	materialise "$name" "$tmp"
	rm -rf "${out:?}/$name"; mv "$tmp" "$out/$name"
done
# a case removed from the source goes from OUT too
for dir in "$out"/check-*/; do
	[ -d "$dir" ] || continue
	[ -d "$src/$(basename "$dir")" ] || rm -rf "$dir"
done
[ $# -lt 2 ] || touch "$2"
