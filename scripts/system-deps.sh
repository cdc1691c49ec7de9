#!/usr/bin/env bash
# Install the Debian packages the project needs, only those that are missing.
# Idempotent and quick when everything is there (one dpkg query per package, no apt-get update).
#   WANT_SERVICES=1 scripts/system-deps.sh   also installs PostgreSQL and Redis (CI, .ci/run)
set -euo pipefail

pkgs=(
  fonts-noto-cjk                    # CJK fonts for the printed instruments (WeasyPrint) and the UI
  libpango-1.0-0 libpangoft2-1.0-0  # WeasyPrint's runtime libraries
  libharfbuzz-subset0               # WeasyPrint's font subsetting (embedded CJK subsets)
  chromium                          # browser tests (Playwright drives /usr/bin/chromium)
  poppler-utils                     # pdffonts/pdftotext, for looking at a PDF by hand
  gettext                           # msgfmt, for compilemessages
)
if [[ ${WANT_SERVICES:-0} == 1 ]]; then
  pkgs+=(postgresql redis-server)
fi
# Debian's python3 cannot create a venv without python3-venv (ensurepip lives there).
if ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
  pkgs+=(python3-venv)
fi

if ! command -v dpkg >/dev/null; then
  echo "system-deps: not a Debian system; make sure these are installed: ${pkgs[*]}" >&2
  exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $EUID -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null; then
  as_root=(sudo)
  [[ -t 0 ]] || as_root+=(-n)   # no stdin (CI): never wait for a password prompt
else
  echo "system-deps: missing packages and neither root nor sudo; please install:" >&2
  echo "  apt-get install ${missing[*]}" >&2
  if [[ -n ${CI:-} ]]; then exit 1; fi   # CI cannot go on without them: say so here
  exit 0
fi

echo "system-deps: installing ${missing[*]}"
if ! { "${as_root[@]}" apt-get update -qq &&
       "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
  echo "system-deps: could not install; please install: ${missing[*]}" >&2
  if [[ -n ${CI:-} ]]; then exit 1; fi
fi
