#!/usr/bin/env bash
# Installs what the tests need (Debian packages, npm packages, a local PostgreSQL) and runs every test.
# Works on a fresh clone; CI (.ci/run) calls exactly this.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
ARTIFACTS="$ROOT/artifacts"
mkdir -p "$ARTIFACTS"

log() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages --------------------------------------------------------------------------
need_packages=()
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v initdb >/dev/null 2>&1 || [ -x /usr/lib/postgresql/15/bin/initdb ] || need_packages+=(postgresql)
fc-list 2>/dev/null | grep -i "noto sans cjk" >/dev/null || need_packages+=(fonts-noto-cjk)
if [ ${#need_packages[@]} -gt 0 ]; then
  log "Installing Debian packages: ${need_packages[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need_packages[@]}" >/dev/null
fi

# --- npm packages (web chat bundle, Playground, card renderer) --------------------------------
for dir in "$ROOT/tests/e2e" \
           "$ROOT/tests/cards-render"; do
  if [ -f "$dir/package.json" ]; then
    log "npm packages in ${dir#$ROOT/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
if [ -f "$ROOT/package.json" ]; then
  log "npm packages for the web chat page"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- Infrastructure as code: build and lint the Bicep (no errors, no warnings) --------------------
log "Bicep build and lint (infra/)"
"$ROOT/infra/validate.sh" "$ARTIFACTS/infra"

# --- PostgreSQL on a private port, for the storage tests ---------------------------------------
PGBIN=$(dirname "$(command -v initdb 2>/dev/null || echo /usr/lib/postgresql/15/bin/initdb)")
PGDATA=$(mktemp -d /tmp/supportbot-pg.XXXXXX)
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
cleanup() {
  if [ -f "$PGDATA/postmaster.pid" ]; then run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$PGDATA"
}
trap cleanup EXIT
# PostgreSQL refuses to run as root; use the postgres user when we are root.
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres "$PGDATA"; fi
log "Starting PostgreSQL on 127.0.0.1:$PGPORT"
run_pg "$PGBIN/initdb" -D "$PGDATA" -U supportbot --auth=trust -E UTF8 >/dev/null
run_pg "$PGBIN/pg_ctl" -D "$PGDATA" -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1" -l "$PGDATA/log" -w start >/dev/null
export SUPPORTBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$PGPORT;Username=supportbot;Database=postgres"

# --- The benchmark builds (it is run by hand; a break must not wait for the next person who measures) ---
log "Building the benchmark"
dotnet build "$ROOT/bench/SupportBot.Bench" -c Release --nologo -v quiet

# --- The tests -------------------------------------------------------------------------------
log "dotnet test"
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
# Playwright drives the Debian Chromium above; it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
set +e
dotnet test "$ROOT/tests/SupportBot.Tests" --nologo \
  --logger "trx;LogFileName=$ARTIFACTS/test-results.trx" --logger "console;verbosity=minimal" \
  --results-directory "$ARTIFACTS" 2>&1 | tee "$ARTIFACTS/test-output.log" | grep -vE '^\s*(Passed|Skipped) ' 
status=${PIPESTATUS[0]}
set -e

counters=$(grep -o '<Counters [^>]*>' "$ARTIFACTS/test-results.trx" 2>/dev/null || true)
passed=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
failed=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
skipped=$(echo "$counters" | sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p')
echo
echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "${passed:-0}" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit "$status"
