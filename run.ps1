# Builds and starts the web UI on http://127.0.0.1:7860 (Windows PowerShell).
# With no real model under models\, the app writes and loads its small analytic demo model.
# Every option is passed through to the app: .\run.ps1 --port 7861 --models-dir D:\models --data-dir D:\sd-data
# Sharing on the LAN needs a login: .\run.ps1 --listen --auth user:password [--api-auth user:password] [--admin user]
$ErrorActionPreference = "Stop"
Set-Location -Path $PSScriptRoot

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error "run.ps1: the .NET 10 SDK is needed (https://dot.net); dotnet was not found on PATH."
    exit 1
}

# The Windows build of ONNX Runtime with CUDA replaces the Linux one.
$ortPackage = if ($IsLinux -or $IsMacOS) { "Microsoft.ML.OnnxRuntime.Gpu.Linux" } else { "Microsoft.ML.OnnxRuntime.Gpu.Windows" }

Write-Host "Building (first run restores NuGet packages; this takes a minute)..."
dotnet build src/WebUi/WebUi.csproj -c Release -nologo -v quiet -clp:ErrorsOnly "-p:OnnxRuntimePackage=$ortPackage"
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

dotnet src/WebUi/bin/Release/net10.0/WebUi.dll --models-dir models --data-dir data @args
exit $LASTEXITCODE
