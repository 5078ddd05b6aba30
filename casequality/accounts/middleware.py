"""The access log's view of each request: where it came from, and every refusal.

`AccessLogMiddleware` sets the client address every entry of the request records, and
writes a "denied" entry for each 403 or 404 a signed-in person meets on a page about a
child's record (a page whose address names a case, an audit's case, an assessment or a
plan): someone probing for records outside their scope leaves a trace.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from casequality.accounts.models import AccessVerb
from casequality.accounts.services import access_log_record, client_address

# URL arguments that name a child's record (web, audits, reports, oversight pages).
RECORD_KWARGS = ("ref", "case_pk", "item_ref", "pk")


def request_client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind a trusted proxy the address it adds last to X-Forwarded-For.

    Only the right-most address is the proxy's own word; anything left of it came from the
    client and may be forged (docs/security.md).
    """
    if settings.CASEQUALITY_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()[:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_address.set(request_client_address(request))
        try:
            response = self.get_response(request)
            if response.status_code in (403, 404):
                self._log_refusal(request, response)
            return response
        finally:
            client_address.reset(token)

    @staticmethod
    def _log_refusal(request: HttpRequest, response: HttpResponse) -> None:
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if user is None or not user.is_authenticated or match is None:
            return
        named = {k: str(v) for k, v in match.kwargs.items() if k in RECORD_KWARGS}
        if not named:
            return
        access_log_record(
            actor=user,
            verb=AccessVerb.DENIED,
            target=f"{response.status_code} {request.path}"[:200],
            case_ref=named.get("ref", "")[:64],
            payload={"page": match.view_name, **named},
        )
