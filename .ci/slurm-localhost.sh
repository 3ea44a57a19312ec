#!/usr/bin/env bash
# A real Slurm run of a sharded batch, a sharded sweep and a sharded discovery: starts Slurm on this machine (munge,
# slurmctld and slurmd; one node with this machine's CPUs, a private config and state under a scratch folder, ports
# 16817/16818), has `pinn slurm` write the scripts of a 2-shard array for a tiny config (with --sweep, of a 2-shard
# shooting sweep; with --discover, of a discovery whose rounds are 2-shard arrays chained through their merges),
# submits them with the generated submit.sh, waits for the merge jobs and compares the results with an unsharded run,
# an unsharded sweep and an unsharded discovery of the same configs, file by file.
# Installs Debian's slurmctld, slurmd, slurm-client and munge with apt-get when they are missing; when that is not
# possible (no root, no apt, no network) it says so and exits 0: the shard/merge equality tests in the suite still run.
# Usage: bash .ci/slurm-localhost.sh [path/to/pinn.dll]   (default: the Release build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dll=${1:-$root/src/Pinn.Cli/bin/Release/net10.0/pinn.dll}
say() { echo "slurm-test: $*"; }
work=$(mktemp -d /tmp/pinn-slurm.XXXXXX)
if [ ! -f "$dll" ]; then
  say "building pinn (Release)"
  dotnet build "$root/src/Pinn.Cli" -c Release -v q >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    say "SKIPPED: Slurm is not installed and cannot be installed here (apt-get as root is needed for slurmctld, slurmd, slurm-client, munge)"
    exit 0
  fi
  say "installing slurmctld slurmd slurm-client munge (apt-get)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge; } >"$work/apt.log" 2>&1; then
    say "SKIPPED: apt-get could not install the Slurm packages (log: $work/apt.log)"
    exit 0
  fi
fi

host=$(hostname -s)
export SLURM_CONF=$work/slurm.conf
mkdir -p "$work/state" "$work/spool"
cat >"$SLURM_CONF" <<CONF
ClusterName=pinn-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

started_munge=""
cleanup() {
  scontrol shutdown >/dev/null 2>&1 || true
  sleep 1
  for pid in "$work/slurmctld.pid" "$work/slurmd.pid"; do if [ -f "$pid" ]; then kill "$(cat "$pid")" 2>/dev/null || true; fi; done
  if [ -n "$started_munge" ]; then pkill -f "munged.*$work" 2>/dev/null || pkill -x munged 2>/dev/null || true; fi
}
trap cleanup EXIT
fail() { say "FAILED: $*"; for f in slurmctld.log slurmd.log; do [ -f "$work/$f" ] && { echo "--- $f"; tail -20 "$work/$f"; }; done; exit 1; }

if ! munge -n >/dev/null 2>&1; then
  [ -f /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key >/dev/null 2>&1 || fail "no munge key and mungekey could not create one"
  mkdir -p /run/munge && chown munge:munge /run/munge 2>/dev/null || true
  runuser -u munge -- /usr/sbin/munged 2>"$work/munged.log" || /usr/sbin/munged --force 2>>"$work/munged.log" || fail "munged did not start: $(cat "$work/munged.log")"
  started_munge=1
  munge -n >/dev/null 2>&1 || fail "munge does not answer"
fi

slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"
for _ in $(seq 60); do
  state=$(sinfo -h -o %t 2>/dev/null | head -1 || true)
  case "$state" in idle*|mix*|alloc*) break ;; esac
  sleep 1
done
case "${state:-}" in idle*|mix*|alloc*) say "slurm is up on $host ($(nproc) CPUs, node $state)" ;; *) fail "the node did not come up (state '${state:-none}')" ;; esac

