#!/usr/bin/env bash
# Benchmark of the live checks: suite wall time against FaultServer::Delay(200 ms)
# relative to the two-round-trip critical path (goal <= 1.1), and the CLI `check`
# process time (start to exit). The work is network-bound (200 ms per request), so
# the dev profile is the default; PROFILE=release measures the optimized build.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
PROFILE=${PROFILE:-dev}
target_dir=$($CARGO metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
dir=$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
$CARGO build --profile "$PROFILE" -p auth0-wizard-cli
AUTH0_WIZARD_BIN="$target_dir/$dir/auth0-wizard" $CARGO bench --profile "$PROFILE" -p auth0-wizard-tests --bench checks
