"""The package as it ships: one version for everything the repository produces, the type hints of the public API,
`pip install ./python` offline into a fresh virtual environment, the wheel `./build.sh Pack` writes with the Rust
build bundled, and the wheels and sdist of the build backend (python/build_backend/edit_distance_build.py).

Building needs Python 3.11 or newer (the backend reads pyproject.toml with tomllib): on 3.10 the tests that build
are skipped, saying so.
"""

import base64
import csv
import email
import hashlib
import inspect
import io
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
import typing
import unittest
import zipfile
from xml.etree import ElementTree

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
REPOSITORY = PYTHON_DIR.parent
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import edit_distance  # noqa: E402
from edit_distance import _locate, bitparallel, dp, remote  # noqa: E402

VERSION = edit_distance.__version__
# Where the build's Pack target has written the wheel with the Rust build bundled (artifacts/packages).
PACKAGES_VARIABLE = "EDIT_DISTANCE_PACKAGES"
CANNOT_BUILD = (f"building the package needs Python 3.11 or newer (tomllib reads pyproject.toml); this is "
                f"{sys.version.split()[0]}")
NATIVE_FILES = (_locate.library_file_name(), _locate.server_file_name())


def platform_tag():
    """The platform part of a wheel tag for this interpreter, as the backend writes it."""
    return re.sub(r"[-.]", "_", sysconfig.get_platform())


def clean_environment(**extra):
    """The environment without anything that would let a child find the package or the Rust build other than as
    installed, nor a pip configuration that could name an index."""
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("PYTHONPATH", "PYTHONHOME", _locate.LIBRARY_VARIABLE, _locate.SERVER_VARIABLE)
                   and not name.startswith("PIP_")}
    environment.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", **extra)
    return environment


def run(arguments, cwd, **extra):
    done = subprocess.run([str(argument) for argument in arguments], cwd=cwd, env=clean_environment(**extra),
                          capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, arguments))} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def install(target, directory):
    """A fresh virtual environment in ``directory`` (with pip, from ensurepip) with ``target`` installed by its pip,
    offline; returns the environment's python."""
    run([sys.executable, "-m", "venv", directory / "venv"], directory)
    scripts = "Scripts" if sys.platform == "win32" else "bin"
    python = directory / "venv" / scripts / ("python.exe" if sys.platform == "win32" else "python")
    run([python, "-m", "pip", "install", "--no-index", target], directory)
    return python


def run_json(python, script, directory):
    """Runs ``script`` in ``python`` from an empty folder and returns what it printed, as JSON."""
    work = directory / "work"
    work.mkdir(exist_ok=True)
    return json.loads(run([python, "-c", script], work).splitlines()[-1])


def inside(path, folder):
    return pathlib.Path(path).resolve().is_relative_to(pathlib.Path(folder).resolve())


def tree(folder):
    """Every file under ``folder`` but the interpreter's caches."""
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*")
                  if path.is_file() and "__pycache__" not in path.parts)


class Version(unittest.TestCase):
    def test_one_version_for_everything_the_repository_produces(self):
        props = ElementTree.parse(REPOSITORY / "Directory.Build.props").getroot()
        self.assertEqual([element.text for element in props.iter("Version")], [VERSION])
        # The [package] table's own version line (tomllib is 3.11+, and the suite runs on 3.10 too).
        cargo = (REPOSITORY / "rust" / "edit_distance" / "Cargo.toml").read_text(encoding="utf-8")
        package = re.search(r"^\[package\]\n(.*?)(^\[|\Z)", cargo, re.MULTILINE | re.DOTALL).group(1)
        self.assertEqual(re.findall(r'^version\s*=\s*"([^"]*)"', package, re.MULTILINE), [VERSION])


class TypeHints(unittest.TestCase):
    def test_the_public_api_is_annotated(self):
        modules = [edit_distance, dp, bitparallel, remote]
        if any(path.is_file() for path in _locate.candidates(_locate.library_file_name(), _locate.LIBRARY_VARIABLE)):
            from edit_distance import rust
            modules.append(rust)
        self.assertTrue((PYTHON_DIR / "edit_distance" / "py.typed").is_file())
        for module in modules:
            for name in getattr(module, "__all__", ["distance", "nearest"]):
                value = getattr(module, name)
                for where, function in self.functions(f"{module.__name__}.{name}", value):
                    with self.subTest(function=where):
                        self.assert_annotated(function)

    @staticmethod
    def functions(where, value):
        """(name, function) of ``value`` if it is a function, or of a class's public methods, properties and
        __init__."""
        if inspect.isfunction(value):
            yield where, value
        elif inspect.isclass(value) and value.__module__.startswith("edit_distance"):
            for name, member in vars(value).items():
                if name.startswith("_") and name != "__init__":
                    continue
                member = member.fget if isinstance(member, property) else getattr(member, "__func__", member)
                if inspect.isfunction(member):
                    yield f"{where}.{name}", member

    def assert_annotated(self, function):
        # Resolving them proves that every name they use exists, on the running Python.
        hints = typing.get_type_hints(function)
        parameters = [name for name in inspect.signature(function).parameters if name not in ("self", "cls")]
        self.assertEqual(sorted(set(parameters) - set(hints)), [], "parameters without a type")
        self.assertIn("return", hints)


