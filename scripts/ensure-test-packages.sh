#!/usr/bin/env bash
# pretest: the browser tests drive Debian's Chromium at /usr/bin/chromium, and the real-app corpus serves
# Debian's Python documentation (python3.11-doc, pages nobody here wrote). Install what is absent when we can
# (root with apt-get); otherwise stop with one line that names the package.
set -euo pipefail
# Each Debian package with the file that shows it is installed.
needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
[ -f /usr/share/doc/python3.11/html/index.html ] || needed+=(python3.11-doc)
if [ ${#needed[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "pretest: installing Debian's ${needed[*]} for the browser tests (one time)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  log=$(mktemp)
  if (apt-get update -qq && apt-get install -y -qq "${needed[@]}") >"$log" 2>&1 &&
    [ -x /usr/bin/chromium ] && [ -f /usr/share/doc/python3.11/html/index.html ]; then
    rm -f "$log"
    exit 0
  fi
  echo "pretest: apt-get could not install the Debian packages '${needed[*]}' (log: $log)" >&2
  exit 1
fi
echo "pretest: the browser tests need Debian's packages '${needed[*]}': run 'sudo apt-get install ${needed[*]}'" >&2
exit 1
