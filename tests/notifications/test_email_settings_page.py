"""The email settings page: each signed-in person turns their own emails off and on."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from casequality.notifications.models import EmailPreference
from tests.conftest import SignedInClient

URL = reverse("web:email_settings")


def test_both_emails_are_on_until_a_person_turns_one_off(cast, client):
    client.force_login(cast.cm_a)
    page = client.get(URL).content.decode()
    assert page.count('type="checkbox" value="on" checked') == 2
    assert "Which emails do you want?" in page


def test_unticking_the_digest_turns_it_off_and_keeps_the_other(cast, client):
    client.force_login(cast.cm_a)
    response = client.post(URL, {"at_once": "on"})
    assert response.status_code == 302
    preference = EmailPreference.objects.get(user=cast.cm_a)
    assert (preference.daily_digest, preference.at_once) == (False, True)


def test_a_person_changes_only_their_own_settings(cast, client):
    client.force_login(cast.cm_a)
    client.post(URL, {})
    assert list(EmailPreference.objects.values_list("user__username", flat=True)) == ["cm_a"]


def test_a_form_sent_without_its_csrf_token_changes_nothing(cast):
    browser = SignedInClient(enforce_csrf_checks=True)
    browser.force_login(cast.cm_a)
    assert browser.post(URL, {}).status_code == 403
    assert not EmailPreference.objects.exists()


def test_someone_not_signed_in_is_sent_to_sign_in(db):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign_in"))


def test_every_page_links_to_the_email_settings(cast, client):
    client.force_login(cast.cm_a)
    assert f'href="{URL}"' in client.get(reverse("web:caseload")).content.decode()
