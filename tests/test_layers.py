"""The layers of tracker/ import one way: reading -> extract -> records; the
store and counting use records only; the pipeline, the exports and the command
line above them; the dashboard on top. Read from the source, not by importing it.
"""
import ast
from pathlib import Path

import pytest

TRACKER = Path(__file__).resolve().parent.parent / "tracker"
BASE = {"errors"}
# What each part of tracker/ (a package, or a module at the top) may import besides itself.
MAY_IMPORT = {
    "errors": set(),
    "records": BASE,
    "extract": BASE | {"records"},
    "reading": BASE | {"extract", "records"},
    "store": BASE | {"records"},
    "counting": BASE | {"records"},
    "pipeline": BASE | {"reading", "extract", "records", "store"},
    "export": BASE | {"records", "counting"},
    "__main__": BASE | {"reading", "extract", "records", "store", "pipeline", "export"},
    "__init__": {"records", "extract"},
    "dashboard": BASE | {"reading", "extract", "records", "store", "counting", "pipeline", "export"},
}
PACKAGES = sorted(p.name for p in TRACKER.iterdir() if (p / "__init__.py").is_file())


def part_of(path: Path) -> str:
    """The layer a file of tracker/ belongs to: its package, or its own name at the top."""
    relative = path.relative_to(TRACKER)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_parts(tree: ast.AST) -> set[str]:
    """The parts of tracker/ a module imports, wherever the import stands (in functions too)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] if node.module != "tracker" else [f"tracker.{a.name}" for a in node.names]
        else:
            continue
        found |= {n.split(".")[1] for n in names if n.startswith("tracker.")}
    return found


def upward_imports(path: Path) -> list[str]:
    part = part_of(path)
    allowed = MAY_IMPORT[part] | {part}
    return sorted(imported_parts(ast.parse(path.read_text(encoding="utf-8"))) - allowed)


MODULES = sorted(TRACKER.rglob("*.py"))


def test_every_part_of_tracker_has_its_place():
    assert sorted({part_of(p) for p in MODULES} - set(MAY_IMPORT)) == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(TRACKER)))
def test_imports_point_down_the_layers(path):
    assert upward_imports(path) == []


@pytest.mark.parametrize("package", PACKAGES)
def test_each_layer_says_what_it_does_and_may_import(package):
    doc = ast.get_docstring(ast.parse((TRACKER / package / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "import" in doc.lower()


def test_the_check_sees_an_import_inside_a_function():
    tree = ast.parse("def f():\n    from tracker.dashboard import views\n    from tracker import pipeline\n")
    assert imported_parts(tree) == {"dashboard", "pipeline"}
