#!/usr/bin/env bash
# Publishes what the GPU check needs onto a machine without .NET or a package feed: `pinn` self-contained for
# linux-x64 as one compressed file, with SkiaSharp's and HarfBuzz's native libraries beside it (the plots).
# Usage: bash benchmarks/gpu/publish.sh [OUT-DIR]   (default artifacts/gpu-check, ignored by git; carry it with the check)
# Fails when the folder would exceed the size limit (PINN_PUBLISH_LIMIT_MIB, default 60).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:-artifacts/gpu-check}
limit=${PINN_PUBLISH_LIMIT_MIB:-60}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
rm -rf "$out"
# Not trimmed: ILGPU reads the kernels' IL by reflection and System.CommandLine binds by reflection; compression
# keeps the untrimmed runtime under the limit.
dotnet publish src/Pinn.Cli -c Release -r linux-x64 --self-contained true -p:PublishSingleFile=true \
  -p:EnableCompressionInSingleFile=true -p:InvariantGlobalization=true -o "$out" -v quiet -nologo
rm -f "$out"/*.pdb "$out"/*.xml
git rev-parse --short HEAD > "$out/commit.txt" 2>/dev/null || echo unknown > "$out/commit.txt"
bytes=$(du -sb "$out" | cut -f1)
mib=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "publish: $out holds $(ls "$out" | wc -l) files, $mib MiB (limit $limit MiB): $(ls "$out" | tr '\n' ' ')"
if awk -v m="$mib" -v l="$limit" 'BEGIN { exit !(m > l) }'; then
  echo "publish: FAILED: $mib MiB is over the $limit MiB limit" >&2
  exit 1
fi
