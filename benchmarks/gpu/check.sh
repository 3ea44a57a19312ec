#!/usr/bin/env bash
# The GPU check in one call, on a bare GPU machine without .NET or a package feed (docs/gpu.md):
#   device, agreement with the CPU backend (pinn device-check), pinn bench on the device, the same step in PyTorch
#   (eager and torch.compile) and JAX (jit), the main job on the device with its three user numbers.
# Without a CUDA driver it runs its CPU fallback (what CI runs): the agreement check on ILGPU's CPU accelerator, a
# short CPU bench, the PyTorch script's float64 self-check and a tiny main job on the CPU.
#
# Needs: the published folder (bash benchmarks/gpu/publish.sh; carried to the GPU machine), python3 for the summary.
# Environment: PINN_GPU_CHECK_OUT  folder for the results (default $OUT, else artifacts/gpu-check-results)
#              PINN_BIN            the published pinn (default artifacts/gpu-check/pinn)
#              PINN_GPU_CHECK_SECONDS  the whole check's time budget (default 450); steps past it are skipped
#              PINN_GPU_CHECK_MODE     gpu or cpu to force a path (default: gpu where a CUDA driver is found)
# Writes (at most 8 files, the device tool's limit): device.txt, agreement.json, bench.jsonl, pytorch.jsonl,
# jax.jsonl, mainjob.json, summary.json, check.log. Exits non-zero when the agreement check or the main job fails.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out=${PINN_GPU_CHECK_OUT:-${OUT:-artifacts/gpu-check-results}}
bin=${PINN_BIN:-artifacts/gpu-check/pinn}
budget=${PINN_GPU_CHECK_SECONDS:-450}
python=${PYTHON:-python3}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/device.txt "$out"/agreement.json "$out"/bench.jsonl "$out"/pytorch.jsonl "$out"/jax.jsonl "$out"/mainjob.json "$out"/summary.json "$out"/check.log
exec > >(tee -a "$out/check.log") 2>&1
start=$(date +%s)
deadline=$((start + budget))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

say() { echo "check: $*"; }

# Runs one step under the time left (never past the deadline, never more than its own limit): step NAME LIMIT CMD...
step() {
  local name=$1 limit=$2; shift 2
  local left=$((deadline - $(date +%s) - 5))
  if [ "$left" -lt 15 ]; then say "$name: SKIPPED (time budget of ${budget} s used up)"; return 124; fi
  [ "$limit" -gt "$left" ] && limit=$left
  say "$name (at most ${limit} s): $*"
  local t0=$(date +%s.%N) rc
  timeout --kill-after=10 "$limit" "$@"
  rc=$?
  say "$name: exit $rc after $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
  return $rc
}

say "started $(date -u +%FT%TZ) on $(hostname); commit $(cat "$(dirname "$bin")/commit.txt" 2>/dev/null || echo unknown)"
if [ ! -x "$bin" ]; then
  say "FAILED: no published pinn at $bin (run: bash benchmarks/gpu/publish.sh)"
  exit 2
fi
say "published folder $(dirname "$bin"): $(du -sh "$(dirname "$bin")" | cut -f1) ($(du -sb "$(dirname "$bin")" | cut -f1) bytes)"

# --- Libraries: libcuda (the driver) and cuBLAS, wherever this machine keeps them -------------------------------
# ILGPU opens the driver by a bare name (libcuda.so; libnvcuda.so too, in case its Windows name is probed) and cuBLAS
# as libcublas.so.10/11/12; an alias folder on LD_LIBRARY_PATH names what was found so (cuBLAS 13 keeps the v2 entry
# points ILGPU calls).
aliases="$work/lib"
mkdir -p "$aliases"
search_dirs=(/usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/local/cuda/lib64 /usr/local/cuda/compat /lib/x86_64-linux-gnu)
for d in /usr/local/cuda-*/lib64 /usr/local/cuda-*/targets/x86_64-linux/lib; do [ -d "$d" ] && search_dirs+=("$d"); done
if command -v "$python" > /dev/null 2>&1; then
  while IFS= read -r d; do [ -n "$d" ] && search_dirs+=("$d"); done < <("$python" - <<'PY' 2>/dev/null
import glob, os, site, sys
roots = set(site.getsitepackages() + [site.getusersitepackages()] + [p for p in sys.path if p.endswith("-packages")])
for root in roots:
    for d in glob.glob(os.path.join(root, "nvidia", "*", "lib")) + glob.glob(os.path.join(root, "nvidia", "cu*", "lib")):
        print(d)
PY
)
fi
find_lib() { # find_lib PATTERN: the first file matching PATTERN in ldconfig's cache or the search folders
  local hit
  hit=$(ldconfig -p 2>/dev/null | awk -v p="$1" '$1 ~ p { print $NF; exit }')
  if [ -z "$hit" ]; then
    for d in "${search_dirs[@]}"; do
      hit=$(ls "$d"/$2 2>/dev/null | sort -V | tail -1)
      [ -n "$hit" ] && break
    done
  fi
  echo "$hit"
}
libcuda=$(find_lib '^libcuda[.]so' 'libcuda.so*')
libcublas=$(find_lib '^libcublas[.]so[.][0-9]+$' 'libcublas.so.[0-9]*')
say "libcuda: ${libcuda:-not found}"
say "cuBLAS:  ${libcublas:-not found}"
if [ -n "$libcuda" ]; then
  for name in libcuda.so libcuda.so.1 libnvcuda.so; do ln -sf "$libcuda" "$aliases/$name"; done
