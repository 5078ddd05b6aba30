"""The session engine's plain read (casequality/accounts/sessions.py) gives what its ORM twin
gives, on SQLite and PostgreSQL; a session that is expired, missing or made up by the browser
is not loaded and its key is forgotten, as Django's own engine does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from casequality.accounts.sessions import SessionStore, session_row, session_row_orm

pytestmark = pytest.mark.django_db

HOSTILE_VALUES = ["O'Brien", 'say "hi"', "%(x)s", "\u202eevil", "<script>alert(1)</script>"]


def _saved(**values) -> SessionStore:
    store = SessionStore()
    for key, value in values.items():
        store[key] = value
    store.create()
    store.save()
    return store


def test_the_plain_read_of_a_session_is_its_orm_twin():
    store = _saved(name="x")
    assert session_row(store.session_key) == tuple(session_row_orm(store.session_key).get())


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_session_holding_hostile_text_loads_as_it_was_saved(value):
    store = _saved(value=value)
    assert SessionStore(store.session_key).load() == {"value": value}


def test_an_unknown_key_reads_as_no_session_by_both_reads():
    assert session_row("x" * 32) is None
    assert not session_row_orm("x" * 32).exists()


def test_a_key_the_browser_made_up_loads_nothing_and_is_forgotten():
    store = SessionStore("madeupmadeupmadeupmadeupmadeup12")
    assert store.load() == {}
    assert store.session_key is None


def test_an_expired_session_loads_nothing_and_its_key_is_forgotten():
    store = _saved(name="x")
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    again = SessionStore(store.session_key)
    assert again.load() == {}
    assert again.session_key is None


def test_a_session_saved_again_after_loading_keeps_its_key():
    store = _saved(name="x")
    again = SessionStore(store.session_key)
    again["more"] = 1
    again.save()
    assert SessionStore(store.session_key).load() == {"name": "x", "more": 1}
