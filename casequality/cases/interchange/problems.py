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


def problems_max() -> int:
    """The most problems kept and listed for one document (CASEQUALITY_PROBLEMS_MAX); the
    rest are only counted."""
    from django.conf import settings

    return max(1, int(getattr(settings, "CASEQUALITY_PROBLEMS_MAX", 1000)))


class ProblemList(list[Problem]):
    """Problems, keeping the first `problems_max()` and counting the rest in `.more`: a file
    of a million bad cases holds a thousand problems in memory, not a million."""

    def __init__(self, items: Iterable[Problem] = (), *, limit: int | None = None):
        super().__init__()
        self.limit = problems_max() if limit is None else limit
        self.more = 0
        self.extend(items)

    def append(self, problem: Problem) -> None:
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.more += 1

    def extend(self, items: Iterable[Problem]) -> None:
        for problem in items:
            self.append(problem)
        self.more += getattr(items, "more", 0)

    def __iadd__(self, items: Iterable[Problem]) -> ProblemList:  # type: ignore[override]
        self.extend(items)
        return self

    def __add__(self, items: Iterable[Problem]) -> ProblemList:  # type: ignore[override]
        joined = ProblemList(self, limit=self.limit)
        joined.extend(items)
        return joined

    @property
    def total(self) -> int:
        """How many problems were found: those kept and those only counted."""
        return len(self) + self.more


class InterchangeError(CasequalityError):
    """A document that cannot be imported; `.problems` lists the problems found, at most
    `problems_max()` of them, and `.more` counts the rest."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: ProblemList = ProblemList(problems)
        self.more = self.problems.more
        super().__init__(f"{self.problems.total} problem(s) in the interchange document")

    @property
    def total(self) -> int:
        return self.problems.total

    def more_line(self) -> str:
        """The line that says how many problems are not listed ("" when all are)."""
        if not self.more:
            return ""
        return (
            f"... and {self.more:,} more problem{'s' if self.more != 1 else ''} (the first {len(self.problems):,} are "
            "listed)"
        )

    def __str__(self) -> str:
        lines = [str(problem) for problem in self.problems]
        if self.more:
            lines.append(self.more_line())
        return "\n".join(lines)


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

    problems: list[Problem] = field(default_factory=ProblemList)
    staff_ids: set[str] | None = None
    fmt: Any = None  # the document's `format`, for the hint on a later version's key

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))
