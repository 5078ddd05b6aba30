"""What each role may do and which children's records it sees: the one home (decision 0039).

The roles themselves, their values and labels, are the one list in
cases/vocabulary/roles.py (a user's role is the role of their staff record, so the record
and the users share it). This table says, for each role, which children's records it sees
(`scope`, worked out by accounts.selectors.cases_for_user) and every named permission it
holds (`may`). Everything else is derived from it:

- accounts/rules.py registers each permission for the roles that hold it, a permission on
  a case (ON_A_CASE) only for a case in the user's scope;
- the navigation (web/navigation.py) shows the pages a role's permissions open, and a
  role's home is the first of them;
- the rulebook counts a countersignature by a staff member whose role may countersign.

The national administrator is no role of its own: an administrator granted every service
by a command (accounts.selectors.admin_scope); they see no child's record either.
tests/accounts/test_roles.py checks that no other module keeps a list of roles.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from casequality.cases.vocabulary.roles import Role


class Scope(Enum):
    """Which children's records a role sees (accounts.selectors.cases_for_user)."""

    CASELOAD = "the cases allocated to their staff record"
    TEAM = "the cases of their staff record's team"
    SERVICES = "every case of their service(s)"
    AUDITS = "the cases of the audits assigned to them"
    NONE = "none"


@dataclass(frozen=True)
class RoleRights:
    scope: Scope
    may: frozenset[str]
    # A role of a service's own people, which the service's administrator may give
    # (docs/security.md, "Who may grant what"). An inspector works across services (HMIP),
    # so only the national administrator makes one.
    of_the_service: bool = True


# What an administrator does in Django's admin (without is_staff: web/apps.py lets in only
# those who may use it): users, services, teams and staff; integrations' API tokens (a
# name, a prefix, never the token); sign-in lockouts (usernames and addresses, no child);
# background tasks, a failed one's error among them; and the access log. No case model is
# registered in the admin (accounts/admin.py), and the role holds no permission on a case.
_ADMIN_SITE = frozenset(
    {
        "accounts.use_admin_site",
        "accounts",
        "cases",
        "api",
        "axes",
        "tasks",
        *(f"accounts.{action}_user" for action in ("view", "add", "change")),
        *(f"cases.{action}_{model}" for action in ("view", "add", "change") for model in ("service", "team", "staff")),
        "accounts.view_accesslogentry",
        "api.view_apitoken",
        "api.change_apitoken",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "tasks.view_taskrun",
    }
)

# What a manager does, a team manager for their team and a QA lead for their service(s).
_MANAGING = frozenset(
    {
        "cases.view_caseload",
        "oversight.view_today",
        "oversight.view_oversight",
        "oversight.draw_sample",
        "oversight.view_self_audits",
        "standards.view_rulebook",
        "standards.view_measures",
        "reports.view_kpis",
        "reports.view_kpi_cases",
        "reports.view_plan",
        "reports.edit_plan",
        # on a case they manage (ON_A_CASE)
        "cases.view_case",
        "cases.countersign",
        "cases.manager_entry",
        "cases.check_self_audit",
    }
)

ROLES: dict[Role, RoleRights] = {
    Role.CASE_MANAGER: RoleRights(
        scope=Scope.CASELOAD,
        may=frozenset(
            {
                "cases.view_caseload",
                "oversight.view_today",
                "oversight.view_self_audits",
                "standards.view_rulebook",
                # on a case of their caseload (ON_A_CASE)
                "cases.view_case",
                "cases.answer_finding",
                "cases.request_oversight",
                "cases.self_audit",
            }
        ),
    ),
    # A team manager manages their team's cases; a QA lead every case of their service(s),
    # and runs the service's rulebook, audits, reports and access log.
    Role.TEAM_MANAGER: RoleRights(scope=Scope.TEAM, may=_MANAGING),
    Role.QA_LEAD: RoleRights(
        scope=Scope.SERVICES,
        may=_MANAGING
        | {
            "standards.change_rulebook",
            "reports.view_board",
            "reports.view_reports",
            "reports.edit_report",
            "audits.view_audits",
            "audits.manage_audit",
            "accounts.view_access_log",
        },
    ),
    Role.INSPECTOR: RoleRights(
        scope=Scope.AUDITS,
        of_the_service=False,
        may=frozenset(
            {
                "audits.view_marking",  # their home: the cases assigned to them, by audit
                "cases.view_caseload",
                "standards.view_rulebook",
                "audits.view_audits",
                # on a case of an audit assigned to them (ON_A_CASE)
                "cases.view_case",
            }
        ),
    ),
    Role.BOARD: RoleRights(
        scope=Scope.NONE,
        may=frozenset(
            {
                # counts only: no child's record
                "reports.view_board",
                "standards.view_measures",
                "reports.view_kpis",
                "reports.view_plan",
                "reports.comment_plan",
                "reports.view_reports",
            }
        ),
    ),
    Role.ADMIN: RoleRights(
        scope=Scope.NONE,
        may=frozenset({"standards.view_rulebook", "accounts.view_access_log", *_ADMIN_SITE}),
    ),
}

PERMISSIONS: frozenset[str] = frozenset().union(*(rights.may for rights in ROLES.values()))

# The permissions on a case: each also needs the case in the user's scope (accounts/rules.py).
ON_A_CASE = frozenset(
    {
        "cases.view_case",
        "cases.answer_finding",
        "cases.request_oversight",
        "cases.self_audit",
        "cases.countersign",
        "cases.manager_entry",
        "cases.check_self_audit",
    }
)


def roles_that_may(perm: str) -> frozenset[Role]:
    """The roles holding `perm` (a name of PERMISSIONS)."""
    if perm not in PERMISSIONS:
        raise KeyError(f"no role holds {perm!r} (accounts/roles.py)")
    return frozenset(role for role, rights in ROLES.items() if perm in rights.may)


# The roles that see any child's record, and those whose records all lie in their own
# services (their pages may be kept by the page cache, keyed on those services' versions;
# an inspector's audits may lie outside them).
SEES_CHILDREN: frozenset[Role] = frozenset(role for role, rights in ROLES.items() if rights.scope is not Scope.NONE)
SCOPE_WITHIN_SERVICES: frozenset[Role] = frozenset(
    role for role, rights in ROLES.items() if rights.scope in (Scope.CASELOAD, Scope.TEAM, Scope.SERVICES)
)
# The roles whose countersignature counts (the rulebook reads the record's staff roles).
COUNTERSIGNERS: frozenset[Role] = roles_that_may("cases.countersign")
