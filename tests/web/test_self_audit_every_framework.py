"""Self-audit on any framework (issue 24, item 6): every framework a service may be audited
on opens as a self-audit, pre-filled with the suggestions an audit of the same case gets
(audits.services.suggestions_compute), and a completed one is saved on that framework."""

from __future__ import annotations

import pytest

from casequality.audits.forms import field_name
from casequality.audits.frameworks import frameworks_all
from casequality.audits.services import suggestions_compute
from casequality.cases.models import Case
from casequality.oversight.models import SelfAudit

FRAMEWORKS = [f.id for f in frameworks_all()]


def _suggested(framework, ref: str) -> dict[str, dict]:
    case = Case.objects.get(ref=ref)
    return suggestions_compute(framework=framework, cases=Case.objects.filter(pk=case.pk)).get(case.pk, {})


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_a_self_audit_on_each_framework_is_prefilled_with_the_suggestions_an_audit_gets(client, world, framework_id):
    framework = next(f for f in frameworks_all() if f.id == framework_id)
    client.force_login(world.cast.cm_a)
    response = client.get("/self-audit/cases/N-0001/", {"framework": framework_id})
    assert response.status_code == 200
    form = response.context["form"]
    suggested = _suggested(framework, "N-0001")
    for q in framework.questions:
        assert form.fields[field_name("answer", q.id)].initial == suggested.get(q.id, {}).get("answer"), q.id


def test_the_2025_frameworks_self_audit_suggests_from_the_record_and_the_rulebook(world):
    framework = next(f for f in frameworks_all() if f.id == "hmip-youth-2025")
    answers = {s.get("answer") for s in _suggested(framework, "N-0001").values()}
    assert "n/a" in answers and answers & {"yes", "no"}


@pytest.mark.parametrize("framework_id", FRAMEWORKS)
def test_a_completed_self_audit_is_saved_on_each_framework(client, world, framework_id):
    framework = next(f for f in frameworks_all() if f.id == framework_id)
    client.force_login(world.cast.cm_a)
    data = {"version": "self-audits.1", "framework": framework_id}
    for q in framework.questions:
        data[field_name("answer", q.id)] = "yes"
    response = client.post("/self-audit/cases/N-0001/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    saved = SelfAudit.objects.exclude(pk=world.self_audit.pk).get()
    assert saved.framework == framework_id and saved.answers.count() == len(framework.questions)


def test_the_self_audit_page_links_every_framework_but_the_one_shown(client, world):
    client.force_login(world.cast.cm_a)
    page = client.get("/self-audit/cases/N-0001/").content.decode()
    for framework_id in FRAMEWORKS:
        assert (f"?framework={framework_id}" in page) is (framework_id != "hmip-youth-2025"), framework_id
