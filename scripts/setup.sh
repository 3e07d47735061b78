#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine with Node 20:
# the npm packages (npm ci, which also builds dist/), the Python packages that run the generated
# FastAPI backend, and Chromium for the browser test. Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
if ! /usr/bin/python3 -c 'import fastapi, jwt, sqlmodel, httpx, uvicorn, cryptography' >/dev/null 2>&1; then
  need_apt+=(python3-fastapi python3-jwt python3-sqlmodel python3-httpx python3-uvicorn python3-cryptography)
fi
if ! command -v chromium >/dev/null 2>&1; then
  need_apt+=(chromium)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  echo "setup: installing Debian packages: ${need_apt[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund
