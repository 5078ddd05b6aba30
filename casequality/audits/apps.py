from django.apps import AppConfig


class AuditsConfig(AppConfig):
    name = "casequality.audits"
    label = "audits"

    def ready(self) -> None:
        # An inspector sees the cases of the audits assigned to them: accounts scopes every
        # lookup of a child's record but stands below audits, so audits tells it how.
        from casequality.accounts.selectors import inspector_scope_register
        from casequality.audits.selectors import case_ids_assigned_to

        inspector_scope_register(case_ids_assigned_to)
