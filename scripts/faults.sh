#!/usr/bin/env bash
# Faults, scripted, with figures: kill -9 of an instance under load, PostgreSQL stopped and
# started, the SMS gateway down (10 min by default) and slow (20 s a send), the S3 server frozen
# for a minute, a full disk. Builds the release binary, brings up scripts/cluster.sh with 15 s
# outbox leases (shorter than a slow send, so a lease must be renewed to hold), runs
# scripts/cluster/faults.py (arguments pass through) and takes the cluster down.
#
#   scripts/faults.sh                                  # the whole run, ~25 minutes
#   scripts/faults.sh --gateway-down 60 --s3-down 20   # shorter outages
#   scripts/faults.sh --only kill postgres             # some of the runs
#
# Stops and starts the machine's PostgreSQL and mounts a tmpfs: as root, on a machine of your own.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked
export HELPDESK_BIN=target/release/helpdesk
export CLUSTER_NODE_ENV="HELPDESK_OUTBOX_LEASE_SECONDS=15"
scripts/cluster.sh up
trap 'scripts/cluster.sh down >/dev/null 2>&1 || true' EXIT
python3 scripts/cluster/faults.py "$@"
