#!/usr/bin/env bash
# pretest: the browser tests drive Debian's Chromium at /usr/bin/chromium. Install it when it is absent and
# we can (root with apt-get); otherwise stop with one line that names the package.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing Debian's chromium for the browser tests (one time)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if (apt-get update -qq && apt-get install -y -qq chromium) >"$log" 2>&1 && [ -x /usr/bin/chromium ]; then
    rm -f "$log"
    exit 0
  fi
  echo "pretest: apt-get could not install the Debian package 'chromium' (log: $log)" >&2
  exit 1
fi
echo "pretest: the browser tests need Debian's package 'chromium' at /usr/bin/chromium: run 'sudo apt-get install chromium'" >&2
exit 1
