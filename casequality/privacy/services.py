"""Writes for data protection: erasing one child's data, and the retention schedule.

Both remove a case and everything held about it (privacy.selectors.HELD_ABOUT_A_CASE),
in one transaction, and leave an access-log entry saying what went: erasure names the
case's reference, retention only counts. The access log itself keeps its entries about an
erased case (they say who read the record, not what it held) until its own retention.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casequality.accounts.models import AccessVerb
from casequality.accounts.services import access_log_record, access_log_retain
from casequality.cases.models import Case
from casequality.privacy.selectors import HELD_ABOUT_A_CASE, retention_due, years_before


def _remove(case: Case) -> Counter:
    """Delete the case and everything held about it; the counts per kind of row."""
    counts = Counter({section: rows(case).count() for section, rows in HELD_ABOUT_A_CASE.items()})
    # Audit answers and the audit's case first: an audit keeps (PROTECT) its cases against
    # an accidental deletion, never against erasure. A published report keeps its frozen text.
    HELD_ABOUT_A_CASE["audit_answers"](case).delete()
    HELD_ABOUT_A_CASE["audit_cases"](case).delete()
    case.delete()  # the rest cascades from the case
    counts["cases"] = 1
    return +counts


@transaction.atomic
def case_erase(*, case: Case, actor_name: str) -> dict[str, int]:
    """Erase one child's data (casequality erase). Returns the counts of what was removed."""
    ref, service = case.ref, case.service
    counts = dict(_remove(case))
    access_log_record(
        actor=None,
        actor_name=actor_name,
        verb=AccessVerb.ERASE,
        service=service,
        case_ref=ref,
        target=f"case {ref}",
        payload={"removed": counts},
    )
    return counts


def retention_apply(*, actor_name: str, today: date | None = None) -> dict[str, int]:
    """Remove every case past the schedule and the access log's entries past theirs.

    One access-log entry with the counts (never the children's references): what retention
    removes is, by then, no longer anyone's business.
    """
    today = today or timezone.localdate()
    totals: Counter = Counter()
    with transaction.atomic():
        for case in list(retention_due(today=today)):
            totals.update(_remove(case))
        access_log_record(
            actor=None,
            actor_name=actor_name,
            verb=AccessVerb.RETENTION,
            target="case records",
            payload={"removed": dict(totals), "as_of": today.isoformat()},
        )
    years = settings.CASEQUALITY_RETENTION["access_log_years"]
    before = timezone.make_aware(datetime.combine(years_before(today, years), time.min))
    totals["access_log_entries"] = access_log_retain(before=before, actor_name=actor_name)
    return dict(totals)
