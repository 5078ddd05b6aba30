"""The rulebook's metadata for pages, read through the standards app's loader.

The standards app owns the rulebook (its YAML and loader). This adapter turns what it
offers into plain dicts for templates; while the loader is absent, pages fall back to
its rulebook.yaml read as it stands (and failing that, what each Finding says).
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml


def _loader():
    try:
        return importlib.import_module("casequality.standards.rulebook")
    except ImportError:
        return None


def _as_dict(obj: Any) -> dict:
    if isinstance(obj, dict):
        return dict(obj)
    if hasattr(obj, "__dataclass_fields__"):
        return {name: getattr(obj, name) for name in obj.__dataclass_fields__}
    return {k: v for k, v in vars(obj).items() if not k.startswith("_")}


RULEBOOK_YAML = Path(__file__).resolve().parent.parent / "standards" / "rulebook.yaml"


def _read_yaml() -> dict:
    if not RULEBOOK_YAML.exists():
        return {}
    with RULEBOOK_YAML.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@lru_cache(maxsize=1)
def _rulebook() -> tuple[list[dict], list[dict]]:
    module = _loader()
    load = None
    if module is not None:
        load = getattr(module, "rulebook", None)
    # The standards app's loader when it offers one, else its YAML as written.
    book = load() if callable(load) else _read_yaml()
    rules = getattr(book, "rules", None)
    if rules is None and isinstance(book, dict):
        rules = book.get("rules", [])
    parameters = getattr(book, "parameters", None)
    if parameters is None and isinstance(book, dict):
        parameters = book.get("parameters", [])
    if isinstance(rules, dict):
        rules = [dict(_as_dict(v), id=k) for k, v in rules.items()]
    if isinstance(parameters, dict):
        parameters = [dict(_as_dict(v), name=k) for k, v in parameters.items()]
    return [_as_dict(r) for r in (rules or [])], [_as_dict(p) for p in (parameters or [])]


def rulebook_rules() -> list[dict]:
    """Every rule's metadata (id, title, source, severity, owner, ...), or [] without the loader."""
    return _rulebook()[0]


def rulebook_parameters() -> list[dict]:
    """Every parameter (name, default, source, ...), or [] without the loader."""
    return _rulebook()[1]


def rule_metadata(rule_id: str) -> dict | None:
    for rule in rulebook_rules():
        if rule.get("id") == rule_id:
            return rule
    return None
