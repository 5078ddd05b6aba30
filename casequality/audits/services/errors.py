"""The error every write of the audits app raises when it refuses a change."""

from __future__ import annotations

from casequality.errors import CasequalityError


class AuditError(CasequalityError):
    """An audit change is refused; `problems` lists every reason, each with its place."""

    def __init__(self, message: str, problems: list[str] | None = None):
        self.problems = problems or []
        super().__init__(message)
