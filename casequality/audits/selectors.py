"""Reads of the audits app."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import NamedTuple

from django.core.management.base import CommandError
from django.db.models import Count, Q, QuerySet

from casequality.accounts.selectors import user_service_ids
from casequality.audits.models import Answer, Audit, AuditCase
from casequality.cases import versions
from casequality.cases.models import Service


def service_for_command(code: str | None) -> Service:
    """The service a command works on: the one named, or the only one stored.

    Raises CommandError with the codes that exist when the choice is unclear.
    """
    if code:
        try:
            return Service.objects.get(code=code)
        except Service.DoesNotExist:
            codes = ", ".join(Service.objects.order_by("code").values_list("code", flat=True)) or "none"
            raise CommandError(f"--service: no service {code!r} (stored: {codes})") from None
    services = list(Service.objects.order_by("code")[:2])
    if not services:
        raise CommandError("No service is stored yet: import cases first (casequality import FILE)")
    if len(services) > 1:
        codes = ", ".join(Service.objects.order_by("code").values_list("code", flat=True))
        raise CommandError(f"Several services are stored ({codes}): choose one with --service")
    return services[0]


def _assigned_and_open(user) -> QuerySet[AuditCase]:
    """The user's assignments in audits whose inspectors' access has not ended."""
    from django.utils import timezone

    open_audit = Q(audit__inspector_access_ends_on__isnull=True) | Q(
        audit__inspector_access_ends_on__gt=timezone.localdate()
    )
    return AuditCase.objects.filter(Q(inspector=user) | Q(moderator=user)).filter(open_audit)


def case_ids_assigned_to(user) -> QuerySet:
    """Ids of the cases in audit samples that `user` is assigned to, as inspector or moderator,
    while the audit is open to its inspectors (until `Audit.inspector_access_ends_on`).

    A queryset of ids (use it in `filter(id__in=...)`); empty for anyone else.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return AuditCase.objects.none().values_list("case_id", flat=True)
    return _assigned_and_open(user).values_list("case_id", flat=True).distinct()


def audits_for_user(user) -> QuerySet[Audit]:
    """Audits the user may see, in their services: an inspector those with a case assigned
    to them; QA leads and others all. A board member sees none here: they read published
    reports, which the reports app knows (reports.selectors.report_audits_for_user)."""
    from casequality.accounts.models import Role

    audits = Audit.objects.filter(service_id__in=sorted(user_service_ids(user))).select_related("service")
    if user.role == Role.BOARD:
        return audits.none()
    if user.role == Role.INSPECTOR:
        assigned = _assigned_and_open(user).values("audit_id")
        return audits.filter(id__in=assigned)
    return audits


def audit_get_for_user(user, pk: int, *, with_sample: bool = True) -> Audit:
    """The audit (with its service) if the user may see it, as audits_for_user scopes them;
    Http404 otherwise (out of scope looks like absent). Without `with_sample`, the sample's
    analysis (tens of kB of JSON, for the audit's own page) is left unread until touched.

    One plain read (data/marking.py's audit_in_scope, beside its ORM twin): the audit's
    page and its answer form read the audit on every request, and building and compiling
    the queryset cost more than the database's work."""
    from django.http import Http404
    from django.utils import timezone

    from casequality.accounts.models import Role
    from casequality.cases.models import Service
    from casequality.data import marking

    if user.role == Role.BOARD:
        raise Http404("No such audit")
    inspector = user.role == Role.INSPECTOR
    row = marking.audit_in_scope(
        pk,
        sorted(user_service_ids(user)),
        marker_id=user.pk if inspector else None,
        today=timezone.localdate() if inspector else None,
        with_sample=with_sample,
    )
    if row is None:
        raise Http404("No such audit")
    names, audit_attnames, service_attnames = marking.audit_columns(with_sample)
    values = [row[name] for name in names]
    audit = Audit.from_db("default", audit_attnames, values[: len(audit_attnames)])
    audit.service = Service.from_db("default", service_attnames, values[len(audit_attnames) :])
    return audit


def audit_case_and_answers(
    audit: Audit, audit_case_id: int, moderation: bool, *, leave_unread: tuple[str, ...] = ()
) -> tuple[AuditCase | None, list[Answer]]:
    """The audit's case `audit_case_id` (None if it is not one of the audit's) with its case
    (its fields named in `leave_unread` left unread until touched) and the case's manager,
    given the audit already read; and the answers of one marker of it (the second marker's
    with `moderation`) as `audit_case.answers.filter(is_moderation=moderation)` gives them
    (none when the case is not the audit's).

    Two plain reads sent together, one round trip on PostgreSQL (data/marking.py's
    audit_case_with_answers, beside its ORM twin), made into models by Model.from_db: the
    answer form reads them on every request, and the queryset (select_related, defer) cost
    about 1.3 ms of CPU to build and compile."""
    from casequality.data import marking

    row, answers = marking.audit_case_with_answers(
        audit.pk, audit_case_id, moderation=moderation, leave_unread=leave_unread
    )
    if row is None:
        return None, []
    return _audit_case_of(audit, row, leave_unread), _answers_of_rows(answers)


