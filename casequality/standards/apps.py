from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "casequality.standards"
    label = "standards"
    verbose_name = "Standards (the rulebook)"

    def ready(self) -> None:
        # When a case's record changes (import, form, API), re-evaluate it at once.
        from casequality.cases.signals import case_record_changed
        from casequality.standards.tasks import on_case_record_changed

        case_record_changed.connect(on_case_record_changed, dispatch_uid="standards-reevaluate")
        # ... and give a new case its kept urgency's row, in that transaction (decision 0060).
        from casequality.standards.services import on_case_recorded

        case_record_changed.connect(on_case_recorded, dispatch_uid="standards-urgency-row")

        # A deleted case's child leaves the name index (selectors.service_name_index).
        from django.db.models.signals import post_delete

        from casequality.cases.models import Case
        from casequality.standards.services import on_case_deleted

        post_delete.connect(on_case_deleted, sender=Case, dispatch_uid="standards-case-removed")
