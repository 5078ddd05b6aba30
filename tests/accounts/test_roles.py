"""Roles and their permissions have one home each: the list of roles in
cases/vocabulary/roles.py, what each may do in accounts/roles.py (decision 0039).
Everything else is derived, and no other module keeps a list of roles."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from casequality.accounts.models import Role, User
from casequality.accounts.roles import ON_A_CASE, PERMISSIONS, ROLES, SEES_CHILDREN, roles_that_may
from casequality.cases.interchange.schema import ROLES as INTERCHANGE_ROLES
from casequality.cases.models import Staff
from casequality.web.navigation import navigation_items

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "casequality"
HOME = {"casequality/cases/vocabulary/roles.py", "casequality/accounts/roles.py"}
# Files that still keep roles of their own, each with its reason or what it should read
# instead. Each must still do so (test_each_file_allowed_to_keep_roles_still_does), so the
# list can only shrink.
ALLOWED = {
    "casequality/demo/generator/examples.py": "the demo's example staff, read as the record's text (demo generator)",
    "casequality/demo/generator/oversight.py": "the demo's staff as the generator writes them, before any import",
    "casequality/reports/evidence_pack.py": "rows of the record's staff as exported text (could compare with Role)",
    "casequality/data/page_cache.py": "KEPT_FOR: should read accounts.roles.SCOPE_WITHIN_SERVICES",
    "casequality/web/views/cases.py": "the filters' roles: should read the role's scope (accounts/roles.py)",
    "casequality/web/views/today.py": "MANAGERS: should read roles_that_may('cases.countersign')",
    "casequality/oversight/today.py": "who has a Today list: should read roles_that_may('oversight.view_today')",
    "casequality/notifications/digest.py": "who gets a digest: should read roles_that_may('oversight.view_today')",
}


def _role(node: ast.AST | None) -> bool:
    """A role written as text ("qa_lead")."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in set(Role.values)


def _named(node: ast.AST | None) -> str | None:
    """The role a node names, as text or as a member (Role.QA_LEAD, StaffRole.QA_LEAD)."""
    if _role(node):
        return node.value  # type: ignore[union-attr]
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("Role", "StaffRole"):
        return Role[node.attr].value if node.attr in Role.names else None
    return None


def _several(nodes) -> bool:
    return len({_named(n) for n in nodes} - {None}) >= 2


