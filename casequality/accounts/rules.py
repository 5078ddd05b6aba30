"""Who may do what: every permission of the role table (accounts/roles.py), registered with
django-rules for the roles that hold it.

Page permissions take no object. A permission on a case (ON_A_CASE: answering a finding,
countersigning, ...) also needs the case in the user's scope, by the same test as
accounts.selectors.cases_for_user: for a case manager a case of their caseload, for a team
manager one of their team, for a QA lead one of their services. So a list never shows what
the detail page would refuse, and no role's scope is written twice.
"""

from __future__ import annotations

import rules

from casequality.accounts.roles import ON_A_CASE, PERMISSIONS, roles_that_may


def _held_by_role(perm: str):
    """The user is signed in, active, and of a role that holds `perm`."""
    roles = roles_that_may(perm)

    @rules.predicate(name=f"role_may_{perm}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return predicate


@rules.predicate
def case_in_scope(user, obj) -> bool:
    """The case (or the object's `case`) is one of this user's (accounts.selectors.case_visible_to)."""
    from casequality.accounts.selectors import case_visible_to

    case = getattr(obj, "case", obj)
    return case is not None and case_visible_to(user, case)


for _perm in sorted(PERMISSIONS):
    rules.add_perm(_perm, _held_by_role(_perm) & case_in_scope if _perm in ON_A_CASE else _held_by_role(_perm))
