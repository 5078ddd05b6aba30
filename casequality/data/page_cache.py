"""The busiest pages kept as rendered, until anything they show changes (decision 0024).

The caseload, a case's page and the oversight queue are read far more often than what
they show changes. Each is kept, per user and address, under a key that holds the
record versions of every service the user sees (data/record_versions.py: moved by the
database at the COMMIT of any change to what these pages read), the day (what is
overdue changes at midnight), the user's own role, service, staff record and team, and
whether the database is a demo. A write to a service gives all of its pages new keys: the
next request renders them afresh, so a page is never older than the last committed change.

What is the same on every request is not what is per request: the CSRF token and the CSP
nonce are rendered as marks (the same in every process of a deployment, decision 0027) and
put in for each request by the process that serves it, and a page with a message to
show (after a POST) is neither taken from the cache nor kept. Every request, from the
cache or not, is checked by the view's permission first and is written to the access log
with the same entry, naming the same cases.

`CASEQUALITY_PAGE_CACHE_SECONDS` (600; 0 turns the cache off) bounds how long a page is
kept; `CASEQUALITY_PAGE_CACHE_URL` (redis://, rediss://) shares one cache between web
processes (default: each process's own memory). docs/operating.md says how.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.crypto import salted_hmac
from redis.exceptions import RedisError

from casequality.accounts.models import AccessVerb, Role, User
from casequality.accounts.selectors import (
    user_service_ids,
    user_service_ids_known,
    user_service_ids_remembered,
    user_services_sql,
)
from casequality.accounts.services import access_log_page, access_log_record
from casequality.cases.models import Case
from casequality.data.record_versions import record_versions

logger = logging.getLogger(__name__)

# Where a request's record versions are remembered, on the request itself: an attribute no
# stub declares. (A user's services are remembered by accounts.selectors.)
_RECORD_VERSIONS = "_casequality_record_versions"


def _signed_in(request: HttpRequest) -> User:
    """The request's user: every page that uses the cache checks its permission (signed in)
    first, so the user is never anonymous here."""
    return cast(User, request.user)


def record_versions_for_user(user: User) -> tuple[tuple[int, int], ...] | None:
    """record_versions() of the services the user sees (their own and any granted), worked
    out in the same query; and the user's services remembered on the user object, as
    accounts.selectors.user_service_ids keeps them (one query a page instead of two)."""
    if user_service_ids_remembered(user) or not user.pk:
        return record_versions(user_service_ids(user))
    services, params = user_services_sql(user)
    query = (
        f"SELECT s.id, COALESCE(v.version, 0) FROM ({services}) s LEFT JOIN web_recordversion v ON v.service_id = s.id"
    )
    if connection.vendor == "postgresql":
        query += " UNION ALL SELECT -1, 0 FROM casequality_touched WHERE txid = txid_current_if_assigned()"
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows: dict[int, int] = dict(cursor.fetchall())
    pending = rows.pop(-1, None) is not None
    user_service_ids_known(user, rows)
    if pending:
        return None
    return tuple(sorted(rows.items()))


def _mark(name: str) -> str:
    """A mark rendered in place of a per-request value and replaced, on the way out, by
    whichever process serves the page: every process with the deployment's SECRET_KEY
    makes the same marks (a page kept in a shared cache by one is served right by any),
    and no one without the key can know them, so no record's text holds one by chance or
    by design. A mark never leaves the server."""
    return "cq" + name + salted_hmac("casequality.web.page_cache.mark", name, algorithm="sha256").hexdigest()[:32]


CSRF_MARK = _mark("csrf")
NONCE_MARK = _mark("nonce")


class _HasRef(Protocol):
    """A case, or a row of a page that stands for one: what has the case's reference."""

    @property
    def ref(self) -> str: ...


@dataclass(frozen=True)
class Reading:
    """What a page showed, for its access-log entry: one case (`case`: id, service, ref) or
    a page of many (`case_refs`). Kept with the page, so that a page from the cache is
    logged exactly as the page it was."""

    target: str
    case: tuple[int, int, str] | None = None
    case_refs: tuple[str, ...] = ()
    payload: dict[str, Any] | None = field(default=None, hash=False)

    @classmethod
    def of_case(cls, case: Case, target: str) -> Reading:
        return cls(target=target, case=(case.pk, case.service_id, case.ref))

    @classmethod
    def of_page(cls, target: str, cases: Iterable[str | _HasRef], payload: dict[str, Any] | None = None) -> Reading:
        refs = tuple(sorted({c if isinstance(c, str) else c.ref for c in cases}))
        return cls(target=target, case_refs=refs, payload=payload)

    def log(self, user: User) -> None:
        if self.case is not None:
            pk, service_id, ref = self.case
            access_log_record(
                actor=user, verb=AccessVerb.VIEW, case=Case(pk=pk, service_id=service_id, ref=ref), target=self.target
            )
        else:
            access_log_page(actor=user, target=self.target, cases=self.case_refs, payload=self.payload)


def page_context() -> dict[str, str]:
    """What a cacheable page renders in place of this request's CSRF token and CSP nonce."""
    return {"csrf_token": CSRF_MARK, "csp_nonce": NONCE_MARK}


