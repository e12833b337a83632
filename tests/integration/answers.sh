# Right answers and honest output on fixtures (issue 8): GFP wording, verdicts that agree with
# their evidence, check findings, option handling and output width.  No process is touched.
source "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
FIX="$here/../fixtures"
A="$FIX/answers"
R="$FIX/oom-reports"

# -- GFP: a memcg charge with GFP_KERNEL is process memory, 2.6's 0x201d2 is page cache
out=$("$OG" explain "$R/v5.10-memcg-v2.txt") || fail "explain memcg fixture"
echo "$out" | grep -q "That is kernel memory" && fail "memcg GFP_KERNEL charge called kernel memory: $out"
echo "$out" | grep -q "usually process memory" || fail "memcg GFP_KERNEL charge not explained: $out"
out=$("$OG" explain "$A/v2.6.9-page-cache-0x1d2.txt") || fail "explain 2.6.9 fixture"
echo "$out" | grep -q "GFP_HIGHUSER|__GFP_COLD" || fail "0x1d2 not decoded as GFP_HIGHUSER|__GFP_COLD: $out"
echo "$out" | grep -q "kernel memory" && fail "2.6 page-cache request called kernel memory: $out"

pass
