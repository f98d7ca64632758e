"""The tree shows the pipeline: a package per stage, imports one way, no cycles (issue 13)."""

import ast
from pathlib import Path

from tests.helpers import REPO

PACKAGE = REPO / "generator"
# Pipeline order: a module may import its own stage, the stages before it and `core`, never a later one.
STAGES = ["core", "read", "summarize", "merge", "render", "sitebuild", "commands", "cli"]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "generator"


def imports_of(path: Path) -> set[str]:
    """Every generator module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (write generator.<stage>...)"
            if node.module and node.module.startswith("generator"):
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    found.add(candidate if candidate in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("generator")}
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: imports_of(path) - {name} for name, path in MODULES.items()}


def test_every_module_belongs_to_a_stage():
    assert {stage_of(m) for m in MODULES} == {*STAGES, "generator"}


def test_imports_run_from_a_stage_to_the_stages_before_it():
    backward = []
    for module, targets in GRAPH.items():
        if module == "generator":
            continue
        for target in targets:
            if stage_of(target) != "generator" and STAGES.index(stage_of(target)) > STAGES.index(stage_of(module)):
                backward.append(f"{module} imports {target}")
    assert backward == []


def test_no_import_cycles():
    # Tarjan-free check: a module must not reach itself through the graph of generator modules.
    def reaches(start: str) -> set[str]:
        seen, todo = set(), list(GRAPH[start])
        while todo:
            node = todo.pop()
            # a package import also runs the package's __init__, which is the module itself here
            if node in seen or node not in GRAPH:
                continue
            seen.add(node)
            todo.extend(GRAPH[node])
        return seen

    assert [m for m in GRAPH if m in reaches(m)] == []


def test_each_package_says_what_it_takes_and_gives():
    for init in PACKAGE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 60, f"{init.relative_to(REPO)} needs a docstring"


def test_tests_mirror_the_packages():
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    test_dirs = {p.name for p in (REPO / "tests").iterdir() if p.is_dir() and list(p.glob("test_*.py"))}
    assert stages - test_dirs == set()
    assert test_dirs - stages <= {"browser"}
