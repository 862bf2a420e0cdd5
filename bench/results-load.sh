#!/usr/bin/env bash
# The results service under load: an archive of 1,000,000 rollouts (SQLite, or PostgreSQL 15 with --postgres), `assay
# serve` on it, and the load generator in its own process: leaderboard and rollout-list latency at 200 clients, each on
# its own keep-alive connection with its own key (so per-key rate limits apply), audit logging on.
# Usage: bench/results-load.sh [--postgres] [SECONDS]   (from anywhere; prints figures, never pass/fail)
# The last lines are Markdown table rows for the README's "Performance: results service".
set -euo pipefail
cd "$(dirname "$0")/.."
engine=sqlite; [[ "${1:-}" == "--postgres" ]] && { engine=postgres; shift; }
seconds=${1:-15}
dotnet build -c Release bench/Assay.Bench.Results >/dev/null
dotnet build -c Release src/Assay.Cli >/dev/null
bench="dotnet bench/Assay.Bench.Results/bin/Release/net10.0/Assay.Bench.Results.dll"
work=$(mktemp -d /tmp/assay-results-load-XXXX)
pids=()
pg_holder=
# The PostgreSQL holder stops its server when its input closes; killed instead, it would leave the server running.
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n $pg_holder ]]; then exec 3>&-; fi
  wait 2>/dev/null || true; rm -rf "$work"
}
trap cleanup EXIT
db_pid=()
if [[ $engine == postgres ]]; then
  mkfifo "$work/pg.in"
  $bench postgres < "$work/pg.in" > "$work/pg.url" & pg_holder=$!
  exec 3> "$work/pg.in"   # the server runs until this descriptor closes
  until [[ -s "$work/pg.url" ]]; do sleep 0.5; done
  db=$(head -1 "$work/pg.url")
  port=${db##*:}; port=${port%%/*}
  # The postmaster: its CPU and its backends' count as the database's.
  db_pid=(--db-pid "$(pgrep -o -f -- "-p $port -k")")
  label=PostgreSQL
else
  db="$work/assay.db"
  label=SQLite
fi
echo "commit $(git describe --always --dirty); load average before generating: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
$bench generate --db "$db" --out "$work" --rollouts 1000000
dotnet src/Assay.Cli/bin/Release/net10.0/assay.dll serve --db "$db" --model "nano:$work/nano" --urls http://127.0.0.1:0 \
  --rate-limit-key 1000 > "$work/serve.log" & server=$!   # per key, as always; 1,000/s so 200 clients never reach it
pids+=($server)
until grep -qs "listening on" "$work/serve.log"; do sleep 0.5; done
url=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -1)/
# Inline socket completions: the load generator's continuations run on the epoll thread, not queued to the pool.
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
# Every endpoint once under load, unmeasured, so the first measured run does not pay for the JIT's tiers.
$bench load --url "$url" --path "v1/leaderboard?suite=humaneval|v1/leaderboard?suite=mbpp&k=1,5|v1/rollouts?limit=50" \
  --keys "$work/keys-subscriber.txt" --clients 200 --seconds 1 --warmup 30 > /dev/null
rows=()
run() {  # label path keys [extra arguments]
  local name=$1 path=$2 keys=$3; shift 3
  $bench load --url "$url" --path "$path" --keys "$work/$keys" --clients 200 --seconds "$seconds" --warmup 5 \
    --server-pid "$server" "${db_pid[@]}" --label "$label | $name" "$@" | tee "$work/run.txt"
  rows+=("$(grep '^|' "$work/run.txt")")
}
run "leaderboard, subscriber" "v1/leaderboard?suite=humaneval" keys-subscriber.txt
run "leaderboard, public" "v1/leaderboard?suite=humaneval" keys-public.txt
run "leaderboard, 2 suites × 3 k-sets × released_after, subscriber" \
  "v1/leaderboard?suite=humaneval|v1/leaderboard?suite=mbpp&k=1,5|v1/leaderboard?suite=humaneval&released_after=2025-04-01" keys-subscriber.txt
run "rollout list, 50 rows, 20 pages by next, subscriber" "v1/rollouts?limit=50" keys-subscriber.txt --follow-next yes --pages 20
run "rollout list, model + passed, 50 rows, 20 pages by next, public" "v1/rollouts?limit=50&model=bench:model-03&verdict=passed" keys-public.txt \
  --follow-next yes --pages 20
echo
echo "| archive | endpoint, tier | requests/s | p50 | p99 | load generator CPU | server CPU | load average (1 min) before → after |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
