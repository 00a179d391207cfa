#!/usr/bin/env bash
# What the browser tests and bench/lighthouse.py need beyond Python: Debian's Chromium (Playwright
# drives it; no browser download) and the npm packages pinned in package-lock.json (axe-core,
# Lighthouse). Installing Chromium needs root or sudo; on other systems install it yourself.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq chromium >/dev/null
fi
# npm ci only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
