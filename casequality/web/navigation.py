"""The service navigation: which pages each role sees, in order, from the permissions its
role holds (accounts/roles.py). A role's home page is its first item (a board member's the
dashboard, an administrator's the access log)."""

from __future__ import annotations

from functools import cache

from casequality.accounts.roles import roles_that_may

NAVIGATION = [
    ("Today", "web:today", "oversight.view_today"),
    ("Your marking", "audits:marking", "audits.view_marking"),
    ("Cases", "web:caseload", "cases.view_caseload"),
    ("Oversight", "web:oversight", "oversight.view_oversight"),
    ("Supervision", "web:supervision", "oversight.draw_sample"),
    ("Self-audit", "web:self_audit", "oversight.view_self_audits"),
    ("Dashboard", "web:board", "reports.view_board"),
    ("Improvement plan", "web:plan", "reports.view_plan"),
    ("Measures", "web:measures", "standards.view_measures"),
    ("KPIs", "web:kpis", "reports.view_kpis"),
    ("Audits", "audits:list", "audits.view_audits"),
    ("Reports", "reports:list", "reports.view_reports"),
    ("Access log", "web:access_log", "accounts.view_access_log"),
    ("Rulebook", "web:rules", "standards.view_rulebook"),
    ("Users and teams", "admin:index", "accounts.use_admin_site"),
    ("Sign out", "web:sign_out", None),
]


# Pages that share one place in the navigation, under one label, so that every role's
# navigation fits on one line at 1280 px: the first page the person may open is where the
# label leads, and the group's pages are listed under the navigation (a label with one
# page the person may open is that page's own). Sign out sits in the header instead.
GROUPS = {
    "web:oversight": "Oversight",
    "web:supervision": "Oversight",
    "web:self_audit": "Oversight",
    "web:board": "Performance",
    "web:plan": "Performance",
    "web:measures": "Performance",
    "web:kpis": "Performance",
    "audits:list": "Audits",
    "reports:list": "Audits",
    "web:access_log": "Administration",
    "admin:index": "Administration",
}
IN_THE_HEADER = {"web:sign_out"}


def navigation_groups(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """(label, [(label, url name), ...]) of each place in the navigation, in order."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for label, name in navigation_items(user):
        if name not in IN_THE_HEADER:
            groups.setdefault(GROUPS.get(name, label), []).append((label, name))
    return [(label if len(pages) > 1 else pages[0][0], pages) for label, pages in groups.items()]


def navigation_items(user) -> list[tuple[str, str]]:
    """(label, url name) of every page in the navigation this user may open: what their role
    may open, as django-rules decides it from the role table (accounts/rules.py), worked out
    once per role (tests/web/test_navigation.py holds it to `user.has_perm` for every role)."""
    if not (user and user.is_authenticated and user.is_active):
        return [(label, name) for label, name, perm in NAVIGATION if perm is None]
    return list(_items_of_role(user.role))


@cache
def _items_of_role(role: str) -> tuple[tuple[str, str], ...]:
    return tuple((label, name) for label, name, perm in NAVIGATION if perm is None or role in roles_that_may(perm))