fi
if [ -n "$libcublas" ]; then
  major=$(basename "$libcublas" | sed -E 's/^libcublas\.so\.([0-9]+).*/\1/')
  for v in 10 11 12; do [ "$major" = "$v" ] || ln -sf "$libcublas" "$aliases/libcublas.so.$v"; done
  ln -sf "$libcublas" "$aliases/libcublas.so"
  export LD_LIBRARY_PATH="$aliases:$(dirname "$libcublas")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  export LD_LIBRARY_PATH="$aliases${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
say "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"

mode=${PINN_GPU_CHECK_MODE:-}
if [ -z "$mode" ]; then
  if [ -n "$libcuda" ] && nvidia-smi -L > /dev/null 2>&1; then mode=gpu; else mode=cpu; fi
fi
say "path: $mode$([ "$mode" = cpu ] && echo ' (no CUDA driver or GPU found: the CPU fallback)')"

# --- Device -----------------------------------------------------------------------------------------------------
{
  echo "cpu: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
  echo "libcuda: ${libcuda:-none}; cuBLAS: ${libcublas:-none}"
  if [ "$mode" = gpu ]; then
    nvidia-smi --query-gpu=name,driver_version,memory.total,compute_cap --format=csv 2>&1
    nvidia-smi 2>&1 | head -15
  fi
  "$python" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 | tail -1
  "$python" -c 'import jax; print("jax", jax.__version__, jax.devices())' 2>&1 | tail -1
} > "$out/device.txt"
cat "$out/device.txt"

# --- Agreement with the CPU backend -------------------------------------------------------------------------------
device=$([ "$mode" = gpu ] && echo cuda || echo ilgpu-cpu)
step agreement 180 "$bin" device-check --device "$device" --json > "$out/agreement.json"
rc=$?
cat "$out/agreement.json"
[ "$rc" -eq 0 ] || { say "agreement: FAILED (exit $rc)"; failed=1; }

# --- pinn bench -----------------------------------------------------------------------------------------------
if [ "$mode" = gpu ]; then
  step bench-device 150 "$bin" bench --device cuda --scale small medium paper --json >> "$out/bench.jsonl"
  step bench-device-k4 90 "$bin" bench --device cuda --scale medium paper --ensemble 4 --json >> "$out/bench.jsonl"
  step bench-host-cpu 90 "$bin" bench --device cpu --scale small medium paper --json >> "$out/bench.jsonl"
else
  step bench-cpu 60 "$bin" bench --device cpu --scale small --steps 50 --json >> "$out/bench.jsonl"
  step bench-cpu-k4 60 "$bin" bench --device cpu --scale small --steps 20 --ensemble 4 --json >> "$out/bench.jsonl"
fi
cat "$out/bench.jsonl"

# --- The main job, with its three user numbers ---------------------------------------------------------------
config=problems/paper-2d-quick.json
if [ "$mode" = cpu ]; then
  # A tiny version of it: the path from run to numbers, in seconds.
  config="$work/main-tiny.json"
  sed 's/"steps": 4000/"steps": 60/; s/"members": 4/"members": 2/; s/"iterations": 100/"iterations": 3/; s/"evaluateEvery": 250/"evaluateEvery": 20/' problems/paper-2d-quick.json > "$config"
fi
t0=$(date +%s.%N)
step main-job 270 "$bin" batch "$config" --device "$([ "$mode" = gpu ] && echo cuda || echo cpu)" --out "$work/main" --force
rc=$?
seconds=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
if [ "$rc" -eq 0 ] && [ -f "$work/main/summary.json" ]; then
  "$python" - "$work/main/summary.json" "$seconds" "$mode" "$config" > "$out/mainjob.json" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))
members = [{"index": m["index"], "class": m["class"], "errorToClass": m["errorToClass"], "relativeL2": m["relativeL2"],
            "finalLoss": m["finalLoss"]} for m in summary["members"]]