pinn="dotnet $dll"
cat >"$work/tiny.json" <<'JSON'
{
  "problem": { "name": "slurm-ci", "catalog": "sin2", "dimension": 2, "parameters": { "k": 1 } },
  "network": { "width": 8, "depth": 1 },
  "points": { "interior": 128, "boundary": 32, "resampleEvery": 50, "validation": 200 },
  "loss": { "boundaryWeight": 10, "weightDecay": 0 },
  "optimizer": { "kind": "bbi", "timeStep": 1e-2, "t0": 40, "nb": 3, "t1": 100 },
  "training": { "steps": 150, "evaluateEvery": 50, "checkpointEvery": 100, "seed": 5, "threads": 2 },
  "ensemble": { "members": 4 },
  "polish": { "kind": "gauss-newton", "iterations": 4, "interiorPoints": 96, "boundaryPoints": 16, "resampleEvery": 2 },
  "shooting": { "minimum": -5, "maximum": 5 }
}
JSON
cat >"$work/discover.json" <<'JSON'
{
  "problem": { "name": "slurm-ci-bratu", "catalog": "bratu", "dimension": 1, "parameters": { "lambda": 0.5 } },
  "network": { "width": 12, "depth": 1, "activation": "tanh" },
  "points": { "interior": 64, "boundary": 2, "resampleEvery": 0, "validation": 200 },
  "loss": { "boundaryWeight": 10, "weightDecay": 0 },
  "optimizer": { "kind": "adam", "learningRate": 1e-2 },
  "training": { "steps": 300, "evaluateEvery": 300, "seed": 3, "precision": "f64", "threads": 1 },
  "ensemble": { "members": 2 },
  "polish": { "kind": "gauss-newton", "iterations": 80, "tolerance": 1e-12, "resampleEvery": 0 },
  "deflation": { },
  "discovery": { "maximumMembers": 4, "patience": 8, "offsetStep": 1 },
  "shooting": { "minimum": -1, "maximum": 10 }
}
JSON
$pinn discover "$work/discover.json" --out "$work/discover-whole" >"$work/discover-whole.log" 2>&1 || fail "the unsharded discovery failed: $(tail -3 "$work/discover-whole.log")"
$pinn batch "$work/tiny.json" --out "$work/whole" >"$work/whole.log" 2>&1 || fail "the unsharded run failed: $(tail -3 "$work/whole.log")"
$pinn shoot "$work/tiny.json" --sweep k=1:3:6 --out "$work/sweep-whole" >"$work/sweep-whole.log" 2>&1 || fail "the unsharded sweep failed: $(tail -3 "$work/sweep-whole.log")"
$pinn slurm "$work/tiny.json" --shards 2 --cpus 1 --out "$work/job" --pinn "$pinn" || fail "pinn slurm failed"
$pinn slurm "$work/tiny.json" --shards 2 --cpus 1 --sweep k=1:3:6 --out "$work/sweep-job" --pinn "$pinn" || fail "pinn slurm --sweep failed"
$pinn slurm "$work/discover.json" --shards 2 --cpus 1 --discover --out "$work/discover-job" --pinn "$pinn" || fail "pinn slurm --discover failed"
bash "$work/job/slurm/submit.sh" || fail "sbatch refused the scripts"
bash "$work/discover-job/slurm/submit.sh" || fail "sbatch refused the discovery's scripts"
bash "$work/sweep-job/slurm/submit.sh" || fail "sbatch refused the sweep's scripts"
for _ in $(seq 300); do
  [ -z "$(squeue -h 2>/dev/null)" ] && break
  sleep 2
done
[ -z "$(squeue -h 2>/dev/null)" ] || fail "the jobs did not end within 10 minutes: $(squeue -h)"
[ -f "$work/job/merged/summary.json" ] || fail "no merged run: $(cat "$work/job/slurm/merge.log" 2>/dev/null)"
for f in config.json catalog.json summary.json metrics.csv bounces.csv slices.csv; do
  cmp -s "$work/whole/$f" "$work/job/merged/$f" || fail "merged $f differs from the unsharded run's"
done
[ -f "$work/sweep-job/merged/sweep.json" ] || fail "no merged sweep: $(cat "$work/sweep-job/slurm/merge.log" 2>/dev/null)"
for f in config.json sweep.csv sweep.json; do
  cmp -s "$work/sweep-whole/$f" "$work/sweep-job/merged/$f" || fail "merged sweep's $f differs from the unsharded sweep's"
done
[ -f "$work/discover-job/discovery/solutions.json" ] || fail "no discovery: $(tail -5 "$work"/discover-job/slurm/merge-*.log 2>/dev/null)"
for f in solutions.json solutions-slices.csv config.json; do
  cmp -s "$work/discover-whole/$f" "$work/discover-job/discovery/$f" || fail "the sharded discovery's $f differs from the unsharded discovery's"
done
say "PASSED: the batch, sweep and discovery job arrays (2 tasks each; the discovery's 2 rounds chained through their merges) ran under Slurm; the merged run equals the unsharded one (summary, metrics, bounces, slices, config, catalog), the merged sweep the unsharded sweep (sweep.csv, sweep.json, config), the sharded discovery the unsharded discovery (solutions.json, solutions-slices.csv, config)"
cleanup
trap - EXIT
rm -rf "$work"
