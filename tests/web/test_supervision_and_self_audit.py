"""Supervision samples with a recorded seed, manager entries, self-audits and their checks."""

from __future__ import annotations

from casequality.accounts.models import AccessLogEntry, AccessVerb
from casequality.oversight.models import ManagerEntry, SelfAudit, SupervisionSample
from casequality.oversight.services import sample_draw_cases
from tests.web.factories import import_cases


def test_a_sample_records_its_seed_and_the_same_seed_draws_the_same_cases(client, cast, world):
    import_cases(cast, [f"N-{i:04d}" for i in range(10, 20)], case_manager="S1")
    client.force_login(cast.tm_north)
    response = client.post(
        "/supervision/", {"case_manager": str(cast.cm_a.staff.pk), "size": "3", "version": "samples.1"}
    )  # world's sample is tm_north's
    assert response.status_code == 302
    sample = SupervisionSample.objects.exclude(pk=world.sample.pk).get()
    assert sample.population == 11 and sample.items.count() == 3
    drawn = [item.case for item in sample.items.all()]
    again = sample_draw_cases(list(cast.cm_a.staff.cases.all()), size=3, seed=sample.seed)
    assert drawn == again


def test_a_team_manager_cannot_sample_another_teams_case_manager(client, world):
    client.force_login(world.cast.tm_south)
    html = client.post(
        "/supervision/", {"case_manager": str(world.cast.cm_a.staff.pk), "size": "3", "version": "samples.0"}
    ).content.decode()
    assert "Select a case manager" in html and "govuk-error-summary" in html
    assert SupervisionSample.objects.count() == 1


def test_a_sample_size_of_nothing_shows_a_govuk_error(client, world):
    client.force_login(world.cast.tm_north)
    html = client.post("/supervision/", {"case_manager": str(world.cast.cm_a.staff.pk), "size": ""}).content.decode()
    assert "Enter the number of cases to sample" in html
    assert '<p id="id_size-error" class="govuk-error-message">' in html


def test_a_manager_entry_is_a_manager_entry_act_by_the_managers_staff(client, world):
    client.force_login(world.cast.tm_north)
    url = f"/supervision/{world.sample.pk}/cases/N-0001/"
    response = client.post(url, {"text": "Reviewed in supervision: plan the RMP this week.", "version": "entries.0"})
    assert response.status_code == 302
    entry = ManagerEntry.objects.get()
    act = entry.act
    assert (act.kind, act.by, act.case.ref) == ("manager_entry", world.cast.tm_north.staff, "N-0001")
    assert entry.sample_item.sample == world.sample
    assert AccessLogEntry.objects.filter(case_ref="N-0001", verb=AccessVerb.MANAGER_ENTRY).count() == 1


def test_an_empty_manager_entry_shows_a_govuk_error(client, world):
    client.force_login(world.cast.tm_north)
    html = client.post(f"/supervision/{world.sample.pk}/cases/N-0001/", {"text": ""}).content.decode()
    assert "Enter the manager entry" in html and "govuk-error-summary" in html
    assert not ManagerEntry.objects.exists()


def test_a_manager_entry_sent_without_the_version_read_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cast.tm_north)
    html = client.post(f"/supervision/{world.sample.pk}/cases/N-0001/", {"text": "Seen."}).content.decode()
    assert "Nothing was saved" in html and 'name="version" value="entries.0"' in html
    assert not ManagerEntry.objects.exists()


def test_the_same_manager_entry_sent_twice_is_saved_once(client, world):
    client.force_login(world.cast.tm_north)
    url = f"/supervision/{world.sample.pk}/cases/N-0001/"
    assert client.post(url, {"text": "Seen.", "version": "entries.0"}).status_code == 302
    html = client.post(url, {"text": "Seen.", "version": "entries.0"}).content.decode()
    assert "nothing was saved" in html and 'name="version" value="entries.1"' in html
    assert ManagerEntry.objects.count() == 1


def _self_audit_post(answer: str = "yes") -> dict:
    from casequality.audits.forms import field_name
    from casequality.audits.frameworks import framework_get

    # world's self-audit of N-0001 is there already
    return {
        "version": "self-audits.1",
        "framework": "sqs-2013",
        **{field_name("answer", q.id): answer for q in framework_get("sqs-2013").questions},
    }


def test_a_case_manager_self_audits_their_case_with_every_sqs_question(client, world):
    client.force_login(world.cast.cm_a)
    response = client.post("/self-audit/cases/N-0001/", _self_audit_post("yes"))
    assert response.status_code == 302
    audit = SelfAudit.objects.exclude(pk=world.self_audit.pk).get()
    assert audit.answers.count() == 21
    assert AccessLogEntry.objects.filter(case_ref="N-0001", verb=AccessVerb.SELF_AUDIT).count() == 2


def test_an_unanswered_question_shows_a_govuk_error(client, world):
    client.force_login(world.cast.cm_a)
    data = _self_audit_post("yes")
    del data["answer-2.1"]
    html = client.post("/self-audit/cases/N-0001/", data).content.decode()
    assert "Select an answer to question 2.1" in html
    assert '<a href="#id_answer-2.1">' in html
    assert SelfAudit.objects.count() == 1


