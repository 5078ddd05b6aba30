"""Every page of the site, as every member of the cast: who gets it, who gets 403 or 404.

The URL patterns are enumerated from the resolver, so a new page that is missing from
the table below fails the suite until someone decides who may use it.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PEOPLE = ["cm_a", "cm_b", "cm_c", "tm_north", "tm_south", "qa_lead", "inspector", "board", "admin"]

# url name -> (kwargs from the world, expected status per person in PEOPLE's order).
# 200 the page; 302 sent on; 403 the role may not use the page; 404 the object is out of scope.
EXPECTED = {
    "web:home": (lambda w: {}, "302 302 302 302 302 302 302 302 302"),
    "web:sign_in": (lambda w: {}, "302 302 302 302 302 302 302 302 302"),
    "web:sign_out": (lambda w: {}, "200 200 200 200 200 200 200 200 200"),
    # Signed in with the second factor passed: the code page sends on; the set-up page
    # sends to the code page (everyone here has an app); one's own password for all.
    "web:two_factor": (lambda w: {}, "302 302 302 302 302 302 302 302 302"),
    "web:two_factor_setup": (lambda w: {}, "302 302 302 302 302 302 302 302 302"),
    "web:password_change": (lambda w: {}, "200 200 200 200 200 200 200 200 200"),
    # Each person's own email settings (casequality/notifications/views.py).
    "web:email_settings": (lambda w: {}, "200 200 200 200 200 200 200 200 200"),
    # Single sign-on (mozilla-django-oidc): off to the identity provider, or back to
    # sign-in; its sign-out takes a POST only (web:sign_out is the one people use).
    "oidc_authentication_init": (lambda w: {}, "302 302 302 302 302 302 302 302 302"),
    "oidc_authentication_callback": (lambda w: {}, "302 302 302 302 302 302 302 302 302"),
    "oidc_logout": (lambda w: {}, "405 405 405 405 405 405 405 405 405"),
    # Today (web/views/today.py): case managers, team managers and QA leads; their home.
    "web:today": (lambda w: {}, "200 200 200 200 200 200 403 403 403"),
    "web:caseload": (lambda w: {}, "200 200 200 200 200 200 200 403 403"),
    # Find a child (decision 0048): whoever sees children; never the board or an administrator.
    "web:search": (lambda w: {}, "200 200 200 200 200 200 200 403 403"),
    "web:caseload_csv": (lambda w: {}, "200 200 200 200 200 200 200 403 403"),
    "web:case_detail": (lambda w: {"ref": "N-0001"}, "200 404 404 200 404 200 404 403 403"),
    "web:finding_answer": (lambda w: {"ref": "N-0001", "pk": w.cm_finding.pk}, "200 404 404 403 404 403 404 403 403"),
    "web:request_oversight": (
        lambda w: {"ref": "N-0001", "kind": "assessment", "item_ref": "A1"},
        "200 404 404 403 404 403 404 403 403",
    ),
    "web:oversight": (lambda w: {}, "403 403 403 200 200 200 403 403 403"),
    "web:oversight_csv": (lambda w: {}, "403 403 403 200 200 200 403 403 403"),
    "web:oversight_item": (
        lambda w: {"ref": "N-0001", "kind": "assessment", "item_ref": "A1"},
        "403 403 403 200 404 200 403 403 403",
    ),
    "web:supervision": (lambda w: {}, "403 403 403 200 200 200 403 403 403"),
    "web:supervision_sample": (lambda w: {"pk": w.sample.pk}, "403 403 403 200 404 200 403 403 403"),
    "web:supervision_case": (lambda w: {"pk": w.sample.pk, "ref": "N-0001"}, "403 403 403 200 404 200 403 403 403"),
    "web:self_audit": (lambda w: {}, "200 200 200 200 200 200 403 403 403"),
    "web:self_audit_new": (lambda w: {"ref": "N-0001"}, "200 404 404 403 404 403 403 403 403"),
    "web:self_audit_detail": (lambda w: {"pk": w.self_audit.pk}, "200 404 404 200 404 200 403 403 403"),
    "web:rules": (lambda w: {}, "200 200 200 200 200 200 200 403 200"),
    "web:rule_change": (lambda w: {"rule_id": "OVS-001"}, "403 403 403 403 403 200 403 403 403"),
    "web:parameter_change": (lambda w: {"name": "countersign_due_wd"}, "403 403 403 403 403 200 403 403 403"),
    "web:access_log": (lambda w: {}, "403 403 403 403 403 200 403 403 200"),
    "web:board": (lambda w: {}, "403 403 403 403 403 200 403 200 403"),
    "web:measures": (lambda w: {}, "403 403 403 200 200 200 403 200 403"),
    # The board's improvement plan (casequality/reports/rules.py): QA leads and team
    # managers edit, the board reads and comments; the action is North's service's.
    "web:plan": (lambda w: {}, "403 403 403 200 200 200 403 200 403"),
    "web:plan_pdf": (lambda w: {}, "403 403 403 200 200 200 403 200 403"),
    "web:plan_action_new": (lambda w: {}, "403 403 403 200 200 200 403 403 403"),
    "web:plan_action": (lambda w: {"pk": w.action.pk}, "403 403 403 200 200 200 403 200 403"),
    "web:plan_action_edit": (lambda w: {"pk": w.action.pk}, "403 403 403 200 200 200 403 403 403"),
    "web:plan_update_new": (lambda w: {"pk": w.action.pk}, "403 403 403 200 200 200 403 403 403"),
    "web:plan_comment_new": (lambda w: {"pk": w.action.pk}, "403 403 403 403 403 403 403 200 403"),
    # The KPIs: figures for managers and the board; the cases behind a figure for managers only.
    "web:kpis": (lambda w: {}, "403 403 403 200 200 200 403 200 403"),
    "web:kpi_cases": (lambda w: {"kpi_id": "kpi-1"}, "403 403 403 200 200 200 403 403 403"),
    # The audits app's pages (casequality/audits/rules.py): QA leads run audits, inspectors
    # answer the cases assigned to them.
    "audits:list": (lambda w: {}, "403 403 403 403 403 200 200 403 403"),
    "audits:new": (lambda w: {}, "403 403 403 403 403 200 403 403 403"),
    # An inspector's home: the cases assigned to them, by audit (decision 0049).
    "audits:marking": (lambda w: {}, "403 403 403 403 403 403 200 403 403"),
    "audits:detail": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 200 200 403 403"),
    "audits:sample": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 200 403 403 403"),
    "audits:assign": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 200 403 403 403"),
    "audits:case": (lambda w: {"pk": w.audit.pk, "case_pk": w.audit_case.pk}, "403 403 403 403 403 200 200 403 403"),
    "audits:moderation": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 200 403 403 403"),
    "audits:judged": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 200 403 403 403"),
    # The self-assessment in its body's layout (decision 0055): read as the audit's report,
    # written as the audit's pages; the world's audit (sqs-2013) has no such layout (404),
    # and its report is not published, so the board gets 404 too.
    "audits:self_assessment": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 404 403 404 403"),
    "audits:self_assessment_standard": (
        lambda w: {"pk": w.audit.pk, "standard": "1"},
        "403 403 403 403 403 404 403 403 403",
    ),
    "audits:recheck": (lambda w: {}, "403 403 403 403 403 200 403 403 403"),
    # The service's own assumed figures (decision 0054): the QA lead, who makes audits.
    "audits:figures": (lambda w: {}, "403 403 403 403 403 200 403 403 403"),
    # without a disagreement named (?case=&question=) there is nothing to settle: 404
    "audits:settle": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 404 403 403 403"),
    # The reports app's pages (casequality/reports/rules.py): the board reads published
    # reports only, so the draft here is not found for them.
    "reports:list": (lambda w: {}, "403 403 403 403 403 200 403 200 403"),
    "reports:compare": (lambda w: {}, "403 403 403 403 403 200 403 200 403"),
    "reports:detail": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 200 403 404 403"),
    "reports:pdf": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 200 403 404 403"),
    "reports:edit": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 200 403 403 403"),
    "reports:publish": (lambda w: {"pk": w.audit.pk}, "403 403 403 403 403 200 403 403 403"),
}
# Django's admin checks its own permissions (accounts/rules.py grants the admin role
# users, services, teams and staff); its index and the pages the admin role uses are
# walked here. No case model is registered (tests/web/test_admin.py).
ADMIN_EXPECTED = {
    "admin:index": (lambda w: {}, "302 302 302 302 302 302 302 302 200"),
    "admin:accounts_user_changelist": (lambda w: {}, "302 302 302 302 302 302 302 302 200"),
    "admin:accounts_user_change": (lambda w: {"object_id": w.cast.cm_a.pk}, "302 302 302 302 302 302 302 302 200"),
    "admin:accounts_user_add": (lambda w: {}, "302 302 302 302 302 302 302 302 200"),
    "admin:cases_service_changelist": (lambda w: {}, "302 302 302 302 302 302 302 302 200"),
    "admin:cases_team_changelist": (lambda w: {}, "302 302 302 302 302 302 302 302 200"),
    "admin:cases_staff_changelist": (lambda w: {}, "302 302 302 302 302 302 302 302 200"),
    "admin:accounts_accesslogentry_changelist": (lambda w: {}, "302 302 302 302 302 302 302 302 200"),
    "admin:axes_accessattempt_changelist": (lambda w: {}, "302 302 302 302 302 302 302 302 200"),
}


def _names(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def site_url_names() -> set[str]:
    # The API (/api/v1/) answers integrations' tokens, never a signed-in person: tests/api/;
    # /healthz and /readyz answer anyone and show nothing of a record: tests/web/test_health.py.
    return {n for n in _names(get_resolver().url_patterns) if not n.startswith(("admin:", "api:", "api-", "health:"))}


def test_every_page_of_the_site_has_an_expectation_for_every_role():
    missing = site_url_names() - set(EXPECTED)
    assert not missing, f"pages with no entry in EXPECTED (decide who may use them): {sorted(missing)}"


def test_every_pattern_without_a_name_is_only_in_the_admin():
    unnamed = [p for p in get_resolver().url_patterns if isinstance(p, URLPattern) and not p.name]
    assert unnamed == []


@pytest.mark.parametrize("name", sorted({**EXPECTED, **ADMIN_EXPECTED}))
def test_each_person_gets_the_page_or_is_refused(client, world, name):
    kwargs, statuses = {**EXPECTED, **ADMIN_EXPECTED}[name]
    url = reverse(name, kwargs=kwargs(world))
    got = {}
    for person in PEOPLE:
        client.force_login(getattr(world.cast, person))
        got[person] = client.get(url).status_code
        client.logout()
    assert got == dict(zip(PEOPLE, (int(s) for s in statuses.split())))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_someone_not_signed_in_is_sent_to_sign_in(client, world, name):
    kwargs, _ = EXPECTED[name]
    response = client.get(reverse(name, kwargs=kwargs(world)))
    if name == "web:sign_in":
        assert response.status_code == 200
    elif name == "oidc_logout":
        assert response.status_code == 405
    elif name.startswith("oidc_"):
        # Single sign-on starts at the identity provider, and a callback without its
        # answer goes back to sign-in; neither needs a session.
        assert response.status_code == 302
        assert response["Location"].startswith(("https://sso.example.invalid/", "/accounts/login/", "/"))
    else:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_no_page_the_board_may_open_shows_a_childs_name_or_date_of_birth(client, world):
    client.force_login(world.cast.board)
    opened = []
    for name, (kwargs, statuses) in EXPECTED.items():
        if statuses.split()[PEOPLE.index("board")] != "200":
            continue
        response = client.get(reverse(name, kwargs=kwargs(world)))
        html = _text_of(response)
        opened.append(name)
        for case in world.cases.values():
            assert case.child_name not in html, name
            assert case.child_dob.strftime("%-d %B %Y") not in html and case.child_dob.isoformat() not in html, name
    assert "web:board" in opened and "web:plan_pdf" in opened


def _text_of(response) -> str:
    """A page's HTML, or the text of a PDF (pypdf reads it)."""
    if response["Content-Type"] == "application/pdf":
        from io import BytesIO

        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    return response.getvalue().decode()  # a download is streamed (StreamingHttpResponse)


