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


# the notes the project was started from, outside the repository (spelt in parts, so that this
# file does not name them itself)
OUTSIDE = [".." + "/shared", "calibration" + "-targets.md"]


def test_nothing_in_the_project_refers_to_files_outside_it():
    import subprocess

    from conftest import SOURCE

    listed = subprocess.run(["git", "ls-files"], cwd=SOURCE, capture_output=True, text=True)
    if listed.returncode == 0:
        files = [SOURCE / name for name in listed.stdout.splitlines()]
    else:  # a copy without git (as pip builds it)
        files = [path for path in SOURCE.rglob("*") if path.is_file()
                 and not {"build", "results", ".git"} & set(path.relative_to(SOURCE).parts)]
    outside = []
    for path in files:
        name = path.relative_to(SOURCE).as_posix()
        if path.suffix in (".h5", ".png", ".so") or not path.exists():
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if any(word in line for word in OUTSIDE):
                outside.append(f"{name}:{number}: {line.strip()}")
    assert outside == [], "\n".join(outside)
    assert (SOURCE / "docs" / "references.md").exists()


def test_every_source_the_parameters_and_the_model_cite_is_in_the_bibliography():
    import re

    from conftest import SOURCE

    bibliography = (SOURCE / "docs" / "references.md").read_text()
    # a key in brackets, not a link's text: "[ILO2014]", not "[references.md](...)"
    key = re.compile(r"\[([A-Z][A-Za-z0-9-]*)\](?!\()")
    cited = {found for entry in tipsim._core.parameter_table() for found in key.findall(entry["source"])}
    assert cited, "the parameter table cites its sources by their keys in docs/references.md"
    cited |= set(key.findall((SOURCE / "docs" / "model.md").read_text()))
    missing = sorted(found for found in cited if f"**[{found}]**" not in bibliography)
    assert missing == [], f"cited but not in docs/references.md: {missing}"
