"""The package as a whole: what it exports, and modules that do not import each other in circles."""

import ast
from pathlib import Path

import tipsim

PACKAGE = Path(tipsim.__file__).parent


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                names.add(node.module.split(".")[0])
            else:
                names.update(alias.name for alias in node.names)
    return names


def test_no_module_of_the_package_imports_itself_in_a_circle():
    modules = {path.stem: path for path in PACKAGE.glob("*.py") if path.stem not in ("__init__", "__main__")}
    graph = {name: imports_of(path) & set(modules) for name, path in modules.items()}

    def visit(name, trail):
        assert name not in trail, " -> ".join([*trail, name])
        for other in graph[name]:
            visit(other, [*trail, name])

    for name in graph:
        visit(name, [])


def test_every_module_has_its_own_test_file():
    tests = Path(__file__).parent
    for path in PACKAGE.glob("*.py"):
        name = {"__init__": "package", "__main__": "main"}.get(path.stem, path.stem)
        assert (tests / f"test_{name}.py").exists(), path.name
    assert (tests / "test_core.py").exists()  # the compiled bindings


def test_the_package_exports_what_its_docstring_names():
    for name in tipsim.__all__:
        assert hasattr(tipsim, name), name
