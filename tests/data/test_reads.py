"""Each plain read of casequality/data/reads.py returns exactly what its ORM twin returns:
the same rows, in the same order where the read has one, with values of the same types
(a date as a date, a boolean as a boolean, JSON decoded). Run on SQLite and on PostgreSQL
(DATABASE_URL); the values include `_`, `%`, quotes, `%s`, mixed case, accents (composed
and not), right-to-left marks, empty lists, repeated values and lists of more than 100.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from casequality.cases.models import Act, Assessment, Case, Event, Order, Plan, Report, Service, Staff, Team
from casequality.cases.selectors import case_documents
from casequality.data import reads
from casequality.oversight.models import FindingNote
from casequality.standards.models import CaseRemovals, Finding, Kind, ParameterSetting, RuleSetting

HOSTILE = [
    "S_1",
    "S%1",
    "S%s",
    "%(x)s",
    "O'Brien",
    'say "hi"',
    "MiXeD",
    "mixed",
    "Zoë",  # composed ë
    "Zoe\u0308",  # e and a combining diaeresis: looks the same, is not
    "\u202eevil\u202c",
    "back\\slash",
    "<script>alert(1)</script> & co",
]
DAY = date(2026, 12, 2)


def typed(value):
    """A value with its type, so that 1 never passes for True, nor a string for a date."""
    if isinstance(value, dict):
        return {key: typed(one) for key, one in value.items()}
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [typed(one) for one in value])
    if isinstance(value, datetime):
        return ("datetime", value.isoformat())
    return (type(value).__name__, value)


@pytest.fixture
def world(db):
    """Two services; 150 cases in the first (past 100, the longest list a read once kept a
    compiled form for), with hostile names and text, sub-records, acts and findings."""
    home = Service.objects.create(code="H_1%", name='Home\'s "service"')
    other = Service.objects.create(code="OTHER", name="Another service")
    team = Team.objects.create(service=home, name="Équipe 'Nord' %_")
    staff = [
        Staff.objects.create(service=home, ref=ref, name=f"Name of {ref}", role=role, team=team if i % 2 else None)
        for i, (ref, role) in enumerate(zip(HOSTILE, ["case_manager", "team_manager", "qa_lead"] * 10, strict=False))
    ]
    Staff.objects.create(service=other, ref="S_1", name="The other S_1", role="qa_lead")
    cases = Case.objects.bulk_create(
        Case(
            service=home,
            ref=f"C{i:03}",
            child_name=HOSTILE[i % len(HOSTILE)] + f" {i}",
            child_dob=date(2010, 1, 1) + timedelta(days=i),
            child_sex="female",
            case_manager=staff[i % len(staff)] if i % 7 else None,
            team=team if i % 3 else None,
            closed_on=DAY if i % 11 == 0 else None,
        )
        for i in range(150)
    )
    Case.objects.create(service=other, ref="C000", child_name="Other", child_dob=date(2010, 1, 1), child_sex="male")
    author, signer = staff[0], staff[1]
    few = cases[::3]
    texts = [HOSTILE[i % len(HOSTILE)] for i in range(len(few))]
    odd = [bool(i % 2) for i in range(len(few))]
    Order.objects.bulk_create(
        Order(case=c, ref=f"O{i}", type="yro", court_date=DAY, end=None if odd[i] else DAY, custody_considered=odd[i])
        for i, c in enumerate(few)
    )
    Report.objects.bulk_create(
        Report(case=c, ref=f"R{i}", type="psr", author=author if odd[i] else None, text=texts[i], yos_challenged=None)
        for i, c in enumerate(few)
    )
    Assessment.objects.bulk_create(
        Assessment(
            case=c,
            ref=f"A{i}",
            date=DAY,
            author=author,
            countersigned_by=signer if odd[i] else None,
            countersigned_date=DAY if odd[i] else None,
            countersigned_outcome="approved" if odd[i] else "",
            stage="start",
            instrument="assetplus",
            likelihood={"score": i, "band": texts[i]},
            assetplus=None if odd[i] else {"trigger": texts[i], "nested": [1, 2.5, None, True]},
        )
        for i, c in enumerate(few)
    )
    Plan.objects.bulk_create(
        Plan(case=c, ref=f"P{i}", date=DAY, author=author, type="intervention", objectives=[texts[i]], phases=[])
        for i, c in enumerate(few)
    )
    Event.objects.bulk_create(
        Event(case=c, ref=f"E{i}", type="contact", date=DAY, by=author, detail=texts[i], extra={"k": texts[i]})
        for i, c in enumerate(few)
    )
    firsts = Act.objects.bulk_create(
        Act(
            case=c,
            ref=f"X{i}",
            kind="manager_entry",
            subject_type="case",
            by=author,
            by_ref=author.ref,
            date=DAY,
            text=texts[i],
            recorded_at=datetime(2026, 12, 2, 9, 30, 15, 123456, tzinfo=UTC),
            recorded_by=texts[i],
        )
        for i, c in enumerate(few)
    )
    Act.objects.bulk_create(
        Act(
            case=first.case,
            ref=f"Y{i}",
            kind="manager_entry",
            subject_type="case",
            by_ref="gone",
            date=DAY,
            corrects=first,
            recorded_at=datetime(2026, 12, 3, 23, 59, tzinfo=UTC),
            recorded_by="api",
        )
        for i, first in enumerate(firsts)
    )
    Finding.objects.bulk_create(
        Finding(
            service=home,
            case=case,
            rule=f"R_{j}",
            key=HOSTILE[(i + j) % len(HOSTILE)],
            kind=kind,
            severity=severity,
            owner="CM",
            message=HOSTILE[i % len(HOSTILE)],
            evidence={"why": HOSTILE[j]},
            due=DAY + timedelta(days=i % 5) if (i + j) % 3 else None,
            actionable=bool(i % 2),
            met_on=DAY if i % 5 == 0 else None,
            opened_on=DAY,
            last_seen_on=DAY,
            resolved_on=DAY if (i + j) % 5 == 0 else None,
        )
        for i, case in enumerate(cases)
        for j, (kind, severity) in enumerate([(Kind.FINDING, "must"), (Kind.FINDING, "should"), (Kind.TASK, "should")])
        if (i + j) % 4
    )
    for value in [3, "O'Brien %_", {"a": [1, "é"]}, True, 2.5]:
        ParameterSetting.objects.create(service=home, name=f"p{len(str(value))}{type(value).__name__}", value=value)
    RuleSetting.objects.create(service=home, rule="R_1", enabled=False, reason=HOSTILE[4])
    RuleSetting.objects.create(service=home, rule="R_2", enabled=False, reason="")
    RuleSetting.objects.create(service=home, rule="R_3", enabled=True, reason="on again")
    CaseRemovals.objects.create(service=home, removed=7)
    return {"home": home, "other": other, "cases": [c.pk for c in cases], "staff": staff}


def _case_lists(world) -> dict[str, list[int]]:
    ids = world["cases"]
    return {
        "one": ids[:1],
        "one without any sub-record": ids[1:2],
        "a page": ids[:25],
        "repeated": [ids[3], ids[0], ids[3], ids[0]],
        "empty": [],
        "unknown": [10**9],
        "past 100": ids,
        "past 100 and another service's": [*ids, Case.objects.get(service=world["other"]).pk],
    }


@pytest.mark.parametrize("key", list(reads.SUB_RECORDS))
def test_a_plain_sub_record_read_returns_what_its_twin_returns(world, key):
    for name, ids in _case_lists(world).items():
        assert typed(reads.sub_records(key, ids)) == typed(list(reads.sub_records_orm(key, ids))), name


@pytest.mark.parametrize("key", list(reads.PAGE_RECORDS))
def test_a_plain_read_of_what_a_case_page_shows_returns_what_its_twin_returns(world, key):
    for name, ids in _case_lists(world).items():
        assert typed(reads.page_records(key, ids)) == typed(list(reads.page_records_orm(key, ids))), name


def test_a_case_pages_plain_read_of_its_findings_returns_what_its_twin_returns_in_its_order(world):
    for name, ids in _case_lists(world).items():
        assert typed(reads.page_findings(ids)) == typed(list(reads.page_findings_orm(ids))), name


def _panel_cases(world) -> dict[str, int]:
    ids = world["cases"]
    return {"first": ids[0], "without any sub-record": ids[1], "with acts": ids[3], "unknown": 10**9}


def test_the_plain_read_of_an_answer_forms_panel_returns_what_its_twin_returns(world):
    for name, case_id in _panel_cases(world).items():
        assert typed(reads.case_panel(case_id)) == typed(reads.case_panel_orm(case_id)), name


def test_the_answer_forms_panel_read_gives_each_list_as_the_case_pages_own_plain_read(world):
    for name, case_id in _panel_cases(world).items():
        alone = {key: reads.page_records(key, [case_id]) for key in reads.PANEL_RECORDS}
        alone |= {"acts": reads.acts([case_id]), "findings": reads.page_findings([case_id])}
        assert typed(reads.case_panel(case_id)) == typed(alone), name


def test_the_plain_read_of_findings_notes_returns_what_its_twin_returns_in_its_order(world):
    findings = list(Finding.objects.filter(case_id__in=world["cases"][:40]).order_by("id"))
    at = datetime(2026, 12, 2, 9, 30, 15, 123456, tzinfo=UTC)
    FindingNote.objects.bulk_create(
        FindingNote(
            finding=finding,
            author_name=HOSTILE[i % len(HOSTILE)],
            text=HOSTILE[(i + 3) % len(HOSTILE)],
            marked_for_review=bool(i % 2),
        )
        for i, finding in enumerate(findings)
        for _ in range(i % 3)
    )
    every_other = list(FindingNote.objects.order_by("id").values_list("id", flat=True))[::2]
    FindingNote.objects.filter(id__in=every_other).update(created_at=at)  # equal times: the id orders them
    ids = [f.pk for f in findings]
    for name, wanted in {"one": ids[:1], "many": ids, "repeated": [ids[4], ids[1], ids[4]], "empty": []}.items():
        assert typed(reads.finding_notes(wanted)) == typed(list(reads.finding_notes_orm(wanted))), name


@pytest.mark.parametrize(
    "read, twin",
    [
        (reads.acts, reads.acts_orm),
        (reads.open_findings, reads.open_findings_orm),
        (reads.case_services, reads.case_services_orm),
    ],
    ids=["acts", "open findings", "case services"],
)
def test_a_plain_read_of_cases_returns_what_its_twin_returns_in_its_order(world, read, twin):
    for name, ids in _case_lists(world).items():
        assert typed(read(ids)) == typed(list(twin(ids))), name


def test_the_plain_caseload_rows_are_the_twins_rows(world):
    def by_id(rows):
        return sorted(rows, key=lambda row: row["id"])

    for name, ids in _case_lists(world).items():
        assert typed(by_id(reads.caseload_rows(ids))) == typed(by_id(list(reads.caseload_rows_orm(ids)))), name


@pytest.mark.parametrize(
    "read, twin",
    [
        (reads.parameter_overrides, reads.parameter_overrides_orm),
        (reads.disabled_rules, reads.disabled_rules_orm),
        (reads.names_stamp, reads.names_stamp_orm),
    ],
    ids=["parameter overrides", "disabled rules", "names stamp"],
)
def test_a_plain_read_of_a_service_returns_what_its_twin_returns(world, read, twin):
    for service_id in (world["home"].pk, world["other"].pk, 10**9):
        assert typed(sorted(read(service_id), key=repr)) == typed(sorted(twin(service_id), key=repr)), service_id


REFS = {
    "each hostile ref": HOSTILE,
    "one": ["S_1"],
    "a pattern that is no ref": ["S_%"],
    "the other case": ["MIXED", "mixeD", "ZOË"],
    "repeated": ["S_1", "S_1", "MiXeD"],
    "empty": [],
    "past 100": [*HOSTILE, *(f"N{i}" for i in range(120))],
}


def test_the_plain_staff_roles_read_compares_refs_exactly_as_its_twin(world):
    for service_id in (world["home"].pk, world["other"].pk):
        for name, wanted in REFS.items():
            plain, twin = reads.staff_roles(service_id, wanted), list(reads.staff_roles_orm(service_id, wanted))
            assert typed(sorted(plain)) == typed(sorted(twin)), (service_id, name)


def test_the_plain_staff_names_read_compares_refs_exactly_as_its_twin(world):
    for service_id in (world["home"].pk, world["other"].pk):
        for name, wanted in REFS.items():
            plain, twin = reads.staff_names(service_id, wanted), list(reads.staff_names_orm(service_id, wanted))
            assert typed(sorted(plain)) == typed(sorted(twin)), (service_id, name)


def test_each_hostile_ref_finds_its_own_staff_member_only(world):
    roles = dict(reads.staff_roles(world["home"].pk, HOSTILE))
    assert set(roles) == set(HOSTILE)


def test_the_kinds_of_finding_the_caseload_counts_are_the_models(db):
    assert (reads.FINDING, reads.TASK) == (Kind.FINDING.value, Kind.TASK.value)


def test_a_few_cases_documents_are_those_read_in_one_big_batch(world, monkeypatch):
    from casequality.cases import selectors

    cases = Case.objects.filter(service=world["home"]).order_by("pk")
    few = [json.dumps(document) for _case, document in case_documents(cases, batch_size=10)]
    monkeypatch.setattr(selectors, "SMALL_BATCH", 0)  # every batch read by the twins, as a sweep reads it
    assert [json.dumps(document) for _case, document in case_documents(cases, batch_size=10)] == few


CUSTODIAL = ("detention_and_training_order", "long_term_detention")
HIGH = ("high", "very_high")
# Levels a record might hold: the two that count, and near misses (case, space, a number,
# a list, an object, null, hostile text).
LEVELS = ["high", "very_high", "HIGH", "high ", "medium", 3, ["high"], {"level": "high"}, None, *HOSTILE[:6]]


def test_the_plain_children_at_risk_read_is_its_twins(world):
    """Looked after, custody in force (from, to and past its end, or yet to come), and the
    latest assessment's RoSH or vulnerability (an earlier high one, a later one after today,
    ties on the date broken by id, values that are not objects): the same cases at risk."""
    home, days = world["home"], [DAY - timedelta(days=30), DAY, DAY + timedelta(days=1)]
    extra = Case.objects.bulk_create(
        Case(
            service=home,
            ref=f"R{i:03}",
            child_name=HOSTILE[i % len(HOSTILE)],
            child_dob=date(2010, 1, 1),
            child_sex="male",
            looked_after=i % 17 == 0,
        )
        for i in range(120)
    )
    for i, case in enumerate(extra):
        if i % 3 == 0:
            Order.objects.create(
                case=case,
                ref=f"O{i}",
                type=[*CUSTODIAL, "yro", HOSTILE[4]][i % 4],
                court_date=days[i % 3],
                end=[None, DAY - timedelta(days=1), DAY, DAY + timedelta(days=9)][(i // 3) % 4],
            )
        for j in range(i % 4):
            rosh = {"level": LEVELS[(i + j) % len(LEVELS)]} if (i + j) % 5 else [LEVELS[i % len(LEVELS)]]
            Assessment.objects.create(
                case=case,
                ref=f"A{i}-{j}",
                date=days[(i + 2 * j) % 3],
                stage="start",
                instrument="assetplus",
                rosh=rosh if (i + j) % 7 else "high",
                vulnerability={"level": LEVELS[(3 * i + j) % len(LEVELS)]},
            )
    ids = [c.pk for c in extra]
    lists = {**_case_lists(world), "risks": ids, "risks and others": [*ids, *world["cases"], 10**9]}
    found = set()
    for name, case_ids in lists.items():
        for today in days:
            for custodial, high in ((CUSTODIAL, HIGH), ((), ()), ((HOSTILE[4],), (HOSTILE[0], "high"))):
                plain = reads.cases_at_risk(case_ids, today=today, custodial=custodial, high_levels=high)
                twin = list(reads.cases_at_risk_orm(case_ids, today=today, custodial=custodial, high_levels=high))
                assert typed(plain) == typed(twin), (name, today, custodial)
                found.update(plain)
    assert found and not found >= set(ids)  # some at risk, not all


def test_the_children_at_risk_are_those_the_queues_order_puts_first(world):
    """cases_at_risk agrees with standards.selectors.findings_by_priority's child_at_risk."""
    from casequality.cases.vocabulary import CUSTODIAL_ORDERS
    from casequality.standards.selectors import HIGH_LEVELS, findings_by_priority

    case = Case.objects.filter(service=world["home"]).first()
    case.looked_after = True
    case.save(update_fields=["looked_after"])
    findings = findings_by_priority(Finding.objects.filter(service=world["home"]), today=DAY)
    expected = {f.case_id for f in findings if f.child_at_risk}
    at_risk = reads.cases_at_risk(world["cases"], today=DAY, custodial=CUSTODIAL_ORDERS, high_levels=HIGH_LEVELS)
    assert expected == set(at_risk) & {f.case_id for f in findings}
