"""The inspector's home's plain reads (casequality/data/marking.py) return exactly what their
ORM twins return, with the same types and in the same order, on SQLite and PostgreSQL
(DATABASE_URL): assignments as inspector and as second marker, answers of both kinds,
reserves, an audit closed to its inspectors, another service's audit, hostile references.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from casequality.audits.models import Answer, Audit, AuditCase
from casequality.cases.models import Case, Service
from casequality.data import marking

from .test_reads import HOSTILE, typed

DAY = date(2026, 12, 2)


@pytest.fixture
def world(cast):
    """Three audits of the cast's service (the newest closed to inspectors from today) and
    one of another service, each with cases assigned to the inspector, to the QA lead as
    second marker or to both, some answered."""
    other = Service.objects.create(code="OTHER", name="Another service")
    audits = [
        Audit.objects.create(service=cast.service, framework="sqs-2013", title='Spring "audit" & <co>'),
        Audit.objects.create(
            service=cast.service, framework="hmip-youth-2025", title="Summer", framework_frozen={"a": 1}
        ),
        Audit.objects.create(service=cast.service, framework="sqs-2013", title="Closed", inspector_access_ends_on=DAY),
        Audit.objects.create(service=other, framework="sqs-2013", title="Elsewhere"),
    ]
    for n, ref in enumerate(HOSTILE):
        case = Case.objects.create(service=cast.service, ref=ref, child_name=f"Child {n}", child_dob=date(2009, 1, 1))
        away = Case.objects.create(service=other, ref=ref, child_name=f"Other {n}", child_dob=date(2009, 1, 1))
        for audit in audits[:3]:
            audit_case = AuditCase.objects.create(
                audit=audit,
                case=case,
                position=len(HOSTILE) - n,
                reserve=n % 5 == 4,
                inspector=cast.inspector if n % 3 else cast.qa_lead,
                moderator=cast.inspector if n % 2 else None,
            )
            for q in range(n % 4):
                Answer.objects.create(audit_case=audit_case, question=f"1.{q}", answer="yes", auditor="x")
            if n % 3 == 1:
                Answer.objects.create(
                    audit_case=audit_case, question="1.0", answer="no", auditor="y", is_moderation=True
                )
        AuditCase.objects.create(audit=audits[3], case=away, inspector=cast.inspector)
    return cast, audits, other


@pytest.mark.parametrize("today", [DAY - timedelta(days=1), DAY])
def test_the_plain_assignments_read_is_its_twin_in_its_order(world, today):
    cast, _, other = world
    for services in ([cast.service.pk], [cast.service.pk, other.pk], []):
        for user in (cast.inspector, cast.qa_lead, cast.cm_a):
            plain = marking.assignments(user.pk, services, today=today)
            twin = list(marking.assignments_orm(user.pk, services, today=today))
            assert typed(plain) == typed(twin), (user.username, services)


def test_the_assignments_read_counts_each_markers_answers(world):
    cast, audits, _ = world
    rows = marking.assignments(cast.inspector.pk, [cast.service.pk], today=DAY)
    row = next(r for r in rows if r["case_ref"] == HOSTILE[7] and r["audit_id"] == audits[0].pk)
    assert (row["marks"], row["second_marks"]) == (3, 1)


def test_the_assignments_read_leaves_out_reserves_closed_audits_and_other_services(world):
    cast, audits, _ = world
    rows = marking.assignments(cast.inspector.pk, [cast.service.pk], today=DAY)
    assert {r["audit_id"] for r in rows} == {audits[0].pk, audits[1].pk}
    assert not {r["id"] for r in rows} & set(AuditCase.objects.filter(reserve=True).values_list("id", flat=True))


def test_the_plain_audits_read_is_its_twin(world):
    _, audits, _ = world
    for ids in ([a.pk for a in audits], [audits[1].pk, audits[1].pk], [], [10**9]):
        assert typed(marking.audits(ids)) == typed(list(marking.audits_orm(ids))), ids


def test_the_plain_audit_cases_read_is_its_twin_in_its_order(world):
    cast, audits, other = world
    for audit in audits:
        for marker in (None, cast.inspector.pk, cast.qa_lead.pk, cast.cm_a.pk):
            plain = marking.audit_cases(audit.pk, marker_id=marker)
            twin = list(marking.audit_cases_orm(audit.pk, marker_id=marker))
            assert typed(plain) == typed(twin), (audit.title, marker)


def test_the_audit_cases_read_counts_each_markers_answers_and_names_them(world):
    cast, audits, _ = world
    rows = marking.audit_cases(audits[0].pk)
    row = next(r for r in rows if r["case_ref"] == HOSTILE[7])
    assert (row["answered"], row["moderated"]) == (3, 1)
    assert (row["inspector_username"], row["moderator_username"]) == (cast.inspector.username, cast.inspector.username)


def test_the_audit_cases_read_puts_reserves_last_then_in_draw_order(world):
    _, audits, _ = world
    rows = marking.audit_cases(audits[0].pk)
    reserves = [r["reserve"] for r in rows]
    assert reserves == sorted(reserves) and True in reserves
    positions = dict(AuditCase.objects.filter(audit=audits[0]).values_list("id", "position"))
    sampled = [positions[r["id"]] for r in rows if not r["reserve"]]
    assert sampled == sorted(sampled)


@pytest.mark.parametrize("with_sample", [True, False])
@pytest.mark.parametrize("today", [DAY - timedelta(days=1), DAY])
def test_the_plain_audit_in_scope_read_is_its_twin(world, today, with_sample):
    cast, audits, other = world
    for audit in [*audits, Audit(pk=10**9)]:
        for services in ([cast.service.pk], [other.pk], [cast.service.pk, other.pk], []):
            for marker in (None, cast.inspector.pk, cast.qa_lead.pk, cast.cm_a.pk):
                kwargs = {"marker_id": marker, "today": today, "with_sample": with_sample}
                plain = marking.audit_in_scope(audit.pk, services, **kwargs)
                twin = list(marking.audit_in_scope_orm(audit.pk, services, **kwargs))
                assert typed([plain] if plain else []) == typed(twin), (audit.title, services, marker)


def test_the_audit_in_scope_read_gives_a_marker_only_the_audits_open_to_them(world):
    cast, audits, _ = world
    mine = [
        a.title
        for a in audits
        if marking.audit_in_scope(a.pk, [cast.service.pk], marker_id=cast.inspector.pk, today=DAY)
    ]
    assert mine == [audits[0].title, audits[1].title]  # the third closed today; the fourth elsewhere


PANEL_UNREAD = ("diversity", "offences", "serious_incidents")


def test_the_plain_audit_case_read_is_its_twin_with_and_without_a_case_manager(world):
    cast, audits, _ = world
    Case.objects.filter(service=cast.service, ref__in=HOSTILE[::2]).update(case_manager=cast.cm_a.staff)
    other_audits = AuditCase.objects.filter(audit=audits[3]).values_list("id", flat=True)
    for audit in audits:
        for audit_case_id in [*audit.cases.values_list("id", flat=True), *other_audits, 10**9]:
            for leave_unread in ((), PANEL_UNREAD):
                plain = marking.audit_case_in_audit(audit.pk, audit_case_id, leave_unread=leave_unread)
                twin = list(marking.audit_case_in_audit_orm(audit.pk, audit_case_id, leave_unread=leave_unread))
                assert typed([plain] if plain else []) == typed(twin), (audit.title, audit_case_id)


def test_the_audit_case_read_gives_no_case_of_another_audit_and_leaves_unread_what_it_is_told(world):
    _, audits, _ = world
    elsewhere = AuditCase.objects.filter(audit=audits[3]).first()
    assert marking.audit_case_in_audit(audits[0].pk, elsewhere.pk) is None
    mine = audits[0].cases.first()
    row = marking.audit_case_in_audit(audits[0].pk, mine.pk, leave_unread=PANEL_UNREAD)
    assert row["case__ref"] == mine.case.ref and row["suggestions"] == mine.suggestions
    assert not {f"case__{name}" for name in PANEL_UNREAD} & set(row)


def test_the_plain_answers_read_is_its_twin_for_each_marker(world):
    cast, audits, _ = world
    Answer.objects.filter(is_moderation=True).update(reasons=HOSTILE[:3], note=HOSTILE[4])
    for audit_case in AuditCase.objects.all():
        for moderation in (False, True):
            plain = marking.answers_given(audit_case.pk, moderation=moderation)
            twin = list(marking.answers_given_orm(audit_case.pk, moderation=moderation))
            assert typed(plain) == typed(twin), (audit_case.pk, moderation)
    assert any(marking.answers_given(ac.pk, moderation=True) for ac in AuditCase.objects.all())


def test_the_plain_read_of_an_audit_case_and_its_answers_is_its_twin(world):
    _, audits, _ = world
    Answer.objects.filter(is_moderation=True).update(reasons=HOSTILE[:3], note=HOSTILE[4])
    for audit in audits:
        for audit_case_id in [*AuditCase.objects.values_list("id", flat=True), 10**9]:
            for moderation in (False, True):
                plain = marking.audit_case_with_answers(
                    audit.pk, audit_case_id, moderation=moderation, leave_unread=PANEL_UNREAD
                )
                twin = marking.audit_case_with_answers_orm(
                    audit.pk, audit_case_id, moderation=moderation, leave_unread=PANEL_UNREAD
                )
                assert typed(plain) == typed(twin), (audit.title, audit_case_id, moderation)


def test_the_read_of_an_audit_case_and_its_answers_gives_the_two_reads_alone(world):
    _, audits, _ = world
    for audit_case in AuditCase.objects.filter(audit=audits[0]):
        for moderation in (False, True):
            row, answers = marking.audit_case_with_answers(audits[0].pk, audit_case.pk, moderation=moderation)
            assert row == marking.audit_case_in_audit(audits[0].pk, audit_case.pk)
            assert answers == marking.answers_given(audit_case.pk, moderation=moderation)
    assert any(marking.audit_case_with_answers(audits[0].pk, ac.pk, moderation=True)[1] for ac in audits[0].cases.all())


def test_the_read_of_an_audit_case_of_another_audit_gives_neither_it_nor_its_answers(world):
    _, audits, _ = world
    answered = AuditCase.objects.filter(audit=audits[0], answers__isnull=False).first()
    assert marking.audit_case_with_answers(audits[1].pk, answered.pk, moderation=False) == (None, [])


def test_the_plain_audit_report_read_is_its_twin_before_the_report_a_draft_and_published(world):
    from casequality.reports.models import AuditReport, ReportStatus

    _, audits, _ = world
    AuditReport.objects.create(audit=audits[0], narrative={"summary": HOSTILE[5]})
    AuditReport.objects.create(audit=audits[1], status=ReportStatus.PUBLISHED)
    for audit in [*audits, Audit(pk=10**9)]:
        plain = marking.audit_report(audit.pk)
        assert typed([plain] if plain else []) == typed(list(marking.audit_report_orm(audit.pk))), audit.title
    assert marking.audit_report(audits[1].pk)["status"] == ReportStatus.PUBLISHED


def _next_from_every_row(audit, marker_id, current, *, moderation, questions):
    """The next case as read from every case of the marker's (the audit page's read): after
    the current one in draw order, wrapping round, with fewer answers than `questions`."""
    role, given = ("moderator_id", "moderated") if moderation else ("inspector_id", "answered")
    ordered = [
        r for r in marking.audit_cases(audit.pk, marker_id=marker_id) if not r["reserve"] and r[role] == marker_id
    ]
    at = next((i for i, r in enumerate(ordered) if r["id"] == current.pk), -1)
    after = ordered[at + 1 :] + ordered[: max(at, 0)]
    return next(((r["id"], r["case_ref"]) for r in after if r[given] < questions), None)


@pytest.mark.parametrize("moderation", [False, True])
def test_the_plain_next_case_read_is_its_twin_and_the_next_of_every_case_read(world, moderation):
    cast, audits, _ = world
    for audit in audits[:3]:
        for current in audit.cases.all():
            for marker in (cast.inspector, cast.qa_lead):
                theirs = getattr(current, "moderator_id" if moderation else "inspector_id") == marker.pk
                after = (current.position, current.pk) if theirs and not current.reserve else None
                for questions in (0, 1, 2, 3, 4):
                    kwargs = {
                        "moderation": moderation,
                        "current_id": current.pk,
                        "after": after,
                        "questions": questions,
                    }
                    plain = marking.next_to_mark(audit.pk, marker.pk, **kwargs)
                    twin = list(marking.next_to_mark_orm(audit.pk, marker.pk, **kwargs))
                    assert typed([plain] if plain else []) == typed([tuple(row) for row in twin])
                    expected = _next_from_every_row(
                        audit, marker.pk, current, moderation=moderation, questions=questions
                    )
                    assert plain == expected, (audit.title, current.pk, marker.username, questions)
