"""Who may do what: named permission predicates (django-rules), in one place.

Page permissions take no object; object permissions take a Case (or an object with a
`case`). Scoping of querysets lives in accounts/selectors.py and uses the same
definitions, so that a list never shows what the detail page would refuse.
"""

from __future__ import annotations

import rules

from casequality.accounts.models import Role


def _has_role(*roles: str):
    @rules.predicate(name=f"has_role_{'_or_'.join(roles)}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return predicate


is_case_manager = _has_role(Role.CASE_MANAGER)
is_team_manager = _has_role(Role.TEAM_MANAGER)
is_qa_lead = _has_role(Role.QA_LEAD)
is_inspector = _has_role(Role.INSPECTOR)
is_board = _has_role(Role.BOARD)
is_admin = _has_role(Role.ADMIN)
is_signed_in = rules.is_authenticated & rules.is_active

is_manager = is_team_manager | is_qa_lead
# Roles that may see children's records at all (admin and board never do).
is_caseworker = is_case_manager | is_team_manager | is_qa_lead | is_inspector


@rules.predicate
def case_in_scope(user, case) -> bool:
    """The case is one of this user's (the same test as accounts.selectors.cases_for_user)."""
    if case is None:
        return False
    from casequality.accounts.selectors import case_visible_to

    return case_visible_to(user, case)


def _case_of(obj):
    return getattr(obj, "case", obj)


@rules.predicate
def is_cases_own_manager(user, obj) -> bool:
    """The user is the case manager of the case."""
    from casequality.accounts.selectors import user_caseload_staff_id

    case = _case_of(obj)
    staff_id = user_caseload_staff_id(user) if case is not None else None
    return bool(staff_id) and case.case_manager_id == staff_id


@rules.predicate
def manages_the_case(user, obj) -> bool:
    """Team manager of the case's team, or QA lead of its service."""
    case = _case_of(obj)
    if case is None:
        return False
    if user.role == Role.TEAM_MANAGER:
        from casequality.accounts.selectors import user_team_id

        team_id = user_team_id(user)
        return bool(team_id) and case.team_id == team_id
    if user.role == Role.QA_LEAD:
        from casequality.accounts.selectors import user_service_ids

        return case.service_id in user_service_ids(user)
    return False


# Pages (no object).
rules.add_perm("cases.view_caseload", is_caseworker)
rules.add_perm("oversight.view_oversight", is_manager)
rules.add_perm("oversight.draw_sample", is_manager)
rules.add_perm("oversight.view_self_audits", is_case_manager | is_manager)
rules.add_perm("standards.view_rulebook", is_signed_in & ~is_board)
rules.add_perm("standards.change_rulebook", is_qa_lead)
rules.add_perm("accounts.view_access_log", is_admin | is_qa_lead)
rules.add_perm("reports.view_board", is_board | is_qa_lead)
rules.add_perm("standards.view_measures", is_manager | is_board)
# The YJB's KPIs: the figures for managers and the board; the cases behind them for managers only.
rules.add_perm("reports.view_kpis", is_manager | is_board)
rules.add_perm("reports.view_kpi_cases", is_manager)

# Objects: a case, or anything with a `case`.
rules.add_perm("cases.view_case", is_caseworker & case_in_scope)
rules.add_perm("cases.answer_finding", is_case_manager & is_cases_own_manager)
rules.add_perm("cases.countersign", is_manager & manages_the_case)
rules.add_perm("cases.manager_entry", is_manager & manages_the_case)
rules.add_perm("cases.self_audit", is_case_manager & is_cases_own_manager)
rules.add_perm("cases.check_self_audit", is_manager & manages_the_case)

# Administrators manage users, services, teams and staff in Django's admin (without
# is_staff: casequality/web/apps.py lets the admin role in, and no one else), and read the
# access log there. They get no permission on cases: "cases.view_case" above needs a
# caseworker, and no case model is registered in the admin (accounts/admin.py).
rules.add_perm("accounts", is_admin)
rules.add_perm("cases", is_admin)
for _action in ("view", "add", "change"):
    rules.add_perm(f"accounts.{_action}_user", is_admin)
    for _model in ("service", "team", "staff"):
        rules.add_perm(f"cases.{_action}_{_model}", is_admin)
rules.add_perm("accounts.view_accesslogentry", is_admin)
# ... and see and revoke integrations' API tokens (api/admin.py: a name, a prefix, no token).
rules.add_perm("api", is_admin)
for _action in ("view", "change"):
    rules.add_perm(f"api.{_action}_apitoken", is_admin)
# ... and see and lift sign-in lockouts (django-axes: usernames and addresses, no child).
rules.add_perm("axes", is_admin)
for _action in ("view", "delete"):
    rules.add_perm(f"axes.{_action}_accessattempt", is_admin)
# ... and see background tasks, a failed one's error among them (tasks/admin.py).
rules.add_perm("tasks", is_admin)
rules.add_perm("tasks.view_taskrun", is_admin)

rules.add_perm("cases.request_oversight", is_case_manager & is_cases_own_manager)
