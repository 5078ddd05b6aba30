"""The case record beside the answer form (audits/views.py `_case_panel`), read by the case
page's plain reads of what it shows (decision 0059's next step): each assessment and plan
is marked countersigned exactly where the rulebook's reading of the record
(cases.acts.effective_record) says it is, by the CMS's record or by an act that stands."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casequality.audits.views import _case_panel
from casequality.cases.acts import SUBJECT_LISTS, effective_record
from casequality.cases.models import Act, Assessment, Case, Plan, Report
from casequality.cases.selectors import case_document

from .factories import case_make

DAY = date(2026, 11, 2)


def _act(case, ref, subject_type, subject_ref, by, *, corrects=None, outcome="approved"):
    return Act.objects.create(
        case=case,
        ref=ref,
        kind="countersignature",
        subject_type=subject_type,
        subject_ref=subject_ref,
        by=by,
        by_ref=by.ref,
        date=DAY,
        outcome=outcome,
        corrects=corrects,
        recorded_at=timezone.make_aware(datetime(2026, 11, 2, 12)),
        recorded_by="tm_north",
    )


@pytest.fixture
def case(cast):
    """A case whose assessments and plans are countersigned every way there is: by the CMS,
    by an act, by an act the CMS also carries, by an act later corrected onto another
    item, returned by an act, or not at all; and an act about an item the CMS withdrew."""
    manager, signer = cast.cm_a.staff, cast.tm_north.staff
    case = case_make(cast.service, "P001", case_manager=manager)  # its assessment A1: not countersigned
    Report.objects.create(case=case, ref="R1", type="psr", date=DAY)
    for n, ref in enumerate(["A2", "A3", "A4", "A5", "A6", "A7"], start=1):
        Assessment.objects.create(
            case=case,
            ref=ref,
            date=DAY - timedelta(days=n % 3),  # some on the same day: kept as held
            stage="review",
            instrument="asset",
            **(
                {"countersigned_by": signer, "countersigned_date": DAY, "countersigned_outcome": "approved"}
                if ref in ("A2", "A6")
                else {}
            ),
        )
    for ref in ("P1", "P2"):
        Plan.objects.create(case=case, ref=ref, type="intervention", date=DAY)
    _act(case, "X1", "assessment", "A3", signer)
    wrong = _act(case, "X2", "assessment", "A4", signer)
    _act(case, "X3", "assessment", "A5", signer, corrects=wrong)
    _act(case, "X4", "assessment", "A6", signer)  # the CMS carries the same signature
    _act(case, "X5", "assessment", "A7", signer, outcome="returned")
    _act(case, "X6", "plan", "P1", signer)
    _act(case, "X7", "assessment", "A9", signer)  # withdrawn by the CMS
    return Case.objects.select_related("case_manager").get(pk=case.pk)


def _marked(panel) -> dict[tuple[str, str], bool]:
    return {
        **{("assessment", a["ref"]): a["is_countersigned"] for a in panel["assessments"]},
        **{("plan", p["ref"]): p["is_countersigned"] for p in panel["plans"]},
    }


def test_the_panel_marks_countersigned_what_the_rulebooks_reading_of_the_record_does(case):
    merged = effective_record(case_document(case))
    expected = {
        (kind, r["id"]): bool(r.get("countersigned")) for kind, key in SUBJECT_LISTS.items() for r in merged[key]
    }
    assert _marked(_case_panel(case)) == expected


def test_the_panel_marks_each_way_of_countersigning_and_leaves_the_rest(case):
    marked = _marked(_case_panel(case))
    assert {key for key, signed in marked.items() if signed} == {
        ("assessment", "A2"),
        ("assessment", "A3"),
        ("assessment", "A5"),
        ("assessment", "A6"),
        ("assessment", "A7"),
        ("plan", "P1"),
    }


def test_the_panel_lists_assessments_by_date_and_as_held_within_a_day(case):
    panel = _case_panel(case)
    held = list(Assessment.objects.filter(case=case).order_by("id").values_list("ref", "date"))
    assert [a["ref"] for a in panel["assessments"]] == [ref for ref, _ in sorted(held, key=lambda pair: pair[1])]
    assert panel["latest"]["ref"] == panel["assessments"][-1]["ref"]


def test_the_panel_reads_neither_the_case_again_nor_its_reports(case):
    with CaptureQueriesContext(connection) as queries:
        _case_panel(case)
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "cases_report" not in sql and "cases_case" not in sql


def test_the_panels_six_reads_are_sent_together_on_postgresql_and_one_at_a_time_on_sqlite(case):
    in_a_pipeline = []

    def note(execute, sql, params, many, context):
        pgconn = getattr(context["cursor"].connection, "pgconn", None)  # psycopg's; SQLite has none
        in_a_pipeline.append(pgconn is not None and pgconn.pipeline_status != 0)
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(note):
        _case_panel(case)
    # orders, assessments, plans, events, acts, findings: on PostgreSQL queued in one pipeline
    # (one round trip: data.planned.fetch_planned_sets), each still in the log of queries
    assert len(queries.captured_queries) == 6
    assert in_a_pipeline == [connection.vendor == "postgresql"] * 6


HOSTILE = '<script>alert("x")</script> O\'Neil & Co \u202eevil'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil &amp; Co \u202eevil"


def test_the_panel_escapes_every_word_of_the_record_and_shows_a_missing_key_as_nothing(case):
    from casequality.audits.views import _panel_html

    Case.objects.filter(pk=case.pk).update(
        child_name=HOSTILE,
        out_of_court=[{"id": HOSTILE, "type": HOSTILE, "referred": HOSTILE}, {}],
        victims=[{"id": HOSTILE, "kind": HOSTILE, "consent": HOSTILE, "rj_offered": HOSTILE}, {"id": None}],
    )
    case.case_manager.name = HOSTILE
    case.case_manager.save()
    html = str(_panel_html(Case.objects.select_related("case_manager").get(pk=case.pk)))
    assert "<script>" not in html
    assert html.count(ESCAPED) >= 10  # child, case manager, each outcome's and victim's words and links
    empty_outcome = '<a class="govuk-link" href="/cases/P001/#outcome-" target="_blank" rel="noopener"></a> '
    assert empty_outcome + ": referred -, panel none, decided not yet</li>" in html
    assert ">None</a> : identified -, contact offered not yet, consent -</li>" in html


def test_the_case_pages_seven_reads_sent_together_give_what_each_read_alone_gives(case):
    from casequality.data import reads

    keys = tuple(reads.PAGE_RECORDS)
    together = reads.case_panel(case.pk, keys=keys)
    alone = {key: reads.page_records(key, [case.pk]) for key in keys}
    alone |= {"acts": reads.acts([case.pk]), "findings": reads.page_findings([case.pk])}
    assert together == alone
    assert together["reports"] and together["acts"] and together["assessments"]
