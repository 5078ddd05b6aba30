"""The rulebook settings, the access log, the board's dashboard and the inspector's scope."""

from __future__ import annotations

from casequality.accounts.models import AccessLogEntry
from casequality.standards.models import ParameterSetting, RuleSetting
from tests.web.factories import CHILD_NAMES


def test_the_rulebook_lists_every_rule_with_its_source(client, world):
    client.force_login(world.cast.cm_a)
    html = client.get("/rules/").content.decode()
    assert "OVS-001" in html and "SQS ¶2.8, ¶3.4" in html
    assert "countersign_due_wd" in html
    assert "/rules/OVS-001/" not in html  # a case manager may not change it


def test_the_rulebook_shows_each_rules_remedy_and_when_it_stops_being_an_action(client, world):
    client.force_login(world.cast.cm_a)
    html = client.get("/rules/").content.decode()
    assert "Hold a compliance panel." in html
    assert "it has been done, but after its deadline" in html
    assert "the calendar month it counts has ended" in html


def test_a_qa_lead_switches_a_rule_off_with_a_reason(client, world):
    client.force_login(world.cast.qa_lead)
    response = client.post(
        "/rules/LOR-004/", {"enabled": "off", "reason": "Copied text is checked by hand.", "version": "default"}
    )
    assert response.status_code == 302
    setting = RuleSetting.objects.get(service=world.cast.service, rule="LOR-004")
    assert not setting.enabled and setting.reason == "Copied text is checked by hand."
    assert setting.changed_by == "qa_lead"
    html = client.get("/rules/").content.decode()
    assert "Copied text is checked by hand." in html


