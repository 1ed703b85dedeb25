"""Where the files of the Rust build are found: the library ``rust`` loads and the server ``remote`` starts.

One order for both, as the .NET side looks for its native files: the file (or the folder holding it) that an
environment variable names, then this package's directory (where the wheel ``./build.sh Pack`` writes has them),
then, in a checkout only, the repository's build output ``rust/target/release/`` (what ``cargo build --release`` in
rust/ writes, so that a checkout works without copying anything).
"""

import os
import pathlib
import sys

PACKAGE_DIRECTORY = pathlib.Path(__file__).resolve().parent
# Two levels up is the repository only when this is python/edit_distance of a checkout (run from there, or installed
# editable, which points there). An installed copy sits in site-packages or wherever pip put it, and whatever that
# folder's parent holds at rust/target/release is no build of this project's: it is never looked at.
_REPOSITORY = PACKAGE_DIRECTORY.parent.parent
IN_CHECKOUT = ((PACKAGE_DIRECTORY.parent / "pyproject.toml").is_file()
               and (_REPOSITORY / "rust" / "edit_distance" / "Cargo.toml").is_file())
BUILD_DIRECTORY = _REPOSITORY / "rust" / "target" / "release" if IN_CHECKOUT else None

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
    if BUILD_DIRECTORY is not None:
        paths.append(BUILD_DIRECTORY / file_name)
    return paths


def how_to_provide(variable):
    """The end of a "not found" message: how to provide the file, in a checkout or an installation."""
    if IN_CHECKOUT:
        how = "Build it with `cargo build --release` in rust/ (or `./build.sh CompileRust`)"
    else:
        how = "Install the wheel that bundles it (`./build.sh Pack` writes it, in artifacts/packages/)"
    return f"{how}, or set {variable} to the file or its folder."