found = sorted(name for name, n in summary["classCounts"].items() if n > 0 and name not in ("unclassified", "diverged"))
print(json.dumps({"config": sys.argv[4], "path": sys.argv[3], "seconds": float(sys.argv[2]), "classCounts": summary["classCounts"],
                  "solutionsFound": found, "members": members}))
PY
  cat "$out/mainjob.json"
else
  say "main job: FAILED (exit $rc)"
  failed=1
fi

# --- The same step in PyTorch and JAX --------------------------------------------------------------------------
if "$python" -c 'import torch' > /dev/null 2>&1; then
  if [ "$mode" = gpu ]; then
    step torch-eager 90 "$python" benchmarks/pytorch/pinn_step.py --device cuda --mode eager >> "$out/pytorch.jsonl"
    step torch-eager-k4 60 "$python" benchmarks/pytorch/pinn_step.py --device cuda --mode eager --scale paper --ensemble 4 --steps 10 >> "$out/pytorch.jsonl"
    step torch-compile 180 "$python" benchmarks/pytorch/pinn_step.py --device cuda --mode compile >> "$out/pytorch.jsonl"
  else
    step torch-verify 60 "$python" benchmarks/pytorch/pinn_step.py --verify >> "$out/pytorch.jsonl"
    step torch-eager 60 "$python" benchmarks/pytorch/pinn_step.py --scale small --steps 20 >> "$out/pytorch.jsonl"
    step torch-compile 60 "$python" benchmarks/pytorch/pinn_step.py --scale small --steps 5 --mode compile >> "$out/pytorch.jsonl"
  fi
else
  echo '{"skipped": "PyTorch is not installed"}' > "$out/pytorch.jsonl"
fi
cat "$out/pytorch.jsonl"
if [ "$mode" = gpu ]; then
  step jax-jit 120 "$python" benchmarks/gpu/jax_step.py >> "$out/jax.jsonl"
else
  step jax-jit 30 "$python" benchmarks/gpu/jax_step.py --scale small --steps 5 >> "$out/jax.jsonl"
fi
cat "$out/jax.jsonl"

# --- Summary against the targets -------------------------------------------------------------------------------
"$python" - "$out" "$mode" "$(( $(date +%s) - start ))" "$failed" > "$out/summary.json" <<'PY'
import json, os, sys
out, mode, seconds, failed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
def lines(name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return []
    rows = []
    for line in open(path):
        line = line.strip()
        if line.startswith("{"):
            try:
                rows.append(json.loads(line))
            except ValueError:
                pass
    return rows
agreement = (lines("agreement.json") or [None])[0]
bench = lines("bench.jsonl")
torch_rows = lines("pytorch.jsonl")
main = (lines("mainjob.json") or [None])[0]
def ms(rows, **match):
    for r in rows:
        if all(r.get(k) == v for k, v in match.items()) and "medianMs" in r:
            return r["medianMs"]
    return None
device = "cuda" if mode == "gpu" else "cpu"
ours = ms(bench, scale="paper", ensemble=1, device="cuda") if mode == "gpu" else ms(bench, scale="small", ensemble=1)
eager = ms(torch_rows, scale="paper" if mode == "gpu" else "small", mode="eager", ensemble=1)
compiled = ms(torch_rows, scale="paper" if mode == "gpu" else "small", mode="compile", ensemble=1)
cpu_classes = {"analytic": 3, "shoot-2": 1, "unclassified": 0, "diverged": 0}  # the main job on the CPU (README)
summary = {
    "path": mode, "seconds": seconds,
    "agreement": None if agreement is None else agreement.get("agrees"),
    "stepMs": ours, "pytorchEagerMs": eager, "pytorchCompileMs": compiled,
    "speedupOverEager": None if not (ours and eager) else round(eager / ours, 2),
    "speedupOverCompile": None if not (ours and compiled) else round(compiled / ours, 2),
    "mainJob": None if main is None else {"seconds": main["seconds"], "classCounts": main["classCounts"], "solutionsFound": main["solutionsFound"]},
}
if mode == "gpu":
    summary["targets"] = {
        "agreement": summary["agreement"] is True,
        "paperStepAtMost2ms": ours is not None and ours <= 2.0,
        "atLeast5xPyTorchEager": summary["speedupOverEager"] is not None and summary["speedupOverEager"] >= 5,
        "atLeast2xTorchCompile": summary["speedupOverCompile"] is not None and summary["speedupOverCompile"] >= 2,
        "mainJobSameClassesAsCpu": main is not None and main["classCounts"] == cpu_classes,
    }
summary["failed"] = failed
print(json.dumps(summary, indent=2))
PY
cat "$out/summary.json"
say "done in $(( $(date +%s) - start )) s; results in $out: $(ls "$out" | tr '\n' ' ')"
exit "$failed"