def test_a_no_needs_a_reason(client, world):
    client.force_login(world.cast.cm_a)
    data = _self_audit_post("yes")
    data["answer-1.2"] = "no"
    html = client.post("/self-audit/cases/N-0001/", data).content.decode()
    assert "Select at least one reason why the answer to question 1.2 is no" in html


def test_the_manager_checks_each_answer_and_the_agreement_rate_follows(client, world):
    answers = list(world.self_audit.answers.all())
    client.force_login(world.cast.tm_north)
    data = {
        f"verdict_{answers[0].pk}": "agree",
        f"verdict_{answers[1].pk}": "disagree",
        f"comment_{answers[1].pk}": "The full assessment is there, dated the same day.",
        "version": "unchecked",
    }
    assert client.post(f"/self-audit/{world.self_audit.pk}/", data).status_code == 302
    world.self_audit.refresh_from_db()
    assert world.self_audit.checked_by == world.cast.tm_north
    client.force_login(world.cast.cm_a)
    html = client.get("/self-audit/").content.decode()
    assert "50%" in html


def test_disagreeing_needs_a_comment(client, world):
    answers = list(world.self_audit.answers.all())
    client.force_login(world.cast.tm_north)
    data = {f"verdict_{answers[0].pk}": "agree", f"verdict_{answers[1].pk}": "disagree", "version": "unchecked"}
    html = client.post(f"/self-audit/{world.self_audit.pk}/", data).content.decode()
    assert "Say why you disagree with the answer to question 2.1" in html
    assert "govuk-error-message" in html


def test_a_case_manager_cannot_check_their_own_self_audit(client, world):
    answers = list(world.self_audit.answers.all())
    client.force_login(world.cast.cm_a)
    data = {f"verdict_{a.pk}": "agree" for a in answers}
    assert client.post(f"/self-audit/{world.self_audit.pk}/", data).status_code == 403


def test_a_sample_drawn_without_the_version_read_is_refused_and_the_same_draw_sent_twice_draws_once(client, world):
    client.force_login(world.cast.tm_north)
    data = {"case_manager": str(world.cast.cm_a.staff.pk), "size": "1"}
    assert "Nothing was saved" in client.post("/supervision/", data).content.decode()
    assert client.post("/supervision/", {**data, "version": "samples.1"}).status_code == 302
    assert "Nothing was saved" in client.post("/supervision/", {**data, "version": "samples.1"}).content.decode()
    assert SupervisionSample.objects.count() == 2


def test_the_same_self_audit_sent_twice_is_saved_once_and_one_without_a_version_not_at_all(client, world):
    client.force_login(world.cast.cm_a)
    data = _self_audit_post("yes")
    without = {k: v for k, v in data.items() if k != "version"}
    assert "Nothing was saved" in client.post("/self-audit/cases/N-0001/", without).content.decode()
    assert client.post("/self-audit/cases/N-0001/", data).status_code == 302
    assert "Nothing was saved" in client.post("/self-audit/cases/N-0001/", data).content.decode()
    assert SelfAudit.objects.count() == 2


def test_a_self_audit_checked_already_is_not_checked_again_from_the_same_page(client, world):
    answers = list(world.self_audit.answers.all())
    client.force_login(world.cast.tm_north)
    data = {**{f"verdict_{a.pk}": "agree" for a in answers}, "version": "unchecked"}
    assert client.post(f"/self-audit/{world.self_audit.pk}/", data).status_code == 302
    html = client.post(f"/self-audit/{world.self_audit.pk}/", {**data}).content.decode()
    assert "Nothing was saved" in html


def test_a_case_manager_self_audits_on_the_2025_framework_by_default_with_its_suggestions(client, world):
    from casequality.audits.forms import field_name
    from casequality.audits.frameworks import framework_get

    framework = framework_get("hmip-youth-2025")
    client.force_login(world.cast.cm_a)
    page = client.get("/self-audit/cases/N-0001/").content.decode()
    assert f"Self-audit: {framework.title}" in page and 'name="framework" value="hmip-youth-2025"' in page
    assert (
        "Suggested answer: Not applicable" in page
    )  # the victims' questions, for a case without victims, from the record
    data = {
        "version": "self-audits.1",
        "framework": framework.id,
        **{field_name("answer", q.id): "n/a" if q.id.startswith("V") else "yes" for q in framework.questions},
    }
    assert client.post("/self-audit/cases/N-0001/", data).status_code == 302
    audit = SelfAudit.objects.exclude(pk=world.self_audit.pk).get()
    assert audit.framework == "hmip-youth-2025" and audit.answers.count() == len(framework.questions)


def test_the_self_audit_offers_every_other_framework(client, world):
    client.force_login(world.cast.cm_a)
    page = client.get("/self-audit/cases/N-0001/", {"framework": "sqs-2013"}).content.decode()
    assert "?framework=hmip-youth-2025" in page and "?framework=hmip-youth-2018" in page
    assert client.get("/self-audit/cases/N-0001/", {"framework": "no-such"}).status_code == 404
