#!/usr/bin/env bash
# Builds and starts the web UI on http://127.0.0.1:7860 (Linux/macOS).
# With no real model under models/, the app writes and loads its small analytic demo model.
# Every option is passed through to the app: ./run.sh --port 7861 --models-dir /path/to/models --data-dir /path/to/data
# Sharing on the LAN needs a login: ./run.sh --listen --auth user:password [--api-auth user:password] [--admin user]
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "run.sh: the .NET 10 SDK is needed (https://dot.net); 'dotnet' was not found on PATH." >&2
  exit 1
fi

for arg in "$@"; do
  if [ "$arg" = "--help" ] || [ "$arg" = "-h" ]; then
    dotnet build src/WebUi/WebUi.csproj -c Release -nologo -v quiet >/dev/null
    exec dotnet src/WebUi/bin/Release/net10.0/WebUi.dll --help
  fi
done

echo "Building (first run restores NuGet packages; this takes a minute)..."
dotnet build src/WebUi/WebUi.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
exec dotnet src/WebUi/bin/Release/net10.0/WebUi.dll --models-dir models --data-dir data "$@"
