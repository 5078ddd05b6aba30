"""The caseload's sort and its filters by risk, overdue and returned work (decision 0048).

A column's header is a link that sorts the whole caseload on the server (every page, with
or without JavaScript): `?sort=<column>&order=ascending|descending`, kept with the filters
in every link. Without `sort`, the caseload is in urgency order: the case whose next action
falls due first (the longest overdue first, no action last), then the most Musts open,
then by reference.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OrderBy, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from casequality.cases.models import Assessment, Case, Order
from casequality.cases.vocabulary import CUSTODIAL_ORDERS
from casequality.data.caseload import own_count, own_page, walk_counts, walk_page
from casequality.oversight.today import countersignatures_standing
from casequality.standards.models import CaseUrgency, Finding, Kind
from casequality.standards.selectors import HIGH_LEVELS

ASCENDING, DESCENDING = "ascending", "descending"


@dataclass(frozen=True)
class Column:
    key: str  # the `sort` parameter
    label: str
    first: str  # the order of a first click on its header
    # (field, the order of the field when the column is ascending)
    fields: tuple[tuple[str, str], ...]


COLUMNS = {
    column.key: column
    for column in (
        Column("ref", "Case", ASCENDING, (("ref", ASCENDING),)),
        Column("child", "Child", ASCENDING, (("child_name", ASCENDING),)),
        Column("case_manager", "Case manager", ASCENDING, (("case_manager__name", ASCENDING),)),
        Column(
            "findings",
            "Open findings",
            DESCENDING,
            (("sort_must", ASCENDING), ("sort_should", ASCENDING), ("sort_tasks", ASCENDING)),
        ),
        Column("next_due", "Next action due", ASCENDING, (("sort_next_due", ASCENDING),)),
    )
}

URGENCY = (F("sort_next_due").asc(nulls_last=True), F("sort_must").desc(), "ref", "id")


def _open(**kinds: Any) -> QuerySet[Finding]:
    return Finding.objects.filter(case_id=OuterRef("pk"), resolved_on__isnull=True, **kinds)


def _count(**kinds: Any) -> Coalesce:
    counted = _open(**kinds).order_by().values("case_id").annotate(n=Count("id")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


# Each the case's urgency kept beside it (standards.CaseUrgency, decision 0060), one join
# whichever the order reads: no row is no open finding. The scalar subqueries it replaced
# on the case's findings (a page's order cost 130-210 ms of a QA lead's 10,000 cases)
# are its twin (SUBQUERY_FIELDS), which a test holds equal to it.
SORT_FIELDS = {
    "sort_next_due": lambda: F("urgency__next_due"),
    "sort_must": lambda: Coalesce(F("urgency__must"), 0),
    "sort_should": lambda: Coalesce(F("urgency__should"), 0),
    "sort_tasks": lambda: Coalesce(F("urgency__tasks"), 0),
}

SUBQUERY_FIELDS = {
    "sort_next_due": lambda: Subquery(_open(actionable=True, due__isnull=False).order_by("due").values("due")[:1]),
    "sort_must": lambda: _count(kind=Kind.FINDING, severity="must"),
    "sort_should": lambda: _count(kind=Kind.FINDING, severity="should"),
    "sort_tasks": lambda: _count(kind=Kind.TASK),
}

Fields = Mapping[str, Callable[[], Any]]

# URGENCY on the kept rows alone, as their index (standards.CaseUrgency's caseurgency_walk)
# holds them within a service.
WALK = (F("next_due").asc(nulls_last=True), F("must").desc(), "ref", "case_id")


@dataclass(frozen=True)
class Walk:
    """Every case of some services in urgency order, read from their kept urgency alone:
    one index's walk to any page, where the join with the cases sorts them all for each
    page (about a third of a QA lead's page at 10,000 cases). For Django's Paginator:
    `count()` and slices of ids, a slice read by a plain statement (data.caseload.walk_page;
    `ids`, by the ORM, is its twin and what iterating gives)."""

    service_ids: tuple[int, ...]
    total: int

    @property
    def ids(self) -> QuerySet[CaseUrgency, int]:
        return (
            CaseUrgency.objects.filter(service_id__in=self.service_ids)
            .order_by(*WALK)
            .values_list("case_id", flat=True)
        )

    def count(self) -> int:
        return self.total

    def __getitem__(self, part: slice) -> list[int]:
        start, stop, _ = part.indices(self.total)
        return walk_page(self.service_ids, offset=start, limit=stop - start)

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)


@dataclass
class Own:
    """A team's or a case manager's whole caseload in urgency order (the cases whose `column`,
    team_id or case_manager_id, is `value`): sorted_cases(those cases, "", "") for Django's
    Paginator, `count()` and a slice of ids each by one plain statement
    (data.caseload.own_count, own_page); `ids`, by the ORM, is their twin and what
    iterating gives."""

    column: str
    value: int
    total: int | None = None

    @property
    def ids(self) -> QuerySet[Case, int]:
        cases = Case.objects.filter(**{self.column: self.value})
        return sorted_cases(cases, "", "").values_list("id", flat=True)

    def count(self) -> int:
        if self.total is None:
            self.total = own_count(self.column, self.value)
        return self.total

    def __getitem__(self, part: slice) -> list[int]:
        start, stop, _ = part.indices(self.count())
        return own_page(self.column, self.value, offset=start, limit=stop - start)

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)


def walk_counts_orm(service_ids: Collection[int]) -> tuple[int, int]:
    """data.caseload.walk_counts's twin: (the cases of these services, their kept rows)."""
    ids = sorted(service_ids)
    return Case.objects.filter(service_id__in=ids).count(), CaseUrgency.objects.filter(service_id__in=ids).count()


def urgency_walk(service_ids: Collection[int]) -> Walk | None:
    """The whole caseload of these services in urgency order as a Walk (the same order as
    sorted_cases(cases_of_services(...), "", "")), or None when some case of theirs has no
    kept row (written otherwise than by the import: a row of zeros is then the LEFT JOIN's,
    and only the join's order holds every case)."""
    ids = tuple(sorted(service_ids))
    total, kept = walk_counts(ids)
    return Walk(ids, total) if kept == total else None


def _annotated(cases: QuerySet[Case], names: list[str], fields: Fields) -> QuerySet[Case]:
    return cases.annotate(**{name: fields[name]() for name in names if name in fields})


def sorted_cases(cases: QuerySet[Case], sort: str, order: str, *, fields: Fields = SORT_FIELDS) -> QuerySet[Case]:
    """`cases` in the column's order (an unknown column: urgency order), then by reference
    (`fields`: the urgency kept, or its twin SUBQUERY_FIELDS)."""
    column = COLUMNS.get(sort)
    if column is None:
        return _annotated(cases, ["sort_next_due", "sort_must"], fields).order_by(*URGENCY)
    cases = _annotated(cases, [field for field, _ in column.fields], fields)
    return cases.order_by(*column_keys(column, order), "ref", "id")


def column_keys(column: Column, order: str) -> list[OrderBy]:
    """The ORDER BY of a column sorted `order` (empty values last either way)."""
    descending = order == DESCENDING
    keys = []
    for field, direction in column.fields:
        down = (direction == DESCENDING) != descending
        keys.append(F(field).desc(nulls_last=True) if down else F(field).asc(nulls_last=True))
    return keys


def filtered_cases(
    cases: QuerySet[Case], *, today: date, at_risk: bool = False, overdue: bool = False, returned: bool = False
) -> QuerySet[Case]:
    """Of `cases`: the children at risk (the queues' meaning: looked after, in custody, or
    RoSH or vulnerability high or very high in the latest assessment), those with an action
    overdue, those with an item returned to the case manager and not yet sent back."""
    if at_risk:
        # The case's latest assessment (the case is two queries out: the assessment's, then the case's).
        latest = Assessment.objects.filter(case_id=OuterRef(OuterRef("pk")), date__lte=today).order_by("-date", "-id")
        high = Q(rosh__level__in=HIGH_LEVELS) | Q(vulnerability__level__in=HIGH_LEVELS)
        custody = Order.objects.filter(case_id=OuterRef("pk"), type__in=CUSTODIAL_ORDERS, court_date__lte=today).filter(
            Q(end__isnull=True) | Q(end__gte=today)
        )
        latest_high = Assessment.objects.filter(pk__in=latest.values("pk")[:1]).filter(high)
        cases = cases.filter(Q(looked_after=True) | Exists(custody) | Exists(latest_high))
    if overdue:
        late = Finding.objects.filter(case_id=OuterRef("pk"), resolved_on__isnull=True, actionable=True, due__lt=today)
        cases = cases.filter(Exists(late))
    if returned:
        waiting = {c.case_id for c in countersignatures_standing(cases, returned_only=True) if c.awaits_case_manager}
        cases = cases.filter(pk__in=sorted(waiting))
    return cases


@dataclass(frozen=True)
class Header:
    """One column's header: its label, its link and what assistive technology reads (aria-sort)."""

    key: str
    label: str
    href: str
    aria_sort: str  # "ascending", "descending" or "none"


def caseload_sort(params: Mapping[str, str], columns: Mapping[str, Column] = COLUMNS) -> tuple[str, str]:
    """(column, order) the query asks for; ("", "") for urgency order (none, or an unknown column)."""
    column = columns.get(params.get("sort", ""))
    if column is None:
        return "", ""
    order = params.get("order", "")
    return column.key, order if order in (ASCENDING, DESCENDING) else column.first


def query_pairs(query: Mapping[str, object]) -> list[tuple[str, str]]:
    """A filter form's values as (name, value) pairs for a link, a list as one pair per value."""
    return [
        (name, str(item)) for name, value in query.items() for item in (value if isinstance(value, list) else [value])
    ]


def headers(
    query: list[tuple[str, str]],
    sort: str,
    order: str,
    *,
    show_case_manager: bool,
    columns: Mapping[str, Column] = COLUMNS,
    fragment: str = "",
) -> list[Header]:
    """The sortable headers of the caseload (or of another list's `columns`): each links to
    the list sorted by it (the current column: the other way), keeping the filters (`query`)
    and starting at page 1."""
    out = []
    for column in columns.values():
        if column.key == "case_manager" and not show_case_manager:
            continue
        current = column.key == sort
        if current:
            next_order = ASCENDING if order == DESCENDING else DESCENDING
        else:
            next_order = column.first
        href = "?" + urlencode([*query, ("sort", column.key), ("order", next_order)]) + fragment
        out.append(Header(column.key, column.label, href, order if current else "none"))
    return out
