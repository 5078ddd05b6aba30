"""A search's rows by plain SQL (casequality/data/search.py) are exactly their ORM twin's:
the same rows with values of the same types, on SQLite and PostgreSQL (DATABASE_URL), for
cases whose names hold `_`, `%`, quotes, `%s`, mixed case, composed and decomposed accents,
right-to-left marks and markup, with and without a case manager or team, closed or not."""

from __future__ import annotations

from casequality.data import search

from .test_reads import typed, world  # noqa: F401  (world: the fixture of 150 hostile cases)


def test_the_plain_rows_of_a_search_are_the_twins_rows(world):  # noqa: F811
    ids = world["cases"]
    for name, chosen in {
        "all": ids,
        "page": ids[:25],
        "repeated": [ids[0], ids[0], ids[3]],
        "unknown": [10**9],
        "none": [],
    }.items():
        assert typed(search.found_cases(chosen)) == typed(list(search.found_cases_orm(chosen))), name
