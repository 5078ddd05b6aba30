"""`casequality digest [--dry-run] [--date D]`: send each person their digest of a day now."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "Send each person their daily email of actions (returned to them, overdue, due today, new) for a day, "
        "as the schedule does (`casequality beat`). A person's digest of a day is sent once at most: running it "
        "again sends only those the mail server refused before. --dry-run prints who would get what (case "
        "references, initials and counts; never a child's name) and sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="print who would get what; send nothing")
        parser.add_argument("--date", help="the day, as YYYY-MM-DD (default: today)")

    def handle(self, *args, dry_run: bool, date: str | None, **options):
        day = _day(date)
        if dry_run:
            self._dry_run(day)
            return
        from casequality.notifications.digest import digest_enqueue
        from casequality.notifications.models import EmailKind, SentEmail, SentState
        from casequality.tasks.services import results_wait

        outcomes: Counter[str] = Counter()
        for result in results_wait(digest_enqueue(day)):
            outcomes[result.return_value if result.status == "SUCCESSFUL" else "task failed"] += 1
        states = Counter(
            SentEmail.objects.filter(kind=EmailKind.DIGEST, about=day.isoformat()).values_list("state", flat=True)
        )
        self.stdout.write(
            f"Digests of {day.isoformat()}: {outcomes['claimed']} sent now, {outcomes['already']} sent before, "
            f"{outcomes['nothing']} with no actions, {outcomes['opted out']} turned off or without an address."
        )
        failed = states[SentState.FAILED]
        if failed or outcomes["task failed"]:
            raise CommandError(
                f"{failed + outcomes['task failed']} digest(s) were not sent (the mail server refused them, or their "
                "task failed: see the log). Run the same command again to send them; those sent are not sent twice."
            )

    def _dry_run(self, day: date) -> None:
        from casequality.notifications.digest import SECTIONS, digest_for, digest_people
        from casequality.notifications.models import EmailKind, SentEmail
        from casequality.notifications.services import wants

        sent = set(
            SentEmail.objects.filter(kind=EmailKind.DIGEST, about=day.isoformat()).values_list("user_id", flat=True)
        )
        for person in digest_people().select_related("staff"):
            if not wants(person, "daily_digest"):
                continue
            digest = digest_for(person, on=day)
            if not digest.count:
                continue
            counts = ", ".join(f"{len(digest.sections[key])} {label}" for key, label in SECTIONS)
            already = " (sent already: would not be sent again)" if person.pk in sent else ""
            self.stdout.write(f"{person.get_username()} <{person.email}>: {digest.count} actions: {counts}{already}")
            for key, _ in SECTIONS:
                for line in digest.sections[key]:
                    self.stdout.write(f"  {key}: {line.case_ref} ({line.initials}) {line.what} – {line.when}")


def _day(raw: str | None) -> date:
    if raw is None:
        return timezone.localdate()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--date must be a day as YYYY-MM-DD, such as 2026-12-07, not {raw!r}") from None
