"""Where the files of the Rust build are found: the library ``rust`` loads and the server ``remote`` starts.

One order for both, as the .NET side looks for its native files: the file (or the folder holding it) that an
environment variable names, then this package's directory (where an installation would put it), then the
repository's build output ``rust/target/release/`` (what ``cargo build --release`` in rust/ writes, so that a checkout
works without copying anything).
"""

import os
import pathlib
import sys

PACKAGE_DIRECTORY = pathlib.Path(__file__).resolve().parent
BUILD_DIRECTORY = PACKAGE_DIRECTORY.parents[1] / "rust" / "target" / "release"

LIBRARY_VARIABLE = "EDIT_DISTANCE_LIBRARY"
SERVER_VARIABLE = "EDIT_DISTANCE_SERVER"


def library_file_name():
    """The file cargo writes for the ``edit_distance`` cdylib on this operating system."""
    if sys.platform == "win32":
        return "edit_distance.dll"
    if sys.platform == "darwin":
        return "libedit_distance.dylib"
    return "libedit_distance.so"


def server_file_name():
    """The file cargo writes for the ``edit-distance-server`` binary on this operating system."""
    return "edit-distance-server.exe" if sys.platform == "win32" else "edit-distance-server"


def candidates(file_name, variable):
    """The paths to try, in order, for ``file_name``, the first being the one ``variable`` names if it is set."""
    paths = []
    configured = os.environ.get(variable)
    if configured:
        configured = pathlib.Path(configured)
        paths.append(configured / file_name if configured.is_dir() else configured)
    paths.append(PACKAGE_DIRECTORY / file_name)
    paths.append(BUILD_DIRECTORY / file_name)
    return paths
