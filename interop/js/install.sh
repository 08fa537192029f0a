#!/usr/bin/env bash
# Installs Node 22 and the pinned js-libp2p packages (npm ci, from package-lock.json) for the interop
# tests, unless node_modules already holds exactly this lockfile's install. Needs only the machine's
# npm; Node 22 itself comes from the npm registry as the `node` package.
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$dir"
stamp=node_modules/.jdht-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/node ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "interop: npm is not installed; it is needed to fetch Node 22 and js-libp2p from the npm registry" >&2
  exit 1
fi
echo "interop: installing Node 22 and js-libp2p (npm ci)…" >&2
npm ci --no-audit --no-fund --no-progress --loglevel=error >&2
version=$(node_modules/.bin/node --version)
case "$version" in
  v22.*) ;;
  *) echo "interop: expected Node 22 from the npm 'node' package, got $version" >&2; exit 1 ;;
esac
echo "$want" > "$stamp"
echo "interop: Node $version and js-libp2p ready" >&2
