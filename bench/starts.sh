#!/usr/bin/env bash
# Start times of bin/jdht as whole processes, two checkouts side by side (issue 10):
#   bench/starts.sh <before-checkout> <after-checkout> [runs]
# Prints the median wall time (date +%s%N) and CPU time (user + sys) of `jdht id` and of a
# short-lived `jdht dht get --bootstrap`, the runs of the two checkouts interleaved so that both see
# the same load. The get reads a /pk record from a `jdht daemon` of the after-checkout on
# 127.0.0.1, which this script starts and stops. Both checkouts should be built (and have made
# their caches) before: the first run of each is not counted anyway.
set -euo pipefail
before=$(cd "$1" && pwd)
after=$(cd "$2" && pwd)
runs=${3:-10}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/jdht-starts.XXXXXX")
daemon=""
cleanup() {
  if [ -n "$daemon" ]; then kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

for r in a b id; do "$after/bin/jdht" init --repo "$tmp/$r" --profile test >/dev/null; done
"$after/bin/jdht" daemon --repo "$tmp/a" >"$tmp/daemon.log" 2>&1 &
daemon=$!
for _ in $(seq 1 120); do # at most 60 s
  grep -q "Daemon is ready" "$tmp/daemon.log" && break
  sleep 0.5
done
grep -q "Daemon is ready" "$tmp/daemon.log" || { echo "starts: the daemon did not start" >&2; cat "$tmp/daemon.log" >&2; exit 1; }
addr=$("$after/bin/jdht" id --repo "$tmp/a" | sed -n 's/^Address: *//p' | head -n 1)
pub=$("$after/bin/jdht" id --repo "$tmp/a" | sed -n 's/^Public key: *//p')
# the daemon's public key record: key /pk/<identity multihash of the key> (0x00, length 36, key)
printf '%s' "$pub" | base64 -d >"$tmp/pk.bin"
key=$({ printf '/pk/\x00\x24'; cat "$tmp/pk.bin"; } | base64 -w0)
"$after/bin/jdht" dht put --repo "$tmp/b" --bootstrap "$addr" --key-base64 "$key" "$tmp/pk.bin" >/dev/null

declare -A wall cpu
TIMEFORMAT='%U %S'
once() { # label, command...: appends one run's wall and CPU milliseconds
  local label=$1 s e t
  shift
  s=$(date +%s%N)
  t=$( { time "$@" >/dev/null 2>"$tmp/err" || touch "$tmp/failed"; } 2>&1 )
  e=$(date +%s%N)
  if [ -f "$tmp/failed" ]; then echo "starts: failed: $*" >&2; cat "$tmp/err" >&2; exit 1; fi
  wall[$label]+="$(( (e - s) / 1000000 )) "
  cpu[$label]+="$(awk -v u="${t% *}" -v y="${t#* }" 'BEGIN { printf "%d", (u + y) * 1000 }') "
}
for i in $(seq 0 "$runs"); do
  for side in before after; do
    root=$before; [ "$side" = after ] && root=$after
    once "$side id" "$root/bin/jdht" id --repo "$tmp/id"
    once "$side get" "$root/bin/jdht" dht get --repo "$tmp/b" --bootstrap "$addr" --key-base64 "$key"
  done
  if [ "$i" = 0 ]; then wall=(); cpu=(); fi # the first round warms the file cache
done
median() { printf '%s\n' $1 | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
printf '%-10s %16s %15s   %s\n' command "wall median ms" "CPU median ms" "walls, sorted"
for label in "before id" "after id" "before get" "after get"; do
  printf '%-10s %16s %15s   %s\n' "$label" "$(median "${wall[$label]}")" "$(median "${cpu[$label]}")" \
      "$(printf '%s\n' ${wall[$label]} | sort -n | tr '\n' ' ')"
done