def test_switching_a_rule_off_without_a_reason_shows_a_govuk_error(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.post("/rules/LOR-004/", {"enabled": "off", "reason": "", "version": "default"}).content.decode()
    assert "Enter the reason for the change" in html and "govuk-error-summary" in html
    assert not RuleSetting.objects.exists()


def test_the_rulebook_escapes_the_reasons_a_service_gave_for_its_settings(client, world):
    hostile = '<script>alert("x")</script> O\'Neil & Co'
    RuleSetting.objects.create(
        service=world.cast.service, rule="LOR-004", enabled=False, reason=hostile, changed_by="qa_lead"
    )
    ParameterSetting.objects.create(
        service=world.cast.service, name="countersign_due_wd", value=3, reason=hostile, changed_by="qa_lead"
    )
    client.force_login(world.cast.qa_lead)
    html = client.get("/rules/").content.decode()
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil &amp; Co") == 2


def test_the_rulebook_links_each_rule_and_parameter_to_its_change_page_for_a_qa_lead(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.get("/rules/").content.decode()
    assert 'href="/rules/OVS-001/"' in html
    assert 'href="/rules/parameters/countersign_due_wd/"' in html


def test_a_qa_lead_changes_a_parameter(client, world):
    client.force_login(world.cast.qa_lead)
    response = client.post(
        "/rules/parameters/countersign_due_wd/", {"value": "3", "reason": "Local policy.", "version": "default"}
    )
    assert response.status_code == 302
    assert ParameterSetting.objects.get(service=world.cast.service, name="countersign_due_wd").value == 3


def test_a_parameter_of_the_wrong_kind_is_refused(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.post(
        "/rules/parameters/countersign_due_wd/", {"value": "soon", "reason": "x", "version": "default"}
    ).content.decode()
    assert "Enter a number of 0 or more, like 5" in html
    assert not ParameterSetting.objects.exists()


def test_the_access_log_filters_by_case_reference(client, world):
    client.force_login(world.cast.tm_north)
    client.get("/cases/N-0002/")
    client.force_login(world.cast.admin)
    html = client.get("/access-log/", {"case_ref": "N-0002"}).content.decode()
    assert "tm_north" in html and "Viewed" in html
    assert "N-0001" not in html.split("<tbody", 1)[1]


def test_the_access_log_escapes_hostile_names_and_targets_and_says_each_verb_in_words(client, world):
    from casequality.accounts.models import AccessVerb
    from casequality.accounts.services import access_log_record

    hostile = '<script>alert("x")</script> O\'Neil & Co'
    access_log_record(
        actor=None, verb=AccessVerb.EXPORT, service=world.cast.service, target=hostile, actor_name=hostile
    )
    client.force_login(world.cast.qa_lead)
    html = client.get("/access-log/").content.decode()
    assert "<script>alert" not in html
    assert html.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; O&#39;Neil &amp; Co") == 2
    assert '<td class="govuk-table__cell">Exported</td>' in html


def test_the_access_log_is_not_itself_a_view_of_a_case(client, world):
    client.force_login(world.cast.qa_lead)  # signing in is logged; reading the log is not
    before = AccessLogEntry.objects.count()
    client.get("/access-log/")
    assert AccessLogEntry.objects.count() == before


def test_board_pages_contain_no_childs_name(client, world):
    client.force_login(world.cast.board)
    html = client.get("/board/").content.decode()
    assert "OVS-001" in html or "LOR-003" in html  # the page has content
    for name in CHILD_NAMES.values():
        assert name not in html
    assert "2010" not in html  # no date of birth


def test_the_board_sees_counts_per_rule_and_theme(client, world):
    client.force_login(world.cast.board)
    html = client.get("/board/").content.decode()
    assert "Assessment of the likelihood of reoffending" in html  # LOR-003's theme


def test_an_inspector_sees_the_cases_of_audits_assigned_to_them(client, world):
    from casequality.audits.models import Audit, AuditCase

    audit = Audit.objects.create(service=world.cast.service, framework="sqs-2013", title="Spring audit")
    AuditCase.objects.create(audit=audit, case=world.cases["S-0001"], inspector=world.cast.inspector)
    client.force_login(world.cast.inspector)
    html = client.get("/cases/").content.decode()
    assert "S-0001" in html and "N-0001" not in html
    assert client.get("/cases/S-0001/").status_code == 200
    assert client.get("/cases/N-0001/").status_code == 404


def test_the_access_log_search_finds_the_list_pages_that_showed_the_case(client, world):
    client.force_login(world.cast.tm_north)
    client.get("/cases/")  # one entry for the page, naming every case on it
    client.force_login(world.cast.admin)
    html = client.get("/access-log/", {"case_ref": "N-0002"}).content.decode()
    rows = html.split("<tbody", 1)[1]
    assert "tm_north" in rows and "N-0002, one of 2 cases shown" in rows


def test_the_access_log_search_for_a_case_does_not_find_a_list_page_that_did_not_show_it(client, world):
    client.force_login(world.cast.tm_north)
    client.get("/cases/")  # North's cases only
    client.force_login(world.cast.admin)
    html = client.get("/access-log/", {"case_ref": "S-0001"}).content.decode()
    assert "Viewed" in client.get("/access-log/").content.decode()  # the page's entry is there
    assert "cases shown" not in html


def test_a_rule_change_sent_without_the_version_read_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.post("/rules/LOR-004/", {"enabled": "off", "reason": "Checked by hand."}).content.decode()
    assert "Nothing was saved: the form did not say which version you read" in html
    assert 'name="version" value="default"' in html
    assert not RuleSetting.objects.exists()


def test_a_parameter_change_sent_without_the_version_read_is_refused_and_nothing_saved(client, world):
    client.force_login(world.cast.qa_lead)
    html = client.post("/rules/parameters/countersign_due_wd/", {"value": "3", "reason": "x"}).content.decode()
    assert "Nothing was saved" in html
    assert not ParameterSetting.objects.exists()


def test_a_parameter_change_based_on_a_value_changed_since_is_refused_and_says_who_changed_it(client, world):
    client.force_login(world.cast.qa_lead)
    page = client.get("/rules/parameters/countersign_due_wd/").content.decode()
    assert 'name="version" value="default"' in page
    assert (
        client.post(
            "/rules/parameters/countersign_due_wd/", {"value": "3", "reason": "Local policy.", "version": "default"}
        ).status_code
        == 302
    )
    html = client.post(
        "/rules/parameters/countersign_due_wd/", {"value": "7", "reason": "Another view.", "version": "default"}
    ).content.decode()
    assert "was changed by qa_lead on" in html and "nothing was saved" in html
    setting = ParameterSetting.objects.get(service=world.cast.service, name="countersign_due_wd")
    assert setting.value == 3 and f'name="version" value="{setting.changed_at.isoformat()}"' in html
