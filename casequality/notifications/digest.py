"""The daily digest: each person's actions that are new, due today, overdue or returned to
them, sent once a day at most (docs/decisions/0042-email.md).

`digest_enqueue(day)` asks for one task per person who may get one (`digest_send`), through
the task outbox (casequality/tasks/): without a broker they run in the process at once.
Each task reads the person's actions (oversight.today.today_for), claims the person's
digest for the day (services.email_claim) and sends it after its commit. A second run the
same day, however many and wherever they run, finds the claims and sends nothing.

The email carries case references, the child's initials, what to do in plain words,
when, and links: never a child's name, nor any free text of the record (a return's reason
included).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.tasks import task

from casequality.accounts.models import User
from casequality.notifications.models import EmailKind, SentEmail, SentState
from casequality.notifications.services import Email, email_claim, email_render, email_send_after_commit, link, wants
from casequality.oversight.today import OVERDUE, TODAY, TodayItem, day_words, today_for, when_words

SECTIONS = (
    ("returned", "returned to you"),
    ("overdue", "overdue"),
    ("today", "due today"),
    ("new", "new"),
)


@dataclass(frozen=True)
class Line:
    """One action as an email lists it: nothing but references, initials and plain words."""

    case_ref: str
    initials: str
    what: str
    when: str
    url: str


@dataclass
class Digest:
    day: date
    sections: dict[str, list[Line]] = field(default_factory=lambda: {key: [] for key, _ in SECTIONS})

    @property
    def count(self) -> int:
        return sum(len(lines) for lines in self.sections.values())

    def counts(self) -> dict[str, int]:
        return {key: len(lines) for key, lines in self.sections.items()}


def last_digest_day(user: User, before: date) -> date | None:
    """The day of the person's last digest sent before `before`."""
    about = (
        SentEmail.objects.filter(user=user, kind=EmailKind.DIGEST, state=SentState.SENT, about__lt=before.isoformat())
        .order_by("-about")
        .values_list("about", flat=True)
        .first()
    )
    return date.fromisoformat(about) if about else None


def section_of(item: TodayItem, *, new_after: date | None, on: date) -> str | None:
    """The one section an action is listed in (returned, overdue, due today, new), or None."""
    if not item.mine:
        return None  # a team member's action, on the manager's page: not in the manager's email
    if item.is_returned:
        return "returned"
    if item.when == OVERDUE:
        return "overdue"
    if item.when == TODAY and item.due is not None:
        return "today"
    if (item.opened_on > new_after) if new_after else (item.opened_on == on):
        return "new"
    return None


def digest_for(user: User, *, on: date) -> Digest:
    """What the person's digest of `on` lists (empty: no email)."""
    digest = Digest(day=on)
    new_after = last_digest_day(user, on)
    for item in today_for(user, on=on):
        section = section_of(item, new_after=new_after, on=on)
        if section:
            digest.sections[section].append(line_of(item))
    return digest


def line_of(item: TodayItem) -> Line:
    # `what` is the rulebook's plain words; where the rulebook has none it falls back to the
    # finding's message, which may quote the record: then only the rule's id.
    what = item.what if item.what != item.detail else f"Act on finding {item.rule}"
    return Line(
        case_ref=item.case_ref,
        initials=item.child_initials,
        what=what,
        when=when_words(item),
        url=link("web:case_detail", ref=item.case_ref),
    )


def digest_email(user: User, digest: Digest) -> Email:
    sections = [(label, digest.sections[key]) for key, label in SECTIONS if digest.sections[key]]
    return email_render(user.email, "digest", {"digest": digest, "day": day_words(digest.day), "sections": sections})


@task
def digest_send(user_id: int, day: str) -> str:
    """Send one person their digest of `day` (YYYY-MM-DD) unless it is sent or claimed already.
    Returns what happened: "claimed", "already", "nothing", "opted out"."""
    on = date.fromisoformat(day)
    user = User.objects.filter(pk=user_id).select_related("staff").first()
    if user is None or not wants(user, "daily_digest"):
        return "opted out"
    digest = digest_for(user, on=on)
    if not digest.count:
        return "nothing"
    with transaction.atomic():
        claim = email_claim(user=user, kind=EmailKind.DIGEST, about=day, actions=digest.count)
        if claim is None:
            return "already"
        email_send_after_commit(claim, digest_email(user, digest))
    return "claimed"


def digest_people():
    """Everyone who may get a digest: active, with an address, and a role with actions."""
    from casequality.accounts.models import Role

    return (
        User.objects.filter(is_active=True, role__in=(Role.CASE_MANAGER, Role.TEAM_MANAGER, Role.QA_LEAD))
        .exclude(email="")
        .order_by("pk")
    )


def digest_enqueue(day: date) -> list:
    """Ask for each person's digest of `day`, in one transaction (the outbox's rows commit
    together); returns the tasks' results."""
    with transaction.atomic():
        return [digest_send.enqueue(pk, day.isoformat()) for pk in digest_people().values_list("pk", flat=True)]
