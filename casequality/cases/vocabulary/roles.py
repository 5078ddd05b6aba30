"""The roles people hold in a youth justice service: the one list (decision 0039).

A staff member's `role` in the case record (docs/case-format.md, "The document") and a
user's role in Casequality are one concept: a case or team manager's scope follows the
staff record of the same role (accounts.selectors.user_scope_staff). So both, and the
interchange format's check, take their values and labels from here. What each role may
do, and which children's records it sees, is said once in accounts/roles.py.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", "Case manager"
    TEAM_MANAGER = "team_manager", "Team manager"
    QA_LEAD = "qa_lead", "QA lead"
    INSPECTOR = "inspector", "Inspector"
    BOARD = "board", "Board member"
    ADMIN = "admin", "Administrator"
