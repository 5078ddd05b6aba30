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

        # The absolute session lifetime counts from here (web/middleware.py).
        import time

        from django.contrib.auth.signals import user_logged_in

        from casequality.accounts.signin import SIGNED_IN_AT_SESSION_KEY

        def note_sign_in_time(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                request.session[SIGNED_IN_AT_SESSION_KEY] = int(time.time())

        user_logged_in.connect(note_sign_in_time, dispatch_uid="accounts-signed-in-at", weak=False)
