from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casequality.accounts"
    label = "accounts"

    def ready(self) -> None:
        # cases stands below accounts: it announces its imports and exports, and the
        # access log records them here (cases/signals.py).
        from casequality.accounts.services import on_case_records_accessed
        from casequality.cases.signals import case_records_accessed

        case_records_accessed.connect(on_case_records_accessed, dispatch_uid="accounts-access-log")
