"""Small builders of stored cases for audit tests (straight to the ORM)."""

from __future__ import annotations

from datetime import date, timedelta

from casequality.cases.models import Assessment, Case, Order, Service, Staff

AS_OF = date(2013, 6, 17)
IN_WINDOW = date(2013, 4, 15)  # 9 weeks before AS_OF


def case_make(
    service: Service,
    ref: str,
    *,
    sex: str = "male",
    start: date | None = IN_WINDOW,
    court_date: date | None = None,
    order_type: str = "youth_rehabilitation_order",
    rosh: str | None = "low",
    case_manager: Staff | None = None,
    name: str | None = None,
    dob: date = date(1997, 1, 1),
) -> Case:
    case = Case.objects.create(
        service=service,
        ref=ref,
        case_manager=case_manager,
        team=case_manager.team if case_manager else None,
        child_name=name or f"Child {ref}",
        child_dob=dob,
        child_sex=sex,
    )
    Order.objects.create(
        case=case,
        ref="O1",
        type=order_type,
        court_date=court_date or start or IN_WINDOW,
        start=start,
    )
    if rosh is not None:
        Assessment.objects.create(
            case=case,
            ref="A1",
            date=(start or IN_WINDOW) - timedelta(days=7),
            author=case_manager,
            stage="start",
            instrument="asset",
            rosh={"level": rosh, "full": None, "screening": {}},
        )
    return case


def audit_sampled(cast, *, title: str, cases: int, sample_size: int, buffer: int = 0):
    """An sqs-2013 audit of the cast's service, its sample drawn from `cases` cases shared
    among the three case managers (seed 2)."""
    from casequality.audits.services import audit_create, audit_sample_draw

    managers = [cast.cm_a.staff, cast.cm_b.staff, cast.cm_c.staff]
    for i in range(cases):
        case_make(cast.service, f"S{i:03d}", case_manager=managers[i % 3])
    audit = audit_create(
        service=cast.service,
        framework_id="sqs-2013",
        title=title,
        actor=cast.qa_lead,
        sample_size=sample_size,
        seed=2,
        buffer=buffer,
        as_of=AS_OF,
    )
    audit_sample_draw(audit=audit, actor=cast.qa_lead)
    return audit


def staff_make(service: Service, ref: str) -> Staff:
    return Staff.objects.create(service=service, ref=ref, name=f"Case Manager {ref}", role="case_manager")


def answers_document(case_refs, *, framework_id="sqs-2013", auditor="S20", answer=None, service="MAN", extra=()):
    """An answers file answering every question of every case (`answer(ref, qid)` -> dict or str)."""
    from casequality.audits.frameworks import framework_get

    framework = framework_get(framework_id)
    answers = []
    for ref in case_refs:
        for qid in framework.question_ids():
            given = answer(ref, qid) if answer else "yes"
            row = {"case": ref, "question": qid, "auditor": auditor}
            row.update({"answer": given} if isinstance(given, str) else given)
            answers.append(row)
    return {
        "format": "casequality-audit/1",
        "framework": framework_id,
        "service": service,
        "title": "Short Quality Screening of youth offending work in Manchester",
        "fieldwork": {"start": "2013-06-17", "end": "2013-06-19"},
        "cases": list(case_refs),
        "answers": answers + list(extra),
    }


def page_version(client, url: str) -> str:
    """The version a page's form carries (what it was based on), as a browser would send it."""
    import re

    found = re.search(r'name="version" value="([^"]*)"', client.get(url).content.decode())
    assert found, f"{url} has no version in its form"
    return found.group(1)


def national_standards_audit(service: Service, *, first: int = 0, title: str = "National Standards self-assessment"):
    """A self-assessment on yjb-standards-2019 loaded from an answers file: 20 cases from
    NS<first>, every question answered, one answer in four no (with its first reason)."""
    from casequality.audits.frameworks import framework_get
    from casequality.audits.services import audit_load

    framework = framework_get("yjb-standards-2019")
    refs = [f"NS{i:02d}" for i in range(first, first + 20)]
    for ref in refs:
        case_make(service, ref)
    answers = [
        {"case": ref, "question": qid, "auditor": "S20", "answer": "yes" if i % 4 else "no"}
        | ({} if i % 4 else {"reasons": [next(iter(framework.question(qid).reasons))]})
        for qid in framework.question_ids()
        for i, ref in enumerate(refs)
    ]
    return audit_load(
        {
            "format": "casequality-audit/1",
            "framework": "yjb-standards-2019",
            "service": service.code,
            "title": title,
            "fieldwork": {"start": "2026-11-02", "end": "2026-11-13"},
            "cases": refs,
            "answers": answers,
        }
    )
