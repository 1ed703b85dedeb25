"""The package's modules import one another in one direction only.

A cycle can work by accident (one side importing lazily, inside a function) and then break when a module is
imported first on its own; the graph check below finds it whether or not it happens to work today.
"""

import ast
import pathlib
import subprocess
import sys
import unittest

PYTHON_DIR = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = "edit_distance"
PACKAGE_DIR = PYTHON_DIR / PACKAGE


def submodules():
    return sorted(path.stem for path in PACKAGE_DIR.glob("*.py") if path.stem != "__init__")


def intra_package_imports(module):
    """The package's modules that ``module`` imports, anywhere in its body (a function-level import counts too)."""
    tree = ast.parse((PACKAGE_DIR / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module is None:
                found.update(alias.name for alias in node.names)  # from . import dp
            elif node.level == 1:
                found.add(node.module.split(".")[0])  # from .corpus import Corpus
            elif node.level == 0 and node.module and node.module.split(".")[0] == PACKAGE:
                parts = node.module.split(".")
                found.update([parts[1]] if len(parts) > 1 else [alias.name for alias in node.names])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == PACKAGE and len(parts) > 1:
                    found.add(parts[1])
    return found & set(submodules())


def find_cycle(graph):
    """A list of modules forming a cycle, or None."""
    state = {}  # module -> "visiting" | "done"
    stack = []

    def visit(module):
        state[module] = "visiting"
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "visiting":
                return stack[stack.index(target):] + [target]
            if target not in state:
                cycle = visit(target)
                if cycle:
                    return cycle
        stack.pop()
        state[module] = "done"
        return None

    for module in sorted(graph):
        if module not in state:
            cycle = visit(module)
            if cycle:
                return cycle
    return None


class Imports(unittest.TestCase):
    def test_the_intra_package_import_graph_is_acyclic(self):
        graph = {module: intra_package_imports(module) for module in submodules()}
        cycle = find_cycle(graph)
        self.assertIsNone(cycle, f"import cycle: {' -> '.join(cycle or [])}")

    def test_the_graph_check_finds_a_cycle(self):
        self.assertEqual(find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}), ["a", "b", "c", "a"])
        self.assertIsNone(find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}))

    def test_each_module_imports_first_in_a_fresh_interpreter(self):
        for module in submodules():
            with self.subTest(module=module):
                child = subprocess.run([sys.executable, "-c", f"import {PACKAGE}.{module}"],
                                       cwd=PYTHON_DIR, capture_output=True, text=True, timeout=60)
                if module == "rust" and not library_built():
                    # Importing it loads the Rust library, which only a build provides: it must then say so.
                    self.assertIn("ImportError", child.stderr)
                    continue
                self.assertEqual(child.returncode, 0, child.stderr)


def library_built():
    sys.path.insert(0, str(PYTHON_DIR))
    try:
        from edit_distance import _locate
    finally:
        sys.path.remove(str(PYTHON_DIR))
    return any(path.is_file() for path in _locate.candidates(_locate.library_file_name(), _locate.LIBRARY_VARIABLE))


if __name__ == "__main__":
    unittest.main()
