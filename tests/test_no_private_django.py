"""Only Django's public API (issue 22, item 1; decision 0035): no module of casequality/
imports Django's query compiler (`django.db.models.sql`) or any other private module or
name of Django, and none touches a private attribute of Django's objects.

Read from the source with `ast`. A private attribute is an underscore name that Django's
own source defines as an attribute (`self._iterable_class = ...`, `def _out`), used on
anything, or named as a string to getattr/setattr/hasattr; unless casequality defines
that attribute itself on its own classes, or Django documents it: `_meta` (and on it
only the documented Options API: `get_field`, `get_fields` and the Meta options), the
model instance's `_state`, and the managers `_default_manager` and `_base_manager`.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import django
import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.once

PRIVATE_MODULES = ("django.db.models.sql",)
# Underscore names Django documents for use (docs: "Model _meta API", "Model instance
# reference: _state", "Managers: _default_manager, _base_manager").
DOCUMENTED = {"_meta", "_state", "_default_manager", "_base_manager"}
# On `_meta`: the documented Options API and the Meta options (docs: "Model Meta options").
OPTIONS_API = {
    "get_field",
    "get_fields",
    "abstract",
    "app_label",
    "base_manager_name",
    "db_table",
    "db_table_comment",
    "db_tablespace",
    "default_manager_name",
    "default_related_name",
    "get_latest_by",
    "managed",
    "order_with_respect_to",
    "ordering",
    "permissions",
    "default_permissions",
    "proxy",
    "required_db_features",
    "required_db_vendor",
    "select_on_save",
    "indexes",
    "unique_together",
    "constraints",
    "verbose_name",
    "verbose_name_plural",
    "label",
    "label_lower",
}
# The one use Django gives no public way to avoid, with where and why.
UNAVOIDABLE = {
    ("casequality/tasks/backend.py", "_return_value"): "a task backend's stored result: Django's TaskResult takes its "
    "return value in no argument, and Django's own backends set `_return_value` the same way",
}
_NAMING_CALLS = {"getattr", "setattr", "hasattr", "delattr", "__setattr__", "__getattribute__", "__delattr__"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@cache
def django_private_names() -> frozenset[str]:
    """Every underscore attribute Django's source defines: assigned on an object, or a
    method or class attribute."""
    pattern = re.compile(
        r"\.(_[A-Za-z]\w*)\s*=[^=]|^\s*def (_[A-Za-z]\w*)|^\s+(_[A-Za-z]\w*)\s*(?::[^=\n]*)?=[^=]", re.M
    )
    names: set[str] = set()
    for path in Path(django.__file__).parent.rglob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            names.update(n for n in match.groups() if n)
    return frozenset(names) - DOCUMENTED


def casequality_files() -> list[Path]:
    return sorted((ROOT / "casequality").rglob("*.py"))


@cache
def trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for path in casequality_files()}


@cache
def our_attributes() -> frozenset[str]:
    """Underscore attributes casequality defines on its own classes: methods, class
    attributes and `self._x = ...`."""
    names: set[str] = set()
    for tree in trees().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        names.add(item.name)
                    elif isinstance(item, (ast.Assign, ast.AnnAssign)):
                        targets = item.targets if isinstance(item, ast.Assign) else [item.target]
                        names.update(t.id for t in targets if isinstance(t, ast.Name))
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                    names.add(node.attr)
    return frozenset(n for n in names if _private(n))


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_no_module_imports_a_private_module_or_name_of_django():
    found = []
    for path, tree in trees().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
                names: list[str] = []
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
                names = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                parts = module.split(".")
                if parts[0] != "django":
                    continue
                if any(module == p or module.startswith(p + ".") for p in PRIVATE_MODULES) or any(
                    _private(part) for part in parts
                ):
                    found.append(f"{_where(path, node)} imports {module}")
            if modules[0].split(".")[0] == "django":
                found += [f"{_where(path, node)} imports {name} from {modules[0]}" for name in names if _private(name)]
    assert not found, "\n".join(found)


def test_no_code_touches_a_private_attribute_of_djangos_objects():
    private, ours = django_private_names(), our_attributes()
    found = []
    for path, tree in trees().items():
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Attribute):
                names.append((node.attr, node))
                if isinstance(node.value, ast.Attribute) and node.value.attr == "_meta":
                    if node.attr not in OPTIONS_API:
                        found.append(f"{_where(path, node)}: _meta.{node.attr} is not in the documented Options API")
            elif isinstance(node, ast.Call):
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if called in _NAMING_CALLS:
                    names += [
                        (arg.value, node)
                        for arg in node.args[:2]
                        if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    ]
            found += [
                f"{_where(path, where)}: {name}"
                for name, where in names
                if _private(name)
                and name in private
                and name not in ours
                and (str(path.relative_to(ROOT)), name) not in UNAVOIDABLE
            ]
    assert not found, "\n".join(found)


def test_the_check_knows_djangos_private_names():
    """The check can fail: what PreparedRead used (decision 0026) counts as private."""
    assert {"_iterable_class", "_fields", "_out", "_return_value"} <= django_private_names()
