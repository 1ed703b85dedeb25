"""The build backend of the edit-distance package: PEP 517 (wheel, sdist) and PEP 660 (editable install).

Written here, on the standard library, because this package must build where nothing can be downloaded: a backend
named in pyproject.toml's ``requires`` would have to be installed into pip's isolated build environment first, and
the setuptools such machines have builds no wheel without the separate ``wheel`` package (no ``bdist_wheel``). The
formats are small: a wheel is a zip with a ``.dist-info`` folder (METADATA, WHEEL, RECORD), an sdist a tar.gz with
PKG-INFO.

The hooks run in the source tree (python/), as PEP 517 has it. The metadata comes from pyproject.toml's [project]:
a key ``_metadata`` does not write is refused rather than left out of it. The version is edit_distance/__init__.py's
``__version__``, parsed, not imported (importing would run the package on the interpreter that builds it). A wheel
holds edit_distance/*.py and py.typed, and the Rust build's files when they have been copied into edit_distance/
(the library ``edit_distance.rust`` loads, the server ``edit_distance.remote`` starts): then it is tagged for this
platform. An sdist never holds them.

Building needs Python 3.11 or newer (tomllib); the package itself runs on 3.10.
"""

import ast
import base64
import csv
import gzip
import hashlib
import io
import os
import pathlib
import re
import stat
import sys
import sysconfig
import tarfile
import time
import zipfile

try:
    import tomllib
except ModuleNotFoundError:
    raise ImportError("building edit-distance needs Python 3.11 or newer (tomllib reads pyproject.toml); the "
                      "package itself runs on 3.10") from None

PACKAGE = "edit_distance"

# The files cargo writes for the cdylib and the server, by operating system: the same names as
# edit_distance/_locate.py `library_file_name` and `server_file_name`, where the package looks for them.
if sys.platform == "win32":
    LIBRARY, SERVER = "edit_distance.dll", "edit-distance-server.exe"
elif sys.platform == "darwin":
    LIBRARY, SERVER = "libedit_distance.dylib", "edit-distance-server"
else:
    LIBRARY, SERVER = "libedit_distance.so", "edit-distance-server"
EVERY_NATIVE_FILE = ("edit_distance.dll", "libedit_distance.dylib", "libedit_distance.so", "edit-distance-server",
                     "edit-distance-server.exe")

_PROJECT_KEYS = {"name", "dynamic", "description", "readme", "requires-python", "license", "authors", "keywords",
                 "classifiers"}
