"""Find a child: by name, case reference or date of birth, within the user's scope
(decision 0048).

What is typed is read as a date of birth when it is one in a way people write dates in the
UK (day first: "6/12/2009", "06-12-2009", "6.12.2009", "6 December 2009", "6 Dec 2009",
or the ISO "2009-12-06"); otherwise as part of a reference or a name. A name is compared
by its search key (cases/search_key.py: no accents, case, apostrophes, hyphens or spaces),
each word typed found somewhere in the child's key, so "o brien", "obrien" and "O’Brien"
all find "Aoife O'Brien", and "zoe" finds "Zoë". Every lookup starts from the one scope,
accounts.selectors.cases_for_user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.db.models import Q

from casequality.accounts.models import User
from casequality.accounts.selectors import cases_for_user
from casequality.cases.models import Case
from casequality.cases.search_key import search_key
from casequality.data.search import found_cases

QUERY_MAX_LENGTH = 100

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name, case reference or date of birth",
        help_text="For example, Aoife O'Brien, S-0001 or 6 December 2009",
        max_length=QUERY_MAX_LENGTH,
        error_messages={
            "required": "Enter a name, case reference or date of birth",
            "max_length": f"Search must be {QUERY_MAX_LENGTH} characters or fewer",
        },
    )


_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})\s*[-/.\s]\s*(\d{1,2})\s*[-/.\s]\s*(\d{4})")
_IN_WORDS = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")


def date_of_birth(text: str) -> date | None:
    """The date `text` names as people type one (day first), or None if it names none."""
    text = " ".join(text.strip().casefold().split())
    try:
        if match := _ISO.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
        if match := _DAY_FIRST.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        if (match := _IN_WORDS.fullmatch(text)) and match.group(2) in MONTHS:
            return date(int(match.group(3)), MONTHS[match.group(2)], int(match.group(1)))
    except ValueError:  # 31 February
        return None
    return None


# A search that finds more children than this lists the first (by name): type more of it.
MOST_RESULTS = 1000


@dataclass(frozen=True)
class Search:
    """What was typed, how it was read, and the ids of the cases it finds, in name order
    (at most MOST_RESULTS: `more` says there were others)."""

    query: str
    dob: date | None
    ids: list[int]
    more: bool


def search(user: User, query: str) -> Search:
    """The cases of the user's scope that `query` finds (by date of birth, reference or name).

    One query reads the ids only, in name order; a page's cases are then read by id
    (search_page_cases): the count and the page cost one pass over the scope, not two."""
    query = " ".join(query.split())[:QUERY_MAX_LENGTH]
    scope = cases_for_user(user)
    dob = date_of_birth(query)
    if not query:
        cases = scope.none()
    elif dob is not None:
        cases = scope.filter(child_dob=dob)
    else:
        words = [key for key in (search_key(word) for word in query.split()) if key]
        by_name = Q()
        for word in words:
            by_name &= Q(search_key__contains=word)
        cases = scope.filter(Q(ref__icontains=query) | by_name) if words else scope.filter(ref__icontains=query)
    ids = list(cases.order_by("child_name", "ref", "id").values_list("id", flat=True)[: MOST_RESULTS + 1])
    return Search(query=query, dob=dob, ids=ids[:MOST_RESULTS], more=len(ids) > MOST_RESULTS)


@dataclass(frozen=True)
class FoundCase:
    """One row of a search's results: what the page shows of the case, not its record."""

    id: int
    ref: str
    child_name: str
    child_dob: date
    closed_on: date | None
    case_manager_name: str | None
    team_name: str | None


def search_page_cases(ids: list[int]) -> list[FoundCase]:
    """These cases (one page of a search's ids, from the user's scope) in the order given:
    their row's fields only, by a plain read (data/search.py; the case's whole record, JSON
    lists and all, cost most of the page's CPU; decision 0057)."""
    by_id = {row["id"]: FoundCase(**row) for row in found_cases(ids)}
    return [by_id[pk] for pk in ids if pk in by_id]


def case_with_reference(user: User, query: str) -> Case | None:
    """The case of the user's scope whose reference is exactly `query`, as typed or in
    capitals (references are unique within a service: its index finds them)."""
    ref = query.strip()
    if not ref or len(ref) > 64:
        return None
    # What the redirect and its access-log entry need, not the case's record (decision 0057).
    matches = cases_for_user(user).filter(ref__in=sorted({ref, ref.upper()})).only("id", "ref", "service_id")
    found = list(matches[:2])
    return found[0] if len(found) == 1 else None