def _key(request: HttpRequest, name: str, versions: tuple[tuple[int, int], ...], ignore: tuple[str, ...] = ()) -> str:
    from casequality.accounts.signin import demo_database

    user = _signed_in(request)
    parts = [
        getattr(settings, "CASEQUALITY_PAGE_CACHE_BUILD", ""),
        name,
        user.pk,
        user.role,
        user.service_id,
        getattr(user, "staff_id", None),
        getattr(user, "team_id", None),
        user.get_username(),
        user.get_full_name(),
        versions,
        timezone.localdate().isoformat(),
        demo_database(),
        request.path,
        sorted((k, v) for k, v in request.GET.lists() if k not in ignore),
    ]
    # Keyed by SECRET_KEY: two deployments sharing one Redis (several services on one
    # install) never meet each other's pages, whose keys are otherwise alike (user 5 of one
    # and user 5 of the other, the same release, the same record versions).
    return "page:" + salted_hmac("casequality.web.page_cache.key", repr(parts), algorithm="sha256").hexdigest()


_NOT_READ = object()

# Whose pages are kept: those whose scope is their services' records (their own cases,
# their team's, their service's). An inspector's scope is the audits they are assigned to,
# which may lie outside their services: their pages are always rendered.
KEPT_FOR = frozenset({Role.CASE_MANAGER, Role.TEAM_MANAGER, Role.QA_LEAD})


def _versions(request: HttpRequest) -> tuple[tuple[int, int], ...] | None:
    """The record versions of the user's services, read once a request (None: do not cache)."""
    kept = getattr(request, _RECORD_VERSIONS, _NOT_READ)
    if kept is not _NOT_READ:
        return cast(tuple[tuple[int, int], ...] | None, kept)  # set below, on this request's first call
    pending = len(messages.get_messages(request)) > 0  # shown once: never from, or into, the cache
    versions = None
    user = _signed_in(request)
    if settings.CASEQUALITY_PAGE_CACHE_SECONDS > 0 and not pending and user.role in KEPT_FOR:
        versions = record_versions_for_user(user)
    setattr(request, _RECORD_VERSIONS, versions)
    return versions


def keeps(request: HttpRequest) -> bool:
    """Whether this request's page and values are kept (the cache is on, and nothing stops it)."""
    return _versions(request) is not None


def remember(request: HttpRequest, name: str, compute: Callable[[], Any], *, ignore: tuple[str, ...] = ()) -> Any:
    """A value a page works out for its user (a count over the whole caseload), kept like a
    page under the record versions the request read, for every address that differs only
    in the query parameters `ignore` names (the page number)."""
    versions = _versions(request)
    if versions is None:
        return compute()
    key = _key(request, name, versions, ignore)
    value = _cache_get(key, _NOT_READ)
    if value is _NOT_READ:
        value = compute()
        _cache_set(key, value, settings.CASEQUALITY_PAGE_CACHE_SECONDS)
    return value


def _cache_get(key: str, default: Any = None) -> Any:
    """The kept value, or `default` when there is none or the shared cache does not answer
    (the page is then rendered: a Redis outage slows pages, it never breaks them)."""
    try:
        return caches["pages"].get(key, default)
    except RedisError:
        logger.warning(
            "The page cache (CASEQUALITY_PAGE_CACHE_URL) did not answer: the page is rendered", exc_info=True
        )
        return default


def _cache_set(key: str, value: Any, seconds: int) -> None:
    try:
        caches["pages"].set(key, value, seconds)
    except RedisError:
        logger.warning(
            "The page cache (CASEQUALITY_PAGE_CACHE_URL) did not answer: the page is not kept", exc_info=True
        )


def _out(body: bytes, content_type: str, request: HttpRequest) -> HttpResponse:
    if CSRF_MARK.encode() in body:  # a form on the page: this request's token (and its cookie)
        body = body.replace(CSRF_MARK.encode(), get_token(request).encode())
    nonce = get_nonce(request)
    body = body.replace(NONCE_MARK.encode(), str(nonce).encode() if nonce is not None else b"")
    return HttpResponse(body, content_type=content_type)


def serve(request: HttpRequest, name: str, render: Callable[[], tuple[HttpResponse, Reading]]) -> HttpResponse:
    """The page from the cache, or `render()`'s (a response rendered with page_context(), and
    what it showed), kept when it may be. Logged to the access log either way."""
    seconds = settings.CASEQUALITY_PAGE_CACHE_SECONDS
    versions = _versions(request)
    key = _key(request, name, versions) if versions is not None else None
    kept = _cache_get(key) if key is not None else None
    if kept is not None:
        body, content_type, reading = kept
        reading.log(_signed_in(request))
        return _out(body, content_type, request)
    response, reading = render()
    reading.log(_signed_in(request))
    if response.status_code != 200 or getattr(response, "streaming", False):
        return response
    body = response.content
    if key is not None:
        _cache_set(key, (body, response["Content-Type"], reading), seconds)
    return _out(body, response["Content-Type"], request)
