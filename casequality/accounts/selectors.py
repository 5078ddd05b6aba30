"""Scoping: which cases a user may see. Every lookup of a child's record goes through here.

The helpers return the object only if the user may see it (else Http404, so that a case
outside one's scope is indistinguishable from one that does not exist), and the rules in
accounts/rules.py say what they may do with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import QuerySet
from django.http import Http404

from casequality.accounts.models import Role, User
from casequality.cases.models import Case, Staff


def user_service_ids(user: User) -> set[int]:
    """The services the user belongs to or has been granted (cached on the user object)."""
    cached = getattr(user, "_casequality_service_ids", None)
    if cached is None:
        cached = set(user.extra_services.values_list("id", flat=True)) if user.pk else set()
        if user.service_id:
            cached.add(user.service_id)
        user._casequality_service_ids = cached
    return cached


def is_national_admin(user: User) -> bool:
    """An administrator whose admin pages reach every service (`casequality national-admin grant`)."""
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and user.role == Role.ADMIN
        and getattr(user, "national_admin", False)
    )


def admin_scope(user: User) -> set[int] | None:
    """The services this administrator acts on (Django admin, the access log): None for every
    service (the national administrator), else their own service and any granted to them
    (empty for anyone else, or an administrator of no service)."""
    if is_national_admin(user):
        return None
    if not (user and user.is_authenticated and user.is_active and user.role == Role.ADMIN):
        return set()
    return set(user_service_ids(user))


_NO_STAFF = object()


def user_scope_staff(user: User) -> Staff | None:
    """The imported staff record that gives this case manager or team manager their scope.

    Scope follows the staff record, not anything set by hand on the user: the record must
    be active (the last import named them) and of the user's role. A staff member who
    leaves loses their caseload or team with the next import, one who moves team changes
    it; one whose role changed in the record sees nothing until an administrator gives
    the user the new role (granting stays a person's decision, removing is automatic).
    Read once per request (cached on the user object).
    """
    cached = getattr(user, "_casequality_scope_staff", _NO_STAFF)
    if cached is _NO_STAFF:
        staff = user.staff if user.staff_id else None
        if staff is not None and (not staff.active or staff.role != user.role):
            staff = None
        user._casequality_scope_staff = cached = staff
    return cached


def user_team_id(user: User) -> int | None:
    """A team manager's team, from their staff record (None: no team, no cases)."""
    staff = user_scope_staff(user) if user.role == Role.TEAM_MANAGER else None
    return staff.team_id if staff is not None else None


def user_caseload_staff_id(user: User) -> int | None:
    """A case manager's own staff id while their staff record gives them a caseload."""
    staff = user_scope_staff(user) if user.role == Role.CASE_MANAGER else None
    return staff.pk if staff is not None else None


# The audits app owns inspectors' assignments and stands above accounts, so accounts
# never imports it: audits hands in its selector when it loads (audits/apps.py).
_inspector_case_ids: Callable[[User], Iterable[int] | QuerySet] | None = None


def inspector_scope_register(case_ids: Callable[[User], Iterable[int] | QuerySet]) -> None:
    """Name the selector that gives the ids of the cases an inspector may see."""
    global _inspector_case_ids
    _inspector_case_ids = case_ids


def inspector_case_ids(user: User) -> Iterable[int] | QuerySet:
    """Ids of the cases of the audits assigned to this inspector, from the audits app.

    Empty until the audits app has registered its selector: without audits, an inspector
    has no assignment and sees no case.
    """
    if _inspector_case_ids is None:
        return Case.objects.none().values_list("id", flat=True)
    return _inspector_case_ids(user)


def cases_for_user(user: User) -> QuerySet[Case]:
    """Every case this user may see: their caseload, team, service(s) or audits."""
    if not (user and user.is_authenticated and user.is_active):
        return Case.objects.none()
    if user.role == Role.CASE_MANAGER:
        staff_id = user_caseload_staff_id(user)
        return Case.objects.filter(case_manager_id=staff_id) if staff_id else Case.objects.none()
    if user.role == Role.TEAM_MANAGER:
        team_id = user_team_id(user)
        return Case.objects.filter(team_id=team_id) if team_id else Case.objects.none()
    if user.role == Role.QA_LEAD:
        return Case.objects.filter(service_id__in=user_service_ids(user))
    if user.role == Role.INSPECTOR:
        return Case.objects.filter(id__in=inspector_case_ids(user))
    return Case.objects.none()  # board and admin never see a child's record


def case_visible_to(user: User, case: Case) -> bool:
    """Whether `case` is in the user's scope, without a query where the record says so."""
    if not (user and user.is_authenticated and user.is_active) or case is None:
        return False
    if user.role == Role.CASE_MANAGER:
        staff_id = user_caseload_staff_id(user)
        return bool(staff_id) and case.case_manager_id == staff_id
    if user.role == Role.TEAM_MANAGER:
        team_id = user_team_id(user)
        return bool(team_id) and case.team_id == team_id
    if user.role == Role.QA_LEAD:
        return case.service_id in user_service_ids(user)
    if user.role == Role.INSPECTOR:
        return cases_for_user(user).filter(pk=case.pk).exists()
    return False


def case_get_for_user(user: User, ref: str) -> Case:
    """The case with this reference if the user may see it; Http404 otherwise.

    A reference is unique within a service; a QA lead granted two services that share a
    reference gets the one of their home service first.
    """
    cases = list(cases_for_user(user).filter(ref=ref).select_related("service", "team", "case_manager")[:2])
    if not cases:
        raise Http404("No such case")
    if len(cases) > 1:
        cases.sort(key=lambda c: (c.service_id != user.service_id, c.service_id))
    return cases[0]


def staff_for_user(user: User) -> QuerySet[Staff]:
    """The case managers whose work this user may oversee (their team, or their services)."""
    staff = Staff.objects.filter(role="case_manager")
    if user.role == Role.TEAM_MANAGER:
        team_id = user_team_id(user)
        return staff.filter(team_id=team_id) if team_id else Staff.objects.none()
    if user.role == Role.QA_LEAD:
        return staff.filter(service_id__in=user_service_ids(user))
    if user.role == Role.CASE_MANAGER and user_caseload_staff_id(user):
        return staff.filter(pk=user.staff_id)
    return Staff.objects.none()