# A normalized PEP 440 version (no leading zeros, no separators but the canonical ones), so that file names and
# the metadata spell it the way installers compare it.
_VERSION = re.compile(r"(0|[1-9]\d*)(\.(0|[1-9]\d*))*((a|b|rc)(0|[1-9]\d*))?(\.post(0|[1-9]\d*))?(\.dev(0|[1-9]\d*))?")
_README_TYPES = {".md": "text/markdown", ".rst": "text/x-rst", ".txt": "text/plain"}
# 1980-01-01T00:00:00Z, the earliest time a zip entry can hold.
_ZIP_EPOCH = 315532800


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    project, version = _project()
    dist_info = f"{_distribution(project)}-{version}.dist-info"
    tag, pure = _tag(_native_files())
    target = pathlib.Path(metadata_directory) / dist_info
    target.mkdir(parents=True, exist_ok=True)
    (target / "METADATA").write_bytes(_metadata(project, version))
    (target / "WHEEL").write_bytes(_wheel_file(tag, pure))
    return dist_info


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    project, version = _project()
    natives = _native_files()
    files = [(name, path.read_bytes(), False) for name, path in _package_files()]
    # The server must be executable once installed, whatever mode the copy into edit_distance/ left it with.
    files += [(f"{PACKAGE}/{name}", (pathlib.Path(PACKAGE) / name).read_bytes(), name == SERVER) for name in natives]
    tag, pure = _tag(natives)
    return _write_wheel(wheel_directory, project, version, tag, pure, files, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth file puts the source tree on sys.path: the package runs from it, and finds the Rust build the way a
    # checkout does (edit_distance/_locate.py).
    project, version = _project()
    source = str(pathlib.Path.cwd().resolve())
    files = [(f"__editable__.{_distribution(project)}-{version}.pth", f"{source}\n".encode("utf-8"), False)]
    return _write_wheel(wheel_directory, project, version, "py3-none-any", True, files, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    project, version = _project()
    root = f"{_distribution(project)}-{version}"
    backend = pathlib.Path(__file__).resolve().relative_to(pathlib.Path.cwd().resolve()).as_posix()
    members = [("PKG-INFO", _metadata(project, version))]
    members += [(name, pathlib.Path(name).read_bytes()) for name in ("pyproject.toml", project["readme"], backend)]
    # The package's sources only: the Rust build's files are for the platform they were built on, which an sdist,
    # built anywhere, cannot claim.
    members += [(name, path.read_bytes()) for name, path in _package_files()]
    file_name = f"{root}.tar.gz"
    epoch = _epoch()
    with open(pathlib.Path(sdist_directory) / file_name, "wb") as raw:
        # GzipFile, not tarfile's "w:gz": only it takes the header's time and an empty file name.
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=epoch) as compressed:
            with tarfile.open(fileobj=compressed, mode="w", format=tarfile.PAX_FORMAT) as archive:
                for name, data in sorted(members):
                    info = tarfile.TarInfo(f"{root}/{name}")
                    info.size, info.mtime, info.mode = len(data), epoch, 0o644
                    archive.addfile(info, io.BytesIO(data))
    return file_name


def _project():
    """pyproject.toml's [project] table, checked, and the version."""
    project = tomllib.loads(pathlib.Path("pyproject.toml").read_text(encoding="utf-8"))["project"]
    unknown = sorted(set(project) - _PROJECT_KEYS)
    if unknown:
        raise ValueError(f"pyproject.toml [project] has keys the edit-distance build backend does not write into the "
                         f"metadata: {', '.join(unknown)}; teach build_backend/edit_distance_build.py `_metadata` them")
    if project.get("dynamic") != ["version"]:
        raise ValueError("pyproject.toml [project] must have dynamic = [\"version\"] and no version: the version is "
                         f"{PACKAGE}/__init__.py's __version__")
    if not isinstance(project.get("license"), str):
        raise ValueError("pyproject.toml [project] license must be an SPDX expression (a string)")
    if not isinstance(project.get("readme"), str):
        raise ValueError("pyproject.toml [project] readme must be the file's name (a string)")
    return project, _version()


def _version():
    source = pathlib.Path(PACKAGE) / "__init__.py"
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if (isinstance(node, ast.Assign) and [getattr(target, "id", None) for target in node.targets] == ["__version__"]
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            version = node.value.value
            if not _VERSION.fullmatch(version):
                raise ValueError(f"{source}: __version__ = {version!r} is not a normalized PEP 440 version")
            return version
    raise ValueError(f"{source} assigns no string to __version__ at its top level")


def _distribution(project):
    """The name as wheel and sdist file names spell it: edit-distance -> edit_distance."""
    return re.sub(r"[-_.]+", "_", project["name"]).lower()


def _metadata(project, version):
    """METADATA (PKG-INFO in the sdist): core metadata 2.4, the first with License-Expression."""
    readme = pathlib.Path(project["readme"])
    fields = [("Metadata-Version", "2.4"), ("Name", project["name"]), ("Version", version),
              ("Summary", project.get("description"))]
    authors = project.get("authors", [])
    fields.append(("Author", ", ".join(author["name"] for author in authors if "email" not in author) or None))
    fields.append(("Author-email", ", ".join(f"{author['name']} <{author['email']}>" if "name" in author
                                             else author["email"] for author in authors if "email" in author) or None))
    fields.append(("License-Expression", project["license"]))
    fields.append(("Keywords", ",".join(project.get("keywords", [])) or None))
    fields += [("Classifier", classifier) for classifier in project.get("classifiers", [])]
    fields.append(("Requires-Python", project.get("requires-python")))
    fields.append(("Description-Content-Type", _README_TYPES.get(readme.suffix.lower(), "text/plain")))
    lines = []
    for name, value in fields:
        if value is None:
            continue
        if "\n" in value or "\r" in value:
            raise ValueError(f"pyproject.toml: the {name} field must fit on one line")
        lines.append(f"{name}: {value}\n")
    description = readme.read_text(encoding="utf-8")
    return ("".join(lines) + "\n" + description + ("" if description.endswith("\n") else "\n")).encode("utf-8")


def _package_files():
    """(name in the archive, path) of every file of the package's own: its modules and py.typed."""
    package = pathlib.Path(PACKAGE)
    nested = [child.name for child in package.iterdir() if child.is_dir() and child.name != "__pycache__"]
    if nested:
        raise ValueError(f"{PACKAGE}/ has folders the edit-distance build backend does not pack: {', '.join(nested)}")
    if not (package / "py.typed").is_file():
        raise ValueError(f"{PACKAGE}/py.typed is missing: the package declares its type hints with it (PEP 561)")
    paths = sorted(package.glob("*.py")) + [package / "py.typed"]
    return [(f"{PACKAGE}/{path.name}", path) for path in paths]


def _native_files():
    """The Rust build's files present in edit_distance/, refusing another operating system's."""
    present = [name for name in EVERY_NATIVE_FILE if (pathlib.Path(PACKAGE) / name).is_file()]
    foreign = [name for name in present if name not in (LIBRARY, SERVER)]
    if foreign:
        raise ValueError(f"{PACKAGE}/ holds {', '.join(foreign)}, which is not built for this operating system "
                         f"({sys.platform}): a wheel holds the Rust build of the platform it is tagged for")
    return present


def _tag(natives):
    """The wheel's tag, and whether it installs into purelib.

    The library is loaded through ctypes and the server is a program of its own: neither depends on CPython's ABI,
    both on the operating system and the architecture, hence py3-none-<platform>. The platform is the building
    interpreter's (sysconfig), not an audited manylinux tag: nothing here checks which glibc the Rust build needs,
    so the wheel claims only the kind of machine it was built on.
    """
    if not natives:
        return "py3-none-any", True
    return f"py3-none-{re.sub(r'[-.]', '_', sysconfig.get_platform())}", False


def _wheel_file(tag, pure):
    return (f"Wheel-Version: 1.0\nGenerator: edit_distance_build\nRoot-Is-Purelib: {str(pure).lower()}\n"
            f"Tag: {tag}\n").encode("utf-8")


def _write_wheel(wheel_directory, project, version, tag, pure, files, metadata_directory):
    """Writes the wheel of ``files`` ((name, bytes, executable), the package's own) and returns its file name."""
    distribution = _distribution(project)
    dist_info = f"{distribution}-{version}.dist-info"
    # The metadata an earlier prepare_metadata_for_build_wheel wrote, when the frontend passes it: the wheel must
    # carry what the frontend already read.
    prepared = pathlib.Path(metadata_directory) / "METADATA" if metadata_directory else None
    metadata = prepared.read_bytes() if prepared and prepared.is_file() else _metadata(project, version)
    # Sorted, the .dist-info last (as the wheel format recommends), RECORD at the very end.
    entries = sorted(files) + [(f"{dist_info}/METADATA", metadata, False),
                               (f"{dist_info}/WHEEL", _wheel_file(tag, pure), False)]
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for name, data, _ in entries:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
        writer.writerow([name, f"sha256={digest}", len(data)])
    writer.writerow([f"{dist_info}/RECORD", "", ""])
    entries.append((f"{dist_info}/RECORD", record.getvalue().encode("utf-8"), False))
    file_name = f"{distribution}-{version}-{tag}.whl"
    date_time = time.gmtime(max(_epoch(), _ZIP_EPOCH))[:6]
    with zipfile.ZipFile(pathlib.Path(wheel_directory) / file_name, "w") as archive:
        for name, data, executable in entries:
            info = zipfile.ZipInfo(name, date_time)
            # Unix, whatever builds it: installers read the permission bits of external_attr from a Unix entry
            # only, and set the executable bit from them.
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | (0o755 if executable else 0o644)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return file_name


def _epoch():
    """The time every archive entry carries, so that the same sources build the same bytes: SOURCE_DATE_EPOCH when
    set (reproducible-builds.org), else the earliest time a zip can hold."""
    value = os.environ.get("SOURCE_DATE_EPOCH")
    return int(value) if value else _ZIP_EPOCH