def _audit_case_of(audit: Audit, row: dict, leave_unread: tuple[str, ...]) -> AuditCase:
    from casequality.cases.models import Case, Staff
    from casequality.data import marking

    names, own, case_fields, staff_fields = marking.audit_case_columns(leave_unread)
    values = [row[name] for name in names]
    at, staff_at = len(own), len(own) + len(case_fields)
    audit_case = AuditCase.from_db("default", own, values[:at])
    case = Case.from_db("default", case_fields, values[at:staff_at])
    manager = values[staff_at:]
    case.case_manager = None if case.case_manager_id is None else Staff.from_db("default", staff_fields, manager)
    audit_case.case = case
    audit_case.audit = audit
    return audit_case


def report_published(audit: Audit) -> bool:
    """Whether the audit's report is published (`audit.report.is_published`, False before
    the report is made), by one plain read of the report's status (data/marking.py's
    audit_report, beside its ORM twin), not of its narrative and published text: the
    QA lead's task list asks on every view of the audit's page."""
    from casequality.data import marking
    from casequality.data.reads import model_of

    row = marking.audit_report(audit.pk)
    if row is None:
        return False
    report = model_of("reports.AuditReport").from_db("default", ("id", "audit_id", "status"), list(row.values()))
    return bool(report.is_published)  # type: ignore[attr-defined]  # the reports app's model, by its label


def _answers_of_rows(rows: list[dict]) -> list[Answer]:
    from casequality.data import marking

    _, attnames = marking.answer_columns()
    return [Answer.from_db("default", attnames, list(row.values())) for row in rows]


def audit_taken_part_in(user, pk: int) -> Audit | None:
    """The audit, in the user's services, if the user was assigned a case of it (as inspector
    or second marker), whether or not their access has ended; else None."""
    service_ids = sorted(user_service_ids(user))
    taking_part = AuditCase.objects.filter(Q(inspector=user) | Q(moderator=user)).values("audit_id")
    return Audit.objects.filter(pk=pk, service_id__in=service_ids, id__in=taking_part).first()


@dataclass(frozen=True)
class NextCase:
    """A marker's next case to mark: the assignment's id (its form's address) and the
    case's reference (the button's words)."""

    id: int
    case_ref: str


def next_case_for(user, audit_case: AuditCase, *, moderation: bool) -> NextCase | None:
    """The user's next case of the same audit still to mark (some question unanswered by
    them), after this one in draw order (as inspector, or as second marker when
    `moderation`), wrapping round; None when no other case of theirs is left to mark.

    One plain read of that case alone (data/marking.py's next_to_mark, beside its ORM
    twin): every case of the user's, with its answers counted and made into a row, cost
    about 1 ms of CPU on each view of the form at 115 cases."""
    from casequality.audits.frameworks import audit_framework
    from casequality.data import marking

    theirs = (audit_case.moderator_id if moderation else audit_case.inspector_id) == user.pk
    found = marking.next_to_mark(
        audit_case.audit_id,
        user.pk,
        moderation=moderation,
        current_id=audit_case.pk,
        # A case not among theirs (a reserve, another's): from the first, as before.
        after=(audit_case.position, audit_case.pk) if theirs and not audit_case.reserve else None,
        questions=len(audit_framework(audit_case.audit).questions),
    )
    return NextCase(*found) if found else None


@dataclass(frozen=True)
class MarkingRow:
    """One case assigned to a person, for their home page: how far their marking has got
    (the assignment's id, for its form's address, and the case's reference)."""

    audit_case_id: int
    case_ref: str
    answered: int
    questions: int
    second_marking: bool

    @property
    def marked(self) -> bool:
        return self.answered >= self.questions


@dataclass
class MarkingOfAudit:
    """A person's cases of one audit: left to mark, marked, and second marking asked of them."""

    audit: Audit
    questions: int
    to_mark: list[MarkingRow]
    marked: list[MarkingRow]
    second_marking: list[MarkingRow]

    @property
    def published(self) -> bool:
        return self.audit.answers_frozen_at is not None

    @property
    def next_case(self) -> MarkingRow | None:
        """Where to carry on: the first case left to mark, else the first second marking left."""
        return next(iter(self.to_mark), None) or next((r for r in self.second_marking if not r.marked), None)

    @property
    def case_refs(self) -> list[str]:
        """The references of every case the group names (for the access log)."""
        return [row.case_ref for row in (*self.to_mark, *self.marked, *self.second_marking)]