# Pages that show no child's name or record (rules, counts, forms about audits, the log
# itself, one's own password); every other page a person opens writes an access-log entry.
PAGES_WITHOUT_CHILDREN = {
    "web:home",
    "web:sign_in",
    "web:sign_out",
    "web:rules",
    "web:rule_change",
    "web:parameter_change",
    "web:access_log",
    "web:board",
    "audits:list",
    "audits:new",
    "audits:sample",
    "audits:judged",
    "audits:figures",
    "reports:list",
    "reports:compare",
    "reports:edit",
    "reports:publish",
    "web:supervision",
    "web:measures",
    "web:password_change",
    "web:email_settings",
    "web:plan",
    "web:plan_pdf",
    "web:plan_action_new",
    "web:plan_action",
    "web:plan_action_edit",
    "web:plan_update_new",
    "web:plan_comment_new",
    "web:kpis",
    # The search's own address shows its form only; a search logs (tests/web/test_search.py).
    "web:search",
}


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - PAGES_WITHOUT_CHILDREN))
def test_every_page_showing_children_writes_an_access_log_entry_for_whoever_opens_it(client, world, name):
    from casequality.accounts.models import AccessLogEntry, AccessVerb

    kwargs, statuses = EXPECTED[name]
    url = reverse(name, kwargs=kwargs(world))
    for person, status in zip(PEOPLE, statuses.split()):
        if status != "200":
            continue
        user = getattr(world.cast, person)
        client.force_login(user)
        before = AccessLogEntry.objects.filter(actor=user).exclude(verb=AccessVerb.SIGN_IN).count()
        client.get(url)
        assert AccessLogEntry.objects.filter(actor=user).exclude(verb=AccessVerb.SIGN_IN).count() > before, (
            name,
            person,
        )
        client.logout()
