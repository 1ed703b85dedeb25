# Runs the build in build/ (Nuke's template, plus what this repository needs): .\build.ps1 [Target...] [--parameter value...]
# Uses dotnet from PATH when it can serve global.json's SDK; otherwise installs that SDK into .nuke\temp\dotnet-win.
[CmdletBinding()]
Param(
    [Parameter(Position=0,Mandatory=$false,ValueFromRemainingArguments=$true)]
    [string[]]$BuildArguments
)

Write-Output "PowerShell $($PSVersionTable.PSEdition) version $($PSVersionTable.PSVersion)"

Set-StrictMode -Version 2.0; $ErrorActionPreference = "Stop"; $ConfirmPreference = "None"; trap { Write-Error $_ -ErrorAction Continue; exit 1 }
$PSScriptRoot = Split-Path $MyInvocation.MyCommand.Path -Parent

###########################################################################
# CONFIGURATION
###########################################################################

$BuildProjectFile = "$PSScriptRoot\build\_build.csproj"
$TempDirectory = "$PSScriptRoot\.nuke\temp"

$DotNetGlobalFile = "$PSScriptRoot\global.json"
$DotNetInstallUrl = "https://dot.net/v1/dotnet-install.ps1"

$env:DOTNET_CLI_TELEMETRY_OPTOUT = 1
$env:DOTNET_NOLOGO = 1

###########################################################################
# EXECUTION
###########################################################################

function ExecSafe([scriptblock] $cmd) {
    & $cmd
    if ($LASTEXITCODE) { exit $LASTEXITCODE }
}

# `dotnet --version` fails when no installed SDK satisfies global.json (read from the directory it runs in, hence
# Push-Location), which is the case to install for.
$DotNetOnPath = $null -ne (Get-Command "dotnet" -ErrorAction SilentlyContinue)
$DotNetServesGlobalJson = $false
if ($DotNetOnPath) {
    Push-Location $PSScriptRoot
    # Under "Stop", Windows PowerShell turns the failing command's stderr into a terminating error: hence the try.
    try { $DotNetServesGlobalJson = $(dotnet --version 2>$null) -and $LASTEXITCODE -eq 0 } catch { $DotNetServesGlobalJson = $false }
    Pop-Location
}
if ($DotNetOnPath -and $DotNetServesGlobalJson) {
    $env:DOTNET_EXE = (Get-Command "dotnet").Path
}
else {
    # Download install script
    $DotNetInstallFile = "$TempDirectory\dotnet-install.ps1"
    New-Item -ItemType Directory -Path $TempDirectory -Force | Out-Null
    [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12
    try {
        (New-Object System.Net.WebClient).DownloadFile($DotNetInstallUrl, $DotNetInstallFile)
    }
    catch {
        Write-Error "No dotnet on PATH satisfies $DotNetGlobalFile, and $DotNetInstallUrl could not be downloaded to install one." -ErrorAction Continue
        exit 1
    }

    # The SDK global.json pins
    $DotNetGlobal = $(Get-Content $DotNetGlobalFile | Out-String | ConvertFrom-Json)
    if (!($DotNetGlobal.PSObject.Properties["sdk"] -and $DotNetGlobal.sdk.PSObject.Properties["version"])) {
        Write-Error "Could not read sdk.version from $DotNetGlobalFile." -ErrorAction Continue
        exit 1
    }
    $DotNetVersion = $DotNetGlobal.sdk.version

    # Install by version
    $DotNetDirectory = "$TempDirectory\dotnet-win"
    ExecSafe { & powershell $DotNetInstallFile -InstallDir $DotNetDirectory -Version $DotNetVersion -NoPath }
    $env:DOTNET_EXE = "$DotNetDirectory\dotnet.exe"
    $env:PATH = "$DotNetDirectory;$env:PATH"
    # The build starts `dotnet test` and apps through their apphost, which find the runtime through DOTNET_ROOT.
    $env:DOTNET_ROOT = $DotNetDirectory
}

Write-Output "Microsoft (R) .NET SDK version $(& $env:DOTNET_EXE --version)"

# Compiling the build project is shown only when it fails: the SDK prints its "Build succeeded" summary even when quiet.
$BuildOutput = & $env:DOTNET_EXE build $BuildProjectFile /nodeReuse:false /p:UseSharedCompilation=false -nologo -clp:NoSummary --verbosity quiet 2>&1
if ($LASTEXITCODE) { $BuildOutput | Write-Output; exit $LASTEXITCODE }
ExecSafe { & $env:DOTNET_EXE run --project $BuildProjectFile --no-build -- $BuildArguments }
