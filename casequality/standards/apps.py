from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "casequality.standards"
    label = "standards"
    verbose_name = "Standards (the rulebook)"

    def ready(self) -> None:
        # When a case's record changes (import, form, API), re-evaluate it at once.
        from casequality.cases.signals import case_record_changed
        from casequality.standards.services import on_case_record_changed

        case_record_changed.connect(on_case_record_changed, dispatch_uid="standards-reevaluate")
