"""Passwords: at least 12 characters (Django's validators), and a page to change one's own."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.conftest import PASSWORD


def test_a_password_of_eleven_characters_is_refused(cast):
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("kx7#Lq9!mZ2", user=cast.cm_a)


def test_a_password_of_twelve_uncommon_characters_is_accepted(cast):
    validate_password("kx7#Lq9!mZ2w", user=cast.cm_a)


def test_a_person_changes_their_own_password_with_their_current_one(client, cast):
    client.force_login(cast.cm_a)
    assert client.get("/accounts/password/").status_code == 200
    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "river-lantern-47-moss", "new_password2": "river-lantern-47-moss"},
    )
    assert response.status_code == 302
    cast.cm_a.refresh_from_db()
    assert cast.cm_a.check_password("river-lantern-47-moss")
    assert client.get("/cases/").status_code == 200  # still signed in


def test_a_short_new_password_is_refused_with_the_rule_in_words(client, cast):
    client.force_login(cast.cm_a)
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "short-pw-1", "new_password2": "short-pw-1"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and "at least 12 characters" in html
    cast.cm_a.refresh_from_db()
    assert cast.cm_a.check_password(PASSWORD)


def test_a_wrong_current_password_changes_nothing(client, cast):
    client.force_login(cast.cm_a)
    response = client.post(
        "/accounts/password/",
        {"old_password": "not it", "new_password1": "river-lantern-47-moss", "new_password2": "river-lantern-47-moss"},
    )
    assert "Your current password is not right" in response.content.decode()
    cast.cm_a.refresh_from_db()
    assert cast.cm_a.check_password(PASSWORD)
