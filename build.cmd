@echo off
rem Bootstraps and runs the build in build\ (Nuke's layout): build.cmd [Target...] [--parameter value...]
rem Uses dotnet from PATH when it can serve global.json; otherwise installs that SDK into .nuke\temp\dotnet.
rem Written without labels or goto: cmd.exe mis-seeks labels in files with LF line endings, which this repository uses.
setlocal

set "SCRIPT_DIR=%~dp0"
set "BUILD_PROJECT_FILE=%SCRIPT_DIR%build\_build.csproj"
set "TEMP_DIRECTORY=%SCRIPT_DIR%.nuke\temp"
set "DOTNET_GLOBAL_FILE=%SCRIPT_DIR%global.json"
set "DOTNET_INSTALL_URL=https://dot.net/v1/dotnet-install.ps1"
set "DOTNET_DIRECTORY=%TEMP_DIRECTORY%\dotnet"
set "DOTNET_INSTALL_FILE=%TEMP_DIRECTORY%\dotnet-install.ps1"

set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
set DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if not exist "%TEMP_DIRECTORY%" mkdir "%TEMP_DIRECTORY%"

rem `dotnet --version` fails when no installed SDK satisfies global.json, which is the case to install for.
set "DOTNET_EXE="
where dotnet >nul 2>nul
if not errorlevel 1 (
    pushd "%SCRIPT_DIR%"
    dotnet --version >nul 2>nul
    if not errorlevel 1 set "DOTNET_EXE=dotnet"
    popd
)

if not defined DOTNET_EXE (
    powershell -NoProfile -ExecutionPolicy Bypass -Command "$ErrorActionPreference = 'Stop'; [Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12; Invoke-WebRequest -UseBasicParsing '%DOTNET_INSTALL_URL%' -OutFile '%DOTNET_INSTALL_FILE%'; $version = (Get-Content -Raw '%DOTNET_GLOBAL_FILE%' | ConvertFrom-Json).sdk.version; & '%DOTNET_INSTALL_FILE%' -InstallDir '%DOTNET_DIRECTORY%' -Version $version -NoPath"
    if errorlevel 1 exit /b 1
    set "DOTNET_EXE=%DOTNET_DIRECTORY%\dotnet.exe"
    rem The build starts `dotnet build`/`dotnet test` itself: they must find this SDK too.
    set "DOTNET_ROOT=%DOTNET_DIRECTORY%"
    set "PATH=%DOTNET_DIRECTORY%;%PATH%"
)

rem Compiling the build project is kept silent unless it fails (MSBuild prints a summary even when quiet).
"%DOTNET_EXE%" build "%BUILD_PROJECT_FILE%" -nologo --verbosity quiet > "%TEMP_DIRECTORY%\build-project.log" 2>&1
if errorlevel 1 (
    type "%TEMP_DIRECTORY%\build-project.log"
    exit /b 1
)

"%DOTNET_EXE%" run --project "%BUILD_PROJECT_FILE%" --no-build -- %*
exit /b %ERRORLEVEL%
