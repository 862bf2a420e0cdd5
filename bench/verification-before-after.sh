#!/usr/bin/env bash
# The verifier's throughput before and after a change, measured in one run on the same machine state: builds
# bench/Assay.Bench.Verification at BEFORE (default a2125ea, the last commit with the in-process harness) in a
# temporary git worktree and at the working tree, then runs them alternately, ROUNDS times each, on the same
# samples. Each run prints its rows; compare the "sandbox, N workers" rows. Run it as root on an idle machine.
# usage: bench/verification-before-after.sh [SAMPLES] [ROUNDS] [BEFORE]     (SAMPLES: all 16400 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
samples="${1:-16400}"
rounds="${2:-2}"
before="${3:-a2125ea}"
data="${ASSAY_DATA:-$(pwd)/data}/humaneval"
worktree="$(mktemp -d)"
trap 'git worktree remove --force "$worktree" >/dev/null 2>&1 || rm -rf "$worktree"' EXIT
git worktree add --detach "$worktree" "$before" >/dev/null
dotnet build "$worktree/bench/Assay.Bench.Verification" -c Release -v quiet -nologo >/dev/null
dotnet build bench/Assay.Bench.Verification -c Release -v quiet -nologo >/dev/null
for round in $(seq 1 "$rounds"); do
  echo "== round $round: before ($before)"
  dotnet "$worktree/bench/Assay.Bench.Verification/bin/Release/net10.0/Assay.Bench.Verification.dll" --samples "$samples" --data "$data" | grep -E "workers|cores|agree|speed-up"
  echo "== round $round: after ($(git rev-parse --short HEAD)$(git diff --quiet || echo '+changes'))"
  dotnet bench/Assay.Bench.Verification/bin/Release/net10.0/Assay.Bench.Verification.dll --samples "$samples" --data "$data" --sandbox-only | grep -E "workers|cores|agree"
done
