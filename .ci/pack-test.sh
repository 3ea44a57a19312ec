#!/usr/bin/env bash
# Installs Pinn as a user outside the repository would, from packages packed here:
#  1. `dotnet pack --no-build` (the Release build `dotnet test` made) every library and the `pinn` tool into a scratch
#     feed under a CI-only package version, <VersionPrefix>-ci.<time>, so NuGet's package cache never serves an older pack of
#     the same number;
#  2. `dotnet tool install` pinn into a scratch tool path; `pinn --version` must name the build's version; the README's
#     minimal run file (the ```json block after `<!-- tested: minimal-run-file -->`) is run as printed with
#     `pinn batch`, which must classify every member;
#  3. a console project in a scratch folder outside the repository references the Pinn.Runs package from the feed
#     and compiles and runs the README's C# snippet (the ```csharp block after `<!-- tested: csharp-snippet -->`)
#     exactly as printed, usings included; it must print one line per member and write the radial-slice plot;
#  4. docs/tutorial.md's C# (the ```csharp block after `<!-- compiled: tutorial-csharp`) compiles the same way (it is
#     not run: it is a whole discovery).
# Usage: bash .ci/pack-test.sh   (after a Release build; prints `pack-test: PASSED` or `pack-test: FAILED: why`)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "pack-test: $*"; }
fail() { say "FAILED: $*"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work=$(mktemp -d /tmp/pinn-pack.XXXXXX)
prefix=$(dotnet msbuild "$root/src/Pinn.Core/Pinn.Core.csproj" -getProperty:VersionPrefix -nologo | tail -1)   # Directory.Build.props
suffix="ci.$(date -u +%Y%m%d%H%M%S)"
version="$prefix-$suffix"
cleanup() {
  rm -rf "$work"
  # The CI-only version in NuGet's cache is never used again.
  for p in "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/pinn.*; do rm -rf "$p/$version"; done
}
trap cleanup EXIT

# A fenced block of a Markdown file (README.md unless a second argument names another): the lines between the ```
# fence that follows MARKER and the next fence.
block() {
  awk -v marker="$1" '
    index($0, marker) { armed = 1; next }
    armed && !inside && /^```/ { inside = 1; next }
    inside && /^```/ { exit }
    inside { print }' "${2:-$root/README.md}"
}

say "packing $version into $work/feed"
dotnet pack "$root/Pinn.sln" -c Release --no-build -p:VersionSuffix="$suffix" -o "$work/feed" -v quiet -nologo >"$work/pack.log" 2>&1 \
  || { cat "$work/pack.log"; fail "dotnet pack"; }
for id in Pinn.Core Pinn.Problems Pinn.Optimizers Pinn.Shooting Pinn.Plotting Pinn.Gpu Pinn.Runs Pinn.Cli; do
  [ -f "$work/feed/$id.$version.nupkg" ] || fail "no package $id.$version.nupkg"
  [ -f "$work/feed/$id.$version.snupkg" ] || fail "no symbol package $id.$version.snupkg"
  listing=$(unzip -l "$work/feed/$id.$version.nupkg")
  grep -q ' README.md$' <<<"$listing" || fail "$id has no README.md"
  grep -q ' LICENSE$' <<<"$listing" || fail "$id has no LICENSE"
  grep -qE "/$id\.xml$|/Pinn\.Core\.xml$" <<<"$listing" || fail "$id has no XML documentation"
done
unzip -p "$work/feed/Pinn.Cli.$version.nupkg" Pinn.Cli.nuspec | grep -q '<packageType name="DotnetTool"' || fail "Pinn.Cli is not a .NET tool package"

say "installing the tool"
dotnet tool install Pinn.Cli --version "$version" --tool-path "$work/tools" --add-source "$work/feed" >"$work/tool.log" 2>&1 \
  || { cat "$work/tool.log"; fail "dotnet tool install"; }
pinn=$work/tools/pinn
reported=$("$pinn" --version)
[ "${reported%%+*}" = "$prefix" ] || fail "pinn --version printed '$reported', expected $prefix+<commit>"
say "pinn --version: $reported"

mkdir -p "$work/user"
block '<!-- tested: minimal-run-file -->' >"$work/user/my-problem.json"
[ -s "$work/user/my-problem.json" ] || fail "README has no minimal run file after <!-- tested: minimal-run-file -->"
say "pinn batch my-problem.json (the README's minimal run file, as printed)"
start=$(date +%s)
(cd "$work/user" && "$pinn" batch my-problem.json --out run) >"$work/batch.log" 2>&1 || { cat "$work/batch.log"; fail "pinn batch exited non-zero"; }
grep -q 'unclassified 0/' "$work/batch.log" || { cat "$work/batch.log"; fail "pinn batch left members unclassified"; }
[ -f "$work/user/run/radial-slices.png" ] || fail "pinn batch wrote no radial-slices.png"
say "$(grep 'classes:' "$work/batch.log" | sed 's/^pinn: //') ($(( $(date +%s) - start )) s)"

say "the README's C# snippet in a console project outside the repository"
mkdir -p "$work/snippet"
block '<!-- tested: csharp-snippet -->' >"$work/snippet/Program.cs"
[ -s "$work/snippet/Program.cs" ] || fail "README has no C# snippet after <!-- tested: csharp-snippet -->"
cat >"$work/snippet/Snippet.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Pinn.Runs" Version="$version" />
  </ItemGroup>
</Project>
XML
cat >"$work/snippet/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="pinn-packed-here" value="$work/feed" />
  </packageSources>
</configuration>
XML
start=$(date +%s)
(cd "$work/snippet" && dotnet run -c Release) >"$work/snippet.log" 2>&1 || { cat "$work/snippet.log"; fail "the snippet did not build or run"; }
grep -q '^member 0: ' "$work/snippet.log" || { cat "$work/snippet.log"; fail "the snippet printed no member line"; }
[ -f "$work/snippet/plots/radial-slices.png" ] || fail "the snippet wrote no plots/radial-slices.png"
say "$(grep -c '^member ' "$work/snippet.log") member line(s), plot written ($(( $(date +%s) - start )) s with the restore and build)"
sed 's/^/  /' "$work/snippet.log" | grep -E '^  (member|catalog)' || true

say "the tutorial's C# (docs/tutorial.md) compiles against the same packages"
mkdir -p "$work/tutorial"
block '<!-- compiled: tutorial-csharp' "$root/docs/tutorial.md" >"$work/tutorial/Program.cs"
[ -s "$work/tutorial/Program.cs" ] || fail "docs/tutorial.md has no C# block after <!-- compiled: tutorial-csharp"
cp "$work/snippet/Snippet.csproj" "$work/tutorial/Tutorial.csproj"
cp "$work/snippet/nuget.config" "$work/tutorial/nuget.config"
(cd "$work/tutorial" && dotnet build -c Release -v quiet -nologo) >"$work/tutorial.log" 2>&1 || { cat "$work/tutorial.log"; fail "the tutorial's C# does not compile"; }
say "PASSED"
