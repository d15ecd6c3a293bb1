#!/usr/bin/env bash
# Builds and lints the Bicep in infra/ with the Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64, restored
# through infra/tools/bicep-cli.csproj); fails on any error or warning. ./test.sh runs it; so can an admin.
set -euo pipefail
cd "$(dirname "$0")"
INFRA=$(pwd)
OUT="${1:-$INFRA/../artifacts/infra}"
mkdir -p "$OUT"

dotnet restore "$INFRA/tools/bicep-cli.csproj" --nologo --verbosity quiet
packages=$(dotnet msbuild "$INFRA/tools/bicep-cli.csproj" -nologo -getProperty:NuGetPackageRoot)
version=$(sed -n 's/.*Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/p' "$INFRA/tools/bicep-cli.csproj")
bicep="${packages%/}/azure.bicep.commandline.linux-x64/$version/tools/bicep"
# NuGet extracts the binary without its execute bit on some systems.
[ -x "$bicep" ] || chmod +x "$bicep"
echo "$("$bicep" --version)"

diagnostics="$OUT/bicep-diagnostics.txt"
: > "$diagnostics"
status=0
run() {
  echo "+ bicep $*"
  if ! "$bicep" "$@" >>"$diagnostics" 2>&1; then status=1; fi
}
# The parameters file reads the admin's choices from the environment; the required password gets a stand-in here.
export SUPPORTBOT_POSTGRES_PASSWORD="${SUPPORTBOT_POSTGRES_PASSWORD:-validate-only-Stand-in-1}"
run build "$INFRA/main.bicep" --outfile "$OUT/main.json"
run build-params "$INFRA/main.bicepparam" --outfile "$OUT/main.parameters.json"
run lint "$INFRA/main.bicep"
run lint "$INFRA/main.bicepparam"

cat "$diagnostics"
if grep -qE ': (Error|Warning) ' "$diagnostics"; then status=1; fi
if [ "$status" -ne 0 ]; then echo "Bicep: errors or warnings above"; exit 1; fi
echo "Bicep: built and linted, no errors, no warnings"