@unittest.skipIf(sys.version_info < (3, 11), CANNOT_BUILD)
class Install(unittest.TestCase):
    def test_pip_install_offline(self):
        # Plain `pip install ./python`, with build isolation: pip installs nothing to build (requires = []).
        before = tree(PYTHON_DIR)
        with tempfile.TemporaryDirectory() as directory:
            directory = pathlib.Path(directory)
            python = install(PYTHON_DIR, directory)
            found = run_json(python, PURE_CHECK, directory)
        self.assertEqual(tree(PYTHON_DIR), before, "building left files in python/")
        self.assertEqual(found["version"], VERSION)
        self.assertEqual(found["distance"], 3)
        self.assertEqual(found["nearest"], [[2, 0], [1, 1]])
        self.assertTrue(inside(found["file"], found["site"]), found["file"])
        self.assertTrue(inside(found["site"], directory / "venv"), found["site"])
        self.assertTrue(found["typed"])
        package = pathlib.Path(found["file"]).parent
        for error, name in ((found["rust"], _locate.library_file_name()), (found["remote"], _locate.server_file_name())):
            # Where it looked (its own directory), and not in a rust/target/release/ outside a checkout.
            self.assertIn(str(package / name), error)
            self.assertNotIn(os.path.join("rust", "target", "release"), error)
            self.assertIn("./build.sh Pack", error)

    def test_the_wheel_with_the_rust_build(self):
        folder = os.environ.get(PACKAGES_VARIABLE)
        if not folder:
            self.skipTest(f"{PACKAGES_VARIABLE} is not set: `./build.sh Pack` writes the wheel with the Rust build "
                          "bundled and runs this test with it set")
        wheel = pathlib.Path(folder).resolve() / f"edit_distance-{VERSION}-py3-none-{platform_tag()}.whl"
        present = sorted(path.name for path in wheel.parent.glob("*")) if wheel.parent.is_dir() else "no such folder"
        self.assertTrue(wheel.is_file(), f"{PACKAGES_VARIABLE} names {wheel.parent}, which holds no {wheel.name}: "
                                         f"{present}")
        with tempfile.TemporaryDirectory() as directory:
            directory = pathlib.Path(directory)
            python = install(wheel, directory)
            found = run_json(python, NATIVE_CHECK, directory)
        self.assertTrue(inside(found["library"], found["site"]), found["library"])
        self.assertTrue(inside(found["server"], found["site"]), found["server"])
        self.assertTrue(inside(found["site"], directory / "venv"), found["site"])
        self.assertEqual(found["distance"], 3)
        self.assertEqual(found["remote"], 3)
        self.assertEqual(found["exit"], 0)


# Run by the installed package's python, from an empty folder, with a clean environment.
PURE_CHECK = """
import json, pathlib, sysconfig
import edit_distance
from edit_distance import remote
found = {"version": edit_distance.__version__, "file": edit_distance.__file__,
         "site": sysconfig.get_paths()["purelib"], "distance": edit_distance.distance("kitten", "sitting"),
         "nearest": edit_distance.nearest("kitten", ["sitting", "mitten", "kitten"], 2),
         "typed": (pathlib.Path(edit_distance.__file__).parent / "py.typed").is_file()}
try:
    import edit_distance.rust
except ImportError as error:
    found["rust"] = str(error)
try:
    remote.Server.start()
except FileNotFoundError as error:
    found["remote"] = str(error)
print(json.dumps(found))
"""

NATIVE_CHECK = """
import json, sysconfig
from edit_distance import remote, rust
with remote.Server.start() as server, remote.connect(server.address, timeout=60) as client:
    answer = client.distance("kitten", "sitting")
print(json.dumps({"library": str(rust.LIBRARY_PATH), "server": server.process.args[0],
                  "site": sysconfig.get_paths()["platlib"], "distance": rust.distance("kitten", "sitting"),
                  "remote": answer, "exit": server.process.returncode}))
"""