def marking_for(user) -> list[MarkingOfAudit]:
    """The person's assigned cases, by audit (newest audit first), in draw order: an
    inspector's home (decision 0049). Only audits of their services still open to them
    (as `audits_for_user`; a board member has none).

    Two plain reads (data/marking.py, decision 0057): the assignments with the case's
    reference and the answer counts, then each audit once with its frozen framework. Read
    through the ORM, every row carried the case's record and the audit's 50 kB of frozen
    framework and sample as JSON to decode (6 MB for 115 cases), and building the query
    cost more than running it."""
    from django.utils import timezone

    from casequality.accounts.models import Role
    from casequality.accounts.selectors import user_service_ids
    from casequality.audits.frameworks import audit_framework
    from casequality.data import marking

    if user.role == Role.BOARD:
        return []
    rows = marking.assignments(user.pk, sorted(user_service_ids(user)), today=timezone.localdate())
    found = {row["id"]: Audit(**row) for row in marking.audits({row["audit_id"] for row in rows})}
    audits: dict[int, MarkingOfAudit] = {}
    for row in rows:
        group = audits.get(row["audit_id"])
        if group is None:
            audit = found[row["audit_id"]]
            n = len(audit_framework(audit).questions)
            group = audits[row["audit_id"]] = MarkingOfAudit(audit, n, [], [], [])
        if row["inspector_id"] == user.pk:
            mark = MarkingRow(row["id"], row["case_ref"], row["marks"], group.questions, second_marking=False)
            (group.marked if mark.marked else group.to_mark).append(mark)
        if row["moderator_id"] == user.pk:
            second = MarkingRow(row["id"], row["case_ref"], row["second_marks"], group.questions, second_marking=True)
            group.second_marking.append(second)
    return list(audits.values())


