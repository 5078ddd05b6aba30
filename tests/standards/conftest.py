"""Fixtures of the standards tests."""

from __future__ import annotations

import pytest

from casequality.standards import selectors


@pytest.fixture(autouse=True)
def no_cached_names():
    # Each test's database starts afresh (and may reuse primary keys): so do the names.
    selectors.forget_name_indexes()
    yield
    selectors.forget_name_indexes()
