"""The Jinja2 pagination macro (web/jinja2/web/macros/pagination.html) marks the elided
range's gaps, whichever form the paginator's gap takes."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.template import engines

MACRO = '{% from "web/macros/pagination.html" import pagination %}{{ pagination(page, pages, "") }}'


def _links(paginator: Paginator, number: int) -> list[str]:
    page = paginator.get_page(number)
    pages = paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    html = engines["jinja2"].from_string(MACRO).render({"page": page, "pages": pages})
    found = re.findall(r'<li class="govuk-pagination__item[^"]*">\s*(?:<a [^>]*>(\d+)</a>|(&ctdot;))', html)
    return [number or gap for number, gap in found]


def test_the_gaps_of_a_paginator_with_djangos_lazy_gap_are_shown_as_gaps():
    assert _links(Paginator(range(130), 10), 7) == ["1", "&ctdot;", "5", "6", "7", "8", "9", "&ctdot;", "13"]


def test_the_gaps_of_a_paginator_whose_gap_is_plain_text_are_shown_as_gaps():
    paginator = Paginator(range(130), 10)
    paginator.ELLIPSIS = str(Paginator.ELLIPSIS)
    assert _links(paginator, 7) == ["1", "&ctdot;", "5", "6", "7", "8", "9", "&ctdot;", "13"]


def test_a_page_number_is_never_taken_for_a_gap():
    assert _links(Paginator(range(50), 10), 3) == ["1", "2", "3", "4", "5"]
