#!/usr/bin/env bash
# The results service under load: an archive of 1,000,000 rollouts (SQLite, or PostgreSQL with --postgres), `assay
# serve` on it, and the load generator in its own process: leaderboard and rollout-list latency at 200 clients.
# Usage: bench/results-load.sh [--postgres] [SECONDS]   (from the repository root; prints figures, never pass/fail)
set -euo pipefail
cd "$(dirname "$0")/.."
engine=sqlite; [[ "${1:-}" == "--postgres" ]] && { engine=postgres; shift; }
seconds=${1:-15}
dotnet build -c Release bench/Assay.Bench.Results >/dev/null
dotnet build -c Release src/Assay.Cli >/dev/null
bench="dotnet bench/Assay.Bench.Results/bin/Release/net10.0/Assay.Bench.Results.dll"
work=$(mktemp -d /tmp/assay-results-load-XXXX)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if [[ $engine == postgres ]]; then
  mkfifo "$work/pg.in"
  $bench postgres < "$work/pg.in" > "$work/pg.url" & pids+=($!)
  exec 3> "$work/pg.in"   # the server runs until this descriptor closes
  until [[ -s "$work/pg.url" ]]; do sleep 0.5; done
  db=$(cat "$work/pg.url")
else
  db="$work/assay.db"
fi
echo "load average before generating: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
$bench generate --db "$db" --out "$work" --rollouts 1000000
dotnet src/Assay.Cli/bin/Release/net10.0/assay.dll serve --db "$db" --model "nano:$work/nano" --urls http://127.0.0.1:0 > "$work/serve.log" & server=$!
pids+=($server)
until grep -q "listening on" "$work/serve.log"; do sleep 0.5; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -1)/
for run in "v1/leaderboard?suite=humaneval keys-subscriber.txt" "v1/leaderboard?suite=humaneval keys-public.txt" \
           "v1/rollouts?limit=50 keys-subscriber.txt" "v1/rollouts?limit=50&model=bench:model-03&verdict=passed keys-public.txt"; do
  set -- $run
  $bench load --url "$url" --path "$1" --keys "$work/$2" --clients 200 --seconds "$seconds" --server-pid "$server"
done
