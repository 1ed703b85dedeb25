#!/usr/bin/env bash
# Bootstraps and runs the build in build/ (Nuke's layout): ./build.sh [Target...] [--parameter value...]
# Uses `dotnet` from PATH when it can serve global.json; otherwise installs that SDK into .nuke/temp/dotnet.
set -eo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
DOTNET_GLOBAL_FILE="$SCRIPT_DIR/global.json"
DOTNET_INSTALL_URL="https://dot.net/v1/dotnet-install.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# `dotnet --version` fails when no installed SDK satisfies global.json, which is the case to install for.
if command -v dotnet >/dev/null 2>&1 && (cd "$SCRIPT_DIR" && dotnet --version >/dev/null 2>&1); then
    DOTNET_EXE="$(command -v dotnet)"
else
    DOTNET_DIRECTORY="$TEMP_DIRECTORY/dotnet"
    DOTNET_INSTALL_FILE="$TEMP_DIRECTORY/dotnet-install.sh"
    mkdir -p "$TEMP_DIRECTORY"
    if command -v curl >/dev/null 2>&1; then
        DOWNLOAD=(curl -sSfL "$DOTNET_INSTALL_URL" -o "$DOTNET_INSTALL_FILE")
    else
        DOWNLOAD=(wget -q "$DOTNET_INSTALL_URL" -O "$DOTNET_INSTALL_FILE")
    fi
    if ! "${DOWNLOAD[@]}"; then
        echo "No dotnet on PATH satisfies global.json, and $DOTNET_INSTALL_URL could not be downloaded to install one." >&2
        exit 1
    fi
    chmod +x "$DOTNET_INSTALL_FILE"
    DOTNET_VERSION=$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$DOTNET_GLOBAL_FILE" | head -n 1)
    if [[ -z "$DOTNET_VERSION" ]]; then
        echo "Could not read sdk.version from $DOTNET_GLOBAL_FILE." >&2
        exit 1
    fi
    "$DOTNET_INSTALL_FILE" --install-dir "$DOTNET_DIRECTORY" --version "$DOTNET_VERSION" --no-path
    DOTNET_EXE="$DOTNET_DIRECTORY/dotnet"
    # The build starts `dotnet build`/`dotnet test` itself: they must find this SDK too.
    export DOTNET_ROOT="$DOTNET_DIRECTORY"
    export PATH="$DOTNET_DIRECTORY:$PATH"
fi

# Compiling the build project is kept silent unless it fails (MSBuild prints a summary even when quiet).
if ! BUILD_OUTPUT=$("$DOTNET_EXE" build "$BUILD_PROJECT_FILE" -nologo --verbosity quiet 2>&1); then
    echo "$BUILD_OUTPUT" >&2
    exit 1
fi
"$DOTNET_EXE" run --project "$BUILD_PROJECT_FILE" --no-build -- "$@"
