"""What is wrong with an interchange document: `Problem` (a message at a JSON path), the
`InterchangeError` that carries every problem found, and how checks collect them."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from casequality.errors import CasequalityError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an interchange document, at a JSON path (`$` is the whole file)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"



class InterchangeError(CasequalityError):
    """A document that cannot be imported; `.problems` lists every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the interchange document")

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def show(value: Any) -> str:
    """A value as a problem message quotes it: strings quoted, JSON words for the rest."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return str(value)


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


@dataclass
class Context:
    """What a check needs besides the value: where problems go, the file's staff ids and format."""

    problems: list[Problem] = field(default_factory=list)
    staff_ids: set[str] | None = None
    fmt: Any = None  # the document's `format`, for the hint on a later version's key

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))