def who_assigns_audits(user):
    """The QA leads of the person's services, who assign an audit's cases (by name)."""
    from casequality.accounts.models import User
    from casequality.accounts.roles import roles_that_may

    service_ids = sorted(user_service_ids(user))
    return (
        User.objects.filter(
            Q(service_id__in=service_ids) | Q(extra_services__in=service_ids),
            is_active=True,
            role__in=sorted(roles_that_may("audits.manage_audit")),
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class AuditCaseRow(NamedTuple):
    """One case of an audit as its page lists it: the case's reference (not its record),
    its stratum, its markers by name ("" where none) and how many questions each has
    answered (`answered` the inspector, `moderated` the second marker). A named tuple, not
    a frozen dataclass: made for each of the audit's cases on every view of its page, in
    half the time."""

    id: int
    case_ref: str
    stratum: str
    reserve: bool
    inspector_id: int | None
    inspector_name: str
    moderator_id: int | None
    moderator_name: str
    answered: int
    moderated: int


def _person_name(first: str | None, last: str | None, username: str | None) -> str:
    """A marker's name as the user's own `str()` gives it: their full name, else their username."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


def audit_cases_with_progress(audit: Audit, *, user=None) -> list[AuditCaseRow]:
    """The audit's cases (only the user's own for an inspector, as inspector or second
    marker) with `answered` and `moderated` counts, reserves last, in draw order.

    One plain read (data/marking.py, beside its ORM twin): the case's reference and the
    markers' names, never the case's record or the pre-filled suggestions. Read as model
    instances, with the queryset built and compiled on every request, it was a quarter of
    the audit page's CPU at 115 cases."""
    from casequality.accounts.models import Role

    marker = user.pk if user is not None and user.role == Role.INSPECTOR else None
    return _audit_case_rows(audit.pk, marker_id=marker)


def _audit_case_rows(audit_id: int, *, marker_id: int | None) -> list[AuditCaseRow]:
    from casequality.data import marking

    # By position, in AuditCaseRow's order: by keyword, 115 rows took 0.10 ms to make, not 0.06.
    return [
        AuditCaseRow(
            row["id"],
            row["case_ref"],
            row["stratum"],
            row["reserve"],
            row["inspector_id"],
            _person_name(row["inspector_first_name"], row["inspector_last_name"], row["inspector_username"]),
            row["moderator_id"],
            _person_name(row["moderator_first_name"], row["moderator_last_name"], row["moderator_username"]),
            row["answered"],
            row["moderated"],
        )
        for row in marking.audit_cases(audit_id, marker_id=marker_id)
    ]


def audit_people(audit: Audit):
    """Who may be assigned cases of the audit: the people of its service whose role may
    open audits (inspectors and QA leads, accounts/roles.py)."""
    from casequality.accounts.models import User
    from casequality.accounts.roles import roles_that_may

    return (
        User.objects.filter(
            Q(service=audit.service) | Q(extra_services=audit.service),
            is_active=True,
            role__in=sorted(roles_that_may("audits.view_audits")),
        )
        .distinct()
        .order_by("first_name", "username")
    )


@dataclass(frozen=True)
class CaseCounts:
    """The one count of an audit's cases every page gives: the sample (what is audited and
    counted in the figures) and, apart, the reserves that may replace a sampled case."""

    sampled: int
    reserves: int
    assigned: int

    @property
    def unassigned(self) -> int:
        return self.sampled - self.assigned

    def words(self) -> str:
        text = f"{self.sampled} case{'s' if self.sampled != 1 else ''} in the sample"
        if self.sampled:
            text += f" ({self.assigned} assigned to an inspector, {self.unassigned} not yet)"
        if self.reserves:
            text += (
                f", and {self.reserves} reserve case{'s' if self.reserves != 1 else ''} to replace a sampled case "
                "that cannot be audited"
            )
        return text


def case_counts_of(cases: list[AuditCaseRow]) -> CaseCounts:
    """audit_case_counts from every case of the audit already read (audit_cases_with_progress
    for someone who sees them all), without reading them again."""
    sample = [c for c in cases if not c.reserve]
    return CaseCounts(
        sampled=len(sample), reserves=len(cases) - len(sample), assigned=sum(1 for c in sample if c.inspector_id)
    )


def audit_case_counts(audit: Audit) -> CaseCounts:
    rows = audit.cases.aggregate(
        sampled=Count("id", filter=Q(reserve=False)),
        reserves=Count("id", filter=Q(reserve=True)),
        assigned=Count("id", filter=Q(reserve=False, inspector__isnull=False)),
    )
    return CaseCounts(**rows)


# What each audit form was based on (decision 0031): the view refuses a POST whose version
# is missing or differs, under a lock on the audit, so nothing anyone saved is written over.
def answers_version(audit_case: AuditCase, moderation: bool) -> str:
    """What the answer form showed: the marker's answers, counted, and when last saved."""
    return answers_version_of(list(audit_case.answers.filter(is_moderation=moderation)))


def answers_version_of(answers: list[Answer]) -> str:
    """answers_version of the answers the form was given (read once for both; decision 0059)."""
    last = max((a.answered_at for a in answers), default=None)
    return ".".join(["answers", last.isoformat() if last else "none", str(len(answers))])


def assignments_version(audit) -> str:
    rows = audit.cases.order_by("pk").values_list("pk", "inspector_id", "moderator_id", "reserve")
    return "assigned." + hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16]


def ratings_version(audit) -> str:
    return "ratings." + hashlib.sha256(repr(sorted((audit.judged_ratings or {}).items())).encode()).hexdigest()[:16]


def settled_version(audit_case: AuditCase, question: str) -> str:
    settled = audit_case.settlements.filter(question=question).first()
    return f"settled.{settled.settled_at.isoformat()}" if settled else "settled.none"


def audits_version(service) -> str:
    return versions.counted(Audit.objects.filter(service=service), "audits")


# --- The self-assessment in its body's layout (decision 0055) -----------------------------


def self_assessment_audit_for_user(user, pk: int) -> Audit:
    """The audit whose self-assessment report the user may read, as for its audit report:
    a board member an audit of their services once its report is published (its answers
    frozen), never before; anyone else an audit they may see. Http404 otherwise."""
    from django.http import Http404

    from casequality.accounts.models import Role
    from casequality.accounts.selectors import user_service_ids

    if user.role == Role.BOARD:
        audits = Audit.objects.filter(service_id__in=user_service_ids(user), answers_frozen_at__isnull=False)
    else:
        audits = audits_for_user(user)
    audit = audits.select_related("service").filter(pk=pk).first()
    if audit is None:
        raise Http404("No such self-assessment")
    return audit


def previous_self_assessment(audit: Audit) -> Audit | None:
    """The service's last self-assessment on the same framework published before this one
    (before now while this one is a draft): what improvement tracking compares with. Once
    this one is published the answer never changes."""
    from django.utils import timezone

    until = audit.answers_frozen_at or timezone.now()
    return (
        Audit.objects.filter(
            service_id=audit.service_id,
            framework=audit.framework,
            answers_frozen_at__isnull=False,
            answers_frozen_at__lt=until,
        )
        .exclude(pk=audit.pk)
        .order_by("-answers_frozen_at", "-id")
        .first()
    )
