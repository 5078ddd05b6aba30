"""Reads of the audits app."""
from __future__ import annotations

from django.core.management.base import CommandError
from django.db.models import Q, QuerySet

from casequality.audits.models import Audit, AuditCase
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


def case_ids_assigned_to(user) -> QuerySet:
    """Ids of the cases in audit samples that `user` is assigned to, as inspector or moderator.

    A queryset of ids (use it in `filter(id__in=...)`); empty for anyone else.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return AuditCase.objects.none().values_list("case_id", flat=True)
    return (
        AuditCase.objects.filter(Q(inspector=user) | Q(moderator=user))
        .values_list("case_id", flat=True)
        .distinct()
    )


def audits_for_user(user) -> QuerySet[Audit]:
    """Audits the user may see, in their services: a board member sees published ones
    only; an inspector those with a case assigned to them; QA leads and others all."""
    from casequality.accounts.models import Role

    service_ids = [s for s in [user.service_id, *user.extra_services.values_list("id", flat=True)] if s]
    audits = Audit.objects.filter(service_id__in=service_ids).select_related("service")
    if user.role == Role.BOARD:
        return audits.filter(report__status="published")
    if user.role == Role.INSPECTOR:
        assigned = AuditCase.objects.filter(Q(inspector=user) | Q(moderator=user)).values("audit_id")
        return audits.filter(id__in=assigned)
    return audits
