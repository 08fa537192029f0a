#!/usr/bin/env bash
# Installs Node 22 and the pinned js-libp2p packages for jdht's interop tests and benchmarks.
#
# Everything comes from the npm registry through this folder's package-lock.json: Node 22 itself is
# the npm package `node`, which ships a real binary (its install script fetches the matching
# `node-<os>-<arch>` package of the same version). The machine needs only some npm >= 7 (any Node
# that runs it, e.g. Node 20); the peer then runs on node_modules/.bin/node.
#
# Idempotent: `npm ci` runs only when node_modules is missing or was installed from another lockfile
# (a stamp inside node_modules holds the lockfile's sha256). Works from any cwd, in CI and without a
# terminal. Exits non-zero, with a message that says what to do, when something is wrong.
set -euo pipefail

dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$dir"

fail() {
  echo "interop/js/install.sh: $*" >&2
  exit 1
}

[ -f package.json ] && [ -f package-lock.json ] || fail "package.json or package-lock.json is missing in $dir"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  else shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# Checks the installed binary really is Node 22 and runs on this machine (not just that a file exists).
check_node() {
  local node=node_modules/.bin/node version
  [ -x "$node" ] || return 1
  version=$("$node" --version 2>/dev/null) || return 1
  case "$version" in
    v22.*) echo "$version" ;;
    *) return 1 ;;
  esac
}

stamp=node_modules/.jdht-lock-sha256
want=$(sha256 package-lock.json)

# Fast path: same lockfile as the last successful install and a working Node 22.
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && check_node >/dev/null; then
  exit 0
fi

# Two builds starting at once must not both run `npm ci` (it deletes node_modules first). The lock is
# on the folder itself, so no lock file is left behind; without flock (e.g. macOS) we just go ahead.
if command -v flock >/dev/null 2>&1; then
  exec 9<"$dir"
  flock -w 600 9 || fail "another install has held the lock on $dir for 10 minutes"
  # Whoever held the lock may have just finished the same install.
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && check_node >/dev/null; then
    exit 0
  fi
fi

command -v npm >/dev/null 2>&1 \
  || fail "npm is not on the PATH; it is needed to fetch Node 22 and js-libp2p from the npm registry"
npm_version=$(npm --version 2>/dev/null) || fail "'npm --version' failed; is the machine's Node/npm installation broken?"
[ "${npm_version%%.*}" -ge 7 ] 2>/dev/null \
  || fail "npm $npm_version is too old: package-lock.json v3 needs npm >= 7"

echo "interop: installing Node 22 and js-libp2p with npm ci (npm $npm_version, registry $(npm config get registry 2>/dev/null))" >&2
rm -f "$stamp"
# stdin from /dev/null: never wait for a prompt. npm's own output goes to stderr so that callers
# parsing stdout (and Maven's log) stay clean.
if ! npm ci --no-audit --no-fund --no-progress --loglevel=error </dev/null >&2; then
  fail "npm ci failed (see above). Is the npm registry reachable, and do package.json and package-lock.json agree?"
fi

version=$(check_node) || fail "node_modules/.bin/node is not a working Node 22 (got: $(node_modules/.bin/node --version 2>&1 || echo 'no binary')); the npm package 'node' should have installed one"
echo "$want" >"$stamp"
echo "interop: Node $version and js-libp2p installed in $dir/node_modules" >&2
