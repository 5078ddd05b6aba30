"""The service navigation: which pages each role sees, in order, from the permissions its
role holds (accounts/roles.py). A role's home page is its first item (a board member's the
dashboard, an administrator's the access log)."""

from __future__ import annotations

NAVIGATION = [
    ("Today", "web:today", "oversight.view_today"),
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


def navigation_items(user) -> list[tuple[str, str]]:
    """(label, url name) of every page in the navigation this user may open."""
    return [(label, name) for label, name, perm in NAVIGATION if perm is None or user.has_perm(perm)]
