"""Scoping: which cases a user may see, written once. Every lookup of a child's record goes
through here.

What each role sees is its `scope` in the role table (accounts/roles.py); cases_for_user
works it out as a queryset and case_visible_to for one case (the object permissions of
accounts/rules.py), by the same tests. The services a user holds are user_service_ids,
and user_services_sql says the same in plain SQL for the page cache's one query. A case
manager's caseload and a team manager's team lie in their own services, so a page the cache
keeps under those services' versions is never older than a case it shows.
tests/accounts/test_one_scope.py checks these agree for every role.

The helpers return the object only if the user may see it (else Http404, so that a case
outside one's scope is indistinguishable from one that does not exist).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from casequality.accounts.models import AccessLogEntry, Role, User
from casequality.accounts.roles import ROLES, Scope
from casequality.cases.models import Case, Staff

# Where user_service_ids remembers a user's services: on the user object itself, under an
# attribute no model or stub declares. Only the three functions below read or write it.
_SERVICE_IDS = "_casequality_service_ids"


def user_service_ids(user: User) -> set[int]:
    """The services the user belongs to or has been granted (cached on the user object)."""
    cached: set[int] | None = getattr(user, _SERVICE_IDS, None)
    if cached is None:
        cached = set(user.extra_services.values_list("id", flat=True)) if user.pk else set()
        if user.service_id:
            cached.add(user.service_id)
        setattr(user, _SERVICE_IDS, cached)
    return cached


def user_service_ids_remembered(user: User) -> bool:
    """Whether user_service_ids already knows the user's services (it would ask nothing)."""
    return getattr(user, _SERVICE_IDS, None) is not None


def user_service_ids_known(user: User, granted: Iterable[int]) -> None:
    """Remember the services the user has been granted, read with the user on sign-in's
    every request (data/signed_in.py) or with the page cache's record versions
    (data/page_cache.py), so that user_service_ids asks nothing more."""
    known = set(granted)
    if user.service_id:
        known.add(user.service_id)
    setattr(user, _SERVICE_IDS, known)


# user_service_ids in plain SQL, one column `id`: the user's home service and those granted
# them. The page cache reads it with the services' record versions in one query.
USER_SERVICES_SQL = (
    "SELECT service_id AS id FROM accounts_user_extra_services WHERE user_id = %s "
    "UNION SELECT id FROM cases_service WHERE id = %s"
)


def user_services_sql(user: User) -> tuple[str, list[int | None]]:
    """(SQL, parameters) of the ids of the services user_service_ids gives."""
    return USER_SERVICES_SQL, [user.pk, user.service_id]


def _scope(user: User) -> Scope:
    """The scope of the user's role (accounts/roles.py); none unless signed in and active."""
    if not (user and user.is_authenticated and user.is_active):
        return Scope.NONE
    rights = ROLES.get(user.role)
    return rights.scope if rights is not None else Scope.NONE


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
    be active (the last import named them), of the user's role and of one of the user's
    services. A staff member who leaves loses their caseload or team with the next import,
    one who moves team changes it; one whose role changed in the record sees nothing until
    an administrator gives the user the new role (granting stays a person's decision,
    removing is automatic). Read once per request (cached on the user object).
    """
    cached = getattr(user, "_casequality_scope_staff", _NO_STAFF)
    if cached is _NO_STAFF:
        staff = user.staff if user.staff_id else None
        if staff is not None and (
            not staff.active
            or staff.role != user.role
            or (staff.service_id != user.service_id and staff.service_id not in user_service_ids(user))
        ):
            staff = None
        user._casequality_scope_staff = cached = staff
    return cached


def user_team_id(user: User) -> int | None:
    """A team manager's team, from their staff record (None: no team, no cases)."""
    staff = user_scope_staff(user) if _scope(user) is Scope.TEAM else None
    return staff.team_id if staff is not None else None


def user_caseload_staff_id(user: User) -> int | None:
    """A case manager's own staff id while their staff record gives them a caseload."""
    staff = user_scope_staff(user) if _scope(user) is Scope.CASELOAD else None
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


def cases_of_services(service_ids: Iterable[int]) -> QuerySet[Case]:
    """Every case of these services: a QA lead's scope, and an API token's (its one service)."""
    return Case.objects.filter(service_id__in=list(service_ids))


def cases_for_user(user: User) -> QuerySet[Case]:
    """Every case this user may see: their caseload, team, service(s) or audits (their role's scope)."""
    scope = _scope(user)
    if scope is Scope.CASELOAD:
        staff_id = user_caseload_staff_id(user)
        return Case.objects.filter(case_manager_id=staff_id) if staff_id else Case.objects.none()
    if scope is Scope.TEAM:
        team_id = user_team_id(user)
        return Case.objects.filter(team_id=team_id) if team_id else Case.objects.none()
    if scope is Scope.SERVICES:
        return cases_of_services(user_service_ids(user))
    if scope is Scope.AUDITS:
        return Case.objects.filter(id__in=inspector_case_ids(user))
    return Case.objects.none()  # the board and administrators never see a child's record


def case_visible_to(user: User, case: Case) -> bool:
    """Whether `case` is in cases_for_user(user), without a query where the record says so."""
    scope = _scope(user)
    if case is None:
        return False
    if scope is Scope.CASELOAD:
        staff_id = user_caseload_staff_id(user)
        return bool(staff_id) and case.case_manager_id == staff_id
    if scope is Scope.TEAM:
        team_id = user_team_id(user)
        return bool(team_id) and case.team_id == team_id
    if scope is Scope.SERVICES:
        return case.service_id in user_service_ids(user)
    if scope is Scope.AUDITS:
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
    """The case managers whose work this user may oversee (their team, or their services), or
    a case manager themselves."""
    staff = Staff.objects.filter(role=Role.CASE_MANAGER)
    scope = _scope(user)
    if scope is Scope.TEAM:
        team_id = user_team_id(user)
        return staff.filter(team_id=team_id) if team_id else Staff.objects.none()
    if scope is Scope.SERVICES:
        return staff.filter(service_id__in=user_service_ids(user))
    if scope is Scope.CASELOAD and user_caseload_staff_id(user):
        return staff.filter(pk=user.staff_id)
    return Staff.objects.none()


@dataclass(frozen=True)
class AccessLogWindow:
    """A page of the access log: its entries newest first, and whether there are newer
    and older ones (decision 0063: by position in the chain, never counting the log)."""

    entries: list[AccessLogEntry]
    newer: bool
    older: bool
    latest: bool  # the newest entries (the first page)


def access_log_window(
    entries: QuerySet[AccessLogEntry], *, older_than: int | None, newer_than: int | None, size: int
) -> AccessLogWindow:
    """`size` of `entries` (already scoped and filtered) older than the entry at
    `older_than`, or newer than the one at `newer_than`, newest first; the newest `size`
    when neither is asked for or nothing lies that way (a position past either end)."""
    if older_than is not None:
        shown = list(entries.filter(seq__lt=older_than).order_by("-seq")[: size + 1])
        if shown:
            return AccessLogWindow(shown[:size], newer=True, older=len(shown) > size, latest=False)
    elif newer_than is not None:
        shown = list(entries.filter(seq__gt=newer_than).order_by("seq")[: size + 1])
        if len(shown) > size:  # a whole page with more above it; else the newest are shown
            return AccessLogWindow(shown[:size][::-1], newer=True, older=True, latest=False)
    shown = list(entries.order_by("-seq")[: size + 1])
    return AccessLogWindow(shown[:size], newer=False, older=len(shown) > size, latest=True)
