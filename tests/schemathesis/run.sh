#!/usr/bin/env bash
# schemathesis (from PyPI, in a virtualenv of its own) over the OpenAPI document of the debug
# binary, started here on a free port with a fresh data directory: every check, first without a
# sign-in, then with a customer's personal API token, then — over the console and the
# administration — with an administrator's session. Any failure fails the run.
#   tests/schemathesis/run.sh          (after `cargo build`)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=${SCHEMATHESIS_VENV:-target/schemathesis-venv}
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi
data=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HELPDESK_DATA_DIR="$data" HELPDESK_LISTEN="127.0.0.1:$port" HELPDESK_OUTBOX_POLL_MILLIS=20 \
  target/debug/helpdesk >"$data/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
python3 - "$port" <<'PY'
import sys, time, urllib.request
for _ in range(200):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/healthz", timeout=1)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("the portal did not start")
PY
# `too_slow` is the generator's own health check: the patterns of free-text fields make some
# operations slow to generate for, which says nothing about the portal (a schema change shifts
# the seeded examples onto it). Every check of the answers still runs.
check() {
  "$venv/bin/schemathesis" --config-file tests/schemathesis/schemathesis.toml run \
    "http://127.0.0.1:$port/api/v1/openapi.json" --checks all \
    --suppress-health-check=too_slow \
    --max-examples "${SCHEMATHESIS_EXAMPLES:-15}" --seed "${SCHEMATHESIS_SEED:-20261129}" "$@"
}
echo "-- without a sign-in"
check
echo "-- with a customer's API token"
token=$(python3 tests/schemathesis/customer_token.py "http://127.0.0.1:$port" "$data")
check -H "Authorization: Bearer $token"
echo "-- with an administrator's session, over the console and the administration"
cookie=$(python3 tests/schemathesis/admin_session.py "http://127.0.0.1:$port" "$data")
check -H "Cookie: $cookie" --include-path-regex '^/api/v1/(admin|staff)/'
