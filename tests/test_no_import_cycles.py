"""No file of casequality/ imports a file that imports it back, directly or through others.

The graph is read from the source with `ast`, so it sees every import statement wherever it
stands: at module level, inside functions (deferred imports written to dodge a cycle still
count) and under `if TYPE_CHECKING:`. A node is a file: `from a.b import c` points to
`a/b/c.py` when c is a module and to `a/b.py` (or `a/b/__init__.py`) when c is a name in it.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "casequality"


def module_files() -> dict[str, Path]:
    """Dotted module name -> file, for every .py file under casequality/."""
    files = {}
    for path in sorted((ROOT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        files[".".join(parts)] = path
    return files


def imported_modules(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the tree that the file imports, anywhere in it."""
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                package = module.split(".") if is_package else module.split(".")[:-1]
                base_parts = package[: len(package) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in known else base)
    return {target for target in targets if target in known and target != module}


def import_graph() -> dict[str, set[str]]:
    known = module_files()
    return {module: imported_modules(module, path, known) for module, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one file (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return sorted(found)


@pytest.mark.once  # reads source files: the same on any database
def test_no_file_of_casequality_imports_a_file_that_imports_it_back():
    found = cycles(import_graph())
    assert not found, "files that import each other (directly or through others):\n" + "\n".join(
        "  " + " <-> ".join(component) for component in found
    )


@pytest.mark.once
def test_the_cycle_finder_names_files_that_import_each_other_through_a_third():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]


@pytest.mark.once
def test_the_import_graph_sees_imports_made_inside_functions():
    # standards.services defers its import of accounts.services to the function that logs.
    assert "casequality.accounts.services" in import_graph()["casequality.standards.services"]