@unittest.skipIf(sys.version_info < (3, 11), CANNOT_BUILD)
class Backend(unittest.TestCase):
    """The hooks called as a frontend calls them: in a copy of python/, in a child process."""

    def setUp(self):
        self.directory = pathlib.Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.source = self.directory / "source"
        caches = shutil.ignore_patterns("__pycache__", *NATIVE_FILES)
        for name in ("pyproject.toml", "README.md"):
            self.source.mkdir(exist_ok=True)
            shutil.copyfile(PYTHON_DIR / name, self.source / name)
        for name in ("build_backend", "edit_distance"):
            shutil.copytree(PYTHON_DIR / name, self.source / name, ignore=caches)
        # What running the package leaves in its folder, which no archive may carry.
        (self.source / "edit_distance" / "__pycache__").mkdir()
        (self.source / "edit_distance" / "__pycache__" / "dp.cpython-311.pyc").write_bytes(b"cache")

    def hook(self, name, *arguments, source=None, **environment):
        script = ("import json, sys; sys.path.insert(0, 'build_backend'); import edit_distance_build as backend; "
                  "print(json.dumps(getattr(backend, sys.argv[1])(*sys.argv[2:])))")
        return json.loads(run([sys.executable, "-c", script, name, *arguments], source or self.source,
                              **environment).splitlines()[-1])

    def output(self, name):
        folder = self.directory / name
        folder.mkdir()
        return folder

    def add_rust_build(self):
        library, server = (self.source / "edit_distance" / name for name in NATIVE_FILES)
        library.write_bytes(b"the library")
        server.write_bytes(b"the server")
        server.chmod(0o644)  # The wheel makes it executable whatever mode the copy left.

    def test_a_wheel_without_the_rust_build(self):
        for hook in ("get_requires_for_build_wheel", "get_requires_for_build_sdist", "get_requires_for_build_editable"):
            self.assertEqual(self.hook(hook), [])
        out = self.output("wheel")
        name = self.hook("build_wheel", str(out))
        self.assertEqual(name, f"edit_distance-{VERSION}-py3-none-any.whl")
        dist_info = f"edit_distance-{VERSION}.dist-info"
        with zipfile.ZipFile(out / name) as wheel:
            modules = sorted(f"edit_distance/{path.name}" for path in (PYTHON_DIR / "edit_distance").glob("*.py"))
            self.assertEqual(sorted(wheel.namelist()), sorted(modules + [
                "edit_distance/py.typed", f"{dist_info}/METADATA", f"{dist_info}/WHEEL", f"{dist_info}/RECORD"]))
            self.assertEqual(wheel.namelist()[-1], f"{dist_info}/RECORD")
            self.assert_record(wheel, dist_info)
            self.assertIn("Tag: py3-none-any\n", wheel.read(f"{dist_info}/WHEEL").decode())
            self.assertIn("Root-Is-Purelib: true\n", wheel.read(f"{dist_info}/WHEEL").decode())
            metadata = wheel.read(f"{dist_info}/METADATA")
        self.assert_metadata(metadata)
        prepared = self.output("metadata")
        self.assertEqual(self.hook("prepare_metadata_for_build_wheel", str(prepared)), dist_info)
        self.assertEqual((prepared / dist_info / "METADATA").read_bytes(), metadata)

    def test_a_wheel_with_the_rust_build(self):
        self.add_rust_build()
        out = self.output("wheel")
        name = self.hook("build_wheel", str(out))
        self.assertEqual(name, f"edit_distance-{VERSION}-py3-none-{platform_tag()}.whl")
        dist_info = f"edit_distance-{VERSION}.dist-info"
        with zipfile.ZipFile(out / name) as wheel:
            self.assertEqual(wheel.read(f"edit_distance/{NATIVE_FILES[0]}"), b"the library")
            self.assertEqual(wheel.read(f"edit_distance/{NATIVE_FILES[1]}"), b"the server")
            modes = {info.filename: info.external_attr >> 16 for info in wheel.infolist()}
            self.assertEqual(modes[f"edit_distance/{NATIVE_FILES[1]}"] & 0o777, 0o755)
            self.assertEqual(modes[f"edit_distance/{NATIVE_FILES[0]}"] & 0o777, 0o644)
            listed = self.assert_record(wheel, dist_info)
            self.assertIn(f"edit_distance/{NATIVE_FILES[0]}", listed)
            self.assertIn(f"edit_distance/{NATIVE_FILES[1]}", listed)
            self.assertIn(f"Tag: py3-none-{platform_tag()}\n", wheel.read(f"{dist_info}/WHEEL").decode())
            self.assertIn("Root-Is-Purelib: false\n", wheel.read(f"{dist_info}/WHEEL").decode())

    def test_another_systems_rust_build_is_refused(self):
        foreign = next(name for name in ("libedit_distance.so", "edit_distance.dll") if name not in NATIVE_FILES)
        (self.source / "edit_distance" / foreign).write_bytes(b"another system's library")
        with self.assertRaisesRegex(AssertionError, f"{re.escape(foreign)}.*not built for this operating system"):
            self.hook("build_wheel", str(self.output("wheel")))

    def test_the_same_sources_build_the_same_bytes(self):
        self.add_rust_build()
        epoch = 1700000000
        builds = []
        for attempt in ("first", "second"):
            out = self.output(attempt)
            wheel = self.hook("build_wheel", str(out), SOURCE_DATE_EPOCH=str(epoch))
            sdist = self.hook("build_sdist", str(out), SOURCE_DATE_EPOCH=str(epoch))
            builds.append(((out / wheel).read_bytes(), (out / sdist).read_bytes()))
        self.assertEqual(builds[0], builds[1])
        with zipfile.ZipFile(io.BytesIO(builds[0][0])) as wheel:
            self.assertEqual({info.date_time for info in wheel.infolist()}, {time.gmtime(epoch)[:6]})
        with tarfile.open(fileobj=io.BytesIO(builds[0][1])) as sdist:
            self.assertEqual({member.mtime for member in sdist.getmembers()}, {epoch})

    def test_the_sdist(self):
        self.add_rust_build()
        out = self.output("sdist")
        name = self.hook("build_sdist", str(out))
        root = f"edit_distance-{VERSION}"
        self.assertEqual(name, f"{root}.tar.gz")
        with tarfile.open(out / name) as sdist:
            names = sorted(sdist.getnames())
            modules = sorted(f"{root}/edit_distance/{path.name}" for path in (PYTHON_DIR / "edit_distance").glob("*.py"))
            self.assertEqual(names, sorted(modules + [f"{root}/{name}" for name in (
                "PKG-INFO", "pyproject.toml", "README.md", "build_backend/edit_distance_build.py",
                "edit_distance/py.typed")]))
            self.assert_metadata(sdist.extractfile(f"{root}/PKG-INFO").read())
            # The "data" filter where this Python has it (3.11.4 on), as pip unpacks an sdist.
            safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            sdist.extractall(self.directory / "unpacked", **safe)
        # What pip does with an sdist: build the wheel from it, without the Rust build.
        unpacked = self.directory / "unpacked" / root
        wheel = self.hook("build_wheel", str(self.output("from-sdist")), source=unpacked)
        self.assertEqual(wheel, f"edit_distance-{VERSION}-py3-none-any.whl")

    def test_an_editable_wheel(self):
        out = self.output("editable")
        name = self.hook("build_editable", str(out))
        self.assertEqual(name, f"edit_distance-{VERSION}-py3-none-any.whl")
        with zipfile.ZipFile(out / name) as wheel:
            dist_info = f"edit_distance-{VERSION}.dist-info"
            self.assert_record(wheel, dist_info)
            paths = [entry for entry in wheel.namelist() if entry.endswith(".pth")]
            self.assertEqual(len(paths), 1, wheel.namelist())
            self.assertEqual(wheel.read(paths[0]).decode().strip(), str(self.source.resolve()))
            self.assertFalse([entry for entry in wheel.namelist() if entry.startswith("edit_distance/")])

    def assert_record(self, wheel, dist_info):
        """RECORD lists every other entry with its size and urlsafe-base64 SHA-256, itself without; returns the
        entries listed."""
        rows = list(csv.reader(io.StringIO(wheel.read(f"{dist_info}/RECORD").decode())))
        self.assertEqual(sorted(row[0] for row in rows), sorted(wheel.namelist()))
        for path, digest, size in rows:
            if path == f"{dist_info}/RECORD":
                self.assertEqual((digest, size), ("", ""))
                continue
            data = wheel.read(path)
            expected = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            self.assertEqual((digest, size), (f"sha256={expected}", str(len(data))), path)
        return [row[0] for row in rows]

    def assert_metadata(self, metadata):
        message = email.message_from_bytes(metadata)
        self.assertEqual(message["Metadata-Version"], "2.4")
        self.assertEqual(message["Name"], "edit-distance")
        self.assertEqual(message["Version"], VERSION)
        self.assertEqual(message["License-Expression"], "MIT")
        self.assertEqual(message["Requires-Python"], ">=3.10")
        self.assertIn("Typing :: Typed", message.get_all("Classifier"))
        self.assertEqual(message["Description-Content-Type"], "text/markdown")
        self.assertEqual(message.get_payload(decode=True), (PYTHON_DIR / "README.md").read_bytes())


if __name__ == "__main__":
    unittest.main()
