#!/usr/bin/env bash
# Runs the build in build/ (Nuke's template, plus what this repository needs): ./build.sh [Target...] [--parameter value...]
# Uses `dotnet` from PATH when it can serve global.json's SDK; otherwise installs that SDK into .nuke/temp/dotnet-unix.

bash --version 2>&1 | head -n 1

set -eo pipefail
SCRIPT_DIR=$(cd "$( dirname "${BASH_SOURCE[0]}" )" && pwd)

###########################################################################
# CONFIGURATION
###########################################################################

BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"

DOTNET_GLOBAL_FILE="$SCRIPT_DIR/global.json"
DOTNET_INSTALL_URL="https://dot.net/v1/dotnet-install.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

###########################################################################
# EXECUTION
###########################################################################

# `dotnet --version` fails when no installed SDK satisfies global.json (read from the directory it runs in, hence the
# cd), which is the case to install for.
if [ -x "$(command -v dotnet)" ] && (cd "$SCRIPT_DIR" && dotnet --version &>/dev/null); then
    export DOTNET_EXE="$(command -v dotnet)"
else
    # Download install script
    DOTNET_INSTALL_FILE="$TEMP_DIRECTORY/dotnet-install.sh"
    mkdir -p "$TEMP_DIRECTORY"
    if ! curl -Lsfo "$DOTNET_INSTALL_FILE" "$DOTNET_INSTALL_URL"; then
        echo "No dotnet on PATH satisfies $DOTNET_GLOBAL_FILE, and $DOTNET_INSTALL_URL could not be downloaded to install one." >&2
        exit 1
    fi
    chmod +x "$DOTNET_INSTALL_FILE"

    # The SDK global.json pins; sed rather than the template's perl, which minimal images lack.
    DOTNET_VERSION=$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$DOTNET_GLOBAL_FILE" | head -n 1)
    if [[ -z "$DOTNET_VERSION" ]]; then
        echo "Could not read sdk.version from $DOTNET_GLOBAL_FILE." >&2
        exit 1
    fi

    # Install by version
    DOTNET_DIRECTORY="$TEMP_DIRECTORY/dotnet-unix"
    "$DOTNET_INSTALL_FILE" --install-dir "$DOTNET_DIRECTORY" --version "$DOTNET_VERSION" --no-path
    export DOTNET_EXE="$DOTNET_DIRECTORY/dotnet"
    export PATH="$DOTNET_DIRECTORY:$PATH"
    # The build starts `dotnet test` and apps through their apphost, which find the runtime through DOTNET_ROOT.
    export DOTNET_ROOT="$DOTNET_DIRECTORY"
fi

echo "Microsoft (R) .NET SDK version $("$DOTNET_EXE" --version)"

# Compiling the build project is shown only when it fails: the SDK prints its "Build succeeded" summary even when quiet.
if ! BUILD_OUTPUT=$("$DOTNET_EXE" build "$BUILD_PROJECT_FILE" /nodeReuse:false /p:UseSharedCompilation=false -nologo -clp:NoSummary --verbosity quiet 2>&1); then
    echo "$BUILD_OUTPUT" >&2
    exit 1
fi
"$DOTNET_EXE" run --project "$BUILD_PROJECT_FILE" --no-build -- "$@"
