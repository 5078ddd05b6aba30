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

        # What a request reads once (signin.demo_database), forgotten when it ends.
        from django.core.signals import request_finished, request_started

        from casequality.accounts.signin import request_cache_end, request_cache_start

        request_started.connect(request_cache_start, dispatch_uid="accounts-request-cache-start")
        request_finished.connect(request_cache_end, dispatch_uid="accounts-request-cache-end")

        # Signing in, failing to and signing out are logged like reads (docs/security.md).
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from casequality.accounts.services import on_user_logged_in, on_user_logged_out, on_user_login_failed

        user_logged_in.connect(on_user_logged_in, dispatch_uid="accounts-access-log-sign-in")
        user_logged_out.connect(on_user_logged_out, dispatch_uid="accounts-access-log-sign-out")
        user_login_failed.connect(on_user_login_failed, dispatch_uid="accounts-access-log-sign-in-failed")