def roles_written_as_text(source: str) -> list[tuple[int, str]]:
    """Where a module keeps roles of its own: a list, table or class of two roles or more
    (as text or as members of Role: which roles do a thing is said by what they may do),
    a role compared as text with something named role, or `role=` given as text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            if _several(node.elts):
                found.append((node.lineno, "a list of roles"))
        elif isinstance(node, ast.Dict):
            if _several(node.keys):
                found.append((node.lineno, "a table keyed by roles"))
            found += [
                (node.lineno, "a role written as text")
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and k.value == "role" and _role(v)
            ]
        elif isinstance(node, ast.ClassDef):
            named = {c.value for stmt in node.body if isinstance(stmt, ast.Assign) for c in ast.walk(stmt) if _role(c)}
            if len(named) >= 2:
                found.append((node.lineno, "a class of roles"))
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_role(s) for s in sides) and any("role" in ast.unparse(s) for s in sides if not _role(s)):
                found.append((node.lineno, "a role compared as text"))
        elif isinstance(node, ast.keyword) and node.arg == "role" and _role(node.value):
            found.append((node.value.lineno, "a role written as text"))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.once
def test_no_module_but_the_home_keeps_a_list_of_roles():
    problems = [
        f"{p.relative_to(ROOT).as_posix()}:{line}: {what} (use casequality.cases.vocabulary.roles.Role)"
        for p in _modules()
        if p.relative_to(ROOT).as_posix() not in HOME | set(ALLOWED)
        for line, what in roles_written_as_text(p.read_text(encoding="utf-8"))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.once
def test_the_home_is_found_by_the_check_that_guards_it():
    assert roles_written_as_text((ROOT / "casequality/cases/vocabulary/roles.py").read_text(encoding="utf-8"))


@pytest.mark.once
@pytest.mark.parametrize(
    "source",
    [
        'ROLES = ("case_manager", "team_manager", "qa_lead")',
        'HOME = {"board": "web:board", "admin": "web:access_log"}',
        'may = user.role in {"team_manager", "qa_lead"}',
        'is_admin = user.role == "admin"',
        'managers = Staff.objects.filter(role="team_manager")',
        "KEPT_FOR = frozenset({Role.CASE_MANAGER, Role.QA_LEAD})",
        "people = User.objects.filter(role__in=[StaffRole.INSPECTOR, Role.QA_LEAD])",
        'row = {"id": "S1", "role": "case_manager"}',
        'class Kind:\n    A = "inspector", "Inspector"\n    B = "board", "Board member"',
    ],
)
def test_the_check_finds_roles_written_again(source):
    assert roles_written_as_text(source)


@pytest.mark.once
@pytest.mark.parametrize(
    "source",
    [
        'cases.select_related("case", "inspector", "moderator")',
        'document = {"case_manager": "S1", "team": "North"}',
        "may = user.role in COUNTERSIGNERS",
        "is_board = user.role == Role.BOARD",
        "roles = tuple(Role.values)",
    ],
)
def test_the_check_leaves_field_names_and_derived_roles_alone(source):
    assert roles_written_as_text(source) == []


@pytest.mark.once
def test_each_file_allowed_to_keep_roles_still_does():
    stale = [name for name in ALLOWED if not roles_written_as_text((ROOT / name).read_text(encoding="utf-8"))]
    assert not stale, f"take these out of ALLOWED: {stale}"


@pytest.mark.once
def test_every_role_has_one_row_of_rights():
    assert set(ROLES) == set(Role)


def test_a_staff_members_role_and_the_interchange_formats_are_the_users_roles():
    assert Staff._meta.get_field("role").choices == User._meta.get_field("role").choices == Role.choices
    assert INTERCHANGE_ROLES == tuple(Role.values)


@pytest.mark.once
def test_the_permissions_on_a_case_are_held_only_by_roles_that_see_childrens_records():
    for perm in ON_A_CASE:
        assert roles_that_may(perm) <= SEES_CHILDREN, perm


_NAMED = re.compile(r"""(?:has_perm|page_permission)\(\s*["']([a-z_]+\.[a-z_]+)["']""")


@pytest.mark.once
def test_every_permission_the_code_asks_for_is_held_by_some_role():
    """A misspelt permission would refuse everyone without a word: every one asked for by
    name (has_perm, page_permission, the navigation) is in the role table."""
    from casequality.web.navigation import NAVIGATION

    asked = {perm for _label, _name, perm in NAVIGATION if perm is not None}
    for path in [*_modules(), *PACKAGE.rglob("*.html"), *PACKAGE.rglob("*.jinja")]:
        asked |= set(_NAMED.findall(path.read_text(encoding="utf-8")))
    assert asked, "the code asks for permissions by name"
    assert asked - PERMISSIONS == set()


@pytest.mark.parametrize("role", list(Role))
def test_a_user_holds_exactly_the_page_permissions_of_their_roles_row(db, role):
    user = User.objects.create(username=f"someone-{role}", role=role)
    held = {perm for perm in PERMISSIONS - ON_A_CASE if user.has_perm(perm)}
    assert held == ROLES[role].may - ON_A_CASE


@pytest.mark.parametrize("role", list(Role))
def test_an_inactive_user_holds_no_permission(db, role):
    user = User.objects.create(username=f"gone-{role}", role=role, is_active=False)
    assert not any(user.has_perm(perm) for perm in PERMISSIONS)


@pytest.mark.parametrize("role", list(Role))
def test_a_roles_navigation_is_the_pages_its_permissions_open(db, role):
    from casequality.web.navigation import NAVIGATION

    user = User.objects.create(username=f"nav-{role}", role=role)
    shown = [label for label, _name in navigation_items(user)]
    may = ROLES[role].may
    assert shown == [label for label, _name, perm in NAVIGATION if perm is None or perm in may]


@pytest.mark.parametrize("role", list(Role))
def test_a_roles_navigation_worked_out_once_is_what_has_perm_opens_for_them(db, role):
    from casequality.web.navigation import NAVIGATION

    user = User.objects.create(username=f"nav-perm-{role}", role=role)
    opened = [(label, name) for label, name, perm in NAVIGATION if perm is None or user.has_perm(perm)]
    assert navigation_items(user) == opened


def test_a_deactivated_user_is_shown_no_page_but_signing_out(db):
    user = User.objects.create(username="gone", role=Role.QA_LEAD, is_active=False)
    assert navigation_items(user) == [("Sign out", "web:sign_out")]


def test_only_a_role_that_may_use_the_admin_site_is_shown_it(db):
    users = {role: User.objects.create(username=f"admin-site-{role}", role=role) for role in Role}
    shown = {role for role, user in users.items() if ("Users and teams", "admin:index") in navigation_items(user)}
    assert shown == roles_that_may("accounts.use_admin_site") == {Role.ADMIN}


@pytest.mark.once
def test_the_security_page_describes_every_role():
    text = (ROOT / "docs/security.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| ([A-Z][\w ]+?) \|", text, flags=re.M))
    assert {role.label for role in Role} <= rows
