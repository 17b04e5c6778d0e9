#!/usr/bin/env bash
# The test command (README): installs what the tests need when it can, then runs every test project in the
# solution and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: Chromium for the browser journeys, CJK fonts so Chinese renders in screenshots
# and documents, poppler-utils (pdftoppm) to turn PDFs into images, docker-compose to validate infra/docker/compose.yaml,
# wrk for the page load driver's smoke mode, Node.js and npm for the herder app's script tests.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || missing+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Cannot install ${missing[*]}: run as root or install them with apt-get." >&2
  fi
fi

dotnet tool restore >/dev/null

# npm packages from tests/Sponsorship.Js/package-lock.json: fake-indexeddb for the herder app's script tests and
# axe-core, which the browser journeys load into the pages they check.
js=tests/Sponsorship.Js
if command -v npm >/dev/null 2>&1; then
  npm ci --prefix "$js" --no-audit --no-fund >/dev/null || echo "npm ci in $js failed." >&2
fi

results=artifacts/test-results
rm -rf "$results"
# A test that hangs (a browser call that never answers) is stopped after ten minutes and fails, naming itself, instead
# of holding the run until CI gives up on it; the longest test takes about a minute.
hang=(--blame-hang-timeout 10m --blame-hang-dump-type none)
dotnet test Sponsorship.sln "${hang[@]}" --logger "trx" --results-directory "$results" --filter "Server!=PostgreSql&Server!=Redis" "$@"
status=$?

# The server database, for real: a throwaway PostgreSQL cluster (tests/postgresql.sh), stopped when this script ends.
# The Core tests of data, adoptions and payments, the ledger, payouts and mail run again on it, each test class in
# its own database, with the tests that need PostgreSQL itself.
services=$(mktemp -d /tmp/sponsorship-services.XXXXXX)
# The cluster runs as the postgres user, who must be able to reach its folder inside this one.
chmod 755 "$services"
trap 'tests/postgresql.sh stop "$services/postgresql"; tests/redis.sh stop "$services/redis"; rm -rf "$services"' EXIT
if postgresql=$(tests/postgresql.sh start "$services/postgresql"); then
  SPONSORSHIP_TEST_POSTGRESQL="$postgresql" dotnet test tests/Sponsorship.Core.Tests --no-build "${hang[@]}" \
    --logger "trx;LogFileName=core-on-postgresql.trx" --results-directory "$results" \
    --filter "FullyQualifiedName~.Data.|FullyQualifiedName~.Adoptions.|FullyQualifiedName~.Ledger.|FullyQualifiedName~.Payouts.|FullyQualifiedName~.Mail.|FullyQualifiedName~.Visits." \
    || status=1
  # Two app processes over one PostgreSQL database and one data folder, driven in the browser.
  SPONSORSHIP_TEST_POSTGRESQL="$postgresql" dotnet test tests/Sponsorship.E2E --no-build "${hang[@]}" \
    --logger "trx;LogFileName=e2e-on-postgresql.trx" --results-directory "$results" --filter "Server=PostgreSql" \
    || status=1
else
  echo "Could not start PostgreSQL: the PostgreSQL pass did not run." >&2
  status=1
fi

# Redis, the output cache that several instances share.
if redis=$(tests/redis.sh start "$services/redis"); then
  SPONSORSHIP_TEST_REDIS="$redis" dotnet test tests/Sponsorship.Web.Tests --no-build "${hang[@]}" \
    --logger "trx;LogFileName=web-on-redis.trx" --results-directory "$results" --filter "Server=Redis" \
    || status=1
else
  echo "Could not start Redis: the Redis tests did not run." >&2
  status=1
fi

# The app's own browser scripts (the herder app's offline outbox) under Node's built-in test runner, with
# fake-indexeddb (installed above); the counts go into a small TRX-like file counted below.
if command -v node >/dev/null 2>&1 && [ -d "$js/node_modules" ]; then
  js_output=$(cd "$js" && node --test --test-reporter=tap 2>&1)
  js_status=$?
  echo "$js_output" | grep -E '^(not ok|# (pass|fail))' || true
  js_passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' <<<"$js_output")
  js_failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' <<<"$js_output")
  if [ "$js_status" -ne 0 ] && [ "${js_failed:-0}" -eq 0 ]; then js_failed=1; fi
  echo "<Counters total=\"$(( ${js_passed:-0} + ${js_failed:-0} ))\" passed=\"${js_passed:-0}\" failed=\"${js_failed:-0}\" />" > "$results/javascript.trx"
  [ "$js_status" -eq 0 ] || status=1
else
  echo "Could not run the JavaScript tests (node and npm are needed)." >&2
  status=1
fi

# The concurrency tests print their figures (racing checkouts, webhook replays, retries) on each database.
grep -ho 'figure: [^<&]*' "$results"/*.trx 2>/dev/null | sort -u

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report: count it, so the line never reads green.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
